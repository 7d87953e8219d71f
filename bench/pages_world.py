"""The databases of bench/pages_scale.py: `dangvu synth`, synthetic activity for every app over the largest
province and the demo's five users. Runs in a worker process (common.serve_worker); answers the ids of the
objects each role's pages are asked about."""

from __future__ import annotations

import time

ROLES = ("admin", "office", "inspection", "secretary", "member")
PASSWORD = "bench-pass-2026"


def work_build(args) -> dict:
    """In a worker: synth, activity, users; answers {role: {object name: id}}."""
    from dangvu.core import maintenance
    from dangvu.members import synth
    from dangvu.organizations.models import OrganizationStats

    t0 = time.perf_counter()
    synth.generate(args.members, seed=args.seed, provinces=args.provinces or None,
                   log=lambda msg: print(msg, flush=True))
    print(f"synth: {time.perf_counter() - t0:.1f} s", flush=True)
    maintenance.analyse()  # VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite
    root = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first().organization
    ids = _users(root)
    shared = {"org": root.pk, "cell": ids["_cell"].pk}
    for step in (_reviews, _meetings, _documents, _inspections, _disciplines, _studies, _more):
        t0 = time.perf_counter()
        try:
            found = step(root, ids) or {}
        except Exception as exc:  # noqa: BLE001 - one app failing leaves the others measured
            print(f"activity {step.__name__}: FAILED {type(exc).__name__}: {exc}", flush=True)
            continue
        shared.update(found)
        print(f"activity {step.__name__}: {time.perf_counter() - t0:.1f} s {found}", flush=True)
    from dangvu.documents import counts as document_counts
    from dangvu.studies import counts as study_counts

    study_counts.rebuild()  # the maintained counts, whatever was written in bulk above
    document_counts.rebuild()
    t0 = time.perf_counter()
    maintenance.analyse()
    print(f"analyse: {time.perf_counter() - t0:.1f} s", flush=True)
    out = {}
    for role in ROLES:
        own = ids["_own"][role]
        out[role] = {k: v for k, v in {**shared, **own}.items() if v is not None}
    out["_root_members"] = OrganizationStats.objects.get(organization=root).active
    return out


