"""Terms, committee members with their positions, and duty assignments."""


from django.db import transaction
from django.db.models import Q

from dangvu.core import audit, vntext
from dangvu.core.services import Errors, bump

from .. import terms
from ..models import (
    Assignment,
    CommitteeMember,
    Organization,
    Position,
    Term,
)
from ._common import (
    UNSET,
    _authorize,
    _check_date,
    _check_version,
    _clean_name,
    _day,
    _lock,
)


def _overlapping(org, start, end, exclude=None):
    qs = org.terms.all()
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    if end is not None:
        qs = qs.filter(started_on__lte=end)
    return qs.order_by("started_on").first()


def _check_term(org, name, started_on, ended_on, errors, exclude=None):
    _check_date(started_on, "started_on", "Ngày bắt đầu (đại hội)", errors, required=True, not_future=False)
    if ended_on is not None:
        _check_date(ended_on, "ended_on", "Ngày kết thúc", errors, not_future=False)
    if "started_on" in errors or "ended_on" in errors:
        return
    if ended_on is not None and ended_on < started_on:
        errors.add("ended_on", "Ngày kết thúc: không được trước ngày bắt đầu.")
        return
    other = _overlapping(org, started_on, ended_on, exclude)
    if other is not None:
        span = f"{_day(other.started_on)} – {_day(other.ended_on) if other.ended_on else 'nay'}"
        errors.add("started_on", (
            f"Ngày bắt đầu (đại hội): trùng thời gian với {other} ({span}); một nhiệm kỳ phải kết thúc "
            "trước khi nhiệm kỳ sau bắt đầu."
        ))


@transaction.atomic
def create_term(actor, organization, *, name, started_on, ended_on=None, seats=None):
    org = _lock(Organization, organization)
    _authorize(actor, org)
    errors = Errors()
    name = _clean_name(name, errors, label="Tên nhiệm kỳ", max_length=100)
    if not org.is_active:
        errors.add("__all__", f"Tổ chức “{org.name}” không còn hoạt động.")
    _check_term(org, name, started_on, ended_on, errors)
    _check_seats(seats, errors)
    errors.raise_if_any()
    term = Term.objects.create(organization=org, name=name, started_on=started_on, ended_on=ended_on, seats=seats)
    audit.record(actor, term, "create", after=audit.snapshot(term))
    terms.refresh(org)
    return term


def _check_seats(seats, errors):
    if seats is not None and (not isinstance(seats, int) or isinstance(seats, bool) or not 1 <= seats <= 500):
        errors.add("seats", "Số lượng cấp ủy viên: phải là số nguyên từ 1 đến 500.")


@transaction.atomic
def update_term(actor, term, *, version, name=UNSET, started_on=UNSET, ended_on=UNSET, seats=UNSET):
    org = _lock(Organization, term.organization)
    term = _lock(Term, term)
    _authorize(actor, org)
    _check_version(term, version)
    errors = Errors()
    name = term.name if name is UNSET else _clean_name(name, errors, label="Tên nhiệm kỳ", max_length=100)
    started_on = term.started_on if started_on is UNSET else started_on
    ended_on = term.ended_on if ended_on is UNSET else ended_on
    seats = term.seats if seats is UNSET else seats
    _check_term(org, name, started_on, ended_on, errors, exclude=term)
    _check_seats(seats, errors)
    if not errors:
        outside = term.committee_members.filter(started_on__lt=started_on)
        if ended_on is not None:
            outside = term.committee_members.filter(Q(started_on__lt=started_on) | Q(started_on__gt=ended_on))
        if outside.exists():
            errors.add("started_on", "Ngày bắt đầu (đại hội): có cấp ủy viên bắt đầu ngoài thời gian của nhiệm kỳ.")
    errors.raise_if_any()
    before = audit.snapshot(term)
    term.name, term.started_on, term.ended_on, term.seats = name, started_on, ended_on, seats
    after = audit.snapshot(term)
    if after == before:
        return term
    bump(term)
    audit.record(actor, term, "update", before=before, after=after)
    terms.refresh(org)
    return term


def _close_term_rows(term, on):
    Assignment.objects.filter(committee_member__term=term, ended_on__isnull=True).update(ended_on=on)
    term.committee_members.filter(ended_on__isnull=True).update(ended_on=on)
    term.ended_on = on
    bump(term, ["ended_on"])


@transaction.atomic
def close_term(actor, term, *, on, version=None):
    term = _lock(Term, term)
    _authorize(actor, term.organization)
    _check_version(term, version)
    errors = Errors()
    _check_date(on, "on", "Ngày kết thúc", errors, required=True, not_future=False)
    if term.ended_on is not None:
        errors.add("__all__", f"{term} đã kết thúc ngày {_day(term.ended_on)}.")
    elif "on" not in errors and on < term.started_on:
        errors.add("on", f"Ngày kết thúc: không được trước ngày bắt đầu nhiệm kỳ ({_day(term.started_on)}).")
    elif "on" not in errors:
        later = term.organization.terms.filter(started_on__gt=term.started_on, started_on__lte=on).first()
        if later is not None:
            errors.add("on", f"Ngày kết thúc: phải trước ngày bắt đầu của {later} ({_day(later.started_on)}).")
    errors.raise_if_any()
    before = audit.snapshot(term)
    _close_term_rows(term, on)
    audit.record(actor, term, "update", before=before, after=audit.snapshot(term), note="Kết thúc nhiệm kỳ")
    terms.refresh(term.organization)
    return term


