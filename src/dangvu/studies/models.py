"""Study of resolutions and directives, post-study reports and commitments, Directive 05, political training."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.members.models import Member
from dangvu.organizations.models import Organization


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết"
    DIRECTIVE = "directive", "Chỉ thị"
    CONCLUSION = "conclusion", "Kết luận"
    REGULATION = "regulation", "Quy định"
    OTHER = "other", "Văn bản khác"


class Resolution(models.Model):
    """An entry of the register of resolutions and directives to be studied (e.g. Chỉ thị 05-CT/TW)."""

    kind = models.CharField("Loại văn bản", max_length=20, choices=DocumentKind.choices)
    number = models.CharField("Số, ký hiệu", max_length=60, blank=True)
    title = models.CharField("Tên văn bản", max_length=300)
    issuer = models.CharField("Cơ quan ban hành", max_length=200, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    # The organisation that registered it (None: the shared register, kept by the system administrator).
    organization = models.ForeignKey(
        Organization, verbose_name="Đơn vị đăng ký", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_key = models.CharField(max_length=400, default="", db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Nghị quyết, chỉ thị"
        verbose_name_plural = "Sổ nghị quyết, chỉ thị"
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}: {self.title}" if self.number else self.title


class Format(models.TextChoices):
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"


class Audience(models.TextChoices):
    ALL = "all", "Toàn thể đảng viên"
    SELECTED = "selected", "Một số đảng viên được cử"


class StudySession(models.Model):
    """A study (học tập, quán triệt) conference attended by the members of an organisation.

    `organization` is the organisation whose members study (its sub-tree); `organizer` is the body that held
    the conference: the organisation itself or a superior whose conference it joined (seed 000).
    """

    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức học tập", on_delete=models.PROTECT, related_name="study_sessions"
    )
    resolution = models.ForeignKey(
        Resolution, verbose_name="Văn bản", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField("Nội dung học tập, quán triệt", max_length=300)
    held_on = models.DateField("Ngày học tập")
    format = models.CharField("Hình thức", max_length=20, choices=Format.choices)
    organizer = models.ForeignKey(
        Organization, verbose_name="Đơn vị tổ chức hội nghị", on_delete=models.PROTECT, related_name="+"
    )
    organizer_note = models.CharField("Ghi chú đơn vị tổ chức", max_length=255, blank=True)
    place = models.CharField("Địa điểm", max_length=255, blank=True)
    audience = models.CharField("Thành phần", max_length=20, choices=Audience.choices, default=Audience.ALL)
    catch_up_of = models.ForeignKey(
        "self", verbose_name="Học bù cho buổi", null=True, blank=True, on_delete=models.PROTECT,
        related_name="catch_ups",
    )
    report_required = models.BooleanField("Yêu cầu viết bài thu hoạch", default=True)
    commitment_required = models.BooleanField("Yêu cầu viết bản cam kết, chương trình hành động", default=True)
    due_on = models.DateField("Hạn nộp bài thu hoạch, bản cam kết", null=True, blank=True)
    # maintained by the services: members present and members of the audience absent
    attendee_count = models.PositiveIntegerField("Số đảng viên tham dự", default=0)
    absent_count = models.PositiveIntegerField("Số đảng viên vắng", default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Buổi học tập, quán triệt"
        verbose_name_plural = "Buổi học tập, quán triệt"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organization", "held_on"], name="study_org_day_idx")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    ABSENT = "absent", "Vắng"
    CAUGHT_UP = "caught_up", "Vắng, đã học bù"


class Attendance(models.Model):
    """One member of the audience of a session; `organization` is the member's chi bộ on that day."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Tình trạng", max_length=20, choices=AttendanceStatus.choices)
    # the member's sort key when recorded: a session's page walks (session, status, sort_key) a page at a time
    sort_key = models.CharField(max_length=255, default="", blank=True)

    class Meta:
        verbose_name = "Tham dự học tập"
        verbose_name_plural = "Tham dự học tập"
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="study_attendance_once")]
        indexes = [models.Index(fields=["organization", "session"], name="study_att_org_idx"),
                   models.Index(fields=["member", "status"], name="study_att_member_idx"),
                   models.Index(fields=["session", "status", "sort_key", "id"], name="study_att_page_idx"),
                   # the attendance form's pages, in name order whatever the status (a tick saved does not move a row)
                   models.Index(fields=["session", "sort_key", "member"], name="study_att_name_idx")]


