"""Báo cáo: biến động đảng viên trong năm (kết nạp, chuyển chính thức, chuyển sinh hoạt, miễn sinh hoạt, từ trần) ở Đảng bộ Sở LĐTBXH, để báo cáo theo kỳ có số liệu.

Reports: this year's member movements in seed 004's Sở, so that the period report has figures to show.

Loaded by `dangvu demo` after the other apps' demos; idempotent. Through the member services (so the monthly
movement counts are kept as in real use): five members admitted (two last year, three this year), the first
of last year's made official this year, one transfer between two chi bộ of the Sở, one transfer out of the
system, one exemption, one death. Then the movement counts are recounted from every event, since the base
demo writes its events directly.
"""

import datetime as dt

from django.db import transaction

from dangvu.core import dates
from dangvu.members import movements, services
from dangvu.members.models import Member, MemberEvent, Status
from dangvu.organizations.models import Organization

MARK = "BC-DEMO"
NEW = [  # (cell code, years back, month, day, name, gender)
    ("DEMO-SO-CB1", 1, 5, 12, "Nguyễn Thị Thu Hằng", "female"),
    ("DEMO-SO-CB4", 1, 10, 2, "Lê Quang Vinh", "male"),
    ("DEMO-SO-CB1", 0, 3, 3, "Trần Minh Khôi", "male"),
    ("DEMO-SO-CB3", 0, 6, 10, "Phạm Thị Ngọc Ánh", "female"),
    ("DEMO-SO-CB5", 0, 9, 5, "Võ Đức Thắng", "male"),
]


def _day(today, years_back, month, day):
    return min(dt.date(today.year - years_back, month, day), today)


def _first_full(code, skip=0):
    return (Member.objects.filter(organization__code=code, status=Status.FULL).order_by("pk")[skip:skip + 1].first())


@transaction.atomic
def load() -> bool:
    if not Organization.objects.filter(code="DEMO-SO-LDTBXH").exists():
        return False
    if MemberEvent.objects.filter(decision__startswith=MARK).exists():
        movements.rebuild()
        return False
    today = dates.today()
    admitted = []
    for i, (code, back, month, day, name, gender) in enumerate(NEW):
        cell = Organization.objects.get(code=code)
        admitted.append(services.create_member(
            None, organization=cell, full_name=name, gender=gender, birth_date=dt.date(1996, 1 + i, 10 + i),
            admitted_on=_day(today, back, month, day), national_id=f"07509600{i:04d}",
            decision=f"{MARK}-KN-{i + 1}", theory_level="so_cap",
        ))
    first = admitted[0]
    official = services.probation_end(first)
    if official <= today:
        services.confirm_member(None, first, on=official, decision=f"{MARK}-CT-1")
    steps = [
        (services.transfer_member, _first_full("DEMO-SO-CB2"), dict(to_organization=Organization.objects.get(
            code="DEMO-SO-CB4"), on=_day(today, 0, 4, 1))),
        (services.transfer_out, _first_full("DEMO-SO-CB6"), dict(on=_day(today, 0, 7, 15),
                                                                 destination="Đảng bộ tỉnh Bình Dương")),
        (services.exempt_member, _first_full("DEMO-SO-CB1", skip=1), dict(on=_day(today, 0, 2, 2))),
        (services.record_death, _first_full("DEMO-SO-CB7"), dict(on=_day(today, 0, 8, 20))),
    ]
    for n, (service, member, kwargs) in enumerate(steps, 1):
        if member is not None:
            service(None, member, decision=f"{MARK}-{n}", **kwargs)
    movements.rebuild()
    return True
