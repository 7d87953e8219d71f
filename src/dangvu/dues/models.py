"""Party dues: each member's basis and reliefs, the month's line of the sheet (sổ thu đảng phí) and its payments,
the remittances up the tree, and the totals per organisation and month kept by the services (a province's month is
one row, never a sum over its payments). Amounts are integers of đồng; a month is the date of its first day."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from dangvu.members.models import Member
from dangvu.organizations.models import Organization


class Group(models.TextChoices):
    INSURED = "insured", "Đóng bảo hiểm xã hội bắt buộc (theo tiền lương)"
    PENSIONER = "pensioner", "Hưởng lương hưu"
    STUDENT = "student", "Học sinh, sinh viên"
    OTHER = "other", "Đảng viên khác (theo lương tối thiểu vùng)"
    ABROAD = "abroad", "Đảng viên ở ngoài nước"


class Region(models.TextChoices):
    I = "I", "Vùng I"  # noqa: E741
    II = "II", "Vùng II"
    III = "III", "Vùng III"
    IV = "IV", "Vùng IV"


class ReliefKind(models.TextChoices):
    EXEMPT_AGE = "exempt_age", "Miễn (50 năm tuổi đảng trở lên)"
    EXEMPT_HARDSHIP = "exempt_hardship", "Miễn (hoàn cảnh khó khăn)"
    REDUCED = "reduced", "Giảm"


class Method(models.TextChoices):
    CASH = "cash", "Nộp tiền mặt cho chi bộ"
    PORTAL = "portal", "Cổng dịch vụ công quốc gia"
    BANK = "bank", "Chuyển khoản"


class LineStatus(models.TextChoices):
    PAID = "paid", "Đã nộp đủ"
    UNPAID = "unpaid", "Chưa nộp"
    PARTIAL = "partial", "Nộp chưa đủ"
    EXEMPT = "exempt", "Miễn"
    REDUCED = "reduced", "Được giảm, chưa nộp"


class DuesBasis(models.Model):
    """The basis of a member's dues from a month on: reported (by the member or the chi bộ), then confirmed by the
    chi bộ secretary or the office. The basis of a month is the latest confirmed one with from_month ≤ month."""

    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="dues_bases",
                               db_index=False)  # the unique (member, from_month) serves it
    group = models.CharField("Nhóm đối tượng", max_length=20, choices=Group.choices)
    amount = models.BigIntegerField("Căn cứ đóng (đồng/tháng)", default=0)
    region = models.CharField("Vùng lương tối thiểu", max_length=3, choices=Region.choices, blank=True, default="")
    from_month = models.DateField("Áp dụng từ tháng")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người khai", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reported_at = models.DateTimeField("Thời điểm khai", default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người xác nhận", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField("Xác nhận lúc", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Căn cứ đóng đảng phí"
        verbose_name_plural = "Căn cứ đóng đảng phí"
        ordering = ["member", "-from_month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "from_month"], name="dues_basis_member_month_uniq"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_basis_amount_gte_0"),
        ]

    def __str__(self):
        return f"Căn cứ đóng đảng phí từ {self.from_month:%m/%Y}"


class DuesRelief(models.Model):
    """An exemption or a reduction decided by the chi bộ, from a month to a month (open: to_month null)."""

    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="dues_reliefs",
                               db_index=False)  # dues_relief_member_idx serves it
    kind = models.CharField("Loại", max_length=20, choices=ReliefKind.choices)
    percent = models.PositiveSmallIntegerField("Tỷ lệ miễn, giảm (%)")
    from_month = models.DateField("Từ tháng")
    to_month = models.DateField("Đến tháng", null=True, blank=True)
    reason = models.CharField("Lý do", max_length=500)
    decided_on = models.DateField("Ngày quyết định")
    decided_by_organization = models.ForeignKey(Organization, verbose_name="Chi bộ xét", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người ghi", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("Thời điểm ghi", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Miễn, giảm đảng phí"
        verbose_name_plural = "Miễn, giảm đảng phí"
        ordering = ["member", "-from_month"]
        indexes = [models.Index(fields=["member", "from_month"], name="dues_relief_member_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} từ {self.from_month:%m/%Y}"


class DuesLine(models.Model):
    """One member's month on the sheet of the chi bộ: what is owed by the rules of that month, what was paid."""

    # no index of their own: the unique (member, month) and (organization, month) serve them (fewer indexes to
    # write when a province's month is generated)
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="dues_lines", db_index=False)
    organization = models.ForeignKey(Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="+", db_index=False)
    org_path = models.CharField("Đường dẫn tổ chức", max_length=255)
    month = models.DateField("Tháng")
    owed = models.BigIntegerField("Phải nộp", default=0)
    paid = models.BigIntegerField("Đã nộp", default=0)
    paid_on = models.DateField("Ngày nộp", null=True, blank=True)
    method = models.CharField("Hình thức nộp", max_length=10, choices=Method.choices, blank=True, default="")
    status = models.CharField("Tình trạng", max_length=10, choices=LineStatus.choices, default=LineStatus.UNPAID)
    relief_percent = models.PositiveSmallIntegerField("Tỷ lệ miễn, giảm (%)", default=0)
    voluntary = models.BigIntegerField("Nộp tự nguyện cao hơn", default=0)
    # a good reason recorded by the chi bộ for the month left unpaid: the month is not counted by the three-month rule
    unpaid_reason = models.CharField("Lý do chưa nộp", max_length=500, blank=True, default="")
    rule = models.CharField("Bộ quy tắc", max_length=30)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Dòng sổ thu đảng phí"
        verbose_name_plural = "Sổ thu đảng phí"
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_line_member_month_uniq")]
        indexes = [
            models.Index(fields=["organization", "month"], name="dues_line_org_month_idx"),
            models.Index(fields=["org_path", "month"], name="dues_line_path_month_idx",
                         opclasses=["varchar_pattern_ops", "date_ops"]),
            # the three-month rule reads only the months left unpaid without a reason
            models.Index(fields=["org_path", "month"], name="dues_line_unpaid_idx",
                         opclasses=["varchar_pattern_ops", "date_ops"],
                         condition=Q(paid__lt=F("owed"), unpaid_reason="")),
        ]

    def __str__(self):
        return f"Đảng phí tháng {self.month:%m/%Y}"

    @property
    def api_status(self) -> str:
        """paid | unpaid | exempt | reduced (a partial payment is unpaid)."""
        return LineStatus.UNPAID if self.status == LineStatus.PARTIAL else self.status


