"""Member development (phát triển đảng viên): prospects (quần chúng ưu tú) on their way to admission, the items
of their admission dossier, the yearly admission targets of organisations and the kept count of admissions."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.members.models import Gender, Member
from dangvu.organizations.models import Organization


class Stage(models.TextChoices):
    PROPOSED = "proposed", "Quần chúng ưu tú được giới thiệu"
    TRAINED = "trained", "Đã học lớp bồi dưỡng nhận thức về Đảng"
    DOSSIER = "dossier", "Đã hoàn thiện hồ sơ"
    RESOLVED = "resolved", "Chi bộ đã ra nghị quyết đề nghị kết nạp"
    DECIDED = "decided", "Đã có quyết định kết nạp, chờ lễ kết nạp"
    ADMITTED = "admitted", "Đã tổ chức lễ kết nạp"
    REFUSED = "refused", "Không đề nghị kết nạp"
    WITHDRAWN = "withdrawn", "Rút khỏi danh sách"

    @classmethod
    def before_decision(cls) -> tuple:
        """The stages a prospect may still be refused or withdraw at."""
        return (cls.PROPOSED, cls.TRAINED, cls.DOSSIER, cls.RESOLVED)

    @classmethod
    def in_progress(cls) -> tuple:
        """Stages of a prospect whose admission is still being prepared (a line of the worklist)."""
        return (*cls.before_decision(), cls.DECIDED)

    @classmethod
    def closed(cls) -> tuple:
        return (cls.REFUSED, cls.WITHDRAWN)

    @classmethod
    def order(cls) -> list:
        """The stages of the way to admission, in order."""
        return [cls.PROPOSED, cls.TRAINED, cls.DOSSIER, cls.RESOLVED, cls.DECIDED, cls.ADMITTED]


class Prospect(models.Model):
    """A person the chi bộ is preparing for admission. Their details are copied into the member registry when
    the superior's decision is recorded (``member``), never typed twice."""

    organization = models.ForeignKey(Organization, verbose_name="Chi bộ", on_delete=models.PROTECT,
                                     related_name="prospects")
    org_path = models.CharField(max_length=255)
    full_name = models.CharField("Họ và tên", max_length=150)
    gender = models.CharField("Giới tính", max_length=10, choices=Gender.choices)
    birth_date = models.DateField("Ngày sinh")
    national_id = models.CharField("Số CCCD", max_length=12, blank=True, default="")
    birth_place = models.CharField("Nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("Quê quán", max_length=255, blank=True)
    residence = models.CharField("Nơi cư trú", max_length=255, blank=True)
    ethnicity = models.CharField("Dân tộc", max_length=50, default="Kinh", blank=True)
    religion = models.CharField("Tôn giáo", max_length=50, default="Không", blank=True)
    general_education = models.CharField("Giáo dục phổ thông", max_length=20, blank=True)
    qualification = models.CharField("Trình độ chuyên môn", max_length=150, blank=True)
    profession = models.CharField("Nghề nghiệp", max_length=150, blank=True)
    job_title = models.CharField("Chức vụ, đơn vị công tác", max_length=255, blank=True)
    helpers = models.ManyToManyField(Member, verbose_name="Đảng viên giúp đỡ", related_name="helped_prospects",
                                     blank=True)
    stage = models.CharField("Giai đoạn", max_length=20, choices=Stage.choices, default=Stage.PROPOSED)
    proposed_on = models.DateField("Ngày giới thiệu")
    class_name = models.CharField("Lớp bồi dưỡng nhận thức về Đảng", max_length=255, blank=True)
    certificate_number = models.CharField("Số giấy chứng nhận", max_length=50, blank=True)
    certificate_on = models.DateField("Ngày cấp giấy chứng nhận", null=True, blank=True)
    dossier_on = models.DateField("Ngày hoàn thiện hồ sơ", null=True, blank=True)
    resolution_on = models.DateField("Ngày nghị quyết của chi bộ", null=True, blank=True)
    resolution_number = models.CharField("Số nghị quyết của chi bộ", max_length=100, blank=True)
    decision_on = models.DateField("Ngày quyết định kết nạp", null=True, blank=True)
    decision_number = models.CharField("Số quyết định kết nạp", max_length=100, blank=True)
    decided_by = models.ForeignKey(Organization, verbose_name="Cấp ủy ra quyết định", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    ceremony_due_on = models.DateField("Hạn tổ chức lễ kết nạp", null=True, blank=True)
    ceremony_on = models.DateField("Ngày lễ kết nạp", null=True, blank=True)
    ceremony_late_reason = models.CharField("Lý do tổ chức lễ kết nạp chậm", max_length=500, blank=True)
    closed_on = models.DateField("Ngày dừng", null=True, blank=True)
    closed_reason = models.CharField("Lý do", max_length=500, blank=True)
    member = models.OneToOneField(Member, verbose_name="Đảng viên", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="prospect")
    search_key = models.CharField(max_length=255, default="")
    sort_key = models.CharField(max_length=255, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Quần chúng ưu tú"
        verbose_name_plural = "Quần chúng ưu tú"
        indexes = [
            models.Index(fields=["org_path", "stage"], name="prospect_path_stage_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["stage", "ceremony_due_on"], name="prospect_stage_due_idx"),
            models.Index(fields=["organization", "stage"], name="prospect_org_stage_idx"),
            models.Index(fields=["-proposed_on", "-id"], name="prospect_register_idx"),  # the register's order
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("development:detail", args=[self.pk])

    @property
    def ceremony_late(self) -> bool:
        return bool(self.ceremony_on and self.ceremony_due_on and self.ceremony_on > self.ceremony_due_on)


class DossierItem(models.Model):
    """One form of the admission dossier (1-KNĐ … 9-KNĐ) as recorded: its date; its file is a core Attachment."""

    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="dossier_items")
    code = models.CharField("Mẫu", max_length=20)
    on = models.DateField("Ngày")
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Tài liệu hồ sơ kết nạp"
        verbose_name_plural = "Tài liệu hồ sơ kết nạp"
        constraints = [models.UniqueConstraint(fields=["prospect", "code"], name="dossier_item_unique")]

    def __str__(self):
        return self.code


class Target(models.Model):
    """The number of admissions an organisation's sub-tree should reach in a year (chỉ tiêu kết nạp), set by an
    office of a superior organisation."""

    organization = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", on_delete=models.CASCADE,
                                     related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    target = models.PositiveIntegerField("Chỉ tiêu kết nạp")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Chỉ tiêu kết nạp đảng viên"
        verbose_name_plural = "Chỉ tiêu kết nạp đảng viên"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="development_target_unique")]

    def __str__(self):
        return f"{self.organization_id}/{self.year}: {self.target}"


class AdmissionCount(models.Model):
    """Admissions recorded here (superior's decisions) in a year, in the organisation's whole sub-tree: kept by
    the admit service for the chi bộ and each of its ancestors, so that a sub-tree's progress reads one row."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    admitted = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="admission_count_unique")]


class ProspectCount(models.Model):
    """Prospects at a stage in the organisation's whole sub-tree, kept by the services for the chi bộ and each of
    its ancestors, so that the worklist and the register of an office over a large tree read one row per stage."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "stage"], name="prospect_count_unique")]
