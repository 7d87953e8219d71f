"""The organisation tree, committees, terms, positions, assignments, and role assignments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import tree  # noqa: F401  (registers the __subtree lookup)


class Kind(models.TextChoices):
    PROVINCIAL = "provincial", "Đảng bộ trực thuộc Trung ương"
    UPPER = "upper", "Cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    ATTACHED_CELL = "attached_cell", "Chi bộ trực thuộc"

    @classmethod
    def grassroots(cls) -> tuple:
        """The grassroots Party organisations themselves (tổ chức cơ sở đảng): đảng bộ cơ sở, chi bộ cơ sở."""
        return (cls.GRASSROOTS_COMMITTEE, cls.GRASSROOTS_CELL)

    @classmethod
    def grassroots_and_within(cls) -> tuple:
        """The grassroots level and the units inside it (cấp cơ sở): also đảng bộ bộ phận, chi bộ trực thuộc."""
        return (*cls.grassroots(), cls.SUB_COMMITTEE, cls.ATTACHED_CELL)


CELL_KINDS = (Kind.GRASSROOTS_CELL, Kind.ATTACHED_CELL)


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    MERGED = "merged", "Đã hợp nhất"
    DISSOLVED = "dissolved", "Đã giải thể"


class Organization(models.Model):
    code = models.CharField("Mã", max_length=40, unique=True)
    name = models.CharField("Tên tổ chức", max_length=255)
    kind = models.CharField("Loại", max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="Cấp trên trực tiếp", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of ids, "1.5.123." : the sub-tree of X is path LIKE 'X.path%'.
    path = models.CharField(max_length=255, db_index=False)
    depth = models.PositiveSmallIntegerField(default=0)
    status = models.CharField("Trạng thái", max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    established_on = models.DateField("Ngày thành lập", null=True, blank=True)
    ended_on = models.DateField("Ngày kết thúc hoạt động", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="Hợp nhất vào", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_count = models.PositiveIntegerField("Số cán bộ, công chức, viên chức, người lao động", null=True, blank=True)
    search_key = models.CharField(max_length=255, default="", db_index=True)
    # Vietnamese alphabetical order of the name (vntext.collation_key), the same on every database.
    sort_key = models.CharField(max_length=255, default="")
    # The committee's state, kept by the term and committee services (organizations.terms.refresh): when the
    # current term ends by the rule data in force at its start (the next congress is due), and its vacant posts.
    term_ends_on = models.DateField("Hết nhiệm kỳ (đến hạn đại hội)", null=True, blank=True)
    secretary_vacant_since = models.DateField("Khuyết Bí thư từ ngày", null=True, blank=True)
    seats_vacant = models.PositiveSmallIntegerField("Số cấp ủy viên còn thiếu", default=0)
    seats_vacant_since = models.DateField("Thiếu cấp ủy viên từ ngày", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Tổ chức đảng"
        verbose_name_plural = "Tổ chức đảng"
        indexes = [
            models.Index(fields=["path"], name="org_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "status"], name="org_parent_status_idx"),
            models.Index(fields=["parent", "sort_key", "id"], name="org_parent_sort_idx"),
            # the pickers' first matches, shallowest first (registry.search_organizations): an index walk that stops
            # after a page, not a sort of every organisation in scope (issue 17)
            models.Index(fields=["depth", "sort_key", "id"], name="org_depth_sort_idx"),
            # the first chi bộ of a sub-tree in name order, a page of its unvisited chi bộ: a walk, not a sort
            models.Index(fields=["sort_key", "id"], name="org_sort_idx"),
            # the organisations of a sub-tree that are not active (few): counted beside the roll-up's active ones
            models.Index(fields=["path"], name="org_inactive_path_idx", opclasses=["varchar_pattern_ops"],
                         condition=~Q(status="active")),
            # the congress-due list and its counts: active organisations by the end of their term, in a sub-tree
            models.Index(fields=["term_ends_on", "path"], name="org_term_ends_idx",
                         condition=Q(status="active", term_ends_on__isnull=False)),
            # committees with a vacant post, one partial index per kind of vacancy (their OR is a bitmap OR)
            models.Index(fields=["path"], name="org_secretary_vacant_idx", opclasses=["varchar_pattern_ops"],
                         condition=Q(status="active", secretary_vacant_since__isnull=False)),
            models.Index(fields=["path"], name="org_seats_vacant_idx", opclasses=["varchar_pattern_ops"],
                         condition=Q(status="active", seats_vacant__gt=0)),
        ]

    def __str__(self):
        return self.name

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including self."""
        return [int(p) for p in self.path.split(".") if p]

    def subtree_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}path__subtree": self.path})


