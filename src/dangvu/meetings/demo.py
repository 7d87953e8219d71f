"""Sinh hoạt chi bộ: 13 tháng sinh hoạt (biên bản, điểm danh) của 7 chi bộ thuộc Đảng bộ Sở LĐTBXH và các lần dự sinh hoạt.

Sinh hoạt chi bộ: a year of monthly meetings (minutes, attendance) for the 7 chi bộ of seed 004's Sở, and visits.

Loaded by `dangvu demo` after the base demo (seeds 000 and 004); idempotent. What it shows:
- every chi bộ of the Sở Lao động – Thương binh và Xã hội meets monthly for the last twelve months,
  a thematic meeting combined every third month; the last meeting's minutes are still open;
- Chi bộ Trung tâm Dịch vụ việc làm missed one month (listed among chi bộ that missed a meeting);
- one meeting lasted 80 minutes (flagged shorter than the 90-minute minimum);
- one member of Chi bộ III was absent without reason three months running across the year end
  (listed for the removal review, Điều lệ Đảng Art. 8); one closed minutes book carries an amendment;
- seed 002: committee members of the bloc attended meetings of the 7 chi bộ in six months; the bloc
  office's own chi bộ was not visited.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dangvu.core import dates
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from . import services
from .models import Meeting
from .queries import members_on

CELL_CODES = [f"DEMO-SO-CB{i}" for i in range(1, 8)]
THEMES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)",
    "Nâng cao chất lượng sinh hoạt chi bộ (Chỉ thị 50-CT/TW)",
    "Cải cách hành chính, chuyển đổi số trong cơ quan",
    "Phòng, chống tham nhũng, tiêu cực; xây dựng văn hóa công vụ",
]
OPINIONS = [
    "Nhất trí với báo cáo; đề nghị bổ sung kết quả giải quyết hồ sơ trong tháng.",
    "Đề nghị chi bộ nhắc nhở đảng viên đóng đảng phí đúng hạn.",
    "Cần phân công rõ người phụ trách từng nhiệm vụ tháng tới.",
    "Đề nghị tăng cường trao đổi tình hình tư tưởng của quần chúng.",
    "Thống nhất với dự thảo nghị quyết, đề nghị ghi rõ thời hạn hoàn thành.",
]


def _months_back(today, n):
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def _meeting_day(y, m):
    """The fifth working day of the month (holidays and Tết skipped)."""
    day = dt.date(y, m, 1)
    if not dates.is_working_day(day):
        day = dates.add_working_days(day, 1)
    return dates.add_working_days(day, 4)


def _at(day, hh, mm=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def load() -> bool:
    cells = list(Organization.objects.filter(code__in=CELL_CODES).order_by("code"))
    if len(cells) != len(CELL_CODES) or Meeting.objects.filter(organization__in=cells).exists():
        return False
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "bithu", "vanphong"])}
    if "admin" not in users:
        return False
    with transaction.atomic():
        _load(cells, users, random.Random(50))
    return True


def _load(cells, users, rng):
    today = dates.today()
    admin = users["admin"]
    months = _months_back(today, 13)
    absent_months = _around_new_year([(y, m) for (y, m) in months if _meeting_day(y, m) < today])
    absentee = None
    for ci, cell in enumerate(cells):
        actor = users.get("bithu", admin) if ci == 0 else admin
        for mi, (y, m) in enumerate(months):
            day = _meeting_day(y, m)
            if day >= today:
                continue
            if cell.code == "DEMO-SO-CB6" and mi == 5:
                continue  # missed month
            combined = mi % 3 == 2
            minutes = 130 if combined else 100
            if ci == 1 and mi == 7:
                minutes = 80  # too short: flagged
            starts = _at(day, 14)
            meeting = services.plan_meeting(
                actor, cell, kind="combined" if combined else "regular", starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=minutes), place="Phòng họp cơ quan",
                topic=THEMES[(mi // 3) % len(THEMES)] if combined else "",
                invited_at=starts - dt.timedelta(days=3 if mi % 5 else 0, hours=2),
            )
            people = list(members_on(cell, day).order_by("id"))
            if not people:
                continue
            if ci == 2 and absentee is None:
                absentee = people[-1]
            rows = []
            for p in people:
                roll = rng.random()
                if absentee is not None and p.pk == absentee.pk and (y, m) in absent_months:
                    rows.append({"member_id": p.pk, "status": "absent"})
                elif roll < 0.08:
                    rows.append({"member_id": p.pk, "status": "excused",
                                 "reason": rng.choice(["Đi công tác", "Ốm", "Việc gia đình", "Đi học"])})
                else:
                    rows.append({"member_id": p.pk, "status": "present"})
            services.record_attendance(actor, meeting, rows)
            present = [r["member_id"] for r in rows if r["status"] == "present"] or [people[0].pk]
            speakers = rng.sample(present, min(3, len(present)))
            last = (y, m) == months[-1] or (day >= today - dt.timedelta(days=31))
            services.save_minutes(
                actor, meeting, chair_id=present[0], note_taker_id=present[-1],
                content=(f"Đánh giá kết quả thực hiện nhiệm vụ chính trị tháng {m:02d}/{y}; tình hình tư tưởng đảng "
                         f"viên; triển khai nhiệm vụ tháng tới." + (f" Sinh hoạt chuyên đề: {meeting.topic}."
                                                                     if combined else "")),
                opinions=[{"member_id": s, "text": rng.choice(OPINIONS)} for s in speakers],
                resolutions="Hoàn thành đúng hạn các nhiệm vụ chuyên môn; đóng đảng phí đầy đủ; tham gia học tập "
                            "nghị quyết theo kế hoạch.",
                conclusion="" if last else "Chi bộ thống nhất các nhiệm vụ trọng tâm tháng tới; giao đồng chí bí "
                                           "thư chỉ đạo thực hiện và báo cáo tại kỳ sinh hoạt sau.",
                close=not last,
            )
    # One amendment on a closed minutes book of the first chi bộ.
    first = Meeting.objects.filter(organization=cells[0], status="closed").order_by("starts_at").first()
    if first is not None:
        services.amend_minutes(users.get("bithu", admin), first, field="place", text="Hội trường tầng 2",
                               reason="Ghi nhầm địa điểm họp")
    _visits(cells, users, rng, today)
    _next_meeting(cells[0], users.get("bithu", admin), today)


def _next_meeting(cell, actor, today):
    """Next month's regular meeting of the first chi bộ: planned, invited today, with a draft resolution attached."""
    from django.core.files.base import ContentFile

    from dangvu.core import partydoc

    y, m = today.year, today.month
    day = _meeting_day(y, m)
    if day <= today:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        day = _meeting_day(y, m)
    starts = _at(day, 14)
    meeting = services.plan_meeting(actor, cell, kind="regular", starts_at=starts,
                                    ends_at=starts + dt.timedelta(minutes=100), place="Phòng họp cơ quan")
    services.invite(actor, meeting, sent_at=dates.now())
    doc = partydoc.PartyDoc(superior=cell.parent.name.upper() if cell.parent_id else "", issuer=cell.name.upper(),
                            place="Đồng Nai", issued_on=day, type_name="DỰ THẢO NGHỊ QUYẾT",
                            summary=f"lãnh đạo thực hiện nhiệm vụ tháng {m:02d}/{y}", signer_capacity="T/M CHI BỘ",
                            signer_title="BÍ THƯ", recipients=["Đảng viên trong chi bộ", "Lưu chi bộ"])
    doc.heading("I. ĐÁNH GIÁ KẾT QUẢ THÁNG TRƯỚC")
    doc.paragraph("Chi bộ lãnh đạo hoàn thành các nhiệm vụ chính trị của cơ quan (dữ liệu mẫu).")
    doc.heading("II. NHIỆM VỤ TRỌNG TÂM")
    doc.bullets(["Hoàn thành đúng hạn các nhiệm vụ chuyên môn.", "Đóng đảng phí đầy đủ, đúng kỳ."])
    services.add_materials(actor, meeting, ContentFile(doc.render(), name="du-thao-nghi-quyet.docx"),
                           note="Dự thảo nghị quyết tháng")


