"""Sends a user whose password was set by someone else (a new account, a reset) to the change-password page."""

from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/api/", "/static/", "/dang-xuat/", "/dang-nhap/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not request.path.startswith(ALLOWED_PREFIXES):
            from .services import must_change_password

            target = reverse("accounts:password")
            if request.path != target and must_change_password(user):
                return redirect(f"{target}?next={request.path}" if request.method == "GET" else target)
        return self.get_response(request)
