"""Login lockout (django-axes) as this project uses it."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check, for the logins that come from the network.

    Both doors (the login page and POST /api/v1/auth/token) call ``authenticate(request, ...)``, so every
    failure there is counted and a locked-out (username, address) pair is refused before its password is
    checked. A call without a request (the test client's ``login``, a shell) has no address to lock: it is
    passed to the next backend instead of failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a reverse proxy (DANGVU_BEHIND_PROXY=1) the address the
    proxy appended last to X-Forwarded-For (earlier entries are whatever the client claimed)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded[-1]))
            except ValueError:  # not an address: the proxy's own is the only one known
                pass
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        minutes = max(1, round(cooloff.total_seconds() / 60))
        return (
            f"Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút "
            "hoặc liên hệ quản trị hệ thống để mở khóa."
        )
    return "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng liên hệ quản trị hệ thống để mở khóa."


def retry_after_seconds() -> int | None:
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds()) if cooloff else None


def lockout_username(request, credentials=None) -> str | None:
    """The username the lockout records (AXES_USERNAME_CALLABLE): as typed, cut to the 255 characters of
    axes' column and without NUL (PostgreSQL refuses it), so that an absurd name is a failure, not a 500."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:255]
