"""Học tập: các hội nghị học tập, quán triệt của seed 000, Chỉ thị 05, bài thu hoạch, lớp bồi dưỡng lý luận, khen thưởng.

Học tập: seed 000's study conferences (2016–2017), a Directive 05 session of the Sở, reports, training, commendations.

Loaded by `dangvu demo` after the base demo (seeds 000 and 004); idempotent.
"""

import datetime as dt

from django.db import transaction

from dangvu.core.dates import today
from dangvu.members.models import Member
from dangvu.organizations.models import CommitteeMember, Organization

from . import seed000, services
from .models import Pledge, StudySession, Submission


def load() -> bool:
    centre = Organization.objects.filter(code="DEMO-KDAT2").first()
    if centre is None or StudySession.objects.filter(organization=centre).exists():
        return False
    with transaction.atomic():
        _load(centre)
    return True


def _load(centre):
    ministry = Organization.objects.get(code="DEMO-BO-LDTBXH")
    central = Organization.objects.get(code="DEMO-DUK-TW")
    sessions = seed000.load_sessions(None, centre=centre, ministry=ministry, bloc=central)
    # most of the 2016–2017 reports and commitments were handed in (seed 000: "đều viết báo cáo thu hoạch")
    for s in sessions:
        for sub in Submission.objects.filter(session=s).order_by("id")[::1]:
            if sub.member_id % 9:
                services.submit(None, sub, content="Bài viết của đảng viên sau học tập (dữ liệu mẫu).",
                                submitted_on=s.held_on + dt.timedelta(days=10))

    # Seed 004's department: a Directive 05 conference of the bloc joined online, two weeks ago.
    dept = Organization.objects.get(code="DEMO-SO-LDTBXH")
    bloc = Organization.objects.get(code="DEMO-DUK-DN")
    day = today() - dt.timedelta(days=14)
    placed = sorted(services.members_on(dept, day))
    plain = Member.objects.filter(user__username="dangvien").first()
    # one in seven absent (to catch up); the demo member attends, so that they owe a study report
    present = [i for i in placed if i % 7 or (plain is not None and i == plain.pk)]
    s = services.record_session(
        None, organization=dept, title="Chỉ thị 05-CT/TW", held_on=day, format="online", organizer=bloc,
        organizer_note="Hội nghị trực tuyến của Đảng ủy Khối", attendee_ids=present,
        resolution=services.find_resolution("Chỉ thị 05-CT/TW"), due_on=today() + dt.timedelta(days=10),
    )
    for sub in Submission.objects.filter(session=s).exclude(member=plain).order_by("id"):
        if sub.member_id % 3:
            services.submit(None, sub, content="Bài thu hoạch (dữ liệu mẫu).", submitted_on=today())
    for member in Member.objects.filter(organization__parent=dept, status="full").order_by("id")[:40]:
        if member == plain:
            continue
        services.register_pledge(None, member=member, year=today().year, registered_on=min(dt.date(today().year, 1, 15), today()),
                                 content="Rèn luyện tác phong làm việc khoa học, đúng giờ; gần gũi quần chúng.")
    last = Pledge.objects.filter(year=today().year).order_by("id").first()
    if last is not None and today().month == 12:
        services.assess_pledge(None, last, assessment="good", assessed_on=today())

    # Seed 002: the bloc commends exemplary examples of Directive 05 (2019).
    for member in Member.objects.filter(organization__parent=dept).order_by("id")[:3]:
        services.record_commendation(None, organization=bloc, year=2019, member=member, form="Giấy khen",
                                     title="Điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong "
                                           "cách Hồ Chí Minh năm 2019", decision_number="125-QĐ/ĐUK",
                                     decided_on=dt.date(2019, 7, 12))

    # Seed 000's recommendation: send chi bộ secretaries without political theory to a class.
    c = services.create_class(None, organization=dept, name="Lớp sơ cấp lý luận chính trị khóa I",
                              level="so_cap", starts_on=today() - dt.timedelta(days=60),
                              ends_on=today() + dt.timedelta(days=30), place="Trung tâm Chính trị")
    secretaries = CommitteeMember.objects.filter(term__organization__parent=dept, position="secretary",
                                                 member__theory_level="none").values_list("member_id", flat=True)
    ids = list(secretaries[:3])
    if ids:
        services.enroll(None, c, member_ids=ids)
