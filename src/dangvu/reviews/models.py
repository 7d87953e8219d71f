"""Review cycles (kiểm điểm, đánh giá, xếp loại chất lượng): subjects, assessments per stage, roll-ups.

A cycle is opened by a committee office for its sub-tree and one period; it lists every subject
(members and organisations) with its eligibility. Each subject goes through three stages (self,
collective, decision); the decided levels roll up per organisation into CycleStats rows, kept by the
services in the same transaction, so that a summary reads one row whatever the size of the sub-tree.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.members.models import Member
from dangvu.organizations.models import Organization

LEVELS = ("excellent", "good", "completed", "not_completed")


class Level(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


class Stage(models.TextChoices):
    SELF = "self", "Tự đánh giá"
    COLLECTIVE = "collective", "Tập thể đánh giá"
    DECISION = "decision", "Cấp có thẩm quyền quyết định"


STAGES = ("self", "collective", "decision")


class PeriodKind(models.TextChoices):
    YEAR = "year", "Năm"
    QUARTER = "quarter", "Quý"
    TERM = "term", "Nhiệm kỳ"
    AD_HOC = "ad_hoc", "Đột xuất"


class CycleStatus(models.TextChoices):
    OPEN = "open", "Đang đánh giá"
    CLOSED = "closed", "Đã kết thúc"


class NotClassified(models.TextChoices):
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    SUSPENDED = "suspended", "Đang bị đình chỉ sinh hoạt đảng"
    NEW_MEMBER = "new_member", "Mới kết nạp chưa đủ 6 tháng"
    TRANSFERRED_IN = "transferred_in", "Mới chuyển sinh hoạt đến"
    OTHER = "other", "Lý do khác"


class ScoringScheme(models.Model):
    """A scoring scheme entered as data (e.g. a province's 100-point scheme for organisations)."""

    code = models.CharField("Mã", max_length=60, unique=True)
    name = models.CharField("Tên", max_length=255)
    regulation = models.CharField("Văn bản quy định", max_length=255)
    applies_to = models.CharField(
        "Áp dụng cho", max_length=20, choices=[("organization", "Tổ chức đảng"), ("member", "Đảng viên")],
        default="organization",
    )
    effective_from = models.DateField("Hiệu lực từ ngày")
    effective_to = models.DateField("Hiệu lực đến ngày", null=True, blank=True)
    max_total = models.DecimalField("Tổng điểm tối đa", max_digits=6, decimal_places=2, default=100)
    # [{"code", "name", "max"}]: the criteria groups, whose maxima add up to max_total
    criteria = models.JSONField("Tiêu chí", default=list)
    # [{"level", "min"}]: the score bands, highest first
    bands = models.JSONField("Thang xếp loại", default=list)
    confirmed = models.BooleanField("Đã đối chiếu văn bản", default=True)
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Thang điểm"
        verbose_name_plural = "Thang điểm"
        ordering = ["-effective_from", "code"]

    def __str__(self):
        return f"{self.name} ({self.regulation})"


class ReviewCycle(models.Model):
    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", on_delete=models.PROTECT,
                                     related_name="review_cycles")
    period = models.CharField("Kỳ đánh giá", max_length=30)
    period_kind = models.CharField("Loại kỳ", max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày")
    ruleset_code = models.CharField("Bộ quy tắc", max_length=40)
    ruleset_overridden = models.BooleanField("Bộ quy tắc do quản trị chọn", default=False)
    scoring_scheme = models.ForeignKey(ScoringScheme, verbose_name="Thang điểm tổ chức", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="cycles")
    plan_number = models.CharField("Số kế hoạch", max_length=60, blank=True)
    plan_date = models.DateField("Ngày kế hoạch", null=True, blank=True)
    # the day whose registry the subjects were taken from: the period's last day, or the opening day when
    # the period has not ended yet (members and organisations as they were that day, from placements)
    members_as_of = models.DateField("Danh sách đảng viên tính đến ngày", null=True, blank=True)
    # the groups of similar roles within which the quota on "excellent" is counted (QĐ 124): [{"code","label"}]
    role_groups = models.JSONField("Nhóm đối tượng tính tỷ lệ", default=list, blank=True)
    status = models.CharField("Trạng thái", max_length=10, choices=CycleStatus.choices, default=CycleStatus.OPEN)
    # a past period whose results were recorded from an office's records (imports): closed from the start, it
    # lists only the subjects whose results were recorded (services/history.py)
    historical = models.BooleanField("Kết quả ghi lại từ hồ sơ", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Kỳ đánh giá, xếp loại"
        verbose_name_plural = "Kỳ đánh giá, xếp loại"
        ordering = ["-ends_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "period"], name="review_cycle_org_period")]

    def __str__(self):
        return f"Đánh giá, xếp loại {self.period} – {self.organization.name}"

    @property
    def is_open(self):
        return self.status == CycleStatus.OPEN


class Subject(models.Model):
    """One member or organisation reviewed in a cycle, with the state of its three stages."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="subjects")
    subject_type = models.CharField("Loại đối tượng", max_length=12,
                                    choices=[("member", "Đảng viên"), ("organization", "Tổ chức đảng")])
    member = models.ForeignKey(Member, verbose_name="Đảng viên", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="review_subjects")
    # the member's chi bộ at opening, or the organisation reviewed
    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", on_delete=models.PROTECT,
                                     related_name="review_subjects")
    org_path = models.CharField(max_length=255)
    name = models.CharField("Tên", max_length=255)
    sort_key = models.CharField(max_length=255, default="")
    eligible = models.BooleanField("Được xếp loại", default=True)
    reason = models.CharField("Lý do không xếp loại", max_length=20, choices=NotClassified.choices, blank=True)
    reason_note = models.CharField("Ghi chú lý do", max_length=255, blank=True)
    framework = models.CharField("Khung tiêu chí", max_length=40, blank=True)
    # the role group (code in cycle.role_groups) within its grassroots organisation; "" when the rule set
    # counts the quota per grassroots organisation only
    quota_group = models.CharField("Nhóm tính tỷ lệ", max_length=60, blank=True)
    sick_leave_months = models.PositiveSmallIntegerField("Số tháng nghỉ ốm", default=0)
    self_level = models.CharField("Tự xếp loại", max_length=20, choices=Level.choices, blank=True)
    collective_level = models.CharField("Tập thể đề xuất", max_length=20, choices=Level.choices, blank=True)
    decided_level = models.CharField("Xếp loại", max_length=20, choices=Level.choices, blank=True)
    # the most advanced level recorded (decision, else collective): what the live quota counts
    current_level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    self_score = models.DecimalField("Điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    superior_score = models.DecimalField("Điểm cấp trên chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Đối tượng đánh giá"
        verbose_name_plural = "Đối tượng đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="review_subject_member",
                                    condition=models.Q(member__isnull=False)),
            models.UniqueConstraint(fields=["cycle", "organization"], name="review_subject_org",
                                    condition=models.Q(subject_type="organization")),
        ]
        indexes = [
            models.Index(fields=["cycle", "subject_type", "org_path", "sort_key", "id"], name="review_subject_path_idx",
                         opclasses=["int8_ops", "varchar_pattern_ops", "varchar_pattern_ops", "varchar_pattern_ops",
                                    "int8_ops"]),
            models.Index(fields=["cycle", "organization"], name="review_subject_org_idx"),
            # the lists' order (sort_key, id) within a cycle: one page is read from it, never the cycle sorted
            models.Index(fields=["cycle", "subject_type", "sort_key", "id"], name="review_subject_sort_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_member(self):
        return self.subject_type == "member"


class Assessment(models.Model):
    """What one stage recorded for one subject (self-assessment, collective assessment, decision)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assessments")
    stage = models.CharField("Bước", max_length=12, choices=Stage.choices)
    level = models.CharField("Mức xếp loại", max_length=20, choices=Level.choices, blank=True)
    score = models.DecimalField("Điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    criteria_scores = models.JSONField("Điểm từng tiêu chí", default=dict, blank=True)
    conditions = models.JSONField("Điều kiện đạt", default=list, blank=True)
    band_level = models.CharField("Mức theo thang điểm", max_length=20, choices=Level.choices, blank=True)
    override_reason = models.CharField("Lý do xếp loại khác thang điểm", max_length=500, blank=True)
    text = models.TextField("Nội dung kiểm điểm", blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Kết quả đánh giá"
        verbose_name_plural = "Kết quả đánh giá"
        constraints = [models.UniqueConstraint(fields=["subject", "stage"], name="review_assessment_stage")]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.subject}"


class CycleStats(models.Model):
    """Roll-up of one organisation's sub-tree (itself included) in one cycle, maintained incrementally."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="stats")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    members_total = models.BigIntegerField(default=0)
    eligible = models.BigIntegerField(default=0)
    nc_exempt = models.BigIntegerField(default=0)
    nc_suspended = models.BigIntegerField(default=0)
    nc_new_member = models.BigIntegerField(default=0)
    nc_transferred_in = models.BigIntegerField(default=0)
    nc_other = models.BigIntegerField(default=0)
    # members by decided level
    m_excellent = models.BigIntegerField(default=0)
    m_good = models.BigIntegerField(default=0)
    m_completed = models.BigIntegerField(default=0)
    m_not_completed = models.BigIntegerField(default=0)
    # members by current level (decision, else the collective's proposal): the live quota
    c_excellent = models.BigIntegerField(default=0)
    c_good = models.BigIntegerField(default=0)
    c_completed = models.BigIntegerField(default=0)
    c_not_completed = models.BigIntegerField(default=0)
    # organisations of the sub-tree (itself included) by decided level
    orgs_total = models.BigIntegerField(default=0)
    o_excellent = models.BigIntegerField(default=0)
    o_good = models.BigIntegerField(default=0)
    o_completed = models.BigIntegerField(default=0)
    o_not_completed = models.BigIntegerField(default=0)
    # quota groups (grassroots organisations) of the sub-tree, by decided levels: the sum of their limits
    # on "excellent" and how many of them are over it
    q_limit = models.BigIntegerField(default=0)
    q_over = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "organization"], name="review_stats_cycle_org")]


class QuotaStats(models.Model):
    """One quota group of a cycle: a grassroots organisation (or the cycle's root below that level) and, when
    the rule set counts by role, one role group inside it; its "excellent" and "good" members, current
    (decision, else the collective's proposal) and decided. Maintained with the subjects."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="quota_stats")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    role_group = models.CharField(max_length=60, blank=True)
    members = models.BigIntegerField(default=0)
    c_excellent = models.BigIntegerField(default=0)
    c_good = models.BigIntegerField(default=0)
    m_excellent = models.BigIntegerField(default=0)
    m_good = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "organization", "role_group"],
                                               name="review_quota_cycle_org_group")]