# --------------------------------------------------------------------------- committee and assignments


def _within_term(term, day, field, label, errors):
    if day < term.started_on or (term.ended_on is not None and day > term.ended_on):
        end = _day(term.ended_on) if term.ended_on else "nay"
        errors.add(field, f"{label}: phải trong thời gian của nhiệm kỳ ({_day(term.started_on)} – {end}).")


@transaction.atomic
def add_committee_member(actor, term, *, member, position, started_on):
    term = _lock(Term, term)
    org = term.organization
    _authorize(actor, org)
    errors = Errors()
    if member is None:
        errors.add("member", "Đảng viên: không được để trống.")
    elif not member.is_active:
        errors.add("member", f"Đảng viên: đồng chí {member} không còn sinh hoạt đảng ({member.get_status_display().lower()}).")
    elif not member.org_path.startswith(org.path):
        errors.add("member", f"Đảng viên: đồng chí {member} không sinh hoạt trong {org.name} hoặc tổ chức trực thuộc.")
    elif term.committee_members.filter(member=member, ended_on__isnull=True).exists():
        errors.add("member", f"Đảng viên: đồng chí {member} đã là cấp ủy viên trong nhiệm kỳ này.")
    if position not in Position.values:
        errors.add("position", "Chức vụ: giá trị không hợp lệ.")
    elif position == Position.SECRETARY:
        current = term.committee_members.filter(position=Position.SECRETARY, ended_on__isnull=True).first()
        if current is not None:
            errors.add("position", (
                f"Chức vụ: nhiệm kỳ đã có Bí thư (đồng chí {current.member}); "
                "hãy kết thúc chức vụ của đồng chí đó trước."
            ))
    _check_date(started_on, "started_on", "Từ ngày", errors, required=True, not_future=False)
    if "started_on" not in errors:
        _within_term(term, started_on, "started_on", "Từ ngày", errors)
    if term.ended_on is not None:
        errors.add("__all__", f"{term} đã kết thúc.")
    errors.raise_if_any()
    cm = CommitteeMember.objects.create(term=term, member=member, position=position, started_on=started_on)
    audit.record(actor, cm, "create", after=audit.snapshot(cm))
    terms.refresh(org)
    return cm


@transaction.atomic
def end_committee_member(actor, committee_member, *, on):
    cm = _lock(CommitteeMember, committee_member)
    _authorize(actor, cm.term.organization)
    errors = Errors()
    _check_date(on, "on", "Đến ngày", errors, required=True, not_future=False)
    if cm.ended_on is not None:
        errors.add("__all__", f"Chức vụ này đã kết thúc ngày {_day(cm.ended_on)}.")
    elif "on" not in errors and on < cm.started_on:
        errors.add("on", f"Đến ngày: không được trước ngày bắt đầu ({_day(cm.started_on)}).")
    elif "on" not in errors:
        _within_term(cm.term, on, "on", "Đến ngày", errors)
    errors.raise_if_any()
    before = audit.snapshot(cm)
    cm.assignments.filter(ended_on__isnull=True).update(ended_on=on)
    cm.ended_on = on
    cm.save(update_fields=["ended_on"])
    audit.record(actor, cm, "update", before=before, after=audit.snapshot(cm))
    terms.refresh(cm.term.organization)
    return cm


@transaction.atomic
def add_assignment(actor, committee_member, *, target=None, field="", started_on):
    cm = _lock(CommitteeMember, committee_member)
    org = cm.term.organization
    _authorize(actor, org)
    errors = Errors()
    field = vntext.nfc(field) or ""
    if (target is None) == (not field):
        errors.add("target", "Phụ trách: chọn đúng một trong hai — một tổ chức đảng hoặc một lĩnh vực.")
    elif target is not None:
        if not target.path.startswith(org.path):
            errors.add("target", f"Phụ trách tổ chức: “{target.name}” không thuộc {org.name}.")
        elif not target.is_active:
            errors.add("target", f"Phụ trách tổ chức: “{target.name}” không còn hoạt động.")
    elif len(field) > 200:
        errors.add("field", "Phụ trách lĩnh vực: không được dài quá 200 ký tự.")
    if cm.ended_on is not None:
        errors.add("__all__", "Cấp ủy viên này đã thôi giữ chức vụ.")
    _check_date(started_on, "started_on", "Từ ngày", errors, required=True, not_future=False)
    if "started_on" not in errors and started_on < cm.started_on:
        errors.add("started_on", f"Từ ngày: không được trước ngày bắt đầu giữ chức vụ ({_day(cm.started_on)}).")
    errors.raise_if_any()
    row = Assignment.objects.create(committee_member=cm, target=target, field=field, started_on=started_on)
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def end_assignment(actor, assignment, *, on):
    row = _lock(Assignment, assignment)
    _authorize(actor, row.committee_member.term.organization)
    errors = Errors()
    _check_date(on, "on", "Đến ngày", errors, required=True, not_future=False)
    if row.ended_on is not None:
        errors.add("__all__", f"Phân công này đã kết thúc ngày {_day(row.ended_on)}.")
    elif "on" not in errors and on < row.started_on:
        errors.add("on", f"Đến ngày: không được trước ngày bắt đầu ({_day(row.started_on)}).")
    errors.raise_if_any()
    before = audit.snapshot(row)
    row.ended_on = on
    row.save(update_fields=["ended_on"])
    audit.record(actor, row, "update", before=before, after=audit.snapshot(row))
    return row


# --------------------------------------------------------------------------- mass organisations

