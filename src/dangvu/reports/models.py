"""Drafts of reports: the figures as they stood when drafted (a snapshot) and the narrative the office edits,
until the draft is issued through the document register."""

from django.conf import settings
from django.db import models

from dangvu.core.dates import now
from dangvu.organizations.models import Organization


class DraftKind(models.TextChoices):
    PERIOD = "period", "Báo cáo kết quả công tác xây dựng Đảng"
    DELEGATION = "delegation", "Báo cáo phục vụ đoàn kiểm tra"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã phát hành"


# the narrative parts of a report, in order: (field, heading)
NARRATIVE_PARTS = (
    ("results", "Kết quả đạt được"),
    ("limitations", "Hạn chế, nguyên nhân"),
    ("proposals", "Đề xuất, kiến nghị"),
    ("next_tasks", "Phương hướng, nhiệm vụ kỳ tới"),
)


class ReportDraft(models.Model):
    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", on_delete=models.PROTECT,
                                     related_name="+")
    kind = models.CharField("Loại báo cáo", max_length=20, choices=DraftKind.choices, default=DraftKind.PERIOD)
    date_from = models.DateField("Từ ngày")
    date_to = models.DateField("Đến ngày")
    title = models.CharField("Tên báo cáo", max_length=300)
    inspection = models.ForeignKey("inspections.Inspection", verbose_name="Cuộc kiểm tra, giám sát", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    figures = models.JSONField("Số liệu khi lập dự thảo", default=dict, blank=True)
    results = models.TextField("Kết quả đạt được", blank=True)
    limitations = models.TextField("Hạn chế, nguyên nhân", blank=True)
    proposals = models.TextField("Đề xuất, kiến nghị", blank=True)
    next_tasks = models.TextField("Phương hướng, nhiệm vụ kỳ tới", blank=True)
    status = models.CharField("Trạng thái", max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    document = models.ForeignKey("documents.Document", verbose_name="Văn bản đã phát hành", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người lập", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Lập lúc", default=now)
    updated_at = models.DateTimeField("Sửa lúc", default=now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Dự thảo báo cáo"
        verbose_name_plural = "Dự thảo báo cáo"
        indexes = [models.Index(fields=["organization", "-created_at"], name="report_draft_org_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(date_from__lte=models.F("date_to")),
                                              name="report_draft_period_order")]

    def __str__(self):
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == DraftStatus.ISSUED

    def narrative(self) -> list[tuple[str, str, str]]:
        """[(field, heading, text)] in the report's order."""
        return [(name, heading, getattr(self, name)) for name, heading in NARRATIVE_PARTS]