class OrganizationStats(models.Model):
    """Roll-up of the whole sub-tree (self included), maintained by the service functions.

    Statistics never count over millions of rows: they read one row.
    """

    organization = models.OneToOneField(Organization, primary_key=True, on_delete=models.CASCADE, related_name="stats")
    # members by status (every record attached to the sub-tree)
    status_probationary = models.BigIntegerField(default=0)
    status_full = models.BigIntegerField(default=0)
    status_exempt = models.BigIntegerField(default=0)
    status_transferred_out = models.BigIntegerField(default=0)
    status_deceased = models.BigIntegerField(default=0)
    status_removed = models.BigIntegerField(default=0)
    status_expelled = models.BigIntegerField(default=0)
    # active members (probationary, full, exempt) by attribute
    active = models.BigIntegerField(default=0)
    gender_male = models.BigIntegerField(default=0)
    gender_female = models.BigIntegerField(default=0)
    theory_none = models.BigIntegerField(default=0)
    theory_so_cap = models.BigIntegerField(default=0)
    theory_trung_cap = models.BigIntegerField(default=0)
    theory_cao_cap = models.BigIntegerField(default=0)
    theory_cu_nhan = models.BigIntegerField(default=0)
    # every record attached to the sub-tree by gender, whatever its status (the list's default filter)
    any_gender_male = models.BigIntegerField(default=0)
    any_gender_female = models.BigIntegerField(default=0)
    # active organisations of the sub-tree by kind
    kind_provincial = models.BigIntegerField(default=0)
    kind_upper = models.BigIntegerField(default=0)
    kind_grassroots_committee = models.BigIntegerField(default=0)
    kind_grassroots_cell = models.BigIntegerField(default=0)
    kind_sub_committee = models.BigIntegerField(default=0)
    kind_attached_cell = models.BigIntegerField(default=0)


class MassOrganizationKind(models.TextChoices):
    YOUTH_UNION = "youth_union", "Chi đoàn / Đoàn thanh niên"
    TRADE_UNION = "trade_union", "Công đoàn"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    WOMEN = "women", "Hội Liên hiệp phụ nữ / Ban nữ công"
    OTHER = "other", "Tổ chức khác"


class MassOrganization(models.Model):
    """Mass organisations attached to the unit (seed 004: 1 chi đoàn, 4 công đoàn, hội CCB)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="mass_organizations")
    kind = models.CharField("Loại", max_length=20, choices=MassOrganizationKind.choices)
    name = models.CharField("Tên", max_length=255)
    unit_count = models.PositiveIntegerField("Số tổ chức", default=1)
    member_count = models.PositiveIntegerField("Số hội viên, đoàn viên", null=True, blank=True)

    class Meta:
        verbose_name = "Tổ chức đoàn thể"
        verbose_name_plural = "Tổ chức đoàn thể"

    def __str__(self):
        return self.name


class Term(models.Model):
    """Nhiệm kỳ of an organisation's committee, from one congress to the next."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField("Tên nhiệm kỳ", max_length=100)
    started_on = models.DateField("Ngày bắt đầu (đại hội)")
    ended_on = models.DateField("Ngày kết thúc", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("Số lượng cấp ủy viên", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "Nhiệm kỳ"
        verbose_name_plural = "Nhiệm kỳ"

    def __str__(self):
        return f"Nhiệm kỳ {self.name}"


class Position(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    STANDING_MEMBER = "standing_member", "Ủy viên Ban Thường vụ"
    COMMITTEE_MEMBER = "committee_member", "Cấp ủy viên"
    INSPECTION_CHAIR = "inspection_chair", "Chủ nhiệm Ủy ban Kiểm tra"


POSITION_PRECEDENCE = [
    Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.STANDING_MEMBER, Position.INSPECTION_CHAIR,
    Position.COMMITTEE_MEMBER,
]


def position_rank():
    """Order of precedence of positions: Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Chủ nhiệm UBKT, cấp ủy viên."""
    return models.Case(
        *[models.When(position=value, then=models.Value(i)) for i, value in enumerate(POSITION_PRECEDENCE)],
        default=models.Value(len(POSITION_PRECEDENCE)),
        output_field=models.IntegerField(),
    )


class CommitteeMember(models.Model):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="committee_members")
    member = models.ForeignKey("members.Member", verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("Chức vụ", max_length=30, choices=Position.choices)
    started_on = models.DateField("Từ ngày")
    ended_on = models.DateField("Đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Cấp ủy viên"
        verbose_name_plural = "Cấp ủy viên"

    def __str__(self):
        return f"{self.get_position_display()} {self.member}"


class Assignment(models.Model):
    """Phân công phụ trách: a committee member in charge of an organisation or of a field."""

    committee_member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="assignments")
    target = models.ForeignKey(
        Organization, verbose_name="Phụ trách tổ chức", null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_committee_members",
    )
    field = models.CharField("Phụ trách lĩnh vực", max_length=200, blank=True)
    started_on = models.DateField("Từ ngày")
    ended_on = models.DateField("Đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Phân công phụ trách"
        verbose_name_plural = "Phân công phụ trách"

    def __str__(self):
        return f"{self.committee_member.member}: {self.target or self.field}"


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    OFFICE = "office", "Văn phòng / Ban tổ chức cấp ủy"
    INSPECTION = "inspection", "Ủy ban kiểm tra"
    SECRETARY = "secretary", "Bí thư chi bộ"
    MEMBER = "member", "Đảng viên"


class RoleAssignment(models.Model):
    """A user's role on one organisation, with or without its sub-tree (admin: no organisation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    include_subtree = models.BooleanField("Bao gồm các tổ chức trực thuộc", default=True)

    class Meta:
        verbose_name = "Phân quyền"
        verbose_name_plural = "Phân quyền"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin") | Q(organization__isnull=False) | Q(role="member"),
                name="role_needs_organization",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organization or 'toàn hệ thống'}"
