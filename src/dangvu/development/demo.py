"""Phát triển đảng viên: 14 quần chúng ưu tú ở mọi giai đoạn (Chi bộ I Sở LĐTBXH, Chi bộ Cơ quan Đảng ủy Khối), chỉ tiêu kết nạp năm nay.

Member development: fourteen prospects at every stage. In the demo's first chi bộ of the Department of Labour
(bithu's): two proposed, two after the awareness class, two with a complete dossier, two with the chi bộ's
resolution, one refused, one withdrawn. The four with a superior's decision are in the bloc office's own chi bộ, so
that seed 004's Department keeps its 137 members: one decided with the ceremony still within its 30 working days,
one decided whose ceremony is overdue, one admitted on time, one admitted late with a reason. Targets of the year
for the bloc, the Department's committee, its chi bộ and the bloc office's chi bộ. Written through the services
(actor: the system); idempotent."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from dangvu.core import dates
from dangvu.core.workdays import add_working_days
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from . import services
from .models import Prospect

PEOPLE = [
    # (name, gender, age, stage reached, extra)
    ("Trần Thị Mai Anh", "female", 24, "proposed", None),
    ("Lê Văn Bình", "male", 29, "proposed", None),
    ("Nguyễn Thị Thu Hà", "female", 26, "class", None),
    ("Phạm Quốc Huy", "male", 31, "class", None),
    ("Đỗ Thị Lan", "female", 27, "dossier", None),
    ("Vũ Minh Khoa", "male", 23, "dossier", None),
    ("Hoàng Thị Ngọc", "female", 28, "resolution", None),
    ("Bùi Văn Phúc", "male", 34, "resolution", None),
    ("Ngô Thị Quỳnh", "female", 25, "decision", "recent"),
    ("Đặng Văn Sơn", "male", 30, "decision", "overdue"),
    ("Lý Thị Thảo", "female", 27, "ceremony", "on_time"),
    ("Trịnh Văn Tùng", "male", 32, "ceremony", "late"),
    ("Mai Thị Uyên", "female", 22, "refuse", None),
    ("Cao Văn Vinh", "male", 35, "withdraw", None),
]
ORDER = ["proposed", "class", "dossier", "resolution", "decision", "ceremony"]
BEFORE = ["1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"]
PDF = b"%PDF-1.4\n% dangvu demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _back(today, days):
    return today - dt.timedelta(days=days)


def load() -> bool:
    cell = Organization.objects.filter(code="DEMO-SO-CB1").first()
    office_cell = Organization.objects.filter(code="DEMO-DUK-DN-CQ").first()
    if cell is None or office_cell is None or Prospect.objects.filter(organization=cell).exists():
        return False
    with transaction.atomic():
        _load(cell, office_cell)
    return True


def _helpers(cell):
    return list(Member.objects.filter(organization=cell, status=Status.FULL).order_by("id")
                .values_list("pk", flat=True)[:2])


def _load(cell, office_cell):
    today = dates.today()
    helpers = {cell.pk: _helpers(cell), office_cell.pk: _helpers(office_cell)}
    for i, (name, gender, age, reached, extra) in enumerate(PEOPLE):
        where = office_cell if reached in ("decision", "ceremony") else cell
        upto = ORDER.index(reached) if reached in ORDER else 0
        # the later the stage, the earlier it started
        decision_on = {"recent": _back(today, 10), "overdue": _back(today, 70), "on_time": _back(today, 90),
                       "late": _back(today, 120)}.get(extra)
        resolution_on = (decision_on - dt.timedelta(days=20)) if decision_on else _back(today, 15 + i)
        proposed_on = resolution_on - dt.timedelta(days=150)
        p = services.create_prospect(
            None, organization=where, full_name=name, gender=gender, proposed_on=proposed_on,
            birth_date=dt.date(today.year - age, 1 + i % 12, 5 + i), helpers=helpers[where.pk],
            residence="Phường Tân Phong, Thành phố Biên Hòa, Đồng Nai", ethnicity="Kinh", religion="Không",
            general_education="12/12", qualification="Cử nhân", profession="Viên chức",
            job_title="Sở Lao động – Thương binh và Xã hội")
        if reached in ("refuse", "withdraw"):
            reason = ("Chưa đủ tiêu chuẩn: còn hạn chế trong thực hiện nhiệm vụ chuyên môn năm nay."
                      if reached == "refuse" else "Chuyển công tác sang tỉnh khác, xin rút khỏi danh sách.")
            services.record_step(None, p, step=reached, on=proposed_on + dt.timedelta(days=40), note=reason)
            continue
        if upto >= 1:
            services.record_step(None, p, step="class", on=proposed_on + dt.timedelta(days=30),
                                 class_name=f"Lớp bồi dưỡng nhận thức về Đảng khóa {1 + i % 3}/{today.year}",
                                 number=f"{120 + i}/GCN-TTCT")
        if upto >= 1 or i == 1:  # the second proposed one has begun the dossier
            for n, code in enumerate(BEFORE if upto >= 1 else BEFORE[:1]):
                f = ContentFile(PDF, name=f"{code}-{i}.pdf") if n == 0 else None
                services.record_item(None, p, code=code, on=proposed_on + dt.timedelta(days=45 + n), file=f)
        if upto >= 2:
            services.record_step(None, p, step="dossier", on=proposed_on + dt.timedelta(days=60))
        if upto >= 3:
            services.record_step(None, p, step="resolution", on=resolution_on, number=f"{10 + i}-NQ/CB")
        if upto >= 4:
            services.admit(None, p, decision=f"{200 + i}-QĐ/ĐUK", on=decision_on, organization=where.parent)
        if upto >= 5:
            due = add_working_days(decision_on, 30)
            if extra == "late":
                services.record_step(None, p, step="ceremony", on=due + dt.timedelta(days=7),
                                     note="Đồng chí đi công tác dài ngày theo phân công của cơ quan.")
            else:
                services.record_step(None, p, step="ceremony", on=decision_on + dt.timedelta(days=14))
    year = today.year
    dept = cell.parent
    bloc = dept.parent if dept is not None else None
    if bloc is not None:
        services.set_target(None, organization=bloc, year=year, target=20)
        services.set_target(None, organization=office_cell, year=year, target=3)
    if dept is not None:
        services.set_target(None, organization=dept, year=year, target=6)
        for c in Organization.objects.filter(parent=dept).order_by("code"):
            services.set_target(None, organization=c, year=year, target=3 if c.pk == cell.pk else 1)
