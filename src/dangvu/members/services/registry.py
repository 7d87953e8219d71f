"""Create members and edit their CV."""

from collections import Counter

from django.db import transaction

from dangvu.core import audit, vntext
from dangvu.core.services import Errors, bump

from .. import movements
from .. import stats as member_stats
from ..models import EventKind, Member, MemberEvent, Placement, Status, TheoryLevel
from ..signals import member_renamed
from ._common import (
    CV_FIELDS,
    _authorize,
    _check_cell,
    _clean_text,
    _lock_member,
    _lock_org,
    _sync,
    _validate_cv,
)

# --------------------------------------------------------------------------------------------
# registry


def _checked_new(actor, organization, status, *, lock, taken=None, checked=False, **fields):
    """(cleaned data, chi bộ, status) of a new member, or the ValidationError create_member would raise.
    ``taken``: {CCCD: member id} read in bulk by the caller (``_validate_cv``); ``lock=None``: the chi bộ is
    an Organization the caller has already locked (or read); ``checked``: as in ``_validate_cv`` (the chi bộ,
    the actor's reach, the CCCD and the status are checked all the same)."""
    cv = {k: v for k, v in fields.items() if k not in ("official_on", "national_id", "theory_level")}
    unknown = set(cv) - set(CV_FIELDS)
    if unknown:
        raise TypeError(f"create_member: unknown fields {sorted(unknown)}")
    official_on = fields.get("official_on")
    data = dict(cv, official_on=official_on, national_id=fields.get("national_id"),
                theory_level=fields.get("theory_level") or TheoryLevel.NONE)
    _clean_text(data)
    errors = Errors()
    if lock is None:
        org = organization
    else:
        org = _lock_org(organization) if lock else _find_org(organization)
    _authorize(actor, org)
    _check_cell(org, errors)
    _validate_cv(data, errors, taken=taken, checked=checked)
    if status in (None, ""):
        status = Status.FULL if official_on else Status.PROBATIONARY
    elif status not in Status.values:
        errors.add("status", "Trạng thái: giá trị không hợp lệ.")
    elif status == Status.PROBATIONARY and official_on:
        errors.add("status", "Trạng thái: đảng viên dự bị chưa có ngày chính thức.")
    elif status in (Status.FULL, Status.EXEMPT) and not official_on:
        errors.add("official_on", "Ngày chính thức: cần nhập với đảng viên không còn dự bị.")
    errors.raise_if_any()
    return data, org, status


def _find_org(organization):
    from dangvu.organizations.models import Organization

    if organization is None or isinstance(organization, Organization):
        return organization
    return Organization.objects.filter(pk=organization).first()


def check_new_member(actor, *, organization, status=None, **fields) -> None:
    """Raise the ValidationError that create_member would raise for these values, writing nothing (an
    import's preview checks every row this way before anything is written)."""
    _checked_new(actor, organization, status, lock=False, **fields)


@transaction.atomic
def create_member(
    actor,
    *,
    organization,
    full_name,
    gender,
    birth_date,
    admitted_on,
    official_on=None,
    status=None,
    national_id=None,
    theory_level=TheoryLevel.NONE,
    user=None,
    decision="",
    **cv,
) -> Member:
    """Admit (or register) a member in a chi bộ."""
    data, org, status = _checked_new(actor, organization, status, full_name=full_name, gender=gender,
                                     birth_date=birth_date, admitted_on=admitted_on, official_on=official_on,
                                     national_id=national_id, theory_level=theory_level, lock=True, **cv)
    official_on = data["official_on"]

    member = Member(
        **data,
        organization=org,
        status=status,
        status_changed_on=official_on if status == Status.FULL else admitted_on,
        user=user,
        org_path=org.path,
        search_key=vntext.search_key(data["full_name"]),
        sort_key=vntext.sort_key(data["full_name"]),
    )
    member.save()
    Placement.objects.create(member=member, organization=org, started_on=admitted_on)
    events = [MemberEvent.objects.create(
        member=member, kind=EventKind.ADMISSION, on=admitted_on, status_after=Status.PROBATIONARY,
        organization_after=org, decision=vntext.nfc(decision) or "",
    )]
    if official_on:
        events.append(MemberEvent.objects.create(
            member=member, kind=EventKind.CONFIRMATION, on=official_on, status_before=Status.PROBATIONARY,
            status_after=Status.FULL, organization_before=org, organization_after=org,
        ))
    movements.record(*events)
    member_stats.apply_change(Counter(), None, member_stats.member_keys(member), member.org_path)
    audit.record(actor, member, "create", before=None, after=audit.snapshot(member))
    return member


