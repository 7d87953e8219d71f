"""Every page and every API list, timed through HTTP at two sizes of the registry, logged in as each role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/pages_scale.py
    DATABASE_URL=... .venv/bin/python bench/pages_scale.py --large 20000 --small 2000 --reps 3   # smoke run
    DATABASE_URL=... .venv/bin/python bench/pages_scale.py --only '^/sinh-hoat/' --roles office,secretary

The database name of DATABASE_URL is a prefix: <name>_plarge and <name>_psmall are dropped and built again
(kept with --keep; --reuse measures the kept ones without building them again). Each gets `dangvu synth`
(--large / --small members), synthetic activity over its largest province (a review cycle with assessments,
inspections with remedies, disciplines, a year of meetings for every chi bộ with attendance and visits, study
sessions, a document distributed to every chi bộ) and the five users of the demo's pattern: admin, office and
inspection commission on the province, the secretary of one of its chi bộ, a member of that chi bộ. Then both
are served (one WSGI server per database, in child processes, settings `bench/settings_bench.py`, which adds
the per-request query counter) and every page is asked for by each role, the two servers in turn.

What is timed is GENERATED from the routes: Django's URL resolver (GET pages; file downloads, POST-only
views and routes whose parameters cannot be filled are listed as skipped with the reason) and the OpenAPI
document of /api/v1/ (GET operations answering JSON). A page a role may not see (404, 403, a redirect) is
listed, not timed. Each time is the median of --reps runs after one warm-up.

Prints a table (path, role, small ms, large ms, ratio, queries) and, last, one JSON line:
    worst_ratio, worst_path   the largest large/small ratio and its page
    over_target               pages with ratio > 3 or large > 1000 ms
    pages                     how many (path, role) pairs were timed
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
ROLES = ("admin", "office", "inspection", "secretary", "member")
PASSWORD = "bench-pass-2026"
TARGET_RATIO, TARGET_MS = 3.0, 1000.0
API_PREFIX = "/api/v1/"

# ------------------------------------------------------------------------------------------ what is timed

SKIP_PREFIXES = {
    "/quan-tri/": "Django's admin site (staff only)",
}
SKIP = {
    "/dang-nhap/": "the login page (anonymous only)",
    "/dang-xuat/": "log out (POST)",
}
DOWNLOAD = re.compile(r"(\.(docx|xlsx|pdf|csv)$|/xuat-(excel|word)/$|/(word|pdf)/$|/(tep|tai-lieu)/<int:att_id>/$)")
API_DOWNLOAD = re.compile(r"(/docx|/pdf|\.docx|/(attachments|evidence)/\{\w+\})$")
EXTRA_PARAMS = {"user_id": "account", "organization_id": "org"}  # names route_matrix_routes.PARAMS leaves to cases
# Query strings the routes need (the API's required query parameters are added from the OpenAPI document), and
# the member searches of issue 17, timed besides the routes' own pages.
QUERIES = {"/api/v1/study-sessions/period-report": "organization_id={organization_id}&from={year}-01-01&to={year}-12-31"}
SEARCHES = ["/dang-vien/?q=nguyen van", "/dang-vien/?q=van h", "/dang-vien/?q=thi h",
            "/api/v1/members?q=nguyen van"]


def _walk(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern), p.callback


def allowed_methods(view) -> set[str] | None:
    """The methods a view's require_http_methods/require_POST lets through, read from its closures; None when
    it declares none."""
    stack, seen = [view], set()
    while stack:
        f = stack.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        for cell in getattr(f, "__closure__", None) or ():
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if isinstance(v, (list, tuple)) and v and all(isinstance(x, str) and x.isupper() for x in v):
                return set(v)
            if callable(v):
                stack.append(v)
        if getattr(f, "__wrapped__", None) is not None:
            stack.append(f.__wrapped__)
    return None


def page_routes() -> tuple[list[str], dict[str, str]]:
    """(the GET page routes to time, {route: why it is skipped}) from Django's URL resolver."""
    from django.urls import get_resolver

    timed, skipped = [], {}
    for route, view in sorted(set(_walk(get_resolver().url_patterns)), key=lambda rv: rv[0]):
        if route.startswith(API_PREFIX) or route in timed or route in skipped:
            continue  # the API is read from its OpenAPI document
        reason = next((why for p, why in SKIP_PREFIXES.items() if route.startswith(p)), None) or SKIP.get(route)
        methods = allowed_methods(view)
        if reason is None and methods is not None and "GET" not in methods:
            reason = "POST only"
        if reason is None and DOWNLOAD.search(route):
            reason = "a file download, not a page"
        if reason:
            skipped[route] = reason
        else:
            timed.append(route)
    return timed, skipped


