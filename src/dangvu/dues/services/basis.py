"""The basis of a member's dues: reported by the member (or his chi bộ), confirmed by the chi bộ secretary or the
office. Lines already made for the months it covers are computed again once it is confirmed."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, check_version, lock, text

from .. import access, rulesets
from ..models import DuesBasis, Group, Region
from . import owed as owed_service
from ._common import check_member_month, first_of, member_for, parse_amount, parse_month, shown

WITH_AMOUNT = (Group.INSURED, Group.PENSIONER, Group.ABROAD)


@transaction.atomic
def set_basis(actor, member, *, group, amount, from_month, region="", note="", confirm=False,
              version=None) -> DuesBasis:
    """Report the basis from a month (a new one, or the one already reported for that month, changed: its
    confirmation then starts again). The member himself may report; the office or the secretary of his chi bộ
    too, and with confirm=True they confirm it at once."""
    m = member_for(actor, member, "report")
    errors = Errors()
    month = parse_month(errors, "from_month", "Áp dụng từ tháng", from_month)
    if group not in Group.values:
        errors.add("group", "Nhóm đối tượng: chọn một trong các nhóm "
                            + ", ".join(f"«{label}»" for label in Group.labels) + ".")
    rs = rulesets.in_force(month)
    amount = parse_amount(errors, "amount", "Căn cứ đóng", amount, maximum=int(rs["basis_max"]))
    if amount is not None and group in WITH_AMOUNT and amount == 0:
        errors.add("amount", "Căn cứ đóng: nhập tiền lương, lương hưu hoặc thu nhập làm căn cứ (lớn hơn 0).")
    region = (region or "").strip().upper()
    if group == Group.OTHER and region not in Region.values:
        errors.add("region", "Vùng lương tối thiểu: chọn vùng I, II, III hoặc IV cho nhóm đảng viên khác.")
    elif group != Group.OTHER:
        region = ""
    note = text(errors, "note", "Ghi chú", note, 500)
    if month is not None:
        check_member_month(errors, "from_month", m, month)
        if month > dates.add_months(first_of(dates.today()), 12):
            errors.add("from_month", f"Áp dụng từ tháng: không quá 12 tháng sau tháng này ({shown(month)}).")
    errors.raise_if_any()
    if confirm and not access.can(actor, m.organization, "manage"):
        raise Http404("Không tìm thấy đảng viên trong phạm vi của đồng chí.")
    if group in (Group.STUDENT, Group.OTHER):
        amount = amount or 0
    row = DuesBasis.objects.filter(member=m, from_month=month).first()
    values = {"group": group, "amount": amount, "region": region, "note": note,
              "reported_by": actor if getattr(actor, "pk", None) else None, "reported_at": dates.now(),
              "confirmed_by": None, "confirmed_at": None}
    if row is None:
        row = DuesBasis.objects.create(member=m, from_month=month, **values)
        audit.record(actor, row, "dues_basis", after=audit.snapshot(row),
                     note=f"Khai căn cứ đóng đảng phí của {m.full_name} từ tháng {shown(month)}")
    else:
        row = lock(DuesBasis, row)
        check_version(row, version)
        before = audit.snapshot(row)
        was_confirmed = row.confirmed_at is not None
        for k, v in values.items():
            setattr(row, k, v)
        bump(row)
        audit.record(actor, row, "dues_basis", before=before, after=audit.snapshot(row),
                     note=f"Sửa căn cứ đóng đảng phí của {m.full_name} từ tháng {shown(month)}")
        if was_confirmed:
            owed_service.refresh_member(m, month)
    if confirm:
        return confirm_basis(actor, row)
    return row


@transaction.atomic
def confirm_basis(actor, basis, version=None) -> DuesBasis:
    """The chi bộ secretary or the office confirms a reported basis; the member's lines already made from its month
    are computed again."""
    pk = getattr(basis, "pk", basis)
    if actor is not None:
        access.access_basis(actor, pk, "manage")
    row = lock(DuesBasis, pk, related=("member",))
    check_version(row, version)
    if row.confirmed_at is not None:
        Errors.one("basis", f"Căn cứ đóng đảng phí từ tháng {shown(row.from_month)} đã được xác nhận ngày "
                            f"{dates.format_date(row.confirmed_at)}.").raise_if_any()
    before = audit.snapshot(row)
    row.confirmed_by = actor if getattr(actor, "pk", None) else None
    row.confirmed_at = dates.now()
    bump(row)
    audit.record(actor, row, "dues_basis_confirm", before=before, after=audit.snapshot(row),
                 note=f"Xác nhận căn cứ đóng đảng phí của {row.member.full_name} từ tháng {shown(row.from_month)}")
    owed_service.refresh_member(row.member, row.from_month)
    return row
