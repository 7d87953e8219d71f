"""Kỳ đánh giá, xếp loại năm 2020 của Đảng bộ Sở Lao động – TBXH (seed 004) và thang điểm 29-HD/BTCTU.

137 đảng viên, 134 đủ điều kiện; 24 xuất sắc, 102 tốt, 1 hoàn thành, 7 không hoàn thành; chi bộ 1/2/4;
Đảng bộ Sở tự chấm 94/100, Đoàn kiểm tra thống nhất, xếp loại hoàn thành tốt nhiệm vụ.
Kỳ năm 2024 (Quy định 124-QĐ/TW) đang mở: tỷ lệ xuất sắc tính theo nhóm cấp ủy viên / đảng viên khác.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from dangvu.organizations.models import Organization

from . import services
from .models import ReviewCycle, ScoringScheme, Subject

SCHEME_FILE = Path(__file__).resolve().parent / "rulesets" / "schemes" / "29-HD-BTCTU.json"
CELL_LEVELS = ["excellent", "good", "completed", "good", "completed", "completed", "completed"]


def load() -> bool:
    dept = Organization.objects.filter(code="DEMO-SO-LDTBXH").first()
    if dept is None or ReviewCycle.objects.filter(organization=dept, period="2020").exists():
        return False
    with transaction.atomic():
        scheme = ScoringScheme.objects.filter(code="DN-29-HD-BTCTU-2019").first()
        if scheme is None:
            data = json.loads(SCHEME_FILE.read_text(encoding="utf-8"))
            data["effective_from"] = dt.date.fromisoformat(data["effective_from"])
            scheme = services.create_scheme(None, **data)
        cycle = services.open_cycle(None, dept.pk, "2020", scoring_scheme_code=scheme.code, plan_number="04-KH/ĐUK",
                                    plan_date=dt.date(2020, 10, 23))
        subjects = list(Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True)
                        .order_by("org_path", "sort_key", "id"))
        disciplined = [s for s in subjects if services.disciplines_for(s.member_id, cycle.starts_on, cycle.ends_on)]
        others = [s for s in subjects if s not in disciplined]
        ordered = disciplined + others
        plan = ["not_completed"] * 7 + ["completed"] + ["good"] * 102 + ["excellent"] * 24
        # spread the excellent ones over the cells rather than all in the last one
        ordered = ordered[:8] + sorted(ordered[8:], key=lambda s: (s.pk * 7919) % 1009)
        for subject, level in zip(ordered, plan, strict=True):
            extra = {"sick_leave_months": 5, "note": "Bệnh hiểm nghèo"} if level == "completed" else {}
            for stage in ("self", "collective", "decision"):
                services.record_assessment(None, cycle, stage=stage, member_id=subject.member_id, level=level,
                                           **extra)
        cells = list(Organization.objects.filter(parent=dept).filter(code__startswith="DEMO-SO-CB").order_by("code"))
        for cell, level in zip(cells, CELL_LEVELS, strict=False):
            for stage in ("self", "collective", "decision"):
                services.record_assessment(None, cycle, stage=stage, organization_id=cell.pk, level=level)
        crit = {"I": 38, "II": 38, "III": 9, "IV": 9}
        services.record_assessment(None, cycle, stage="self", organization_id=dept.pk, criteria_scores=crit,
                                   text="Đảng ủy Sở tự chấm 94/100 điểm theo Hướng dẫn 29-HD/BTCTU.")
        services.record_assessment(None, cycle, stage="collective", organization_id=dept.pk, criteria_scores=crit,
                                   note="Đoàn kiểm tra Đảng ủy Khối thống nhất 94/100 điểm (22/12/2020).")
        services.record_assessment(None, cycle, stage="decision", organization_id=dept.pk, criteria_scores=crit,
                                   level="good")
        _open_2024(dept)
    return True


def _open_2024(dept) -> None:
    """A running QĐ 124 round: a chi bộ has assessed part of its members; the live quota per role group shows."""
    cycle = services.open_cycle(None, dept.pk, "2024", plan_number="12-KH/ĐUK", plan_date=dt.date(2024, 11, 5))
    cell = Organization.objects.filter(parent=dept, code__startswith="DEMO-SO-CB").order_by("code").first()
    if cell is None:
        return
    members = list(Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True, organization=cell)
                   .order_by("sort_key", "id")[:8])
    for i, subject in enumerate(members):
        level = "excellent" if i in (0, 1) else "good"
        for stage in ("self", "collective"):
            services.record_assessment(None, cycle, stage=stage, member_id=subject.member_id, level=level,
                                       text="Bản tự kiểm điểm năm 2024." if stage == "self" else "")
