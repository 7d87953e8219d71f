"""Users, API tokens and the audit trail."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    full_name = models.CharField("Họ và tên", max_length=150, blank=True)

    class Meta:
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"

    def __str__(self):
        return self.full_name or self.username


class ApiToken(models.Model):
    """Bearer token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        key = secrets.token_urlsafe(32)
        hours = settings.API_TOKEN_TTL_HOURS
        cls.objects.create(
            user=user, key_hash=cls.hash(key), expires_at=timezone.now() + timezone.timedelta(hours=hours)
        )
        return key


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=40)
    app_label = models.CharField(max_length=50)
    model = models.CharField(max_length=50)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["app_label", "model", "object_id", "at"])]
        ordering = ["-at", "-id"]
        verbose_name = "Nhật ký thay đổi"
        verbose_name_plural = "Nhật ký thay đổi"

    def changes(self):
        """[(field, before, after)] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
