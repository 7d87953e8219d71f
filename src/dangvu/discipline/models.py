"""Discipline decisions, complaints against them, denunciations, and the users handling each case.

Confidential records: who may see them is decided in queries.py (the one door). A denouncer's
identity lives in its own table (Denouncer), encrypted at rest, so that it never travels with the
denunciation: not in lists, exports, API answers (but the commission's detail) or the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dangvu.core.crypto import EncryptedTextField
from dangvu.members.models import Member
from dangvu.organizations.models import Organization


class Form(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"
    DISSOLUTION = "dissolution", "Giải tán"


class DisciplineStatus(models.TextChoices):
    IN_FORCE = "in_force", "Có hiệu lực"
    ANNULLED = "annulled", "Đã xóa bỏ (hủy quyết định)"


class Discipline(models.Model):
    """A discipline decision against one member or one organisation (read by the reviews app)."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên bị kỷ luật", null=True, blank=True, on_delete=models.PROTECT,
        related_name="disciplines",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng bị kỷ luật", null=True, blank=True, on_delete=models.PROTECT,
        related_name="disciplines",
    )
    # The organisation whose sub-tree holds the subject (the member's chi bộ when decided, or the
    # organisation itself): every scope filter goes through it (FK join, survives moves).
    scope_organization = models.ForeignKey(
        Organization, verbose_name="Đơn vị của đối tượng", on_delete=models.PROTECT, related_name="+"
    )
    member_status = models.CharField("Đảng viên chính thức / dự bị khi xử lý", max_length=20, blank=True)
    form = models.CharField("Hình thức kỷ luật", max_length=20, choices=Form.choices)
    post_held = models.CharField("Chức vụ bị cách chức", max_length=200, blank=True)
    violation_on = models.DateField("Ngày vi phạm")
    new_violation_on = models.DateField("Ngày vi phạm mới (tính lại thời hiệu)", null=True, blank=True)
    violation = models.TextField("Nội dung vi phạm", blank=True)
    decided_on = models.DateField("Ngày quyết định")
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decided_by = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng quyết định", on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("Ngày nhận quyết định", null=True, blank=True)
    self_detected_remedied = models.BooleanField("Tự phát hiện và khắc phục", default=False)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=DisciplineStatus.choices, default=DisciplineStatus.IN_FORCE
    )
    ruleset = models.CharField("Bộ quy tắc áp dụng", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Kỷ luật"
        verbose_name_plural = "Kỷ luật"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["decided_on"], name="discipline_decided_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organization__isnull=True))
                | (Q(member__isnull=True) & Q(organization__isnull=False)),
                name="discipline_one_subject",
            )
        ]

    def __str__(self):
        subject = self.member or self.organization
        return f"{self.get_form_display()} – {subject}"

    @property
    def subject_name(self) -> str:
        return str(self.member or self.organization)

    @property
    def complaint_until(self):
        from .rulesets import complaint_until

        return complaint_until(self)


class ComplaintStatus(models.TextChoices):
    HANDLING = "handling", "Đang giải quyết"
    RESOLVED = "resolved", "Đã giải quyết"


class ComplaintResult(models.TextChoices):
    UPHELD = "upheld", "Giữ nguyên hình thức kỷ luật"
    CHANGED = "changed", "Thay đổi hình thức kỷ luật"
    ANNULLED = "annulled", "Xóa bỏ quyết định kỷ luật"


