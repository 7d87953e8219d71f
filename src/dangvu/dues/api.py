"""JSON API of dues (đảng phí), the contract of the issue: /api/v1/dues (the sheet of a chi bộ's month, a payment,
bulk entry, the summary per sub-organisation, the three-month flags) and /api/v1/members/{id}/dues-basis (GET/PUT
a member's basis). Thin over the models' reads and the services; out of scope answers 404, bad input 422 with
Vietnamese messages naming the field; amounts are integers of đồng, months "YYYY-MM"."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Sum
from ninja import Field, Path, Query, Router, Status

from dangvu.core.dates import today
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.models import Organization

from . import queries, webscope
from .forms import parse_month
from .models import DuesBasis, DuesLine, DuesTotal, Method
from .services import basis, payments

router = Router(tags=["Đảng phí"])
basis_router = Router(tags=["Đảng phí"])
PAGE_MAX = 100_000
MONTHS_MAX = 120  # a summary covers at most ten years of months


def _month(value, field="month") -> dt.date:
    month = parse_month(value) if isinstance(value, str) and "-" in value else None
    if month is None:
        raise ValidationError({field: ["Tháng: không hợp lệ (dạng YYYY-MM, ví dụ 2026-11)."]})
    return month


def _method(value):
    if value not in Method.values:
        raise ValidationError({"method": [f"Hình thức nộp: không hợp lệ; chấp nhận: {', '.join(Method.values)}."]})
    return value


def line_row(x: DuesLine) -> dict:
    return {"member_id": x.member_id, "full_name": x.member.full_name, "owed": x.owed, "paid": x.paid,
            "paid_on": x.paid_on, "method": x.method, "status": x.api_status}


# ---------------------------------------------------------------------------------------------------------- sheets

@router.get("/sheets", summary="Sổ thu đảng phí của một chi bộ trong một tháng (month: YYYY-MM); đảng viên chưa có "
                               "dòng trong sổ: số phải nộp theo quy định của tháng, line_id null")
def get_sheet(request, organization_id: Id, month: str):
    org = webscope.access_cell(request.auth, organization_id)
    data = queries.sheet(org, _month(month))
    keep = ("member_id", "full_name", "owed", "paid", "paid_on", "method", "status", "status_label", "line_id")
    return {"month": data["month"], "organization_id": org.pk,
            "rows": [{k: r[k] for k in keep} for r in data["rows"]], "totals": data["totals"],
            "missing": data["missing"]}


class DuesPaymentIn(Schema):
    member_id: int
    month: str
    amount: int
    paid_on: dt.date
    method: str
    note: str = ""
    voluntary: bool = False


@router.post("/payments", response={201: dict}, summary="Ghi một khoản nộp đảng phí của một đảng viên cho một tháng")
def post_payment(request, payload: DuesPaymentIn):
    user = request.auth
    member = webscope.access_member(user, payload.member_id, "manage")
    m = _month(payload.month)
    kwargs = {"voluntary": True} if payload.voluntary else {}
    p = payments.record_payment(user, member, month=m, amount=payload.amount, paid_on=payload.paid_on,
                                method=_method(payload.method), note=payload.note, **kwargs)
    line = DuesLine.objects.select_related("member").get(pk=p.line_id)
    return Status(201, {"id": p.pk, "member_id": member.pk, "month": f"{m:%Y-%m}", "amount": p.amount,
                        "paid_on": p.paid_on, "method": p.method, "receipt_number": p.receipt_number,
                        "line": line_row(line)})


class DuesBulkIn(Schema):
    organization_id: int
    month: str
    paid_on: dt.date
    method: str
    member_ids: list[int]


@router.post("/sheets/bulk", summary="Ghi nhận cả chi bộ: các đảng viên đã chọn nộp đủ số phải nộp của tháng")
def post_bulk(request, payload: DuesBulkIn):
    user = request.auth
    org = webscope.access_cell(user, payload.organization_id, "manage")
    m = _month(payload.month)
    if not payload.member_ids:
        raise ValidationError({"member_ids": ["Danh sách đảng viên: chưa chọn đảng viên nào."]})
    recorded = payments.record_bulk(user, org, month=m, paid_on=payload.paid_on, method=_method(payload.method),
                                    member_ids=payload.member_ids)
    return {"month": f"{m:%Y-%m}", "organization_id": org.pk, "recorded": recorded,
            "skipped": max(0, len(set(payload.member_ids)) - recorded)}


# ---------------------------------------------------------------------------------------------------------- summary

class DuesSummaryQuery(Schema):
    organization_id: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(200, ge=1, le=1000)


FIGURES = ("members", "owed", "paid", "exempt", "reduced", "unpaid", "remitted", "received")


def _figures(row: dict | None) -> dict:
    row = row or {}
    owed, paid = row.get("owed") or 0, row.get("paid") or 0
    return {"owed": owed, "collected": paid, "remitted": row.get("remitted") or 0,
            "received": row.get("received") or 0, "outstanding": max(0, owed - paid),
            "exempt": row.get("exempt") or 0, "reduced": row.get("reduced") or 0}


@router.get("/summary", summary="Đảng phí phải thu, đã thu, đã nộp cấp trên, còn thiếu của một tổ chức và từng tổ "
                                "chức trực thuộc trong kỳ (theo tháng)")
def get_summary(request, f: Query[DuesSummaryQuery]):
    org = webscope.access_organization(request.auth, f.organization_id)
    now = today().replace(day=1)
    start = (f.date_from or now.replace(month=1)).replace(day=1)
    end = (f.date_to or now).replace(day=1)
    if end < start:
        raise ValidationError({"date_to": ["Đến ngày: phải sau Từ ngày."]})
    if (end.year - start.year) * 12 + end.month - start.month >= MONTHS_MAX:
        raise ValidationError({"date_to": [f"Kỳ tổng hợp: tối đa {MONTHS_MAX} tháng."]})
    children = Organization.objects.filter(parent=org).order_by("sort_key", "id")
    first = (f.page - 1) * f.page_size
    page = list(children.values("pk", "name")[first:first + f.page_size])
    ids = [org.pk] + [c["pk"] for c in page]
    sums = {r["organization_id"]: r for r in DuesTotal.objects.filter(
        organization_id__in=ids, month__gte=start, month__lte=end).values("organization_id").annotate(
        **{name: Sum(name) for name in FIGURES})}
    count = first + len(page) if len(page) < f.page_size and (page or f.page == 1) else children.count()
    return {"organization_id": org.pk, "organization_name": org.name, "date_from": start, "date_to":
            (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
            **_figures(sums.get(org.pk)),
            "items": [{"organization_id": c["pk"], "organization_name": c["name"], **_figures(sums.get(c["pk"]))}
                      for c in page], "count": count}


# ---------------------------------------------------------------------------------------------------------- flags

class DuesFlagsQuery(Schema):
    organization_id: int
    year: int | None = None
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(200, ge=1, le=1000)


@router.get("/unpaid-flags", summary="Đảng viên không nộp đảng phí trong năm không có lý do, từ số tháng "
                                     "của quy định của năm (dữ liệu quy tắc đảng phí), kèm các tháng")
def get_unpaid_flags(request, f: Query[DuesFlagsQuery]):
    org = webscope.access_organization(request.auth, f.organization_id)
    year, page, page_size = f.year or today().year, f.page, f.page_size
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": ["Năm: phải trong khoảng 1990–2100."]})
    return {"year": year, "organization_id": org.pk, "count": queries.unpaid_flags_count(org, year),
            "items": queries.unpaid_flags(org, year, limit=page_size, offset=(page - 1) * page_size)}


# ---------------------------------------------------------------------------------------------------------- basis

class DuesBasisIn(Schema):
    group: str
    amount: int
    from_month: str
    region: str = ""
    note: str = ""


def basis_out(b: DuesBasis | None, member_id: int) -> dict:
    if b is None:
        return {"member_id": member_id, "group": None, "amount": None, "from_month": None, "region": "",
                "confirmed": False, "confirmed_at": None, "version": None}
    return {"member_id": member_id, "id": b.pk, "group": b.group, "amount": b.amount,
            "from_month": f"{b.from_month:%Y-%m}", "region": b.region, "confirmed": b.confirmed_at is not None,
            "confirmed_at": b.confirmed_at, "note": b.note, "version": b.version}


@basis_router.get("", summary="Căn cứ đóng đảng phí của đảng viên: mức đang áp dụng (đã xác nhận) và các lần khai")
def get_basis(request, member_id: Path[Id]):
    member = webscope.access_member(request.auth, member_id, "view")
    month = today().replace(day=1)
    rows = list(DuesBasis.objects.filter(member=member).order_by("-from_month", "-id")[:60])
    current = next((b for b in rows if b.confirmed_at is not None and b.from_month <= month), None)
    out = basis_out(current or (rows[0] if rows else None), member.pk)
    out["items"] = [basis_out(b, member.pk) for b in rows]
    return out


@basis_router.put("", summary="Khai (đảng viên) hoặc ghi (chi bộ, văn phòng) căn cứ đóng đảng phí từ một tháng")
def put_basis(request, member_id: Path[Id], payload: DuesBasisIn):
    user = request.auth
    member = webscope.access_member(user, member_id, "report")
    b = basis.set_basis(user, member, group=payload.group, amount=payload.amount,
                        from_month=_month(payload.from_month, "from_month"), region=payload.region, note=payload.note)
    return basis_out(b, member.pk)


# ---------------------------------------------------------------------------------------------------------- a member

@router.get("/members/{member_id}", summary="Đảng phí của một đảng viên: các tháng (phải nộp, đã nộp, biên lai), căn "
                                             "cứ đóng, miễn giảm; đảng viên xem của chính mình")
def get_member_dues(request, member_id: Id, year: int | None = None):
    member = webscope.access_member(request.auth, member_id, "view")
    if year is not None and not 1930 <= year <= 2100:
        raise ValidationError({"year": ["Năm: phải trong khoảng 1930–2100."]})
    return queries.member_dues(member, year)
