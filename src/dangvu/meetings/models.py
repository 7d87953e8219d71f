"""Chi bộ meetings (sinh hoạt chi bộ), their attendance and minutes (sổ ghi biên bản), amendments of
locked minutes, and visits of superior committee members (dự sinh hoạt chi bộ)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.members.models import Member
from dangvu.organizations.models import Organization


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    COMBINED = "combined", "Thường kỳ kết hợp chuyên đề"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Đã lên kế hoạch"
    HELD = "held", "Đã họp, biên bản đang ghi"
    CLOSED = "closed", "Biên bản đã ký, khóa"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    ABSENT = "absent", "Vắng không có lý do"


class Meeting(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("Loại sinh hoạt", max_length=20, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    starts_at = models.DateTimeField("Thời gian bắt đầu")
    ends_at = models.DateTimeField("Thời gian kết thúc", null=True, blank=True)
    place = models.CharField("Địa điểm", max_length=255, blank=True)
    topic = models.CharField("Chủ đề", max_length=500, blank=True)
    invited_at = models.DateTimeField("Thời điểm gửi giấy mời", null=True, blank=True)
    chair = models.ForeignKey(
        Member, verbose_name="Chủ trì", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_taker = models.ForeignKey(
        Member, verbose_name="Thư ký", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField("Nội dung sinh hoạt", blank=True)
    resolutions = models.TextField("Nghị quyết của cuộc họp", blank=True)
    conclusion = models.TextField("Kết luận của chủ trì", blank=True)
    status = models.CharField("Trạng thái", max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    closed_at = models.DateTimeField("Thời điểm khóa biên bản", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ruleset = models.CharField("Bộ quy tắc áp dụng", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Cuộc sinh hoạt chi bộ"
        verbose_name_plural = "Cuộc sinh hoạt chi bộ"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["organization", "starts_at"], name="meeting_org_start_idx"),
                   models.Index(fields=["starts_at", "id"], name="meeting_start_idx")]

    def __str__(self):
        day = timezone.localtime(self.starts_at).strftime("%d/%m/%Y") if self.starts_at else ""
        return f"{self.get_kind_display()} {day}"

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def duration_minutes(self):
        if not self.ends_at:
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Tình trạng", max_length=20, choices=AttendanceStatus.choices)
    reason = models.CharField("Lý do vắng", max_length=255, blank=True)

    class Meta:
        verbose_name = "Điểm danh"
        verbose_name_plural = "Điểm danh"
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_idx")]

    def __str__(self):
        return f"{self.member_id}: {self.get_status_display()}"


class Opinion(models.Model):
    """One speaker's opinion in the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(Member, verbose_name="Người phát biểu", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("Ý kiến")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Ý kiến phát biểu"
        verbose_name_plural = "Ý kiến phát biểu"
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]