def api_routes(schema=None) -> tuple[list[str], dict[str, str]]:
    """(the GET operations of the API answering JSON, {path: why it is skipped}) from the OpenAPI document."""
    if schema is None:
        from dangvu.api.api import api

        schema = api.get_openapi_schema(path_prefix=API_PREFIX)
    timed, skipped = [], {}
    for path, ops in sorted(schema["paths"].items()):
        op = ops.get("get")
        if op is None:
            continue
        responses = op.get("responses", {})
        content = (responses.get(200) or responses.get("200") or {}).get("content") or {}
        if API_DOWNLOAD.search(path) or (content and "application/json" not in content):
            skipped[path] = "a file download, not a list"
        else:
            query = [QUERIES[path]] if path in QUERIES else []
            query += [f"{p['name']}={{{p['name']}}}" for p in op.get("parameters", [])
                      if p.get("in") == "query" and p.get("required")]
            timed.append(path + ("?" + "&".join(query) if query else ""))
    return timed, skipped


def _query_value(route: str, name: str, ids: dict):
    """A value for a query parameter: the year, a picker's first purpose, or an object's id."""
    if name == "year":
        from dangvu.core import dates

        return dates.today().year
    if name == "purpose":
        from dangvu.organizations import pickers

        kind = "member" if "/members/" in route else "organization"
        return next(n for k, n in pickers.PURPOSES if k == kind)
    return ids.get(EXTRA_PARAMS.get(name) or name)


def fill(route: str, ids: dict) -> tuple[str | None, str | None]:
    """(url, None) with the route's parameters filled from ids (object name -> id, for one role), or (None,
    why not). Parameters are named as in tests/route_matrix_routes.py (PAGE_PK, PARAMS)."""
    from tests import route_matrix_routes as R

    route, _, query = route.partition("?")
    if query:
        query = re.sub(r"\{(\w+)\}", lambda m: str(_query_value(route, m.group(1), ids)), query)
    for name in re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", route):
        name = name[0] or name[1]
        if name == "pk":
            obj = next((o for p, o in R.PAGE_PK if route.startswith(p)), None)
        else:
            obj = EXTRA_PARAMS.get(name) or R.PARAMS.get(name)
        if obj is None:
            return None, f"parameter {name}: no generic value"
        if obj not in ids:
            return None, f"no {obj} in the bench database"
    return R.build_url(route, ids, params={k: v for k, v in EXTRA_PARAMS.items() if v in ids}, query=query), None


def targets(roles, only: str | None):
    """[(route, role)] to time and {route: reason} skipped, pages first, then the API."""
    pages, skipped = page_routes()
    api, api_skipped = api_routes()
    skipped.update(api_skipped)
    pattern = re.compile(only) if only else None
    out = [(route, role) for route in pages + SEARCHES + api for role in roles
           if not pattern or pattern.search(route)]
    return out, {r: why for r, why in skipped.items() if not pattern or pattern.search(r)}


# ------------------------------------------------------------------------------------------ the databases


