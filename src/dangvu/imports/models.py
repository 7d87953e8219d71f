"""Spreadsheet imports: one batch per uploaded file, its checked rows, and the organisations' named mappings."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.organizations.models import Organization


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", "Tổ chức đảng"
    MEMBERS = "members", "Đảng viên"
    MEMBER_EVENTS = "member_events", "Quá trình sinh hoạt đảng"
    REVIEW_RESULTS = "review_results", "Kết quả đánh giá, xếp loại"
    DISCIPLINES = "disciplines", "Kỷ luật"
    DUES_PAYMENTS = "dues_payments", "Đảng phí đã nộp (sao kê ngân hàng, cổng dịch vụ công)"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    CHECKING = "checking", "Đang kiểm tra"
    READY = "ready", "Sẵn sàng ghi"
    APPLYING = "applying", "Đang ghi"
    DONE = "done", "Đã ghi xong"
    FAILED = "failed", "Không thành công"

    @classmethod
    def busy(cls) -> tuple:
        """States in which a worker owns the batch: nothing else may start on it."""
        return (cls.QUEUED, cls.CHECKING, cls.APPLYING)


class RowAction(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Cập nhật"
    UNCHANGED = "unchanged", "Không đổi"
    REFUSED = "refused", "Bị từ chối"
    DUPLICATE = "duplicate", "Có thể trùng"


class Decision(models.TextChoices):
    UPDATE = "update", "Cập nhật bản ghi đã có"
    CREATE = "create", "Vẫn tạo mới"
    SKIP = "skip", "Bỏ qua"


class ImportBatch(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người nhập", on_delete=models.PROTECT,
                              related_name="+")
    organization = models.ForeignKey(Organization, verbose_name="Phạm vi", on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255)
    kind = models.CharField("Loại dữ liệu", max_length=20, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField("Tệp", max_length=255)
    file_type = models.CharField(max_length=8)
    sheet = models.CharField("Trang tính", max_length=100, blank=True)
    header_row = models.PositiveIntegerField(default=0)  # 1-based; rows below it are data
    headers = models.JSONField(default=list)  # the column headers as read (index = column)
    mapping = models.JSONField(default=dict)  # header -> field
    notes = models.JSONField(default=list)  # what the reader noticed (hidden sheets skipped, formulas …)
    status = models.CharField("Trạng thái", max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    phase = models.CharField(max_length=10, blank=True)  # read | check | write
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    count_create = models.PositiveIntegerField(default=0)
    count_update = models.PositiveIntegerField(default=0)
    count_unchanged = models.PositiveIntegerField(default=0)
    count_refused = models.PositiveIntegerField(default=0)
    count_duplicate = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True)  # the worker's last sign of life on this batch
    # the day and the rule data the check ran under ("2026-12-06|<digest>"; "" when it spanned two days): an apply
    # under the same ones need not repeat the checks that are functions of the values, the day and the rules
    checked_with = models.CharField(max_length=80, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Lượt nhập dữ liệu"
        verbose_name_plural = "Lượt nhập dữ liệu"
        indexes = [models.Index(fields=["org_path"], name="import_path_idx", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def counts(self) -> dict:
        return {"create": self.count_create, "update": self.count_update, "unchanged": self.count_unchanged,
                "refused": self.count_refused}

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class ImportRow(models.Model):
    """One checked data row: what the check found (action, target, cleaned values, refusals), compactly."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()  # the row's number in the sheet, as the user sees it
    action = models.CharField(max_length=10, choices=RowAction.choices)
    target_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict)  # cleaned values (dates ISO) for create/update/duplicate
    raw = models.JSONField(default=list)  # the cells as read, kept for refused rows and duplicates
    errors = models.JSONField(default=list)  # [{"column", "message"}]
    why = models.CharField(max_length=255, blank=True)  # why a duplicate was flagged
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique")]
        indexes = [models.Index(fields=["batch", "action", "number"], name="import_row_action_idx")]


class MappingTemplate(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    name = models.CharField("Tên mẫu", max_length=100)
    mapping = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "name"], name="import_template_unique")]

    def __str__(self):
        return self.name
