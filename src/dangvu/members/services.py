"""The member registry and the member lifecycle: the only writers of members, events and placements.

One function per state change; each runs in a transaction, locks the row, checks the version,
validates everything before writing, records a MemberEvent and an audit entry, and keeps the
roll-ups (OrganizationStats) right through `members.stats.apply_change`.
"""

import re
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, rules, vntext
from dangvu.core.dates import add_months, full_years, today
from dangvu.core.errors import ConflictError
from dangvu.organizations import stats as org_stats
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from . import stats as member_stats
from .models import ACTIVE_STATUSES, EventKind, Gender, Member, MemberEvent, Placement, Status, TheoryLevel

RULES = Path(__file__).resolve().parent / "rulesets" / "lifecycle.json"

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


def lifecycle_rules(day=None) -> dict:
    """The lifecycle ruleset in force on day (today by default)."""
    return rules.in_force(RULES, day or today())


def label(field: str) -> str:
    return audit.field_label(Member, field)


def party_age(member, on=None) -> int:
    """Full years since admission (tuổi đảng)."""
    return full_years(member.admitted_on, on or today())


def confirmation_deadline(member):
    """Last day to review a probationary member (working days after the probation ends)."""
    from dangvu.core.dates import add_working_days

    end = probation_end(member)
    return add_working_days(end, lifecycle_rules(member.admitted_on)["confirmation_review_working_days"])


def probation_end(member_or_admitted_on):
    """The day the probation ends, which is the day the member becomes official."""
    admitted_on = getattr(member_or_admitted_on, "admitted_on", member_or_admitted_on)
    return add_months(admitted_on, lifecycle_rules(admitted_on)["probation_months"])


# --------------------------------------------------------------------------------------------
# validation


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field):
        return field in self.errors

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _clean_text(data: dict) -> None:
    for name in TEXT_FIELDS:
        if name in data:
            data[name] = vntext.nfc(data[name]) or ""
    if "national_id" in data:
        value = vntext.nfc(data["national_id"]) or ""
        data["national_id"] = value.replace(" ", "") or None


def _check_lengths(data: dict, errors: _Errors) -> None:
    for name in TEXT_FIELDS:
        value = data.get(name)
        max_length = Member._meta.get_field(name).max_length
        if value and len(value) > max_length:
            errors.add(name, f"{label(name)}: tối đa {max_length} ký tự.")


def _validate_cv(data: dict, errors: _Errors, member=None) -> None:
    """Checks on the CV fields in data (already cleaned); member is the record being edited.

    Formats (CCCD, card number) are checked on new values only: a legacy value that the rules of
    today would refuse does not block the correction of another field.
    """
    day = today()
    _check_lengths(data, errors)
    if not data.get("full_name"):
        errors.add("full_name", "Họ và tên: không được để trống.")
    if data.get("gender") not in Gender.values:
        errors.add("gender", "Giới tính: chọn Nam hoặc Nữ.")
    if data.get("theory_level") not in TheoryLevel.values:
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
            rs = lifecycle_rules(admitted_on)
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
    current = lifecycle_rules(day)
    national_id = data.get("national_id")
    if national_id and (member is None or national_id != member.national_id):
        spec = current["national_id"]
        if not re.fullmatch(spec["pattern"], national_id):
            errors.add("national_id", spec["message"])
        else:
            others = Member.objects.filter(national_id=national_id)
            if member is not None:
                others = others.exclude(pk=member.pk)
            if others.exists():
                errors.add("national_id", "Số CCCD đã có ở đảng viên khác.")
    card = data.get("card_number")
    if card and (member is None or card != member.card_number):
        spec = current["card_number"]
        if not re.fullmatch(spec["pattern"], card):
            errors.add("card_number", spec["message"])


def _check_cell(org, errors: _Errors, field="organization", label_text="Chi bộ sinh hoạt") -> None:
    if org is None:
        errors.add(field, f"{label_text}: không được để trống.")
    elif org.kind not in CELL_KINDS or org.status != OrgStatus.ACTIVE:
        errors.add(
            field,
            f"{label_text}: đảng viên chỉ sinh hoạt ở chi bộ đang hoạt động (chi bộ cơ sở hoặc chi bộ trực thuộc).",
        )


