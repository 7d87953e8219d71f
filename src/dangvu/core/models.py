"""Users, API tokens and the audit trail."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from . import dates


class User(AbstractUser):
    full_name = models.CharField("Họ và tên", max_length=150, blank=True)
    # username and full name folded (no diacritics, lower case): "do" finds "Đỗ Thị Hà"
    search_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        from .vntext import fold

        self.search_key = fold(f"{self.username} {self.full_name}")[:300]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


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
            user=user, key_hash=cls.hash(key), expires_at=dates.now() + timezone.timedelta(hours=hours)
        )
        return key


class AuditEntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Entries without a place in the chain get one (sequence and hash), in the same transaction."""
        from django.db import transaction

        from . import audit

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            audit.seal([o for o in objs if o.sequence is None])
            return super().bulk_create(objs, *args, **kwargs)


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after.

    Append-only and hash-chained (``dangvu.core.audit``): ``sequence`` numbers the entries without gap
    and ``hash`` = sha256(previous entry's hash + canonical JSON of this entry's content), so that a
    changed entry breaks the chain and a deleted one leaves a gap; ``dangvu audit verify`` walks it.
    On PostgreSQL a trigger refuses UPDATE and DELETE of its rows (migration ``core/0004``).
    """

    # PROTECT: a user who wrote audit entries is deactivated, not deleted (SET_NULL would rewrite history).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
    sequence = models.PositiveBigIntegerField("Số thứ tự", unique=True, editable=False)
    hash = models.CharField("Mã băm", max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["app_label", "model", "object_id", "at"])]
        ordering = ["-at", "-id"]
        verbose_name = "Nhật ký thay đổi"
        verbose_name_plural = "Nhật ký thay đổi"

    def save(self, *args, **kwargs):
        from django.db import transaction

        from . import audit

        if not self._state.adding:
            raise ValueError("Audit entries are append-only: an entry is never saved twice.")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            if self.sequence is None:
                audit.seal([self])
            super().save(*args, **kwargs)

    def changes(self):
        """[(field, before, after)] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _attachment_path(instance, filename):
    now = dates.now()
    return f"attachments/{now:%Y/%m}/{secrets.token_hex(8)}-{filename[-80:]}"


class Attachment(models.Model):
    """A file attached to any record (an inspection step, a document, a meeting's materials...).

    Access is the parent record's: an app serves its attachments from its own views after checking the
    user may see the parent (``core.files.download``). Create them with ``core.files.attach``.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    purpose = models.CharField("Loại tài liệu", max_length=40, blank=True)
    file = models.FileField(upload_to=_attachment_path, max_length=255)
    name = models.CharField("Tên tệp", max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_kind = models.CharField(max_length=10, blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "purpose"])]
        ordering = ["uploaded_at", "id"]
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"

    def __str__(self):
        return self.name


class Job(models.Model):
    """Long work done in the background for one user (an export, an import's check…), with its progress and
    its result: a file (``file``, under MEDIA_ROOT/jobs/, offered only once the job is done) or a JSON value.
    Started, run and read through ``dangvu.core.jobs``; its owner sees it, the administrator sees every job."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Không thành công"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField("Loại", max_length=60)
    label = models.CharField("Công việc", max_length=200)
    params = models.JSONField("Tham số", default=dict, blank=True)
    status = models.CharField("Trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField("Đã làm", default=0)
    total = models.PositiveBigIntegerField("Tổng số", default=0)
    stage = models.CharField("Bước", max_length=200, blank=True)
    file = models.CharField("Tệp kết quả", max_length=255, blank=True)  # relative to MEDIA_ROOT
    filename = models.CharField("Tên tệp tải về", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    result = models.JSONField("Kết quả", null=True, blank=True)
    error = models.TextField("Lỗi", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField("Tạo lúc", default=dates.now)
    started_at = models.DateTimeField("Bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("Kết thúc", null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress written by the worker

    class Meta:
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status", "heartbeat_at"])]
        ordering = ["-created_at", "-id"]
        verbose_name = "Công việc nền"
        verbose_name_plural = "Công việc nền"

    def __str__(self):
        return self.label

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return max(0, min(100, self.done * 100 // self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


class WorkerBeat(models.Model):
    """A running ``dangvu worker``: written when it starts and every minute while it runs, deleted when it stops
    (``dangvu.core.workers``). A page where work waits in the queue says so when no worker has been seen lately,
    instead of a progress bar that never moves."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    backend = models.CharField(max_length=10, blank=True)  # "db" or "rq"
    started_at = models.DateTimeField(default=dates.now)
    seen_at = models.DateTimeField(default=dates.now, db_index=True)

    class Meta:
        verbose_name = "Trình chạy nền"
        verbose_name_plural = "Trình chạy nền"

    def __str__(self):
        return f"{self.host}:{self.pid}"