class DuesPayment(models.Model):
    """One payment of a month's dues, with its receipt number (per chi bộ and year: "12/2026"). A correction cancels
    it (with the reason) and records the right one: the line's paid is the sum of the payments not cancelled."""

    line = models.ForeignKey(DuesLine, verbose_name="Dòng sổ thu", on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField("Số tiền")
    paid_on = models.DateField("Ngày nộp")
    method = models.CharField("Hình thức nộp", max_length=10, choices=Method.choices)
    receipt_number = models.CharField("Số biên lai", max_length=20)
    voluntary = models.BooleanField("Nộp tự nguyện cao hơn", default=False)
    late = models.BooleanField("Nộp chậm", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người ghi", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("Thời điểm ghi", default=timezone.now)
    note = models.CharField("Ghi chú", max_length=500, blank=True, default="")
    cancelled = models.BooleanField("Đã hủy", default=False)
    cancelled_reason = models.CharField("Lý do hủy", max_length=500, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Khoản nộp đảng phí"
        verbose_name_plural = "Khoản nộp đảng phí"
        ordering = ["paid_on", "id"]

    def __str__(self):
        return f"Biên lai số {self.receipt_number}"


class DuesTotal(models.Model):
    """The month of an organisation's whole sub-tree (self included), kept by the services by deltas: lines,
    owed, paid, exempt / reduced / unpaid counts. remitted and received are the organisation's own: what it sent up
    and what its upper level confirmed, what it received (confirmed) from its sub-organisations."""

    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField("Tháng")
    members = models.BigIntegerField("Số đảng viên", default=0)
    owed = models.BigIntegerField("Phải thu", default=0)
    paid = models.BigIntegerField("Đã thu", default=0)
    exempt = models.BigIntegerField("Số được miễn", default=0)
    reduced = models.BigIntegerField("Số được giảm", default=0)
    unpaid = models.BigIntegerField("Số chưa nộp đủ", default=0)
    remitted = models.BigIntegerField("Đã nộp cấp trên", default=0)
    received = models.BigIntegerField("Cấp dưới đã nộp (đã xác nhận)", default=0)

    class Meta:
        verbose_name = "Tổng hợp đảng phí"
        verbose_name_plural = "Tổng hợp đảng phí"
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="dues_total_org_month_uniq")]


class DuesRemittance(models.Model):
    """What an organisation sent up to its upper level for a month; the upper level's office confirms receipt."""

    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng nộp", on_delete=models.PROTECT, related_name="+", db_index=False)
    to_organization = models.ForeignKey(Organization, verbose_name="Cấp trên nhận", on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField("Tháng")
    amount = models.BigIntegerField("Số tiền nộp cấp trên")
    sent_on = models.DateField("Ngày nộp")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người ghi", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    confirmed_on = models.DateField("Ngày cấp trên xác nhận", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Người xác nhận", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.CharField("Ghi chú", max_length=500, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Nộp đảng phí lên cấp trên"
        verbose_name_plural = "Nộp đảng phí lên cấp trên"
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="dues_remit_org_month_uniq")]
        indexes = [models.Index(fields=["to_organization", "month"], name="dues_remit_to_month_idx")]

    def __str__(self):
        return f"Nộp đảng phí tháng {self.month:%m/%Y} lên cấp trên"


class DuesFlag(models.Model):
    """A member with the rule's number of months (3, Quy định 01-QĐ/TW) of a year left unpaid without a reason the chi
    bộ recorded, kept by the services with the lines (`services.flags`), so that an office's worklist and a
    province's list read the flags alone, never a year of lines. `months` are every such month of the year
    ("YYYY-MM", comma separated), the month not over yet included; the flag stands from `counts_from`, the first day
    after the third of them is over. `organization` and `org_path` are the chi bộ of the latest of them, `member_name`
    a copy for the list's order."""

    # no index of their own: the unique (member, year) serves the member, nothing reads by organization
    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.CASCADE, related_name="+",
                               db_index=False)
    organization = models.ForeignKey(Organization, verbose_name="Chi bộ", on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    year = models.IntegerField("Năm")
    months = models.CharField("Các tháng chưa nộp", max_length=100)
    months_unpaid = models.PositiveSmallIntegerField("Số tháng chưa nộp")
    counts_from = models.DateField("Tính từ ngày")
    org_path = models.CharField(max_length=255, default="", blank=True)
    member_name = models.CharField(max_length=255, default="", blank=True)

    class Meta:
        verbose_name = "Đảng viên không nộp đảng phí không có lý do"
        verbose_name_plural = "Đảng viên không nộp đảng phí không có lý do"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="dues_flag_member_year_uniq")]
        indexes = [models.Index(fields=["year", "org_path"], name="dues_flag_path_idx",
                                opclasses=["int4_ops", "varchar_pattern_ops"]),
                   # a large sub-tree's page: the year's flags in the list's order, walked until a page is found
                   models.Index(fields=["year", "member_name", "member"], name="dues_flag_order_idx")]

    def __str__(self):
        return f"{self.member_id} {self.year}: {self.months}"