class SessionCell(models.Model):
    """Roll-up of a session per chi bộ (present, absent, caught up): scope filters and the period report read
    these few rows instead of every attendance row. Rebuilt by the services after each change of attendance."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="cells")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    present = models.PositiveIntegerField(default=0)
    absent = models.PositiveIntegerField(default=0)
    caught_up = models.PositiveIntegerField(default=0)
    reports_due = models.PositiveIntegerField(default=0)
    reports_done = models.PositiveIntegerField(default=0)
    commitments_due = models.PositiveIntegerField(default=0)
    commitments_done = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "organization"], name="study_session_cell_once")]
        indexes = [models.Index(fields=["organization", "session"], name="study_cell_org_idx")]


class SubmissionKind(models.TextChoices):
    REPORT = "report", "Bài thu hoạch"
    COMMITMENT = "commitment", "Bản cam kết, chương trình hành động"


class Submission(models.Model):
    """A member's post-study report or written commitment, tracked until submitted."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="submissions")
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Loại", max_length=20, choices=SubmissionKind.choices)
    due_on = models.DateField("Hạn nộp", null=True, blank=True)
    submitted_on = models.DateField("Ngày nộp", null=True, blank=True)
    content = models.TextField("Nội dung", blank=True)
    sort_key = models.CharField(max_length=255, default="", blank=True)  # the member's, as on Attendance
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Bài thu hoạch, bản cam kết"
        verbose_name_plural = "Bài thu hoạch, bản cam kết"
        constraints = [models.UniqueConstraint(fields=["session", "member", "kind"], name="study_submission_once")]
        indexes = [models.Index(fields=["member", "submitted_on"], name="study_sub_member_idx"),
                   models.Index(fields=["session", "sort_key", "kind", "id"], name="study_sub_page_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.member}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class Pledge(models.Model):
    """A member's yearly registration under Directive 05 (đăng ký học tập và làm theo) and its assessment."""

    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    content = models.TextField("Nội dung đăng ký làm theo")
    registered_on = models.DateField("Ngày đăng ký")
    assessment = models.CharField("Đánh giá cuối năm", max_length=30, blank=True)
    assessed_on = models.DateField("Ngày đánh giá", null=True, blank=True)
    assessment_note = models.TextField("Nhận xét", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Đăng ký thực hiện Chỉ thị 05"
        verbose_name_plural = "Đăng ký thực hiện Chỉ thị 05"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="study_pledge_once_a_year")]

    def __str__(self):
        return f"Đăng ký năm {self.year} – {self.member}"


class Commendation(models.Model):
    """A commendation of an exemplary example (điển hình tiên tiến), a member or an organisation (seed 002)."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy khen thưởng", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("Năm")
    member = models.ForeignKey(Member, verbose_name="Đảng viên được khen", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    recipient_organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức được khen", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("Thành tích", max_length=300)
    form = models.CharField("Hình thức khen thưởng", max_length=100, default="Giấy khen")
    decision_number = models.CharField("Số quyết định", max_length=60, blank=True)
    decided_on = models.DateField("Ngày quyết định")

    class Meta:
        verbose_name = "Khen thưởng điển hình tiên tiến"
        verbose_name_plural = "Khen thưởng điển hình tiên tiến"
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"{self.form}: {self.member or self.recipient_organization}"


class ClassLevel(models.TextChoices):
    SO_CAP = "so_cap", "Sơ cấp lý luận chính trị"
    TRUNG_CAP = "trung_cap", "Trung cấp lý luận chính trị"
    CAO_CAP = "cao_cap", "Cao cấp lý luận chính trị"
    CU_NHAN = "cu_nhan", "Cử nhân lý luận chính trị"
    REFRESHER = "refresher", "Bồi dưỡng, cập nhật kiến thức"


class TrainingClass(models.Model):
    """A political training class opened or attended by an organisation's members."""

    organization = models.ForeignKey(
        Organization, verbose_name="Đơn vị mở lớp / cử đi học", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("Tên lớp", max_length=255)
    level = models.CharField("Chương trình", max_length=20, choices=ClassLevel.choices)
    starts_on = models.DateField("Ngày khai giảng")
    ends_on = models.DateField("Ngày bế giảng")
    place = models.CharField("Cơ sở đào tạo, địa điểm", max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Lớp bồi dưỡng lý luận chính trị"
        verbose_name_plural = "Lớp bồi dưỡng lý luận chính trị"
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Đang học"
    COMPLETED = "completed", "Đã hoàn thành"
    WITHDRAWN = "withdrawn", "Không hoàn thành"


class Enrollment(models.Model):
    training_class = models.ForeignKey(TrainingClass, verbose_name="Lớp", on_delete=models.CASCADE,
                                       related_name="enrollments")
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Kết quả", max_length=20, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.ENROLLED)
    completed_on = models.DateField("Ngày hoàn thành", null=True, blank=True)
    certificate_number = models.CharField("Số văn bằng, chứng chỉ", max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Học viên"
        verbose_name_plural = "Học viên"
        constraints = [models.UniqueConstraint(fields=["training_class", "member"], name="study_enrol_once")]

    def __str__(self):
        return f"{self.member} – {self.training_class}"


class StudyCount(models.Model):
    """Maintained roll-up of the study sessions that reached an organisation's sub-tree, per day and per
    (resolution, title): one row per (organisation, day, group) for the organisation AND for each of its
    ancestors, so that a sub-tree's figures read its own rows and each direct child's, whatever its size
    (studies.counts). Written by the services in their transaction; `counts.rebuild()` after bulk loads."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    group = models.CharField(max_length=320)  # "<resolution id or 0>:<session title>"
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300, blank=True)
    sessions = models.IntegerField(default=0)
    catch_up_sessions = models.IntegerField(default=0)
    present = models.IntegerField(default=0)
    absent = models.IntegerField(default=0)
    caught_up = models.IntegerField(default=0)
    reports_due = models.IntegerField(default=0)
    reports_done = models.IntegerField(default=0)
    commitments_due = models.IntegerField(default=0)
    commitments_done = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "held_on", "group"],
                                               name="study_count_once")]
