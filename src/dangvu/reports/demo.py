"""Báo cáo: Đảng bộ Cục Việc làm (3 chi bộ, 30 đảng viên) với biến động đảng viên năm trước và năm nay (kết nạp, chuyển chính thức, chuyển sinh hoạt, miễn sinh hoạt, từ trần), để báo cáo theo kỳ có số liệu.

Reports: a grassroots committee of its own under the central branch's ministry committee (DEMO-BO-LDTBXH), with
last year's and this year's member movements, so that the period report has movements to show. The seeds'
organisations keep their recorded figures (seed 004's 137 members, the centre's 41) untouched.

Loaded by `dangvu demo` after the other apps' demos; idempotent. Everything goes through the services (so the
monthly movement counts are kept as in real use): 30 members registered (admitted 2008–2019, official), then
five admitted (two last year, three this year), the first of last year's made official this year, one transfer
between two chi bộ, one transfer out of the system, one exemption, one death. Then the movement counts are
recounted from every event, since the base demo writes its events directly.
"""

import datetime as dt

from django.db import transaction

from dangvu.core import audit, dates
from dangvu.members import movements, services
from dangvu.members.models import Member, MemberEvent, Status
from dangvu.organizations.models import Kind, Organization
from dangvu.organizations.services import create_organization

ROOT = "DEMO-BC-CVL"
PARENT = "DEMO-BO-LDTBXH"
CELLS = ["Chi bộ Phòng Chính sách việc làm", "Chi bộ Trung tâm Thông tin thị trường lao động",
         "Chi bộ Văn phòng Cục"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = {"male": ["Văn", "Đức", "Minh"], "female": ["Thị", "Thu", "Ngọc"]}
GIVEN = {"male": ["Hùng", "Tuấn", "Dũng", "Long", "Khánh"], "female": ["Lan", "Hương", "Mai", "Trang", "Yến"]}
SECOND = ["Bảo", "Gia", "Hải"]
NEW = [  # (cell index, years back, month, day, name, gender)
    (0, 1, 5, 12, "Khúc Thị Thu Hằng", "female"),
    (2, 1, 10, 2, "Lạc Quang Vinh", "male"),
    (0, 0, 3, 3, "Trịnh Minh Khôi", "male"),
    (1, 0, 6, 10, "Phùng Thị Ngọc Ánh", "female"),
    (2, 0, 9, 5, "Viên Đức Thắng", "male"),
]


def _day(today, years_back, month, day):
    return min(dt.date(today.year - years_back, month, day), today)


def _national_id(n: int) -> str:
    return f"0750960{n:05d}"


@transaction.atomic
def load() -> bool:
    parent = Organization.objects.filter(code=PARENT).first()
    if parent is None:
        return False
    if Organization.objects.filter(code=ROOT).exists():
        movements.rebuild()
        return False
    today = dates.today()
    first_event = (MemberEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    root = create_organization(None, name="Đảng bộ Cục Việc làm", kind=Kind.GRASSROOTS_COMMITTEE, parent=parent,
                               established_on=dt.date(2008, 3, 1), code=ROOT)
    cells = [create_organization(None, name=name, kind=Kind.ATTACHED_CELL, parent=root,
                                 established_on=dt.date(2008, 3, 1), code=f"{ROOT}-CB{i + 1}")
             for i, name in enumerate(CELLS)]
    n = 0
    for i in range(30):
        gender = "female" if i % 3 == 1 else "male"
        name = f"{FAMILY[i % 10]} {MIDDLE[gender][i % 3]} {SECOND[i // 10]} {GIVEN[gender][i % 5]}"
        admitted = dt.date(2008 + i % 12, 1 + i % 12, 5 + i % 20)
        services.create_member(None, organization=cells[i % 3], full_name=name, gender=gender,
                               birth_date=dt.date(1975 + i % 15, 1 + i % 12, 1 + i % 27), admitted_on=admitted,
                               official_on=dates.add_months(admitted, 12), national_id=_national_id(n),
                               theory_level="trung_cap" if i % 4 == 0 else "so_cap")
        n += 1
    admitted = []
    for cell, back, month, day, name, gender in NEW:
        admitted.append(services.create_member(
            None, organization=cells[cell], full_name=name, gender=gender, birth_date=dt.date(1996, month, day),
            admitted_on=_day(today, back, month, day), national_id=_national_id(n), decision=f"{ROOT}-KN-{n}",
            theory_level="so_cap"))
        n += 1
    first = admitted[0]
    official = services.probation_end(first)
    if official <= today:
        services.confirm_member(None, first, on=official, decision=f"{ROOT}-CT-1")

    def full(cell, skip=0):
        return Member.objects.filter(organization=cell, status=Status.FULL).order_by("pk")[skip]

    services.transfer_member(None, full(cells[1]), to_organization=cells[2], on=_day(today, 0, 4, 1))
    services.transfer_out(None, full(cells[1], 1), on=_day(today, 0, 7, 15), destination="Đảng bộ tỉnh Bình Dương")
    services.exempt_member(None, full(cells[2], 1), on=_day(today, 0, 2, 2))
    services.record_death(None, full(cells[0], 1), on=_day(today, 0, 8, 20))
    movements.rebuild()
    # every row the demo loads has its "create" entry in the audit trail (the services audit the member; the
    # events they write are recorded here, as the base demo does for its own)
    audit.record_many([audit.entry(None, e, "create", after=audit.snapshot(e), note="Dữ liệu mẫu")
                       for e in MemberEvent.objects.filter(pk__gte=first_event).order_by("pk")])
    return True