class Complaint(models.Model):
    """A complaint against a discipline decision (filed within the window after receipt)."""

    discipline = models.ForeignKey(
        Discipline, verbose_name="Quyết định kỷ luật", on_delete=models.PROTECT, related_name="complaints"
    )
    filed_on = models.DateField("Ngày nhận đơn khiếu nại")
    content = models.TextField("Nội dung khiếu nại")
    handled_by = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng giải quyết", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("Hạn giải quyết")
    status = models.CharField("Trạng thái", max_length=20, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.HANDLING)
    result = models.CharField("Kết quả", max_length=20, choices=ComplaintResult.choices, blank=True)
    new_form = models.CharField("Hình thức mới", max_length=20, choices=Form.choices, blank=True)
    resolved_on = models.DateField("Ngày giải quyết", null=True, blank=True)
    result_text = models.TextField("Nội dung kết quả giải quyết", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Khiếu nại kỷ luật"
        verbose_name_plural = "Khiếu nại kỷ luật"
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return f"Khiếu nại {self.discipline}"


class DenunciationStatus(models.TextChoices):
    NOT_HANDLED = "not_handled", "Không xem xét, giải quyết"
    HANDLING = "handling", "Đang giải quyết"
    DEFERRED = "deferred", "Chuyển cấp ủy khóa mới giải quyết"
    RESOLVED = "resolved", "Đã có kết luận"


class NotHandledReason(models.TextChoices):
    ANONYMOUS = "anonymous", "Tố cáo giấu tên (nặc danh)"
    IMPERSONATING = "impersonating", "Tố cáo mạo tên"


class DenunciationResult(models.TextChoices):
    FOUNDED = "founded", "Tố cáo đúng"
    PARTLY = "partly", "Tố cáo đúng một phần"
    UNFOUNDED = "unfounded", "Tố cáo sai"


class Denunciation(models.Model):
    received_on = models.DateField("Ngày nhận đơn")
    anonymous = models.BooleanField("Tố cáo giấu tên", default=False)
    impersonating = models.BooleanField("Tố cáo mạo tên", default=False)
    subject_member = models.ForeignKey(
        Member, verbose_name="Đảng viên bị tố cáo", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    subject_organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng bị tố cáo", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    scope_organization = models.ForeignKey(
        Organization, verbose_name="Đơn vị của đối tượng", on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng giải quyết", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("Cấp giải quyết", max_length=20, default="grassroots")
    content = models.TextField("Nội dung tố cáo")
    status = models.CharField("Trạng thái", max_length=20, choices=DenunciationStatus.choices)
    not_handled_reason = models.CharField("Lý do không giải quyết", max_length=20, blank=True,
                                          choices=NotHandledReason.choices)
    congress_on = models.DateField("Ngày đại hội", null=True, blank=True)
    due_on = models.DateField("Hạn giải quyết", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("Số ngày làm việc gia hạn", default=0)
    extension_reason = models.CharField("Lý do gia hạn", max_length=500, blank=True)
    result = models.CharField("Kết luận", max_length=20, choices=DenunciationResult.choices, blank=True)
    result_text = models.TextField("Nội dung kết luận", blank=True)
    concluded_on = models.DateField("Ngày kết luận", null=True, blank=True)
    notified_on = models.DateField("Ngày thông báo kết quả", null=True, blank=True)
    ruleset = models.CharField("Bộ quy tắc áp dụng", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Tố cáo"
        verbose_name_plural = "Tố cáo"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="denunciation_status_due_idx")]

    def __str__(self):
        return f"Tố cáo số {self.pk} ngày {self.received_on:%d/%m/%Y}"

    @property
    def subject_name(self) -> str:
        return str(self.subject_member or self.subject_organization)


class Denouncer(models.Model):
    """The denouncer's identity: read only by the inspection commission in scope, each reading audited.

    Encrypted at rest (dangvu.core.crypto): the columns hold Fernet tokens, never the plain text;
    `services.read_identity` is the one place that decrypts them. The plain text is limited to
    150/255/150 characters by the services.
    """

    denunciation = models.OneToOneField(Denunciation, on_delete=models.CASCADE, related_name="denouncer")
    name = EncryptedTextField("Họ và tên người tố cáo (mã hóa)", blank=True)
    address = EncryptedTextField("Địa chỉ người tố cáo (mã hóa)", blank=True)
    contact = EncryptedTextField("Điện thoại, thư điện tử (mã hóa)", blank=True)

    class Meta:
        verbose_name = "Người tố cáo"
        verbose_name_plural = "Người tố cáo"

    def __str__(self):
        return "Người tố cáo (bảo mật)"


class Handler(models.Model):
    """A user assigned to handle one case (a discipline, a complaint or a denunciation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    discipline = models.ForeignKey(Discipline, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="handlers")
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="handlers")
    denunciation = models.ForeignKey(Denunciation, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="handlers")
    assigned_on = models.DateField("Ngày phân công", default=timezone.localdate)

    class Meta:
        verbose_name = "Người được giao giải quyết"
        verbose_name_plural = "Người được giao giải quyết"

    def __str__(self):
        return str(self.user)
