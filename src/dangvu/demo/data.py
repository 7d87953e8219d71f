"""Demo data drawn from the seeds (seed 000 and seed 004), with generated personal names."""

import datetime as dt
import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from dangvu.core import audit, names, vntext
from dangvu.core.dates import add_months
from dangvu.members import stats as member_stats
from dangvu.members.models import EventKind, Member, MemberEvent, Placement, Status, TheoryLevel
from dangvu.organizations.models import (
    Assignment,
    CommitteeMember,
    Kind,
    MassOrganization,
    Organization,
    OrganizationStats,
    Position,
    Role,
    RoleAssignment,
    Term,
)
from dangvu.organizations.tree import child_path

SEED_000_CELLS = [
    ("Chi bộ Phòng Kiểm định 1", 12),
    ("Chi bộ Phòng Kiểm định 2", 10),
    ("Chi bộ Phòng Hành chính – Tổng hợp", 10),
    ("Chi bộ Trạm Kiểm định khu vực", 9),
]
SEED_004_CELLS = [  # 137 members in all
    ("Chi bộ I Văn phòng Sở", 26),
    ("Chi bộ II", 22),
    ("Chi bộ III", 19),
    ("Chi bộ Chi cục Phòng, chống tệ nạn xã hội", 17),
    ("Chi bộ Trung tâm Bảo trợ xã hội", 18),
    ("Chi bộ Trung tâm Dịch vụ việc làm", 20),
    ("Chi bộ Cơ sở cai nghiện ma túy", 15),
]
THEORY = [(TheoryLevel.NONE, 25), (TheoryLevel.SO_CAP, 40), (TheoryLevel.TRUNG_CAP, 22),
          (TheoryLevel.CAO_CAP, 10), (TheoryLevel.CU_NHAN, 3)]
PASSWORD = "demo"


class Loader:
    def __init__(self, seed=2020):
        self.rng = random.Random(seed)
        self.used_names = set()
        self.nid = 79_200_000_000 + 1  # "0792…": province code 079 (TP. Hồ Chí Minh), then the century and sex digit
        self.created = defaultdict(list)  # model -> pks of the rows loaded, audited at the end

    def track(self, obj):
        self.created[type(obj)].append(obj.pk)
        return obj

    def write_audit(self):
        """One "create" entry per row loaded, with its final values, written in bulk (one chain read)."""
        entries = []
        for model, pks in self.created.items():
            for obj in model.objects.filter(pk__in=pks).order_by("pk"):
                entries.append(audit.entry(None, obj, "create", after=audit.snapshot(obj), note="Dữ liệu mẫu"))
        audit.record_many(entries)
        return len(entries)

    def org(self, code, name, kind, parent=None, **extra):
        obj = Organization(code=code, name=name, kind=kind, parent=parent, path="tmp",
                           **vntext.org_name_keys(name), **extra)
        obj.save()
        obj.path = child_path(parent.path if parent else None, obj.pk)
        obj.depth = parent.depth + 1 if parent else 0
        obj.save(update_fields=["path", "depth"])
        OrganizationStats.objects.create(organization=obj)
        return self.track(obj)

    def name(self, gender):
        while True:
            n = names.person(self.rng, gender)
            if n not in self.used_names:
                self.used_names.add(n)
                return n

    def member(self, cell, *, admitted_on=None, status=Status.FULL, gender=None, theory=None, job=""):
        rng = self.rng
        gender = gender or rng.choice(["male", "male", "female"])
        birth = dt.date(rng.randint(1964, 1996), rng.randint(1, 12), rng.randint(1, 28))
        earliest = birth.replace(year=birth.year + 19)
        admitted = admitted_on or min(
            earliest + dt.timedelta(days=rng.randint(0, 365 * 15)), dt.date(2019, 12, 31)
        )
        full_name = self.name(gender)
        self.nid += 1
        official = add_months(admitted, 12) if status != Status.PROBATIONARY else None
        m = Member.objects.create(
            full_name=full_name, birth_name=full_name, gender=gender, birth_date=birth,
            birth_place="Đồng Nai", hometown=rng.choice(["Đồng Nai", "Nghệ An", "Thái Bình", "Quảng Nam", "Bến Tre"]),
            residence=rng.choice(["Phường Tam Hiệp, Đồng Nai", "Phường Trấn Biên, Đồng Nai", "Phường Long Bình, Đồng Nai"]),
            national_id=f"{self.nid:012d}", general_education="12/12",
            qualification=rng.choice(["Cử nhân Luật", "Cử nhân Kinh tế", "Kỹ sư", "Thạc sĩ Quản lý công", "Cử nhân Xã hội học"]),
            profession="Công chức" if rng.random() < 0.7 else "Viên chức",
            job_title=job or rng.choice(["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Kế toán"]),
            theory_level=theory or names.pick(rng, THEORY), admitted_on=admitted, official_on=official,
            card_number=f"{rng.randint(10_000_000, 99_999_999)}", organization=cell, status=status,
            status_changed_on=official or admitted, org_path=cell.path,
            search_key=vntext.search_key(full_name), sort_key=vntext.sort_key(full_name),
        )
        self.track(m)
        self.track(Placement.objects.create(member=m, organization=cell, started_on=admitted))
        self.track(MemberEvent.objects.create(
            member=m, kind=EventKind.ADMISSION, on=admitted, status_after=Status.PROBATIONARY,
            organization_after=cell, decision=f"{rng.randint(10, 999)}-QĐ/ĐU"))
        if official:
            self.track(MemberEvent.objects.create(
                member=m, kind=EventKind.CONFIRMATION, on=official, status_before=Status.PROBATIONARY,
                status_after=Status.FULL, organization_after=cell, decision=f"{rng.randint(10, 999)}-QĐ/ĐU"))
        return m

    def committee(self, org, term_name, started_on, members_positions, assignments=()):
        term = self.track(Term.objects.create(organization=org, name=term_name, started_on=started_on))
        cms = []
        for member, position in members_positions:
            cms.append(self.track(CommitteeMember.objects.create(term=term, member=member, position=position,
                                                                 started_on=started_on)))
        for index, target, field in assignments:
            self.track(Assignment.objects.create(committee_member=cms[index], target=target, field=field,
                                                 started_on=started_on))
        return term, cms

    def user(self, username, full_name, *, superuser=False, member=None, role=None, org=None, subtree=True):
        User = get_user_model()
        u = User.objects.create_user(username, password=PASSWORD, full_name=full_name, is_superuser=superuser,
                                     is_staff=superuser)
        self.track(u)
        if role:
            self.track(RoleAssignment.objects.create(user=u, role=role, organization=org, include_subtree=subtree))
        if member is not None:
            member.user = u
            member.save(update_fields=["user"])
        return u


