"""Rules, checks and helpers shared by the member services."""

import re

from django.http import Http404

from dangvu.core import audit, rules, vntext
from dangvu.core.dates import add_months, full_years, today
from dangvu.core.services import Errors, check_version, lock
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from .. import rulesets
from ..models import Gender, Member, TheoryLevel

# Fields of the member CV that create_member / update_member accept.
TEXT_FIELDS = (
    "full_name", "birth_name", "birth_place", "hometown", "residence", "ethnicity", "religion",
    "general_education", "qualification", "profession", "job_title", "card_number",
)
CV_FIELDS = (
    "full_name", "birth_name", "gender", "birth_date", "birth_place", "hometown", "residence", "ethnicity",
    "religion", "national_id", "general_education", "qualification", "profession", "job_title",
    "theory_level", "admitted_on", "official_on", "card_number",
)


def label(field: str) -> str:
    return audit.field_label(Member, field)


def party_age(member, on=None) -> int:
    """Full years since admission (tuổi đảng)."""
    return full_years(member.admitted_on, on or today())


def confirmation_deadline(member):
    """Last day to review a probationary member: the rule's working days after the probation ends (the rule set in
    force on that day)."""
    from dangvu.core.dates import add_working_days

    end = probation_end(member)
    return add_working_days(end, rulesets.in_force(end)["confirmation_review_working_days"])


def check_late(errors: Errors, *, on, due, late_reason: str, what: str, field: str = "late_reason") -> str:
    """A step after its deadline needs a reason (lý do chậm): the cleaned reason, or an error on field."""
    reason = (vntext.nfc(late_reason) or "").strip()
    if len(reason) > 500:
        errors.add(field, "Lý do chậm: tối đa 500 ký tự.")
    if on and due and on > due and not reason:
        errors.add(field, f"Lý do chậm: {what} quá hạn ({due:%d/%m/%Y}); ghi lý do chậm.")
    return reason


def probation_end(member_or_admitted_on):
    """The day the probation ends, which is the day the member becomes official."""
    admitted_on = getattr(member_or_admitted_on, "admitted_on", member_or_admitted_on)
    return add_months(admitted_on, rulesets.in_force(admitted_on)["probation_months"])


# --------------------------------------------------------------------------------------------
# validation


def _clean_text(data: dict) -> None:
    for name in TEXT_FIELDS:
        if name in data:
            data[name] = vntext.nfc(data[name]) or ""
    if "national_id" in data:
        value = vntext.nfc(data["national_id"]) or ""
        data["national_id"] = value.replace(" ", "") or None


_MAX_LENGTHS: dict = {}  # field -> max_length, read from the model once


def _check_lengths(data: dict, errors: Errors) -> None:
    if not _MAX_LENGTHS:
        _MAX_LENGTHS.update((name, Member._meta.get_field(name).max_length) for name in TEXT_FIELDS)
    for name in TEXT_FIELDS:
        value = data.get(name)
        max_length = _MAX_LENGTHS[name]
        if value and len(value) > max_length:
            errors.add(name, f"{label(name)}: tối đa {max_length} ký tự.")


_GENDERS = frozenset(Gender.values)  # the choices' values, read once (``.values`` builds a list per call)
_THEORY_LEVELS = frozenset(TheoryLevel.values)


