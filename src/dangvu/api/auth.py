"""Bearer tokens for the JSON API."""

from django.contrib.auth.signals import user_logged_in
from ninja.security import HttpBearer

from dangvu.core import dates
from dangvu.core.models import ApiToken


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), expires_at__gt=dates.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


def token_issued(request, user) -> None:
    """A token is a login: the lockout forgets this pair's earlier failures (AXES_RESET_ON_SUCCESS) and
    records the access, as a login on the page does; the user's last login is updated."""
    user_logged_in.send(sender=user.__class__, request=request, user=user)