def load() -> bool:
    """Load the demo once. Returns False when it is already there."""
    if Organization.objects.filter(code="DEMO-DUK-TW").exists():
        return False
    with transaction.atomic():
        loader = Loader()
        _load(loader)
        loader.write_audit()
    member_stats.rebuild()
    return True


def _load(L: Loader):
    # Seed 000: the central bloc committee, the ministry's committee, the centre's committee, 4 chi bộ.
    central = L.org("DEMO-DUK-TW", "Đảng bộ Khối các cơ quan Trung ương", Kind.PROVINCIAL)
    ministry = L.org("DEMO-BO-LDTBXH", "Đảng bộ Bộ Lao động – Thương binh và Xã hội", Kind.UPPER, central)
    centre = L.org("DEMO-KDAT2", "Đảng bộ Trung tâm Kiểm định Kỹ thuật An toàn khu vực II",
                   Kind.GRASSROOTS_COMMITTEE, ministry, staff_count=190, established_on=dt.date(1992, 6, 1))
    centre_cells = []
    centre_members = []
    for i, (name, size) in enumerate(SEED_000_CELLS, 1):
        cell = L.org(f"DEMO-KDAT2-CB{i}", name, Kind.ATTACHED_CELL, centre)
        centre_cells.append(cell)
        centre_members.append([L.member(cell) for _ in range(size)])
    L.track(MassOrganization.objects.create(organization=centre, kind="trade_union", name="Công đoàn Trung tâm",
                                            unit_count=1, member_count=190))
    L.track(MassOrganization.objects.create(organization=centre, kind="youth_union", name="Chi đoàn Trung tâm",
                                            unit_count=1, member_count=46))
    L.committee(
        centre, "2020–2025", dt.date(2020, 6, 20),
        [(centre_members[0][0], Position.SECRETARY), (centre_members[1][0], Position.DEPUTY_SECRETARY),
         (centre_members[2][0], Position.COMMITTEE_MEMBER), (centre_members[3][0], Position.COMMITTEE_MEMBER),
         (centre_members[0][1], Position.COMMITTEE_MEMBER)],
        [(1, None, "Công tác tuyên giáo"), (1, centre_cells[0], ""), (2, centre_cells[1], ""),
         (3, centre_cells[2], ""), (4, centre_cells[3], "")],
    )

    # Seed 004: the province, its bloc committee, the Department of Labour's committee and its 7 chi bộ.
    province = L.org("DEMO-TINH-DN", "Đảng bộ tỉnh Đồng Nai", Kind.PROVINCIAL)
    bloc = L.org("DEMO-DUK-DN", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", Kind.UPPER, province)
    dept = L.org("DEMO-SO-LDTBXH", "Đảng bộ Sở Lao động – Thương binh và Xã hội", Kind.GRASSROOTS_COMMITTEE, bloc,
                 established_on=dt.date(1976, 3, 1))
    cells, cell_members = [], []
    for i, (name, size) in enumerate(SEED_004_CELLS, 1):
        cell = L.org(f"DEMO-SO-CB{i}", name, Kind.ATTACHED_CELL, dept)
        cells.append(cell)
        people = [L.member(cell) for _ in range(size)]
        cell_members.append(people)
    # Three members newly admitted or transferred in at the end of 2020 (not eligible for the 2020 review).
    for cell_index, admitted in [(1, dt.date(2020, 10, 15)), (4, dt.date(2020, 11, 20))]:
        newcomer = cell_members[cell_index][-1]
        newcomer.admitted_on = admitted
        newcomer.official_on = add_months(admitted, 12)
        newcomer.status_changed_on = newcomer.official_on
        newcomer.save()
        newcomer.events.filter(kind=EventKind.ADMISSION).update(on=admitted)
        newcomer.events.filter(kind=EventKind.CONFIRMATION).update(on=newcomer.official_on)
        newcomer.placements.update(started_on=admitted)
    moved = cell_members[5][-1]
    moved.placements.update(started_on=dt.date(2020, 12, 1))
    L.track(MemberEvent.objects.create(member=moved, kind=EventKind.TRANSFER_IN, on=dt.date(2020, 12, 1),
                                       status_before=Status.FULL, status_after=Status.FULL, organization_after=cells[5],
                                       note="Chuyển sinh hoạt đến từ Đảng bộ huyện Trảng Bom"))
    for kind, name, units, count in [
        ("youth_union", "Chi đoàn Sở Lao động – Thương binh và Xã hội", 1, 38),
        ("trade_union", "Công đoàn cơ sở", 4, 310),
        ("veterans", "Hội Cựu chiến binh cơ quan", 1, 21),
    ]:
        L.track(MassOrganization.objects.create(organization=dept, kind=kind, name=name, unit_count=units,
                                                member_count=count))
    term_members = [
        (cell_members[0][1], Position.SECRETARY), (cell_members[0][2], Position.DEPUTY_SECRETARY),
        (cell_members[1][1], Position.STANDING_MEMBER), (cell_members[2][1], Position.COMMITTEE_MEMBER),
        (cell_members[3][1], Position.COMMITTEE_MEMBER), (cell_members[4][1], Position.COMMITTEE_MEMBER),
        (cell_members[5][1], Position.COMMITTEE_MEMBER), (cell_members[6][1], Position.COMMITTEE_MEMBER),
    ]
    L.committee(dept, "2020–2025", dt.date(2020, 7, 10), term_members,
                [(1, cells[0], ""), (2, cells[1], ""), (3, cells[2], ""), (4, cells[3], ""), (5, cells[4], ""),
                 (6, cells[5], ""), (7, cells[6], ""), (0, None, "Công tác tổ chức, kiểm tra")])
    # The bloc committee's own officials sit in the chi bộ of its office; its committee holds the
    # inspection commission's chair who led the 2020 inspection team (seed 004).
    bloc_cell = L.org("DEMO-DUK-DN-CQ", "Chi bộ Cơ quan Đảng ủy Khối", Kind.GRASSROOTS_CELL, bloc)
    jobs = ["Bí thư Đảng ủy Khối", "Phó Bí thư Thường trực Đảng ủy Khối", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
            "Trưởng Ban Tổ chức Đảng ủy Khối", "Chánh Văn phòng Đảng ủy Khối", "Chuyên viên", "Chuyên viên",
            "Chuyên viên", "Chuyên viên"]
    officials = [L.member(bloc_cell, job=job, theory=TheoryLevel.CAO_CAP if i < 5 else None)
                 for i, job in enumerate(jobs)]
    L.committee(bloc, "2020–2025", dt.date(2020, 8, 5),
                [(officials[0], Position.SECRETARY), (officials[1], Position.DEPUTY_SECRETARY),
                 (officials[2], Position.INSPECTION_CHAIR), (officials[3], Position.STANDING_MEMBER),
                 (officials[4], Position.COMMITTEE_MEMBER)],
                [(2, dept, ""), (3, None, "Công tác tổ chức – cán bộ"), (4, None, "Công tác tuyên giáo")])
    # Chi bộ committees: a secretary for each of the 7 chi bộ.
    for cell, people in zip(cells, cell_members, strict=True):
        L.committee(cell, "2022–2025", dt.date(2022, 5, 15), [(people[0], Position.SECRETARY),
                                                             (people[3], Position.DEPUTY_SECRETARY)])

    # Demo users (password "demo").
    L.user("admin", "Quản trị hệ thống", superuser=True, role=Role.ADMIN)
    L.user("vanphong", "Văn phòng Đảng ủy Khối", role=Role.OFFICE, org=bloc)
    L.user("ubkt", "Ủy ban Kiểm tra Đảng ủy Khối", role=Role.INSPECTION, org=bloc)
    secretary = cell_members[0][0]
    L.user("bithu", secretary.full_name, member=secretary, role=Role.SECRETARY, org=cells[0], subtree=False)
    plain = cell_members[1][4]
    L.user("dangvien", plain.full_name, member=plain, role=Role.MEMBER)
