"""Kỷ luật: một số quyết định kỷ luật, một đơn khiếu nại và ba đơn tố cáo tại Đảng bộ Sở LĐTBXH (tên tự sinh).

A few discipline decisions, a complaint and three denunciations in the Department of Labour's committee (seed 004).

Generated names only; run by `dangvu demo` after the base demo; idempotent.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dangvu.core import dates, names
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from . import services
from .models import Discipline

MARK = "41-QĐ/UBKTĐUK"


def load() -> bool:
    if Discipline.objects.filter(decision_number=MARK).exists():
        return False
    ubkt = get_user_model().objects.filter(username="ubkt").first()
    cells = {o.code: o for o in Organization.objects.filter(code__startswith="DEMO-SO-CB")}
    if ubkt is None or len(cells) < 5:
        return False
    rng = random.Random(404)
    with transaction.atomic():
        _load(ubkt, cells, rng)
    return True


def _first_member(cell, exclude=()):
    return (Member.objects.filter(organization=cell, status=Status.FULL).exclude(pk__in=exclude)
            .order_by("-id").first())


def _load(ubkt, cells, rng):
    plain = get_user_model().objects.filter(username="dangvien").first()
    own = getattr(plain, "member", None) if plain else None
    m1 = own or _first_member(cells["DEMO-SO-CB2"])
    services.record_discipline(
        ubkt, member=m1, form="reprimand", violation_on=dt.date(2020, 5, 10), decided_on=dt.date(2020, 9, 15),
        received_on=dt.date(2020, 9, 17), decision_number="12-QĐ/CB", violation="Vi phạm chế độ sinh hoạt đảng.",
    )
    m2 = _first_member(cells["DEMO-SO-CB3"])
    warning = services.record_discipline(
        ubkt, member=m2, form="warning", violation_on=dt.date(2021, 3, 2), decided_on=dt.date(2021, 11, 8),
        received_on=dt.date(2021, 11, 10), decision_number=MARK, decided_by=m2.organization.parent,
        violation="Thiếu trách nhiệm trong quản lý tài chính của đơn vị.",
    )
    complaint = services.file_complaint(ubkt, warning, filed_on=dt.date(2021, 12, 1),
                                        content="Đề nghị xem xét lại mức kỷ luật.")
    services.resolve_complaint(ubkt, complaint, result="upheld", resolved_on=dt.date(2022, 2, 21),
                               result_text="Giữ nguyên hình thức kỷ luật cảnh cáo.")
    services.record_discipline(
        ubkt, organization=cells["DEMO-SO-CB5"], form="reprimand", violation_on=dt.date(2022, 10, 1),
        decided_on=dt.date(2023, 4, 12), decision_number="27-QĐ/ĐU", self_detected_remedied=True,
        violation="Không duy trì sinh hoạt chi bộ định kỳ 3 tháng liên tiếp.",
    )
    target = _first_member(cells["DEMO-SO-CB4"])
    day = dates.today() - dt.timedelta(days=40)
    services.register_denunciation(
        ubkt, received_on=day, content="Tố cáo có dấu hiệu vi phạm quy định về những điều đảng viên không được làm.",
        denouncer_name=names.person(rng, "male"), denouncer_address="Thành phố Biên Hòa", subject_member=target,
    )
    services.register_denunciation(
        ubkt, received_on=day, anonymous=True, content="Đơn không ghi tên người gửi.", subject_member=target,
    )
    old = services.register_denunciation(
        ubkt, received_on=dt.date(2024, 3, 4), content="Tố cáo về việc kê khai tài sản không trung thực.",
        denouncer_name=names.person(rng, "female"), subject_member=_first_member(cells["DEMO-SO-CB1"]),
    )
    services.conclude_denunciation(ubkt, old, result="unfounded", concluded_on=dt.date(2024, 6, 20),
                                   result_text="Nội dung tố cáo không có cơ sở.")
    services.notify_denunciation(ubkt, old, notified_on=dt.date(2024, 6, 28))