@transaction.atomic
def update_member(actor, member, *, version, **fields) -> Member:
    """Correct the CV fields of a member (not the status nor the chi bộ: use the lifecycle)."""
    unknown = set(fields) - set(CV_FIELDS)
    if unknown:
        raise TypeError(f"update_member: unknown fields {sorted(unknown)}")
    m = _lock_member(actor, member, version)
    before = audit.snapshot(m)
    before_keys = member_stats.member_keys(m)
    data = checked_update(m, fields)

    old_name = (m.full_name, m.sort_key)
    for name, value in data.items():
        setattr(m, name, value)
    m.search_key, m.sort_key = vntext.person_name_keys(m.full_name).values()
    bump(m)
    if (m.full_name, m.sort_key) != old_name:
        member_renamed.send(sender=Member, member_ids=[m.pk])
    member_stats.apply_change(before_keys, m.org_path, member_stats.member_keys(m), m.org_path)
    after = audit.snapshot(m)
    if after != before:
        audit.record(actor, m, "update", before=before, after=after)
    return _sync(member, m)




def checked_update(m: Member, fields: dict, *, taken=None) -> dict:
    """The CV of m with fields changed, cleaned, or the ValidationError update_member would raise (nothing
    written). ``taken`` as in ``_validate_cv``."""
    data = {name: getattr(m, name) for name in CV_FIELDS}
    data.update(fields)
    if not data.get("theory_level"):
        data["theory_level"] = TheoryLevel.NONE
    _clean_text(data)
    errors = Errors()
    _validate_cv(data, errors, member=m, taken=taken)
    if m.status == Status.PROBATIONARY and data.get("official_on"):
        errors.add("official_on", "Ngày chính thức: đảng viên dự bị được công nhận chính thức bằng thao tác "
                                  "«Chuyển đảng chính thức».")
    elif m.status != Status.PROBATIONARY and not data.get("official_on") and m.official_on:
        errors.add("official_on", "Ngày chính thức: không được xóa khi đảng viên đã chính thức.")
    errors.raise_if_any()
    return data


def checked_import_details(m: Member, *, date_precision=None, former_id=None) -> tuple[dict, str]:
    """(precision, former ID) that record_import_details would write, or its ValidationError."""
    errors = Errors()
    precision = {k: v for k, v in (date_precision or {}).items() if v in ("month", "year")}
    if set(precision) - {"birth_date", "admitted_on", "official_on"}:
        errors.add("date_precision", "Độ chính xác của ngày: chỉ áp dụng cho ngày sinh, ngày vào Đảng, ngày chính thức.")
    former = (vntext.nfc(former_id) or "") if former_id is not None else m.former_id
    if former and not (former.isdigit() and len(former) == 9):
        errors.add("former_id", "Số CMND cũ: phải gồm đúng 9 chữ số.")
    errors.raise_if_any()
    return precision, former


@transaction.atomic
def record_import_details(actor, member, *, date_precision=None, former_id=None, note="") -> Member:
    """What an import knows beyond the CV fields: which dates are known to the month or the year only
    ({"birth_date": "month"}), and the 9-digit identity card (CMND) kept as a former ID. Audited; nothing
    written when nothing changes."""
    m = _lock_member(actor, member)
    precision, former = checked_import_details(m, date_precision=date_precision, former_id=former_id)
    if precision == (m.date_precision or {}) and former == m.former_id:
        return m
    before = audit.snapshot(m)
    m.date_precision, m.former_id = precision, former
    bump(m)
    audit.record(actor, m, "update", before=before, after=audit.snapshot(m), note=note)
    return _sync(member, m)