def _validate_cv(data: dict, errors: Errors, member=None, *, taken=None, checked=False) -> None:
    """Checks on the CV fields in data (already cleaned); member is the record being edited.

    Formats (CCCD, card number) are checked on new values only: a legacy value that the rules of
    today would refuse does not block the correction of another field. ``taken`` ({CCCD: member id}),
    when given, answers whether a CCCD is already someone's instead of a query per member (the bulk
    services read it once for a batch). ``checked``: these very values passed all of these checks today,
    under the rule data in force now (an import's check, whose apply writes what it checked): they are
    functions of the values, the day and the rule data, so only what depends on the registry is asked
    again — whether the CCCD is someone else's by now.
    """
    if checked:
        national_id = data.get("national_id")
        if national_id and (member is None or national_id != member.national_id):
            _check_taken(national_id, errors, member, taken)
        return
    day = today()
    _check_lengths(data, errors)
    for name in ("full_name", "birth_name"):
        problem = vntext.name_problem(data.get(name), label(name))
        if problem:
            errors.add(name, problem)
    if not data.get("full_name"):
        errors.add("full_name", "Họ và tên: không được để trống.")
    if data.get("gender") not in _GENDERS:
        errors.add("gender", "Giới tính: chọn Nam hoặc Nữ.")
    if data.get("theory_level") not in _THEORY_LEVELS:
        errors.add("theory_level", "Lý luận chính trị: giá trị không hợp lệ.")
    birth_date, admitted_on, official_on = data.get("birth_date"), data.get("admitted_on"), data.get("official_on")
    if not birth_date:
        errors.add("birth_date", "Ngày sinh: không được để trống.")
    elif birth_date > day:
        errors.add("birth_date", "Ngày sinh: không được sau ngày hôm nay.")
    if not admitted_on:
        errors.add("admitted_on", "Ngày vào Đảng: không được để trống.")
    else:
        try:
            rs = rulesets.in_force(admitted_on)
        except rules.RuleNotFound:
            errors.add("admitted_on", "Ngày vào Đảng: không hợp lệ (trước ngày thành lập Đảng 03/02/1930).")
            rs = None
        if admitted_on > day:
            errors.add("admitted_on", "Ngày vào Đảng: không được sau ngày hôm nay.")
        if rs and birth_date and "birth_date" not in errors:
            min_age = rs["admission_min_age_years"]
            if full_years(birth_date, admitted_on) < min_age:
                errors.add(
                    "admitted_on", f"Ngày vào Đảng: đảng viên phải đủ {min_age} tuổi khi được kết nạp."
                )
        if rs and official_on and "admitted_on" not in errors:
            earliest = add_months(admitted_on, rs["probation_months"])
            if official_on < admitted_on:
                errors.add("official_on", "Ngày chính thức: không được trước ngày vào Đảng.")
            elif official_on < earliest:
                errors.add(
                    "official_on",
                    f"Ngày chính thức: chưa hết {rs['probation_months']} tháng dự bị "
                    f"(sớm nhất là ngày {earliest:%d/%m/%Y}).",
                )
    if official_on and official_on > day:
        errors.add("official_on", "Ngày chính thức: không được sau ngày hôm nay.")
    current = rulesets.in_force(day)
    national_id = data.get("national_id")
    if national_id and (member is None or national_id != member.national_id):
        spec = current["national_id"]
        if not re.fullmatch(spec["pattern"], national_id):
            errors.add("national_id", spec["message"])
        else:
            _check_taken(national_id, errors, member, taken)
    card = data.get("card_number")
    if card and (member is None or card != member.card_number):
        spec = current["card_number"]
        if not re.fullmatch(spec["pattern"], card):
            errors.add("card_number", spec["message"])


def _check_taken(national_id: str, errors: Errors, member, taken) -> None:
    if taken is not None:
        owner = taken.get(national_id)
        exists = owner is not None and (member is None or owner != member.pk)
    else:
        others = Member.objects.filter(national_id=national_id)
        if member is not None:
            others = others.exclude(pk=member.pk)
        exists = others.exists()
    if exists:
        errors.add("national_id", "Số CCCD đã có ở đảng viên khác.")


def _check_cell(org, errors: Errors, field="organization", label_text="Chi bộ sinh hoạt") -> None:
    if org is None:
        errors.add(field, f"{label_text}: không được để trống.")
    elif org.kind not in CELL_KINDS or org.status != OrgStatus.ACTIVE:
        errors.add(
            field,
            f"{label_text}: đảng viên chỉ sinh hoạt ở chi bộ đang hoạt động (chi bộ cơ sở hoặc chi bộ trực thuộc).",
        )


def _check_day(on, errors: Errors, member=None, field="on", label_text="Ngày") -> None:
    if not on:
        errors.add(field, f"{label_text}: không được để trống.")
        return
    if on > today():
        errors.add(field, f"{label_text}: không được sau ngày hôm nay.")
    if member is not None and on < member.admitted_on:
        errors.add(field, f"{label_text}: không được trước ngày vào Đảng ({member.admitted_on:%d/%m/%Y}).")
    elif member is not None:
        # the timeline stays in order: a new step cannot predate the last one recorded
        last = member.events.order_by("-on").values_list("on", flat=True).first()
        if last and on < last:
            errors.add(field, f"{label_text}: không được trước sự kiện gần nhất trong quá trình sinh hoạt ({last:%d/%m/%Y}).")


def _authorize(actor, org) -> None:
    """The actor may change members of org (actor None = the system: imports, commands)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or org is None:
        return
    if not reach(actor).can(org, "change"):
        raise Http404("Không tìm thấy.")


def _lock_org(org) -> Organization:
    if org is None:
        return None
    if not isinstance(org, Organization):
        org = Organization.objects.filter(pk=org).first()
        if org is None:
            return None
    return lock(Organization, org)


def _lock_member(actor, member, version=None) -> Member:
    locked = lock(Member, member, related=("organization",))
    _authorize(actor, locked.organization)  # out of reach answers 404 before a stale version answers 409
    check_version(locked, version)
    return locked


def _sync(target: Member, source: Member) -> Member:
    """Copy the saved state into the caller's instance too, so that it is not left stale."""
    if isinstance(target, Member) and target is not source:
        for field in Member._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