def _check_day(on, errors: _Errors, member=None, field="on", label_text="Ngày") -> None:
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
    return Organization.objects.select_for_update().get(pk=org.pk)


def _lock_member(actor, member, version=None) -> Member:
    pk = member.pk if isinstance(member, Member) else member
    locked = Member.objects.select_for_update().select_related("organization").get(pk=pk)
    _authorize(actor, locked.organization)
    if version is not None and int(version) != locked.version:
        raise ConflictError(ConflictError.message)
    return locked


def _sync(target: Member, source: Member) -> Member:
    """Copy the saved state into the caller's instance too, so that it is not left stale."""
    if isinstance(target, Member) and target is not source:
        for field in Member._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


# --------------------------------------------------------------------------------------------
# registry


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
    unknown = set(cv) - set(CV_FIELDS)
    if unknown:
        raise TypeError(f"create_member: unknown fields {sorted(unknown)}")
    data = dict(
        cv, full_name=full_name, gender=gender, birth_date=birth_date, admitted_on=admitted_on,
        official_on=official_on, national_id=national_id, theory_level=theory_level or TheoryLevel.NONE,
    )
    _clean_text(data)
    errors = _Errors()
    org = _lock_org(organization)
    _authorize(actor, org)
    _check_cell(org, errors)
    _validate_cv(data, errors)
    if status in (None, ""):
        status = Status.FULL if official_on else Status.PROBATIONARY
    elif status not in Status.values:
        errors.add("status", "Trạng thái: giá trị không hợp lệ.")
    elif status == Status.PROBATIONARY and official_on:
        errors.add("status", "Trạng thái: đảng viên dự bị chưa có ngày chính thức.")
    elif status in (Status.FULL, Status.EXEMPT) and not official_on:
        errors.add("official_on", "Ngày chính thức: cần nhập với đảng viên không còn dự bị.")
    errors.raise_if_any()

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
    MemberEvent.objects.create(
        member=member, kind=EventKind.ADMISSION, on=admitted_on, status_after=Status.PROBATIONARY,
        organization_after=org, decision=vntext.nfc(decision) or "",
    )
    if official_on:
        MemberEvent.objects.create(
            member=member, kind=EventKind.CONFIRMATION, on=official_on, status_before=Status.PROBATIONARY,
            status_after=Status.FULL, organization_before=org, organization_after=org,
        )
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
    data = {name: getattr(m, name) for name in CV_FIELDS}
    data.update(fields)
    if not data.get("theory_level"):
        data["theory_level"] = TheoryLevel.NONE
    _clean_text(data)
    errors = _Errors()
    _validate_cv(data, errors, member=m)
    if m.status == Status.PROBATIONARY and data.get("official_on"):
        errors.add("official_on", "Ngày chính thức: đảng viên dự bị được công nhận chính thức bằng thao tác "
                                  "«Chuyển đảng chính thức».")
    elif m.status != Status.PROBATIONARY and not data.get("official_on") and m.official_on:
        errors.add("official_on", "Ngày chính thức: không được xóa khi đảng viên đã chính thức.")
    errors.raise_if_any()

    for name, value in data.items():
        setattr(m, name, value)
    m.search_key = vntext.search_key(m.full_name)
    m.sort_key = vntext.sort_key(m.full_name)
    m.version = F("version") + 1
    m.save()
    m.refresh_from_db()
    member_stats.apply_change(before_keys, m.org_path, member_stats.member_keys(m), m.org_path)
    after = audit.snapshot(m)
    if after != before:
        audit.record(actor, m, "update", before=before, after=after)
    return _sync(member, m)


# --------------------------------------------------------------------------------------------
# lifecycle

STATUS_LABELS = dict(Status.choices)


def _forbidden(errors: _Errors, m: Member, what: str) -> None:
    errors.add(
        "status", f"Trạng thái: không thể {what} đảng viên đang ở trạng thái «{STATUS_LABELS[m.status]}»."
    )


