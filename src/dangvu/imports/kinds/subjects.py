"""Who a row of past results or discipline decisions is about: a member (by CCCD, card number, or full name and
date of birth) or an organisation (by code or name path), inside the importer's scope. Shared by the kinds
``review_results`` and ``disciplines``."""

from __future__ import annotations

from dangvu.core import vntext
from dangvu.members.models import Member

from .. import cleaners
from .base import RowContext, RowError

MEMBER_FIELDS = ("national_id", "card_number", "full_name", "birth_date")


def aliases(values: dict) -> dict:
    """{search key of an alias: code} from {code: [aliases]} (alias data of a kind's JSON)."""
    out = {}
    for code, names in values.items():
        for name in [code, *names]:
            out[vntext.search_key(name)] = code
            out[vntext.search_key(name).replace(" ", "")] = code
    return out


def about_member(ctx: RowContext, values) -> bool:
    return any(ctx.value(values, f) not in ("", None) for f in MEMBER_FIELDS if ctx.mapped(f))


def _one(qs):
    return next(iter(qs.select_related("organization").order_by()[:1]), None)


def find_member(ctx: RowContext, values) -> Member:
    """The member a row names; RowError when missing, ambiguous, outside the scope or not matching its name."""
    raw_id, raw_card = ctx.value(values, "national_id"), ctx.value(values, "card_number")
    name = cleaners.person_name(ctx.value(values, "full_name")) if ctx.mapped("full_name") else ""
    column = ctx.label("national_id")
    try:
        if raw_id not in ("", None):
            which, digits = cleaners.identity_number(raw_id)
            m = _one(Member.objects.filter(**{"national_id" if which == "cccd" else "former_id": digits}))
        elif raw_card not in ("", None):
            column = ctx.label("card_number")
            m = _one(Member.objects.filter(card_number=cleaners.card_number(raw_card)))
        elif name and ctx.value(values, "birth_date") not in ("", None):
            column = ctx.label("full_name")
            m = _by_name(ctx, values, name)
        else:
            raise RowError(column, "Ghi số CCCD, số thẻ đảng viên, hoặc họ tên và ngày sinh để nhận ra đảng viên.")
    except cleaners.CleanError as exc:
        raise RowError(column if raw_id in ("", None) else ctx.label("national_id"), exc.message) from None
    if m is None:
        raise RowError(column, "Không tìm thấy đảng viên này trong cơ sở dữ liệu: nhập đảng viên trước "
                               "(loại dữ liệu «Đảng viên»).")
    if not ctx.in_scope(m.organization):
        raise RowError(column, f"Đảng viên “{m.full_name}” sinh hoạt ở tổ chức ngoài phạm vi của bạn.")
    if name and vntext.search_key(name) != m.search_key:
        raise RowError(ctx.label("full_name"), f"Họ và tên “{name}” không khớp lý lịch (“{m.full_name}”).")
    return m


def _by_name(ctx, values, name) -> Member | None:
    born = ctx.date(values, "birth_date")
    if born.precision != "day":
        raise RowError(ctx.label("birth_date"), "Ngày sinh: cần đủ ngày, tháng, năm để nhận ra đảng viên theo họ tên.")
    found = list(Member.objects.filter(search_key=vntext.search_key(name), birth_date=born.first_day(),
                                       org_path__startswith=ctx.scope.path).select_related("organization")[:3])
    if len(found) > 1:
        raise RowError(ctx.label("full_name"), f"Có {len(found)} đảng viên tên “{name}” cùng ngày sinh trong phạm vi: "
                                               "ghi số CCCD hoặc số thẻ đảng viên.")
    return found[0] if found else None


def find_organization(ctx: RowContext, values):
    ref = ctx.text(values, "organization")
    if not ref:
        raise RowError(ctx.label("national_id"), "Ghi số CCCD, số thẻ hoặc họ tên và ngày sinh (kết quả của đảng "
                                                 "viên), hoặc mã, tên tổ chức đảng (kết quả của tổ chức).")
    return ctx.find_org(ref, ctx.label("organization"))