def _around_new_year(held):
    """Three months of one twelve-month window in which the demo absentee missed the meeting: the last
    December–February already held, else the last three held months (whatever day the demo is loaded)."""
    wanted = [(y, m) for (y, m) in held if m in (12, 1, 2)][-3:]
    if len(wanted) == 3 and (wanted[-1][0] - wanted[0][0]) * 12 + wanted[-1][1] - wanted[0][1] < 12:
        return set(wanted)
    return set(held[-3:])


def _visits(cells, users, rng, today):
    actor = users.get("vanphong", users["admin"])
    bloc_cell = Organization.objects.filter(code="DEMO-DUK-DN-CQ").first()
    officials = list(Member.objects.filter(organization=bloc_cell).order_by("id")[:5]) if bloc_cell else []
    remarks = [
        "Chi bộ sinh hoạt nền nếp, đúng quy trình; đề nghị nội dung sinh hoạt bám sát nhiệm vụ chính trị.",
        "Biên bản ghi đầy đủ; đề nghị tăng cường tự phê bình và phê bình.",
        "Đề nghị chi bộ chuẩn bị tài liệu sinh hoạt gửi đảng viên sớm hơn.",
        "Sinh hoạt có chất lượng; cần phát huy vai trò nêu gương của đảng viên.",
    ]
    start = today - dt.timedelta(days=182)
    for i, cell in enumerate(cells):
        meeting = Meeting.objects.filter(organization=cell, starts_at__gte=_at(start, 0),
                                         starts_at__lt=_at(today, 0)).order_by("starts_at")[i % 3:].first()
        if meeting is None:
            continue
        who = officials[i % len(officials)] if officials else None
        services.record_visit(
            actor, cell, visited_on=meeting.day, meeting_id=meeting.pk,
            visitor_name=who.full_name if who else "Ủy viên Ban Thường vụ Đảng ủy Khối",
            visitor_position=(who.job_title if who and who.job_title else "Ủy viên Ban Thường vụ Đảng ủy Khối"),
            remarks=rng.choice(remarks),
        )