def _apply_lifecycle(
    actor, m: Member, *, kind, on, decision="", note="", status=None, organization=None, status_on=None,
    close_placement=False, action="status", changes=None,
) -> Member:
    """Write one lifecycle step on the locked member m (already validated)."""
    before = audit.snapshot(m)
    for name, value in (changes or {}).items():
        setattr(m, name, value)
    before_keys, before_path = member_stats.member_keys(m), m.org_path
    status_before, org_before = m.status, m.organization
    if status is not None and status != m.status:
        m.status = status
        m.status_changed_on = status_on or on
    moved = organization is not None and organization.pk != m.organization_id
    if moved:
        m.organization = organization
        m.org_path = organization.path
    m.version = F("version") + 1
    m.save()
    m.refresh_from_db()
    if moved or close_placement:
        Placement.objects.filter(member=m, ended_on__isnull=True).update(ended_on=on)
    if moved:
        Placement.objects.create(member=m, organization=organization, started_on=on)
    MemberEvent.objects.create(
        member=m, kind=kind, on=on, status_before=status_before, status_after=m.status,
        organization_before=org_before, organization_after=m.organization,
        decision=vntext.nfc(decision) or "", note=(vntext.nfc(note) or "")[:500],
    )
    member_stats.apply_change(before_keys, before_path, member_stats.member_keys(m), m.org_path)
    audit.record(actor, m, action, before=before, after=audit.snapshot(m), note=(vntext.nfc(note) or ""))
    return m


@transaction.atomic
def confirm_member(actor, member, *, on, decision="", version=None) -> Member:
    """Chuyển đảng chính thức: the member becomes official on the day the probation ends."""
    m = _lock_member(actor, member, version)
    errors = _Errors()
    if m.status != Status.PROBATIONARY:
        _forbidden(errors, m, "chuyển chính thức cho")
    _check_day(on, errors, m)
    end = probation_end(m)
    if on and "on" not in errors and on < end:
        months = lifecycle_rules(m.admitted_on)["probation_months"]
        errors.add("on", f"Ngày: chưa hết {months} tháng dự bị (hết ngày {end:%d/%m/%Y}).")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=EventKind.CONFIRMATION, on=on, decision=decision, status=Status.FULL, status_on=end,
        changes={"official_on": end},
        note=f"Công nhận chính thức từ ngày {end:%d/%m/%Y}",
    )
    return _sync(member, m)


@transaction.atomic
def transfer_member(actor, member, *, to_organization, on, decision="", version=None) -> Member:
    """Chuyển sinh hoạt đảng chính thức to another chi bộ of the system; the status is unchanged."""
    m = _lock_member(actor, member, version)
    errors = _Errors()
    if m.status not in ACTIVE_STATUSES:
        _forbidden(errors, m, "chuyển sinh hoạt cho")
    target = _lock_org(to_organization)
    _authorize(actor, target)
    _check_cell(target, errors, field="to_organization", label_text="Chi bộ chuyển đến")
    if target is not None and target.pk == m.organization_id:
        errors.add("to_organization", "Chi bộ chuyển đến: đảng viên đang sinh hoạt ở chi bộ này.")
    _check_day(on, errors, m)
    current = Placement.objects.filter(member=m, ended_on__isnull=True).order_by("-started_on").first()
    if on and "on" not in errors and current and on < current.started_on:
        errors.add("on", f"Ngày: không được trước ngày bắt đầu sinh hoạt ở chi bộ hiện tại "
                         f"({current.started_on:%d/%m/%Y}).")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=EventKind.TRANSFER, on=on, decision=decision, organization=target, action="transfer",
        note=f"Chuyển đến {target.name}",
    )
    return _sync(member, m)


@transaction.atomic
def transfer_out(actor, member, *, on, destination="", decision="", version=None) -> Member:
    """Chuyển sinh hoạt đảng ra ngoài hệ thống: the record stays with the sending chi bộ."""
    m = _lock_member(actor, member, version)
    errors = _Errors()
    if m.status not in ACTIVE_STATUSES:
        _forbidden(errors, m, "chuyển sinh hoạt đi cho")
    _check_day(on, errors, m)
    destination = vntext.nfc(destination) or ""
    if len(destination) > 400:
        errors.add("destination", "Nơi chuyển đến: tối đa 400 ký tự.")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=EventKind.TRANSFER_OUT, on=on, decision=decision, status=Status.TRANSFERRED_OUT,
        close_placement=True, action="transfer", note=f"Chuyển đến: {destination}" if destination else "",
    )
    return _sync(member, m)