def work_build(args) -> dict:
    """In a worker: synth, activity, users; answers {role: {object name: id}}."""
    from django.db import connection

    from dangvu.members import synth
    from dangvu.organizations.models import OrganizationStats

    t0 = time.perf_counter()
    synth.generate(args.members, seed=args.seed, provinces=args.provinces or None,
                   log=lambda msg: print(msg, flush=True))
    print(f"synth: {time.perf_counter() - t0:.1f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
    root = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first().organization
    ids = _users(root)
    shared = {"org": root.pk}
    for step in (_reviews, _meetings, _documents, _inspections, _disciplines, _studies, _more):
        t0 = time.perf_counter()
        try:
            found = step(root, ids) or {}
        except Exception as exc:  # noqa: BLE001 - one app failing leaves the others measured
            print(f"activity {step.__name__}: FAILED {type(exc).__name__}: {exc}", flush=True)
            continue
        shared.update(found)
        print(f"activity {step.__name__}: {time.perf_counter() - t0:.1f} s {found}", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
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
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {att} (meeting_id, member_id, status, reason) "
            f"SELECT mt.id, mb.id, CASE WHEN r < 0.03 THEN 'absent' WHEN r < 0.04 THEN 'excused' ELSE 'present' END, "
            f"CASE WHEN r >= 0.03 AND r < 0.04 THEN 'Ốm' ELSE '' END "
            f"FROM {met} mt JOIN (SELECT id, organization_id, random() AS r FROM members_member "
            f"WHERE org_path LIKE %s AND status IN ('full', 'probationary')) mb ON mb.organization_id = mt.organization_id",
            [root.path + "%"])
        attendance = cur.rowcount
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


# ------------------------------------------------------------------------------------------ serving, timing


def serve(port: int) -> None:
    """In a child process: one WSGI server on 127.0.0.1:port (settings_bench), one request at a time."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    sys.path[:0] = [str(ROOT / "src"), str(HERE.parent)]
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a):
            pass

    import logging
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here
    app = get_wsgi_application()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404s of roles out of scope are expected
    with make_server("127.0.0.1", port, app, handler_class=Quiet) as httpd:
        print(f"serving on {port}", flush=True)
        httpd.serve_forever()


def start_server(url: str, port: int) -> subprocess.Popen:
    import requests

    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="settings_bench", DANGVU_DEBUG="0",
               DANGVU_BENCH_QUERIES="1", PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(HERE.parent)]))
    proc = subprocess.Popen([sys.executable, str(HERE), "--worker", "serve", "--port", str(port)], env=env, cwd=ROOT)
    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5)
            return proc
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise SystemExit(f"server on {port} stopped ({proc.returncode})") from None
            time.sleep(0.5)
    raise SystemExit(f"server on {port} does not answer")


def login(base: str, username: str):
    """A requests session logged in through the login page, and an API token, for one user."""
    import requests

    s = requests.Session()
    page = s.get(f"{base}/dang-nhap/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    r = s.post(f"{base}/dang-nhap/", data={"username": username, "password": PASSWORD,
                                            "csrfmiddlewaretoken": token},
               headers={"Referer": f"{base}/dang-nhap/"}, allow_redirects=False, timeout=60)
    if r.status_code != 302:
        raise SystemExit(f"{username} cannot log in at {base} ({r.status_code})")
    r = requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD}, timeout=60)
    s.api_token = r.json()["token"]
    return s


def get(session, base: str, url: str):
    """(status, ms, queries) of one GET."""
    headers = {"Authorization": f"Bearer {session.api_token}"} if url.startswith(API_PREFIX) else {}
    start = time.perf_counter()
    r = session.get(base + url, headers=headers, allow_redirects=False, timeout=600)
    _ = r.content
    ms = (time.perf_counter() - start) * 1000
    return r.status_code, ms, int(r.headers.get("X-Bench-Queries", "-1"))


def measure(todo, ids, sessions, bases, reps):
    """Time every (route, role): one warm-up then reps runs, small and large in turn. Answers (rows, not timed)."""
    rows, refused = [], []
    for route, role in todo:
        urls = {}
        for label in ("small", "large"):
            url, why = fill(route, ids[label][role])
            if url is None:
                refused.append((route, role, why))
                break
            urls[label] = url
        else:
            try:
                first = {label: get(sessions[label][role], bases[label], urls[label]) for label in ("small", "large")}
            except OSError as exc:  # requests' errors are OSErrors: a timeout, a server gone
                refused.append((route, role, f"no answer: {type(exc).__name__}"))
                continue
            if any(f[0] != 200 for f in first.values()):
                refused.append((route, role, f"answers {first['small'][0]} / {first['large'][0]}"))
                continue
            times = {"small": [], "large": []}
            queries = {label: first[label][2] for label in first}
            for _ in range(reps):
                for label in ("small", "large"):
                    _status, ms, q = get(sessions[label][role], bases[label], urls[label])
                    times[label].append(ms)
                    queries[label] = q
            small, large = statistics.median(times["small"]), statistics.median(times["large"])
            rows.append({"path": route, "role": role, "url": urls["large"], "small_ms": round(small, 1),
                         "large_ms": round(large, 1), "ratio": round(large / small, 2) if small else None,
                         "queries_small": queries["small"], "queries_large": queries["large"]})
            r = rows[-1]
            print(f"{route[:58]:58} {role:10} {r['small_ms']:9.1f} {r['large_ms']:9.1f} {r['ratio']:6.2f} "
                  f"{r['queries_small']:4d}/{r['queries_large']:<4d}", flush=True)
    return rows, refused


# ------------------------------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--provinces", type=int, default=0, help="synth provinces (0: synth's default for the size)")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--only", help="a regular expression: time only the routes it finds")
    parser.add_argument("--port", type=int, default=8147, help="the small server's port; the large one's is +1")
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--reuse", action="store_true", help="measure the databases kept by an earlier --keep")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--members", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "serve":
        return serve(args.port)
    sys.path[:0] = [str(HERE.parent), str(ROOT)]
    import common

    if args.worker == "build":
        return common.serve_worker(work_build, args)
    roles = [r for r in args.roles.split(",") if r]
    base, prefix = common.postgres_prefix()
    started = time.perf_counter()
    ids, urls = {}, {}
    for label, members in (("large", args.large), ("small", args.small)):
        name = f"{prefix}_p{label}"
        urls[label] = common.db_url(base, name)
        saved = ROOT / "var" / f"{name}.ids.json"
        if args.reuse and saved.exists():
            ids[label] = json.loads(saved.read_text())
            continue
        print(f"== {label}: {members:,} members into {name}", flush=True)
        common.fresh_database(base, name)
        ids[label] = common.run_worker(HERE, urls[label], "--worker", "build", "--members", str(members),
                                       "--seed", str(args.seed), "--provinces", str(args.provinces))
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(json.dumps(ids[label]))
    build_seconds = time.perf_counter() - started
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    os.environ["DATABASE_URL"] = urls["small"]
    import django

    django.setup()
    todo, skipped = targets(roles, args.only)
    servers, bases = {}, {}
    try:
        for i, label in enumerate(("small", "large")):
            bases[label] = f"http://127.0.0.1:{args.port + i}"
            servers[label] = start_server(urls[label], args.port + i)
        sessions = {label: {role: login(bases[label], role) for role in roles} for label in bases}
        print(f"\n{'path':58} {'role':10} {'small ms':>9} {'large ms':>9} {'ratio':>6} queries (small/large)")
        rows, refused = measure(todo, ids, sessions, bases, args.reps)
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait()
        if not args.keep:
            for label in ("large", "small"):
                common.drop_database(base, f"{prefix}_p{label}")
    print("\nskipped routes:")
    for route, why in sorted(skipped.items()):
        print(f"  {route}: {why}")
    print("not timed (route: role why, ...):")
    grouped = {}
    for route, role, why in refused:
        grouped.setdefault(route, []).append(f"{role} {why}")
    for route, whys in grouped.items():
        print(f"  {route}: " + "; ".join(whys))
    over = [r for r in rows if (r["ratio"] or 0) > TARGET_RATIO or r["large_ms"] > TARGET_MS]
    print("\nslowest (large ms): ")
    for r in sorted(rows, key=lambda r: -r["large_ms"])[:15]:
        print(f"  {r['path']} [{r['role']}] {r['large_ms']} ms (x{r['ratio']}, {r['queries_large']} queries)")
    worst = max(rows, key=lambda r: r["ratio"] or 0) if rows else None
    result = {
        "worst_ratio": worst["ratio"] if worst else None,
        "worst_path": f"{worst['path']} [{worst['role']}]" if worst else None,
        "over_target": [{"path": r["path"], "role": r["role"], "ratio": r["ratio"], "large_ms": r["large_ms"],
                         "queries": r["queries_large"]} for r in over],
        "pages": len(rows),
        "not_timed": len(refused),
        "skipped_routes": len(skipped),
        "members_large": ids["large"].get("_root_members"), "members_small": ids["small"].get("_root_members"),
        "large": args.large, "small": args.small, "reps": args.reps,
        "build_seconds": round(build_seconds, 1), "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
