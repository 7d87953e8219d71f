"""Inspection and supervision: the annual programme, cases (inspections, supervisions, working visits),
their team, working sessions, conclusion and the remedies that follow.

Confidential records: who may see them is decided in queries.py (the one door).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dangvu.core.dates import today
from dangvu.members.models import Member
from dangvu.organizations.models import Organization


class InspectionKind(models.TextChoices):
    VIOLATION_SIGNS = "violation_signs", "Kiểm tra khi có dấu hiệu vi phạm"
    TASK_IMPLEMENTATION = "task_implementation", "Kiểm tra việc thực hiện nhiệm vụ"
    INSPECTION_WORK = "inspection_work", "Kiểm tra công tác kiểm tra, giám sát và thi hành kỷ luật"
    FINANCE = "finance", "Kiểm tra tài chính đảng"
    SUPERVISION_REGULAR = "supervision_regular", "Giám sát thường xuyên"
    SUPERVISION_THEMATIC = "supervision_thematic", "Giám sát chuyên đề"
    WORKING_VISIT = "working_visit", "Đoàn công tác, khảo sát"


class InspectionStatus(models.TextChoices):
    PREPARING = "preparing", "Chuẩn bị"
    EXECUTING = "executing", "Đang tiến hành"
    CONCLUDED = "concluded", "Đã kết luận"


class Programme(models.Model):
    """The annual inspection and supervision programme of a committee or its commission."""

    organization = models.ForeignKey(Organization, verbose_name="Cấp ủy, ủy ban kiểm tra", on_delete=models.PROTECT,
                                     related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    title = models.CharField("Tên chương trình", max_length=255)
    number = models.CharField("Số văn bản", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Chương trình kiểm tra, giám sát"
        verbose_name_plural = "Chương trình kiểm tra, giám sát"
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="inspection_programme_org_year")]

    def __str__(self):
        return self.title


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    subject_organization = models.ForeignKey(Organization, verbose_name="Đối tượng", on_delete=models.PROTECT,
                                             related_name="+")
    kind = models.CharField("Loại", max_length=30, choices=InspectionKind.choices)
    content = models.TextField("Nội dung")
    month = models.PositiveSmallIntegerField("Tháng dự kiến")

    class Meta:
        verbose_name = "Nội dung chương trình"
        verbose_name_plural = "Nội dung chương trình"
        ordering = ["month", "id"]

    def __str__(self):
        return f"Tháng {self.month}: {self.content[:60]}"


class Inspection(models.Model):
    """One case: an inspection, a supervision or a working visit, with the decision forming its team."""

    kind = models.CharField("Loại cuộc kiểm tra, giám sát", max_length=30, choices=InspectionKind.choices)
    title = models.CharField("Nội dung", max_length=500, blank=True)
    conducted_by = models.ForeignKey(Organization, verbose_name="Chủ thể tiến hành", on_delete=models.PROTECT,
                                     related_name="+")
    subject_organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng được kiểm tra", null=True,
                                             blank=True, on_delete=models.PROTECT, related_name="+")
    subject_member = models.ForeignKey(Member, verbose_name="Đảng viên được kiểm tra", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    # The organisation holding the subject (the organisation itself, or the member's chi bộ): scope
    # filters go through it (FK join, survives organisation moves).
    scope_organization = models.ForeignKey(Organization, verbose_name="Đơn vị của đối tượng",
                                           on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField("Số quyết định thành lập đoàn", max_length=100, blank=True)
    decided_on = models.DateField("Ngày quyết định")
    period_from = models.DateField("Thời kỳ kiểm tra từ ngày")
    period_to = models.DateField("Thời kỳ kiểm tra đến ngày")
    level = models.CharField("Cấp tiến hành", max_length=20)
    base_days = models.PositiveSmallIntegerField("Thời gian tiến hành (ngày)")
    extended_days = models.PositiveSmallIntegerField("Số ngày gia hạn", default=0)
    extension_reason = models.CharField("Lý do gia hạn", max_length=500, blank=True)
    due_on = models.DateField("Hạn kết thúc")
    ruleset = models.CharField("Bộ quy tắc áp dụng", max_length=40)
    status = models.CharField("Trạng thái", max_length=20, choices=InspectionStatus.choices,
                              default=InspectionStatus.PREPARING)
    outline_sent_on = models.DateField("Ngày gửi đề cương báo cáo", null=True, blank=True)
    self_report_received_on = models.DateField("Ngày nhận báo cáo tự kiểm tra", null=True, blank=True)
    verification_notes = models.TextField("Kết quả thẩm tra, xác minh", blank=True)
    team_report = models.TextField("Báo cáo của đoàn", blank=True)
    team_report_on = models.DateField("Ngày báo cáo của đoàn", null=True, blank=True)
    programme_item = models.ForeignKey(ProgrammeItem, verbose_name="Theo chương trình", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="inspections")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Cuộc kiểm tra, giám sát"
        verbose_name_plural = "Cuộc kiểm tra, giám sát"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["decided_on"], name="inspection_decided_idx"),
                   models.Index(fields=["status", "due_on"], name="inspection_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_member__isnull=False) & Q(subject_organization__isnull=True))
                | (Q(subject_member__isnull=True) & Q(subject_organization__isnull=False)),
                name="inspection_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return str(self.subject_member or self.subject_organization)

    @property
    def is_supervision(self) -> bool:
        return self.kind in (InspectionKind.SUPERVISION_REGULAR, InspectionKind.SUPERVISION_THEMATIC)

    @property
    def team_label(self) -> str:
        if self.kind == InspectionKind.WORKING_VISIT:
            return "Đoàn công tác"
        return "Đoàn giám sát" if self.is_supervision else "Đoàn kiểm tra"

    @property
    def days_left(self) -> int | None:
        if self.status == InspectionStatus.CONCLUDED:
            return None
        return (self.due_on - today()).days


class TeamRole(models.TextChoices):
    LEADER = "leader", "Trưởng đoàn"
    MEMBER = "member", "Thành viên"


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người dùng", on_delete=models.PROTECT,
                             related_name="+")
    role = models.CharField("Vai trò trong đoàn", max_length=20, choices=TeamRole.choices)
    position = models.CharField("Chức vụ", max_length=255, blank=True)

    class Meta:
        verbose_name = "Thành viên đoàn"
        verbose_name_plural = "Thành viên đoàn"
        ordering = ["role", "id"]  # "leader" sorts before "member"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="inspection_team_user_once"),
            models.UniqueConstraint(fields=["inspection"], condition=Q(role="leader"), name="inspection_one_leader"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user}"


class WorkingSession(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("Ngày làm việc")
    place = models.CharField("Địa điểm", max_length=255)
    team_attendees = models.TextField("Thành phần đoàn")
    subject_attendees = models.TextField("Thành phần đối tượng")
    notes = models.TextField("Nội dung làm việc", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Buổi làm việc"
        verbose_name_plural = "Buổi làm việc"
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"Buổi làm việc ngày {self.held_on:%d/%m/%Y}"


class Conclusion(models.Model):
    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="conclusion")
    number = models.CharField("Số thông báo kết luận", max_length=100, blank=True)
    concluded_on = models.DateField("Ngày kết luận")
    text = models.TextField("Nội dung kết luận")
    strengths = models.JSONField("Ưu điểm", default=list)
    recommendations = models.JSONField("Kiến nghị", default=list)
    score = models.DecimalField("Điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    score_max = models.DecimalField("Thang điểm", max_digits=6, decimal_places=2, default=100)
    rating = models.CharField("Xếp loại", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Thông báo kết luận"
        verbose_name_plural = "Thông báo kết luận"

    def __str__(self):
        return f"Kết luận ngày {self.concluded_on:%d/%m/%Y}"


class RemedyStatus(models.TextChoices):
    OPEN = "open", "Chưa khắc phục"
    IN_PROGRESS = "in_progress", "Đang khắc phục"
    DONE = "done", "Đã khắc phục"


REMEDY_STATE_LABELS = {**dict(RemedyStatus.choices), "overdue": "Quá hạn"}


class Remedy(models.Model):
    """A shortcoming named by a conclusion, followed until its owner has remedied it (read by reviews)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="remedies")
    text = models.TextField("Hạn chế, khuyết điểm cần khắc phục")
    owner_organization = models.ForeignKey(Organization, verbose_name="Tổ chức chịu trách nhiệm khắc phục",
                                           on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("Hạn khắc phục")
    status = models.CharField("Trạng thái", max_length=20, choices=RemedyStatus.choices, default=RemedyStatus.OPEN)
    done_on = models.DateField("Ngày hoàn thành", null=True, blank=True)
    evidence = models.TextField("Kết quả, minh chứng khắc phục", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Khắc phục hạn chế, khuyết điểm"
        verbose_name_plural = "Khắc phục hạn chế, khuyết điểm"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="remedy_status_due_idx")]

    def __str__(self):
        return self.text[:80]

    @property
    def state(self) -> str:
        """'open' / 'in_progress' / 'done', or 'overdue' when not done past its due date."""
        if self.status != RemedyStatus.DONE and self.due_on < today():
            return "overdue"
        return self.status

    @property
    def state_label(self) -> str:
        return REMEDY_STATE_LABELS[self.state]

    @property
    def on_time(self) -> bool:
        return self.status == RemedyStatus.DONE and self.done_on is not None and self.done_on <= self.due_on
