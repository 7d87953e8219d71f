"""Thời hạn: một đảng viên của chi bộ DEMO-SO-CB1 đang sinh hoạt tạm thời nơi khác, sắp đến hạn trở về.

Members: one temporary transfer (docs/member-deadlines.md) for the last full member of the focal chi bộ, started
five months ago and ending in ten days, so that the list "Sinh hoạt tạm thời", the member's "Thời hạn" panel and
the secretary's worklist have something to show. The member stays in the chi bộ's registry: no count changes.
The probationers due for the official review are the reports demo's newly admitted members. Idempotent.
"""

import datetime as dt

from dangvu.core import dates
from dangvu.organizations.models import Organization

from . import services
from .models import Member, Status, TemporaryTransfer


def load() -> bool:
    cell = Organization.objects.filter(code="DEMO-SO-CB1").first()
    if cell is None:
        return False
    member = (Member.objects.filter(organization=cell, status=Status.FULL, user__isnull=True).order_by("-id")
              .first())
    if member is None or TemporaryTransfer.objects.filter(member__organization=cell).exists():
        return False
    today = dates.today()
    services.start_temporary_transfer(
        None, member, starts_on=dates.add_months(today, -5) + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=10), host_name="Chi bộ lớp Trung cấp lý luận chính trị, Trường Chính trị tỉnh",
        decision="DEMO-GGT-1", note="Học tập trung")
    return True
