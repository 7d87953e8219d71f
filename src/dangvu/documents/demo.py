"""Văn bản: Kế hoạch 04-KH/ĐUK ngày 23/10/2020 của Đảng ủy Khối gửi các chi bộ của Đảng bộ Sở LĐTBXH (seed 004).

On top of the base demo: the bloc committee's issuer profile (ĐUK), three earlier plans so that the review
plan takes number 04 of the term, the plan itself sent to the 7 chi bộ of the Department of Labour's committee
with a due date (some chi bộ acknowledged, the demo secretary ``bithu`` has not yet: log in and acknowledge),
and the provincial organisation board's guideline 29-HD/BTCTU in the incoming register.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dangvu.core import audit
from dangvu.organizations.models import Organization

from . import counts, services
from .models import Distribution, Document, InboxItem, IssuerProfile

PLAN_BODY = """I. MỤC ĐÍCH, YÊU CẦU
Kiểm điểm, đánh giá, xếp loại chất lượng đối với tổ chức đảng, đảng viên và tập thể, cá nhân cán bộ lãnh đạo, \
quản lý các cấp năm 2020 đúng thực chất, khách quan.
II. NỘI DUNG, CÁCH THỨC
- Các chi bộ trực thuộc tổ chức kiểm điểm, đánh giá, xếp loại đảng viên và tự đánh giá, xếp loại chi bộ.
- Đảng ủy cơ sở tổng hợp, đề nghị xếp loại và báo cáo Đảng ủy Khối.
III. TỔ CHỨC THỰC HIỆN
Hoàn thành trước ngày 15/01/2021; báo cáo kết quả về Ban Tổ chức Đảng ủy Khối."""


def _aware(day: dt.date, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load() -> bool:
    bloc = Organization.objects.filter(code="DEMO-DUK-DN").first()
    dept = Organization.objects.filter(code="DEMO-SO-LDTBXH").first()
    if bloc is None or dept is None:
        return False
    if Document.objects.filter(organization=bloc, number="04-KH/ĐUK").exists():
        return False
    admin = get_user_model().objects.filter(username="admin").first()
    with transaction.atomic():
        _load(admin, bloc, dept)
    return True


def _load(admin, bloc, dept):
    profile, _ = IssuerProfile.objects.update_or_create(organization=bloc, defaults={
        "symbol": "ĐUK", "issuer_name": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "superior_name": "ĐẢNG BỘ TỈNH ĐỒNG NAI", "place": "Đồng Nai", "signer_capacity": "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ", "signer_name": "",
    })
    audit.record(admin, profile, "update", after=audit.snapshot(profile), note="Dữ liệu mẫu")
    for day, summary in [(dt.date(2020, 8, 20), "thực hiện Chương trình công tác toàn khóa nhiệm kỳ 2020–2025"),
                         (dt.date(2020, 9, 10), "kiểm tra, giám sát năm 2020 của Ủy ban Kiểm tra Đảng ủy Khối"),
                         (dt.date(2020, 10, 1), "tuyên truyền kỷ niệm 90 năm Ngày thành lập Đảng")]:
        services.issue_document(admin, bloc, type_code="KH", summary=summary, issued_on=day)
    plan = services.issue_document(
        admin, bloc, type_code="KH", issued_on=dt.date(2020, 10, 23), body=PLAN_BODY,
        summary="kiểm điểm, đánh giá, xếp loại chất lượng đối với tổ chức đảng, đảng viên và tập thể, cá nhân "
                "cán bộ lãnh đạo, quản lý các cấp năm 2020",
        recipients_text="Các đảng bộ, chi bộ cơ sở trực thuộc\nCác đồng chí Ủy viên Ban Thường vụ\nLưu Văn phòng",
    )
    assert plan.number == "04-KH/ĐUK", plan.number
    cells = list(Organization.objects.filter(parent=dept).order_by("code"))
    dist = services.distribute(admin, plan, organization_ids=[c.pk for c in cells], requires_reply=False,
                               note="Triển khai kiểm điểm, xếp loại năm 2020")
    # the historical due date and acknowledgments of 2020 (demo data: written as they happened)
    due = dt.date(2020, 11, 30)
    items = InboxItem.objects.filter(distribution=dist)
    counted = counts.contributions(documents=[], distributions=[], items=items)
    Distribution.objects.filter(pk=dist.pk).update(due_on=due)
    InboxItem.objects.filter(distribution=dist).update(due_on=due)
    by_code = {c.code: c for c in cells}
    acknowledged = ["DEMO-SO-CB3", "DEMO-SO-CB4", "DEMO-SO-CB5"]
    for i, code in enumerate(acknowledged):
        InboxItem.objects.filter(distribution=dist, organization=by_code[code]).update(
            state="acknowledged", received_at=_aware(dt.date(2020, 10, 26 + i)),
            acknowledged_at=_aware(dt.date(2020, 10, 26 + i), 15))
    InboxItem.objects.filter(distribution=dist, organization=by_code["DEMO-SO-CB2"]).update(
        state="received", received_at=_aware(dt.date(2020, 10, 27)))
    Distribution.objects.filter(pk=dist.pk).update(
        received_count=F("received_count") + len(acknowledged) + 1,
        acknowledged_count=F("acknowledged_count") + len(acknowledged))
    delta = counts.contributions(documents=[], distributions=[], items=items)
    delta.subtract(counted)
    counts.apply(delta)  # the maintained counts follow what was written behind the services' back
    audit.record(admin, dist, "update", after={
        "due_on": due.isoformat(), "acknowledged": acknowledged, "received": [*acknowledged, "DEMO-SO-CB2"],
    }, note="Dữ liệu mẫu: hạn trả lời và xác nhận năm 2020")
    services.register_incoming(
        admin, bloc, number="29-HD/BTCTU", issuer_name="Ban Tổ chức Tỉnh ủy", issued_on=dt.date(2019, 11, 7),
        received_on=dt.date(2019, 11, 11),
        summary="chấm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng (4 nhóm tiêu chí)",
    )