class Amendment(models.Model):
    """A correction of locked minutes (đính chính), kept beside the original text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField("Mục đính chính", max_length=40)
    before = models.TextField("Nội dung cũ", blank=True)
    after = models.TextField("Nội dung mới", blank=True)
    reason = models.CharField("Lý do đính chính", max_length=500)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Đính chính biên bản"
        verbose_name_plural = "Đính chính biên bản"
        ordering = ["made_at", "id"]

    LABELS = {"content": "Nội dung sinh hoạt", "resolutions": "Nghị quyết của cuộc họp",
              "conclusion": "Kết luận của chủ trì", "place": "Địa điểm"}

    def __str__(self):
        return f"Đính chính {self.field_label.lower()}"

    @property
    def field_label(self) -> str:
        return self.LABELS.get(self.field, self.field)


class Visit(models.Model):
    """A superior committee member attends a chi bộ meeting (dự sinh hoạt chi bộ)."""

    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ được dự", on_delete=models.PROTECT, related_name="meeting_visits"
    )
    committee = models.ForeignKey(
        Organization, verbose_name="Cấp ủy cấp trên", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name="Cuộc sinh hoạt", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="visits",
    )
    visited_on = models.DateField("Ngày dự")
    visitor_name = models.CharField("Người dự", max_length=150)
    visitor_position = models.CharField("Chức vụ", max_length=150, blank=True)
    remarks = models.TextField("Nhận xét, góp ý", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Dự sinh hoạt chi bộ"
        verbose_name_plural = "Dự sinh hoạt chi bộ"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["organization", "visited_on"], name="visit_org_day_idx")]

    def __str__(self):
        return f"{self.visitor_name} dự sinh hoạt {self.visited_on:%d/%m/%Y}"


class MeetingMonth(models.Model):
    """Maintained monthly figures of chi bộ meetings (`meetings.rollup`), one row per organisation and month:
    a chi bộ's row holds its own meetings, every ancestor's row the sums over its sub-tree, so that a sub-tree
    reads one row per month and its direct children one row each. Meetings count in the local month they start,
    visits in the month of their day. `met_own` and `streak` describe the organisation's own meetings only:
    it held a regular meeting that month, and in how many months in a row up to this one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Tháng")  # first day of the month
    recorded = models.IntegerField("Cuộc sinh hoạt đã ghi nhận", default=0)
    held = models.IntegerField("Cuộc sinh hoạt đã họp", default=0)
    regular = models.IntegerField("Sinh hoạt thường kỳ đã họp", default=0)
    thematic = models.IntegerField("Sinh hoạt chuyên đề đã họp", default=0)
    cells_met = models.IntegerField("Chi bộ có sinh hoạt thường kỳ", default=0)
    closed = models.IntegerField("Biên bản đã khóa", default=0)
    concluded = models.IntegerField("Biên bản đã khóa có kết luận", default=0)
    called = models.IntegerField("Lượt đảng viên được triệu tập", default=0)
    present = models.IntegerField("Lượt đảng viên có mặt", default=0)
    visits = models.IntegerField("Lượt cấp ủy cấp trên dự", default=0)
    met_own = models.BooleanField(default=False)
    streak = models.IntegerField(default=0)

    class Meta:
        verbose_name = "Sinh hoạt chi bộ theo tháng"
        verbose_name_plural = "Sinh hoạt chi bộ theo tháng"
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="meeting_month_uniq")]
        indexes = [models.Index(fields=["month", "streak"], name="meeting_month_streak_idx")]

    def __str__(self):
        return f"{self.organization_id} {self.month:%m/%Y}"


class MeetingStreak(models.Model):
    """How many chi bộ of an organisation's sub-tree (itself included) held a regular meeting in `length` months
    in a row up to `month` (`meetings.rollup`): the chi bộ that met in every month of a period ending that month
    are those with a length of at least the period's months, one row per length."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Tháng")
    length = models.IntegerField("Số tháng liền")
    cells = models.IntegerField("Số chi bộ", default=0)

    class Meta:
        verbose_name = "Chi bộ sinh hoạt liền các tháng"
        verbose_name_plural = "Chi bộ sinh hoạt liền các tháng"
        constraints = [models.UniqueConstraint(fields=["organization", "month", "length"], name="meeting_streak_uniq")]

    def __str__(self):
        return f"{self.organization_id} {self.month:%m/%Y} ≥{self.length}: {self.cells}"


class AbsenceFlag(models.Model):
    """A member absent without reason in `absence_months` (3) or more months of twelve in a row ending in `year`
    (Điều lệ Đảng, Art. 8), maintained with the attendance (`meetings.absences`); `organization` is the chi bộ of
    the member's latest absence counted, `months` those months ("YYYY-MM", comma separated)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField("Năm")
    months_absent = models.IntegerField("Số tháng vắng không lý do")
    months = models.CharField("Các tháng", max_length=200)
    months_in_year = models.IntegerField("Số tháng vắng trong năm")
    # copied when the flag is written (`absences`), so that a sub-tree's list reads the flags alone (issue 17): the
    # chi bộ's path (kept in step when an organisation moves) and the member's name (the list's order)
    org_path = models.CharField(max_length=255, default="", blank=True)
    member_name = models.CharField(max_length=255, default="", blank=True)

    class Meta:
        verbose_name = "Đảng viên vắng sinh hoạt không lý do"
        verbose_name_plural = "Đảng viên vắng sinh hoạt không lý do"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="absence_flag_uniq")]
        indexes = [models.Index(fields=["year", "organization"], name="absence_flag_year_idx"),
                   # a sub-tree's flags of a year (its count, a small sub-tree's page)
                   models.Index(fields=["year", "org_path"], name="absence_flag_path_idx",
                                opclasses=["int4_ops", "varchar_pattern_ops"]),
                   # a large sub-tree's page: the year's flags in the list's order, walked until a page is found
                   models.Index(fields=["year", "-months_absent", "member_name", "member"],
                                name="absence_flag_order_idx")]

    def __str__(self):
        return f"{self.member_id} {self.year}: {self.months_absent}"