def _simple_transition(actor, member, *, allowed, what, kind, status, on, decision, note="", version=None,
                       close_placement=False):
    m = _lock_member(actor, member, version)
    errors = _Errors()
    if m.status not in allowed:
        _forbidden(errors, m, what)
    _check_day(on, errors, m)
    if len(vntext.nfc(note) or "") > 500:
        errors.add("note", "Ghi chú: tối đa 500 ký tự.")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=kind, on=on, decision=decision, status=status, note=note, close_placement=close_placement,
    )
    return _sync(member, m)


@transaction.atomic
def exempt_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Miễn công tác và sinh hoạt đảng (tuổi cao, sức yếu), for a full member."""
    return _simple_transition(
        actor, member, allowed=(Status.FULL,), what="miễn công tác và sinh hoạt cho", kind=EventKind.EXEMPTION,
        status=Status.EXEMPT, on=on, decision=decision, note=note, version=version,
    )


@transaction.atomic
def end_exemption(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Trở lại công tác và sinh hoạt đảng."""
    return _simple_transition(
        actor, member, allowed=(Status.EXEMPT,), what="cho trở lại sinh hoạt", kind=EventKind.EXEMPTION_END,
        status=Status.FULL, on=on, decision=decision, note=note, version=version,
    )


@transaction.atomic
def remove_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Xóa tên trong danh sách đảng viên (Điều lệ Điều 8)."""
    return _simple_transition(
        actor, member, allowed=ACTIVE_STATUSES, what="xóa tên", kind=EventKind.REMOVAL, status=Status.REMOVED,
        on=on, decision=decision, note=note, version=version, close_placement=True,
    )


@transaction.atomic
def expel_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Khai trừ ra khỏi Đảng (kỷ luật)."""
    return _simple_transition(
        actor, member, allowed=ACTIVE_STATUSES, what="khai trừ", kind=EventKind.EXPULSION, status=Status.EXPELLED,
        on=on, decision=decision, note=note, version=version, close_placement=True,
    )


