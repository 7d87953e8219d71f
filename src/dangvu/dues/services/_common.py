"""What the dues services share: months as users type them, the member's months in the Party, the audit labels."""

import datetime as dt
import re

from django.http import Http404

from dangvu.core import audit, dates, history
from dangvu.core.services import Errors
from dangvu.members.models import Member, Status

from .. import access

audit.register_actions({
    "dues_basis": "Khai căn cứ đóng đảng phí",
    "dues_basis_confirm": "Xác nhận căn cứ đóng đảng phí",
    "dues_relief": "Miễn, giảm đảng phí",
    "dues_generate": "Lập sổ thu đảng phí tháng",
    "dues_payment": "Ghi nhận nộp đảng phí",
    "dues_cancel": "Hủy khoản nộp đảng phí",
    "dues_excuse": "Ghi nhận lý do chưa nộp đảng phí",
    "dues_remit": "Nộp đảng phí lên cấp trên",
    "dues_receipt": "Xác nhận nhận đảng phí của cấp dưới",
})

# how a history panel reads the months (kept as their first day) and the amounts of đồng
for _model, _fields in {
    "dues.duesbasis": ("from_month", "amount"), "dues.duesrelief": ("from_month", "to_month"),
    "dues.duesline": ("month", "owed", "paid", "voluntary"), "dues.duespayment": ("amount",),
    "dues.duesremittance": ("month", "amount"), "dues.duestotal": ("month",),
}.items():
    for _field in _fields:
        history.register_format(_model, _field, history.month_text if "month" in _field else history.dong_text)


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return dates.add_months(month, 1) - dt.timedelta(days=1)


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from month a to month b (b - a)."""
    return (b.year - a.year) * 12 + b.month - a.month


def shown(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def money(n: int) -> str:
    return f"{int(n):,}".replace(",", ".") + " đ"


def parse_month(errors: Errors, field: str, label: str, value, *, required: bool = True) -> dt.date | None:
    """A month from a date (its first day) or "YYYY-MM" / "YYYY-MM-DD"; None (with an error) otherwise."""
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return first_of(value)
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})(?:-\d{2})?\s*", str(value))
    if m and 1 <= int(m.group(2)) <= 12 and int(m.group(1)) >= 1900:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    errors.add(field, f"{label}: tháng không hợp lệ (dạng YYYY-MM).")
    return None


def parse_amount(errors: Errors, field: str, label: str, value, *, positive: bool = False, maximum=None) -> int | None:
    """An integer of đồng (never a float with a fraction); None (with an error) when it is not one."""
    if isinstance(value, bool) or value in (None, ""):
        errors.add(field, f"{label}: không được để trống.")
        return None
    try:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError
            value = int(value)
        n = int(str(value).strip().replace(".", "").replace(" ", "")) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        errors.add(field, f"{label}: phải là một số nguyên đồng.")
        return None
    if n < 0:
        errors.add(field, f"{label}: không được âm.")
        return None
    if positive and n == 0:
        errors.add(field, f"{label}: phải lớn hơn 0.")
        return None
    if maximum is not None and n > maximum:
        errors.add(field, f"{label}: {money(n)} vượt quá mức hợp lý ({money(maximum)}); kiểm tra lại số đã nhập.")
        return None
    return n


def left_month(member: Member) -> dt.date | None:
    """The month the member left the Party's life (transfer out, death, removal, expulsion), None while active."""
    if member.status in Status.active() or member.status_changed_on is None:
        return None
    return first_of(member.status_changed_on)


def check_member_month(errors: Errors, field: str, member: Member, month: dt.date) -> bool:
    """The month lies in the member's life in the Party: not before the month of admission, not after he left."""
    if month < first_of(member.admitted_on):
        errors.add(field, f"Tháng {shown(month)}: trước tháng vào Đảng của đồng chí {member.full_name} "
                          f"({shown(first_of(member.admitted_on))}).")
        return False
    left = left_month(member)
    if left is not None and month > left:
        errors.add(field, f"Tháng {shown(month)}: sau khi đồng chí {member.full_name} thôi sinh hoạt đảng "
                          f"({member.get_status_display().lower()} từ {member.status_changed_on:%d/%m/%Y}).")
        return False
    if member.status not in Status.active() and member.status_changed_on is None:
        errors.add(field, f"Đồng chí {member.full_name} không còn sinh hoạt đảng.")
        return False
    return True


def member_for(actor, member, action: str) -> Member:
    """The member (instance or id) in the actor's scope for action, else 404 (the system: actor None)."""
    pk = getattr(member, "pk", member)
    if actor is None:
        try:
            return Member.objects.select_related("organization").get(pk=int(pk))
        except (Member.DoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404("Không tìm thấy đảng viên.")
    return access.access_member(actor, pk, action)
