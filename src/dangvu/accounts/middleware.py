"""Sends a user whose password was set by someone else (a new account, a reset) to the change-password page.

The flag is read once, at login, into the session (no query on every page); changing the password clears it,
and a reset by someone else changes the password hash, which ends the user's open sessions anyway.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/api/", "/static/", "/dang-xuat/", "/dang-nhap/")
SESSION_KEY = "dangvu_must_change_password"


@receiver(user_logged_in, dispatch_uid="dangvu.accounts.must_change_password")
def remember_at_login(sender, request, user, **kwargs):
    from .services import must_change_password

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and not request.path.startswith(ALLOWED_PREFIXES):
            target = reverse("accounts:password")
            if request.path != target and getattr(request.user, "is_authenticated", False):
                return redirect(f"{target}?next={request.path}" if request.method == "GET" else target)
        return self.get_response(request)