@transaction.atomic
def record_death(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Ghi nhận đảng viên từ trần."""
    return _simple_transition(
        actor, member, allowed=ACTIVE_STATUSES, what="ghi nhận từ trần cho", kind=EventKind.DEATH,
        status=Status.DECEASED, on=on, decision=decision, note=note, version=version, close_placement=True,
    )


# name -> (service, needs a target chi bộ, needs a destination)
LIFECYCLE = {
    EventKind.CONFIRMATION: confirm_member,
    EventKind.TRANSFER: transfer_member,
    EventKind.TRANSFER_OUT: transfer_out,
    EventKind.EXEMPTION: exempt_member,
    EventKind.EXEMPTION_END: end_exemption,
    EventKind.REMOVAL: remove_member,
    EventKind.EXPULSION: expel_member,
    EventKind.DEATH: record_death,
}


def allowed_events(member) -> list[str]:
    """The lifecycle steps open to the member in its current status (for menus)."""
    out = []
    if member.status == Status.PROBATIONARY:
        out.append(EventKind.CONFIRMATION)
    if member.status in ACTIVE_STATUSES:
        out += [EventKind.TRANSFER, EventKind.TRANSFER_OUT]
    if member.status == Status.FULL:
        out.append(EventKind.EXEMPTION)
    if member.status == Status.EXEMPT:
        out.append(EventKind.EXEMPTION_END)
    if member.status in ACTIVE_STATUSES:
        out += [EventKind.REMOVAL, EventKind.EXPULSION, EventKind.DEATH]
    return out


# --------------------------------------------------------------------------------------------
# merging organisations


def _level(kind) -> str:
    return "cell" if kind in CELL_KINDS else "committee"


def _move_organization(actor, org, new_parent):
    """organizations.services.move_organization (written by the organisations engineer)."""
    from dangvu.organizations import services as org_services

    return org_services.move_organization(actor, org, new_parent=new_parent, version=org.version)


@transaction.atomic
def merge_organizations(actor, *, source, target, on, version=None) -> Organization:
    """Hợp nhất: source's active members and active children go to target; source is closed.

    The source's past records (members who left before, placements, events) stay attached to it.
    """
    src = _lock_org(source)
    tgt = _lock_org(target)
    if src is None:
        raise ValidationError({"source": ["Tổ chức bị hợp nhất: không tìm thấy."]})
    _authorize(actor, src)
    _authorize(actor, tgt)
    if version is not None and int(version) != src.version:
        raise ConflictError(ConflictError.message)
    errors = _Errors()
    if src.status != OrgStatus.ACTIVE:
        errors.add("source", "Tổ chức bị hợp nhất: tổ chức đã ngừng hoạt động.")
    if tgt is None:
        errors.add("target", "Hợp nhất vào: không được để trống.")
    else:
        if tgt.pk == src.pk:
            errors.add("target", "Hợp nhất vào: phải là một tổ chức khác.")
        elif tgt.path.startswith(src.path):
            errors.add("target", "Hợp nhất vào: không được là tổ chức trực thuộc của tổ chức bị hợp nhất.")
        if tgt.status != OrgStatus.ACTIVE:
            errors.add("target", "Hợp nhất vào: tổ chức đã ngừng hoạt động.")
        if _level(tgt.kind) != _level(src.kind):
            errors.add("target", "Hợp nhất vào: chỉ hợp nhất chi bộ vào chi bộ, đảng bộ vào đảng bộ.")
    if "target" not in errors:
        from dangvu.organizations.services import allowed_child_kinds

        allowed = allowed_child_kinds(tgt)
        for child in src.children.filter(status=OrgStatus.ACTIVE):
            if child.kind not in allowed:
                errors.add(
                    "target",
                    f"Hợp nhất vào: tổ chức trực thuộc «{child.name}» ({child.get_kind_display().lower()}) "
                    f"không thể trực thuộc «{tgt.name}».",
                )
    _check_day(on, errors)
    if on and src.established_on and on < src.established_on:
        errors.add("on", f"Ngày: không được trước ngày thành lập tổ chức ({src.established_on:%d/%m/%Y}).")
    errors.raise_if_any()

    # 1. members attached directly to the source
    moving = list(
        Member.objects.select_for_update().filter(organization=src, status__in=ACTIVE_STATUSES).order_by("pk")
    )
    if moving:
        totals = Counter()
        for m in moving:
            totals.update(member_stats.member_keys(m))
        ids = [m.pk for m in moving]
        Member.objects.filter(pk__in=ids).update(organization=tgt, org_path=tgt.path, version=F("version") + 1)
        Placement.objects.filter(member_id__in=ids, ended_on__isnull=True).update(ended_on=on)
        Placement.objects.bulk_create(Placement(member_id=pk, organization=tgt, started_on=on) for pk in ids)
        MemberEvent.objects.bulk_create(
            MemberEvent(
                member_id=m.pk, kind=EventKind.MERGE, on=on, status_before=m.status, status_after=m.status,
                organization_before=src, organization_after=tgt, note=f"{src.name} hợp nhất vào {tgt.name}",
            )
            for m in moving
        )
        member_stats.apply_change(totals, src.path, totals, tgt.path)
        for m in moving:
            before = audit.snapshot(m)
            m.organization, m.org_path = tgt, tgt.path
            audit.record(actor, m, "merge", before=before, after=audit.snapshot(m),
                         note=f"{src.name} hợp nhất vào {tgt.name}")

    # 2. active children go under the target
    for child in list(src.children.filter(status=OrgStatus.ACTIVE).order_by("pk")):
        _move_organization(actor, child, tgt)

    # 3. the source's committee term ends with it (organizations.services.close_term)
    from dangvu.organizations.services import close_term

    for term in list(src.terms.filter(ended_on__isnull=True)):
        close_term(actor, term, on=max(on, term.started_on), version=term.version)

    # 4. close the source
    src.refresh_from_db()
    before = audit.snapshot(src)
    keys_before = org_stats.org_keys(src)
    src.status = OrgStatus.MERGED
    src.merged_into = tgt
    src.ended_on = on
    src.version = F("version") + 1
    src.save(update_fields=["status", "merged_into", "ended_on", "version"])
    src.refresh_from_db()
    delta = Counter({k: -1 for k in keys_before})
    delta.update(dict.fromkeys(org_stats.org_keys(src), 1))
    org_stats.apply(src.ancestor_ids(), dict(delta))
    audit.record(actor, src, "merge", before=before, after=audit.snapshot(src), note=f"Hợp nhất vào {tgt.name}")
    return src
