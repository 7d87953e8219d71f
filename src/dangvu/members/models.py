"""The member registry (fields of the member CV) and each member's life in the Party."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.organizations.models import Organization


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Status(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    FULL = "full", "Chính thức"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển sinh hoạt đi"
    DECEASED = "deceased", "Từ trần"
    REMOVED = "removed", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"

    @classmethod
    def active(cls) -> tuple:
        """The statuses of a member still in the Party's life (dự bị, chính thức, miễn công tác): the one group."""
        return (cls.PROBATIONARY, cls.FULL, cls.EXEMPT)




class TheoryLevel(models.TextChoices):
    NONE = "none", "Chưa qua đào tạo"
    SO_CAP = "so_cap", "Sơ cấp"
    TRUNG_CAP = "trung_cap", "Trung cấp"
    CAO_CAP = "cao_cap", "Cao cấp"
    CU_NHAN = "cu_nhan", "Cử nhân"


class Member(models.Model):
    # CV items 1-22 (Lý lịch đảng viên)
    full_name = models.CharField("Họ và tên đang dùng", max_length=150)
    birth_name = models.CharField("Họ và tên khai sinh", max_length=150, blank=True)
    gender = models.CharField("Giới tính", max_length=10, choices=Gender.choices)
    birth_date = models.DateField("Ngày sinh")
    birth_place = models.CharField("Nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("Quê quán", max_length=255, blank=True)
    residence = models.CharField("Nơi cư trú", max_length=255, blank=True)
    ethnicity = models.CharField("Dân tộc", max_length=50, default="Kinh", blank=True)
    religion = models.CharField("Tôn giáo", max_length=50, default="Không", blank=True)
    national_id = models.CharField("Số CCCD", max_length=12, null=True, blank=True, unique=True)
    general_education = models.CharField("Giáo dục phổ thông", max_length=20, blank=True)
    qualification = models.CharField("Trình độ chuyên môn", max_length=150, blank=True)
    profession = models.CharField("Nghề nghiệp", max_length=150, blank=True)
    job_title = models.CharField("Chức vụ, đơn vị công tác", max_length=255, blank=True)
    theory_level = models.CharField(
        "Lý luận chính trị", max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    admitted_on = models.DateField("Ngày vào Đảng")
    official_on = models.DateField("Ngày chính thức", null=True, blank=True)
    card_number = models.CharField("Số thẻ đảng viên", max_length=30, blank=True)
    # Imported records: a date known to the month or the year only keeps its first day in the date field and
    # its precision here ({"birth_date": "month"}: shown "03/1990", never an invented day); the 9-digit
    # identity card (CMND) a member had before the CCCD, kept and flagged rather than refused.
    date_precision = models.JSONField("Độ chính xác của ngày", default=dict, blank=True,
                                      db_default=models.Value({}, output_field=models.JSONField()))
    former_id = models.CharField("Số CMND cũ", max_length=9, blank=True, default="", db_default="")
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ sinh hoạt", on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField("Trạng thái", max_length=20, choices=Status.choices, default=Status.PROBATIONARY)
    status_changed_on = models.DateField("Ngày thay đổi trạng thái", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    # Denormalised for scale: the organisation's path, search and sort keys.
    org_path = models.CharField(max_length=255)
    search_key = models.CharField(max_length=255)
    sort_key = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Đảng viên"
        verbose_name_plural = "Đảng viên"
        indexes = [
            models.Index(fields=["org_path", "sort_key", "id"], name="member_path_sort_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"]),
            models.Index(fields=["sort_key", "id"], name="member_sort_idx"),
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
            models.Index(fields=["search_key"], name="member_search_idx", opclasses=["varchar_pattern_ops"]),
            # imports find a member by card number or former ID card
            models.Index(fields=["card_number"], name="member_card_idx"),
            models.Index(fields=["former_id"], name="member_former_id_idx"),
            # the probationers due for the official-membership review, soonest first (members/deadlines.py)
            # on PostgreSQL it carries org_path (INCLUDE, migration 0017): a province's probationers due for review
            # counted from the index alone (370 -> 30 ms at 5,6 M members)
            models.Index(fields=["status", "admitted_on", "id"], name="member_status_admitted_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in Status.active()

    def shown_date(self, field: str) -> str:
        """A date as users read it: dd/mm/yyyy, or mm/yyyy / yyyy when only that much is known."""
        value = getattr(self, field)
        if value is None:
            return ""
        precision = (self.date_precision or {}).get(field)
        if precision == "year":
            return f"{value:%Y}"
        if precision == "month":
            return f"{value:%m/%Y}"
        return f"{value:%d/%m/%Y}"

    @property
    def birth_date_shown(self) -> str:
        return self.shown_date("birth_date")

    @property
    def admitted_on_shown(self) -> str:
        return self.shown_date("admitted_on")

    @property
    def official_on_shown(self) -> str:
        return self.shown_date("official_on")

    @property
    def status_changed_on_shown(self) -> str:
        """The day of the last status change, known only to the month or year when it is such a date."""
        for name in ("official_on", "admitted_on"):
            if self.status_changed_on == getattr(self, name) and (self.date_precision or {}).get(name):
                return self.shown_date(name)
        return self.shown_date("status_changed_on")


class EventKind(models.TextChoices):
    ADMISSION = "admission", "Kết nạp"
    CONFIRMATION = "confirmation", "Chuyển đảng chính thức"
    TRANSFER_IN = "transfer_in", "Chuyển sinh hoạt đến"
    TRANSFER = "transfer", "Chuyển sinh hoạt nội bộ"
    TRANSFER_OUT = "transfer_out", "Chuyển sinh hoạt đi"
    EXEMPTION = "exemption", "Miễn công tác và sinh hoạt"
    EXEMPTION_END = "exemption_end", "Trở lại sinh hoạt"
    REMOVAL = "removal", "Xóa tên"
    EXPULSION = "expulsion", "Khai trừ"
    DEATH = "death", "Từ trần"
    MERGE = "merge", "Chuyển do hợp nhất tổ chức"


class MemberEvent(models.Model):
    """One step of a member's life in the Party, dated, with the decision that made it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("Sự kiện", max_length=20, choices=EventKind.choices)
    on = models.DateField("Ngày")
    status_before = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=Status.choices, blank=True)
    organization_before = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization_after = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("Số quyết định", max_length=100, blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    # the step's deadline by the rule data (confirmation: the review; transfer: the request) and, when the step
    # came after it, the reason given (lý do chậm)
    due_on = models.DateField("Hạn", null=True, blank=True)
    late_reason = models.CharField("Lý do chậm", max_length=500, blank=True, default="", db_default="")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "Quá trình sinh hoạt đảng"
        verbose_name_plural = "Quá trình sinh hoạt đảng"

    @property
    def late(self) -> bool:
        return self.due_on is not None and self.on > self.due_on


class Placement(models.Model):
    """Where the member was attached, and when: history survives merges and transfers."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="placements")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["organization", "started_on"], name="placement_org_idx")]
        verbose_name = "Quá trình sinh hoạt tại tổ chức"
        verbose_name_plural = "Quá trình sinh hoạt tại tổ chức"


class MovementKind(models.TextChoices):
    """What a member movement counts as in the period report (one or more per MemberEvent)."""

    ADMITTED = "admitted", "Kết nạp"
    CONFIRMED = "confirmed", "Chuyển đảng chính thức"
    TRANSFERRED_IN = "transferred_in", "Chuyển sinh hoạt đến (trong hệ thống)"
    TRANSFERRED_OUT = "transferred_out", "Chuyển sinh hoạt đi (trong hệ thống)"
    TRANSFERRED_WITHIN = "transferred_within", "Chuyển sinh hoạt giữa hai tổ chức trực thuộc"
    JOINED_OUTSIDE = "joined_outside", "Chuyển sinh hoạt đến từ ngoài hệ thống"
    LEFT_OUTSIDE = "left_outside", "Chuyển sinh hoạt đi ra ngoài hệ thống"
    MERGED_IN = "merged_in", "Chuyển đến do hợp nhất"
    MERGED_OUT = "merged_out", "Chuyển đi do hợp nhất"
    MERGED_WITHIN = "merged_within", "Hợp nhất giữa hai tổ chức trực thuộc"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt"
    EXEMPTION_ENDED = "exemption_ended", "Trở lại sinh hoạt"
    DIED = "died", "Từ trần"
    REMOVED = "removed", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"


class MemberMovementCount(models.Model):
    """How many movements of one kind an organisation had in one month (maintained with the events).

    A movement counts on the organisation where the member was at the event (a transfer: out at the
    sending chi bộ, in at the receiving one, and "within" at the lowest organisation holding both, so
    that a sub-tree's transfers across its boundary are in − within). A period's figures are sums over
    months of the rows of a sub-tree's organisations (`members.movements`).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Tháng")  # first day of the month
    kind = models.CharField("Loại biến động", max_length=20, choices=MovementKind.choices)
    count = models.IntegerField("Số lượt", default=0)

    class Meta:
        verbose_name = "Biến động đảng viên theo tháng"
        verbose_name_plural = "Biến động đảng viên theo tháng"
        constraints = [
            models.UniqueConstraint(fields=["organization", "month", "kind"], name="member_movement_uniq"),
        ]
        indexes = [models.Index(fields=["month", "organization"], name="member_movement_month_idx")]


class MemberMovementTotal(models.Model):
    """The movements of one kind in one month of an organisation's whole sub-tree (itself and every organisation
    below it): the sum of the sub-tree's MemberMovementCount rows, kept on every ancestor in the same transaction
    (`members.movements`). A sub-tree's period reads one row per month and kind, its children one row each."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Tháng")  # first day of the month
    kind = models.CharField("Loại biến động", max_length=20, choices=MovementKind.choices)
    count = models.IntegerField("Số lượt", default=0)

    class Meta:
        verbose_name = "Biến động đảng viên theo tháng (toàn đảng bộ)"
        verbose_name_plural = "Biến động đảng viên theo tháng (toàn đảng bộ)"
        constraints = [
            models.UniqueConstraint(fields=["organization", "month", "kind"], name="member_movement_total_uniq"),
        ]


class MemberMonthEnd(models.Model):
    """The members of an organisation's sub-tree at the end of a month, as the roll-up (OrganizationStats) and
    the age bands stood then: by status, sex, theory level and age band. Taken by the month-end job
    (`members.month_end.take`, `dangvu month_end_stats`) so that a past period's breakdowns can be read; a month
    without a row has no breakdown ("chưa có số liệu")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Tháng")  # first day of the month; the figures stand at its end
    taken_on = models.DateField("Ngày chốt số liệu")
    figures = models.JSONField("Số liệu", default=dict)  # {column of OrganizationStats or "age_<band>": n}

    class Meta:
        verbose_name = "Số liệu đảng viên cuối tháng"
        verbose_name_plural = "Số liệu đảng viên cuối tháng"
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="member_month_end_uniq")]


class ConfirmationForm(models.Model):
    """One form of the file of the official-membership review (10-KNĐ … 15-KNĐ, rulesets/confirmation_forms.json)
    of a probationary member, with its date; its file is a core Attachment of this row."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="confirmation_forms")
    code = models.CharField("Mẫu", max_length=20)
    on = models.DateField("Ngày")
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Hồ sơ xét chuyển đảng viên chính thức"
        verbose_name_plural = "Hồ sơ xét chuyển đảng viên chính thức"
        constraints = [models.UniqueConstraint(fields=["member", "code"], name="confirmation_form_uniq")]

    def __str__(self):
        return f"{self.code} – {self.member}"


class TransferLetter(models.Model):
    """Giấy giới thiệu sinh hoạt đảng of an official transfer (chuyển sinh hoạt đảng chính thức): issued on the
    transfer's day, to be presented at the new place within the rule's working days."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfer_letters")
    event = models.OneToOneField(MemberEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_organization = models.ForeignKey(Organization, verbose_name="Chi bộ chuyển đi", on_delete=models.PROTECT,
                                          related_name="+")
    to_organization = models.ForeignKey(Organization, verbose_name="Chi bộ chuyển đến", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    destination = models.CharField("Nơi chuyển đến", max_length=400, blank=True)
    number = models.CharField("Số giấy giới thiệu", max_length=100, blank=True)
    moved_on = models.DateField("Ngày chuyển nơi cư trú, nơi làm việc", null=True, blank=True)
    request_due_on = models.DateField("Hạn làm thủ tục chuyển", null=True, blank=True)
    issued_on = models.DateField("Ngày cấp giấy giới thiệu")
    present_due_on = models.DateField("Hạn nộp giấy giới thiệu")
    presented_on = models.DateField("Ngày nộp giấy giới thiệu", null=True, blank=True)
    request_late_reason = models.CharField("Lý do chậm làm thủ tục", max_length=500, blank=True)
    present_late_reason = models.CharField("Lý do chậm nộp giấy giới thiệu", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Giấy giới thiệu sinh hoạt đảng"
        verbose_name_plural = "Giấy giới thiệu sinh hoạt đảng"
        indexes = [models.Index(fields=["present_due_on", "id"], name="transfer_letter_open_idx",
                                condition=models.Q(presented_on__isnull=True))]

    @property
    def request_late(self) -> bool:
        return self.request_due_on is not None and self.issued_on > self.request_due_on

    @property
    def present_late(self) -> bool:
        return self.presented_on is not None and self.presented_on > self.present_due_on


class TemporaryTransfer(models.Model):
    """Chuyển sinh hoạt đảng tạm thời: the member lives in the Party elsewhere for 3 to 12 months (rule data) and
    stays in the registry of the home chi bộ (``Member.organization`` does not change)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="temporary_transfers")
    host_organization = models.ForeignKey(Organization, verbose_name="Nơi sinh hoạt tạm thời", null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    host_name = models.CharField("Nơi sinh hoạt tạm thời (ngoài hệ thống)", max_length=400, blank=True)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày")
    returned_on = models.DateField("Ngày trở về sinh hoạt", null=True, blank=True)
    decision = models.CharField("Số giấy giới thiệu", max_length=100, blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    late_reason = models.CharField("Lý do trở về chậm", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Chuyển sinh hoạt đảng tạm thời"
        verbose_name_plural = "Chuyển sinh hoạt đảng tạm thời"
        indexes = [models.Index(fields=["ends_on", "id"], name="temporary_transfer_open_idx",
                                condition=models.Q(returned_on__isnull=True))]

    @property
    def host(self) -> str:
        return self.host_organization.name if self.host_organization_id else self.host_name

    @property
    def late(self) -> bool:
        return self.returned_on is not None and self.returned_on > self.ends_on