def _users(root) -> dict:
    """The demo's five users, on the root and on one of its chi bộ (the median-sized one of the first 200)."""
    from django.contrib.auth import get_user_model

    from dangvu.members.models import Member
    from dangvu.organizations.models import CELL_KINDS, Organization, OrganizationStats, Role, RoleAssignment

    cells = list(OrganizationStats.objects.filter(organization__path__startswith=root.path,
                                                  organization__kind__in=CELL_KINDS, active__gte=5)
                 .order_by("organization_id").values_list("organization_id", "active")[:200])
    cell = Organization.objects.get(pk=sorted(cells, key=lambda c: c[1])[len(cells) // 2][0])
    people = list(Member.objects.filter(organization=cell).order_by("id")[:2])
    some = Member.objects.filter(org_path__startswith=root.path).order_by("id").first()
    User = get_user_model()

    def user(name, role, org, *, subtree=True, member=None, superuser=False):
        u = User.objects.create_user(name, password=PASSWORD, full_name=f"Bench {name}", is_superuser=superuser,
                                     is_staff=superuser)
        if role:
            RoleAssignment.objects.create(user=u, role=role, organization=org, include_subtree=subtree)
        if member is not None:
            member.user = u
            member.save(update_fields=["user"])
        return u

    users = {
        "admin": user("admin", Role.ADMIN, None, superuser=True),
        "office": user("office", Role.OFFICE, root),
        "inspection": user("inspection", Role.INSPECTION, root),
        "secretary": user("secretary", Role.SECRETARY, cell, subtree=False, member=people[0]),
        "member": user("member", Role.MEMBER, None, member=people[1]),
    }
    wide = {"org": root.pk, "member": some.pk, "account": users["member"].pk}
    narrow = {"org": cell.pk, "member": people[1].pk, "account": users["member"].pk}
    return {"_users": users, "_cell": cell, "_people": people,
            "_own": {r: dict(wide if r in ("admin", "office", "inspection") else narrow) for r in ROLES}}


def _reviews(root, ids):
    from dangvu.reviews import services
    from dangvu.reviews.models import Subject

    cycle = services.open_cycle(None, root.pk, "2025")
    picked = list(Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True)
                  .order_by("id").values_list("pk", "member_id")[:100])
    for i, (_sid, member_id) in enumerate(picked):
        for stage in ("self", "collective", "decision"):
            services.record_assessment(None, cycle, stage=stage, member_id=member_id,
                                       level=["good", "good", "completed", "excellent"][i % 4])
    return {"cycle": cycle.pk, "subject": picked[0][0] if picked else None}


def _months(today, n=12):
    y, m = today.year, today.month
    for _ in range(n):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        yield y, m


def _meetings(root, ids):
    """Twelve monthly meetings (the months before this one) in every chi bộ of the root, attendance of every
    member (3 % absent, 1 % excused), in bulk as bench/meetings_scale.py does; a visit in every tenth chi bộ."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from dangvu.core import dates
    from dangvu.meetings import services
    from dangvu.meetings.models import Attendance, Meeting
    from dangvu.organizations.models import CELL_KINDS, Organization

    cells = list(Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS,
                                             ended_on__isnull=True).values_list("pk", flat=True))
    months = list(_months(dates.today()))
    rows = []
    for cell in cells:
        for y, m in months:
            starts = timezone.make_aware(dt.datetime(y, m, 8, 14))
            rows.append(Meeting(organization_id=cell, kind="regular", starts_at=starts, status="closed",
                                ends_at=starts + dt.timedelta(minutes=100), conclusion="Kết luận",
                                ruleset="ct50-2025"))
    Meeting.objects.bulk_create(rows, batch_size=5000)
    att, met = Attendance._meta.db_table, Meeting._meta.db_table
    # a number in [0, 1) for each member: SQLite's random() is a 64-bit integer, and SQLite may flatten the
    # sub-query and draw it again for each use of r; a hash of the id is drawn once
    uniform = "random()" if connection.vendor == "postgresql" else "((id * 7919) % 1000) / 1000.0"
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {att} (meeting_id, member_id, status, reason) "
            f"SELECT mt.id, mb.id, CASE WHEN r < 0.03 THEN 'absent' WHEN r < 0.04 THEN 'excused' ELSE 'present' END, "
            f"CASE WHEN r >= 0.03 AND r < 0.04 THEN 'Ốm' ELSE '' END "
            f"FROM {met} mt JOIN (SELECT id, organization_id, {uniform} AS r FROM members_member "
            f"WHERE org_path LIKE %s AND status IN ('full', 'probationary')) mb ON mb.organization_id = mt.organization_id",
            [root.path + "%"])
        attendance = cur.rowcount
    __import__("dangvu.meetings.rollup", fromlist=["rebuild"]).rebuild()  # the meetings' monthly rows
    visit = None
    for i, cell in enumerate(cells[::10][:200]):
        v = services.record_visit(ids["_users"]["office"], cell, visited_on=dt.date(*months[i % 12], 8),
                                  visitor_name="Nguyễn Văn Bench", visitor_position="Đảng ủy viên")
        visit = visit or v.pk
    cell = ids["_cell"]
    own = Meeting.objects.filter(organization=cell).order_by("-starts_at").values_list("pk", flat=True).first()
    any_meeting = Meeting.objects.filter(organization_id=cells[0]).values_list("pk", flat=True).first()
    for role in ROLES:
        ids["_own"][role]["meeting"] = own if role in ("secretary", "member") else any_meeting
    print(f"    meetings: {len(rows):,}, attendance rows: {attendance:,}", flush=True)
    return {"visit": visit}


def _documents(root, ids):
    """One plan issued by the root and distributed to every chi bộ (bench/distribution_scale.py)."""
    import datetime as dt

    from dangvu.documents import services
    from dangvu.documents.models import InboxItem
    from dangvu.organizations.models import Term

    Term.objects.create(organization=root, name="2025–2030", started_on=dt.date(2025, 10, 1))
    office = ids["_users"]["office"]
    doc = services.issue_document(office, root, type_code="KH", summary="Kế hoạch kiểm điểm cuối năm",
                                  issued_on=services.today() - dt.timedelta(days=3))
    services.distribute(office, doc, mode="all_cells", due_on=services.today())
    item = InboxItem.objects.filter(document=doc, organization=ids["_cell"]).values_list("pk", flat=True).first()
    return {"document": doc.pk, "inbox": item}


def _inspections(root, ids):
    """Ten inspections by the root of its grassroots committees, each concluded with two remedies."""
    import datetime as dt

    from dangvu.core import dates
    from dangvu.inspections import services
    from dangvu.inspections.models import Remedy
    from dangvu.organizations.models import Organization

    today = dates.today()
    subjects = list(Organization.objects.filter(parent=root).order_by("id")[:10])
    first = None
    for i, org in enumerate(subjects):
        case = services.open_inspection(
            None, kind="task_implementation", conducted_by=root, subject_organization=org,
            decided_on=today - dt.timedelta(days=40 + i), period_from=dt.date(today.year - 1, 1, 1),
            period_to=today - dt.timedelta(days=41 + i), decision_number=f"{i + 1}-QĐ/BENCH",
            title=f"Kiểm tra việc thực hiện nhiệm vụ năm {today.year - 1}")
        services.add_team_member(None, case, user=ids["_users"]["inspection"], role="leader")
        services.conclude(None, case, text="Kết luận kiểm tra.", concluded_on=today - dt.timedelta(days=5),
                          shortcomings=[{"text": "Chưa sinh hoạt chuyên đề đủ", "due_on": today + dt.timedelta(days=30)},
                                        {"text": "Hồ sơ đảng viên chưa đủ", "due_on": today + dt.timedelta(days=60)}])
        first = first or case
    remedy = Remedy.objects.filter(inspection=first).values_list("pk", flat=True).first() if first else None
    return {"inspection": first.pk if first else None, "remedy": remedy}


def _disciplines(root, ids):
    """Twenty reprimands of members of the root."""
    import datetime as dt

    from dangvu.core import dates
    from dangvu.discipline import services
    from dangvu.members.models import Member

    today = dates.today()
    first = None
    people = Member.objects.filter(org_path__startswith=root.path, status="full").order_by("id")[5:25]
    for i, m in enumerate(people):
        d = services.record_discipline(None, member=m, form="reprimand", violation_on=today - dt.timedelta(days=90 + i),
                                       decided_on=today - dt.timedelta(days=30 + i), decision_number=f"{i + 1}-QĐ/KL",
                                       violation="Vi phạm quy định sinh hoạt")
        first = first or d
    return {"discipline": first.pk if first else None}


def _studies(root, ids):
    """A study session of the root's resolution in ten of its grassroots committees and in the secretary's chi
    bộ (every member called, most present)."""
    import datetime as dt

    from django.db import connection

    from dangvu.core import dates
    from dangvu.members.models import Member, Placement
    from dangvu.organizations.models import Organization
    from dangvu.studies import services

    held = dates.today() - dt.timedelta(days=20)
    first = own = None
    orgs = [*Organization.objects.filter(parent=root).order_by("id")[:10], ids["_cell"]]
    with connection.cursor() as cur:  # synth records no placements: each member placed in its chi bộ since 2000
        for org in orgs:
            cur.execute(f"INSERT INTO {Placement._meta.db_table} (member_id, organization_id, started_on) "
                        f"SELECT m.id, m.organization_id, %s FROM members_member m WHERE m.org_path LIKE %s "
                        f"AND NOT EXISTS (SELECT 1 FROM {Placement._meta.db_table} p WHERE p.member_id = m.id)",
                        [dt.date(2000, 1, 1), org.path + "%"])
    for org in orgs:
        present = list(Member.objects.filter(org_path__startswith=org.path, status__in=("full", "probationary"))
                       .order_by("id").values_list("pk", flat=True))
        s = services.record_session(None, organization=org, title="Học tập Nghị quyết Đại hội", held_on=held,
                                    format="in_person", attendee_ids=present[: max(1, len(present) * 9 // 10)])
        first = first or s
        own = s
    for role in ("secretary", "member"):
        ids["_own"][role]["session"] = own.pk
    return {"session": first.pk if first else None}


def _more(root, ids):
    """The objects the remaining routes name: the root's committee (term, committee member, assignment, mass
    organisation, a grant), a complaint, a denunciation, an inspection programme, a training class with its
    enrolments, a pledge, a study submission."""
    import datetime as dt

    from dangvu.core import dates
    from dangvu.discipline import services as discipline
    from dangvu.discipline.models import Discipline
    from dangvu.inspections import services as inspections
    from dangvu.members.models import Member
    from dangvu.organizations.models import (
        Assignment,
        CommitteeMember,
        MassOrganization,
        Position,
        RoleAssignment,
        Term,
    )
    from dangvu.studies import services as studies
    from dangvu.studies.models import ClassLevel, Submission, TrainingClass

    today = dates.today()
    found = {}

    def put(key, make):
        try:
            found[key] = make()
        except Exception as exc:  # noqa: BLE001 - the routes naming it are then listed as not filled
            print(f"    {key}: FAILED {type(exc).__name__}: {str(exc)[:200]}", flush=True)

    def pk(obj):
        return obj.pk if obj is not None else None

    term = Term.objects.filter(organization=root).order_by("-started_on").first()
    people = list(Member.objects.filter(org_path__startswith=root.path, status="full").order_by("id")[30:60])
    cm = CommitteeMember.objects.filter(term__organization__path__startswith=root.path).order_by("id").first()
    if cm is None and term is not None and people:  # synth elects no committees: one member, one assignment
        cm = CommitteeMember.objects.create(term=term, member=people[-1], position=Position.SECRETARY,
                                            started_on=term.started_on)
        Assignment.objects.create(committee_member=cm, target=None, field="Công tác tổ chức – cán bộ",
                                  started_on=term.started_on)
    put("term", lambda: pk(term))
    put("cm", lambda: pk(cm))
    put("assignment", lambda: pk(Assignment.objects.filter(committee_member=cm).first()) if cm else None)
    put("mass", lambda: pk(MassOrganization.objects.filter(organization__path__startswith=root.path).first() or
                           MassOrganization.objects.create(organization=root, kind="youth_union", name="Đoàn Khối",
                                                           unit_count=10, member_count=400)))
    put("ra", lambda: RoleAssignment.objects.filter(user=ids["_users"]["office"]).values_list("pk", flat=True)[0])
    first = Discipline.objects.filter(member__org_path__startswith=root.path).order_by("id").first()
    put("complaint", lambda: discipline.file_complaint(None, first, filed_on=today - dt.timedelta(days=10),
                                                       content="Đề nghị xem xét lại hình thức kỷ luật").pk)
    put("denunciation", lambda: discipline.register_denunciation(
        None, received_on=today - dt.timedelta(days=12), content="Tố cáo vi phạm quy định về kê khai tài sản",
        denouncer_name="Trần Văn Bench", subject_member=people[0]).pk)
    put("programme", lambda: inspections.create_programme(
        None, organization=root, year=today.year, title=f"Chương trình kiểm tra, giám sát năm {today.year}").pk)
    put("class", lambda: studies.create_class(
        None, organization=root, name="Lớp bồi dưỡng lý luận chính trị", level=ClassLevel.SO_CAP,
        starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=30)).pk)
    if found.get("class"):
        put("enrollment", lambda: studies.enroll(None, TrainingClass.objects.get(pk=found["class"]),
                                                 member_ids=[m.pk for m in people[1:21]])[0].pk)
    put("pledge", lambda: studies.register_pledge(
        None, member=people[22], year=today.year,
        content="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh").pk)
    put("submission", lambda: Submission.objects.order_by("id").values_list("pk", flat=True).first())
    return found
