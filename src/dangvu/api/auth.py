"""Bearer tokens for the JSON API."""

from django.utils import timezone
from ninja.security import HttpBearer

from dangvu.core.models import ApiToken


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), expires_at__gt=timezone.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user
