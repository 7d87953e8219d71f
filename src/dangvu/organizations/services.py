"""The only writers of the organisation tree, committees, terms, assignments and role grants.

One function per state change: atomic, locks the row it changes, checks the version the user read,
validates everything before writing, and records the change in the audit trail.

`actor` None means the system itself (imports, management commands); any other actor must be able
to change the organisation concerned (Http404 otherwise, as the access helpers answer).
"""

import datetime as dt
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Max, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import Http404

from dangvu.core import audit, dates, rules, vntext
from dangvu.core.errors import ConflictError

from . import stats
from .access import reach
from .models import (
    Assignment,
    CommitteeMember,
    Kind,
    MassOrganization,
    MassOrganizationKind,
    Organization,
    OrganizationStats,
    OrgStatus,
    Position,
    Role,
    RoleAssignment,
    Term,
)

STRUCTURE_RULES = Path(__file__).resolve().parent / "rulesets" / "structure.json"
PATH_MAX = Organization._meta.get_field("path").max_length
KIND_LABELS = dict(Kind.choices)
UNSET = object()


# --------------------------------------------------------------------------- helpers


def structure_rules(day: dt.date | None = None) -> dict:
    return rules.in_force(STRUCTURE_RULES, day or dates.today())


def allowed_child_kinds(parent: Organization | None, day: dt.date | None = None) -> list[str]:
    key = parent.kind if parent is not None else "ROOT"
    return list(structure_rules(day)["allowed_children"].get(key, []))


def cell_min_full_members(day: dt.date | None = None) -> int:
    return int(structure_rules(day)["cell_min_full_members"])


def _member_model():
    # members.Member, reached through the reverse relation: the members app sits above this one.
    return Organization._meta.get_field("members").related_model


def _is_system(actor) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def _authorize(actor, org: Organization | None) -> None:
    """Actor may change org (None = the root of the tree: admins only)."""
    if _is_system(actor):
        return
    r = reach(actor)
    if r.is_admin:
        return
    if org is None or not r.can(org, "change"):
        raise Http404("Không tìm thấy tổ chức đảng.")


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _check_version(obj, version) -> None:
    if version is not None and int(version) != obj.version:
        raise ConflictError(ConflictError.message)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError({k: v if isinstance(v, list) else [v] for k, v in errors.items()})


def _clean_name(name, errors, field="name", label="Tên tổ chức", max_length=255) -> str:
    value = vntext.nfc(name) or ""
    if not value:
        errors[field] = f"{label}: không được để trống."
    elif len(value) > max_length:
        errors[field] = f"{label}: không được dài quá {max_length} ký tự."
    return value


def _check_kind_under(kind, parent, errors, day=None) -> None:
    if kind not in Kind.values:
        errors["kind"] = "Loại tổ chức không hợp lệ; chọn một trong: " + ", ".join(Kind.values) + "."
        return
    allowed = allowed_child_kinds(parent, day)
    if kind not in allowed:
        if parent is None:
            errors["kind"] = f"Loại tổ chức: “{KIND_LABELS[kind]}” không được lập ở cấp cao nhất của cây tổ chức."
        elif not allowed:
            errors["kind"] = (
                f"Loại tổ chức: {KIND_LABELS[parent.kind].lower()} “{parent.name}” không có tổ chức đảng trực thuộc."
            )
        else:
            names = ", ".join(KIND_LABELS[k].lower() for k in allowed)
            errors["kind"] = (
                f"Loại tổ chức: “{KIND_LABELS[kind]}” không được lập trực thuộc {KIND_LABELS[parent.kind].lower()} "
                f"“{parent.name}” (chỉ được: {names})."
            )


def _check_date(value, field, label, errors, *, required=False, not_future=True):
    if value is None:
        if required:
            errors[field] = f"{label}: không được để trống."
        return
    if not isinstance(value, dt.date):
        errors[field] = f"{label}: ngày không hợp lệ."
        return
    if not_future and value > dates.today():
        errors[field] = f"{label}: không được sau ngày hôm nay."


def _check_staff(staff_count, errors):
    if staff_count is not None and (not isinstance(staff_count, int) or staff_count < 0):
        errors["staff_count"] = "Số cán bộ, công chức, viên chức, người lao động: phải là số nguyên không âm."


def _day(value) -> str:
    return dates.format_date(value)


# --------------------------------------------------------------------------- organisations


@transaction.atomic
def create_organization(actor, *, name, kind, parent=None, established_on=None, code=None, staff_count=None):
    errors: dict = {}
    if parent is not None:
        parent = _lock(Organization, parent)
    _authorize(actor, parent)
    name = _clean_name(name, errors)
    if parent is not None and not parent.is_active:
        errors["parent"] = f"Cấp trên trực tiếp: “{parent.name}” không còn hoạt động ({parent.get_status_display().lower()})."
    else:
        _check_kind_under(kind, parent, errors)
    code = vntext.nfc(code) or None
    if code is not None:
        if len(code) > 40:
            errors["code"] = "Mã: không được dài quá 40 ký tự."
        elif Organization.objects.filter(code=code).exists():
            errors["code"] = f"Mã: “{code}” đã được dùng cho tổ chức khác."
    _check_date(established_on, "established_on", "Ngày thành lập", errors)
    _check_staff(staff_count, errors)
    if parent is not None and len(parent.path) + 20 > PATH_MAX:
        errors["parent"] = "Cấp trên trực tiếp: cây tổ chức đã quá sâu."
    _raise(errors)

    org = Organization(
        name=name, kind=kind, parent=parent, code=code or f"tmp-{uuid.uuid4().hex}", path="tmp",
        depth=parent.depth + 1 if parent else 0, established_on=established_on, staff_count=staff_count,
        search_key=vntext.search_key(name),
    )
    org.save()
    org.path = f"{parent.path if parent else ''}{org.pk}."
    if code is None:
        org.code = f"TC{org.pk:06d}"
    org.save(update_fields=["path", "code"])
    OrganizationStats.objects.create(organization=org)
    stats.apply(org.ancestor_ids(), {f"kind_{org.kind}": 1})
    audit.record(actor, org, "create", before=None, after=audit.snapshot(org))
    return org


@transaction.atomic
def update_organization(actor, org, *, version, name=UNSET, established_on=UNSET, staff_count=UNSET, code=UNSET):
    org = _lock(Organization, org)
    _authorize(actor, org)
    _check_version(org, version)
    before = audit.snapshot(org)
    errors: dict = {}
    if name is not UNSET:
        name = _clean_name(name, errors)
    if established_on is not UNSET:
        _check_date(established_on, "established_on", "Ngày thành lập", errors)
    if staff_count is not UNSET:
        _check_staff(staff_count, errors)
    if code is not UNSET:
        code = vntext.nfc(code) or ""
        if not code:
            errors["code"] = "Mã: không được để trống."
        elif len(code) > 40:
            errors["code"] = "Mã: không được dài quá 40 ký tự."
        elif Organization.objects.filter(code=code).exclude(pk=org.pk).exists():
            errors["code"] = f"Mã: “{code}” đã được dùng cho tổ chức khác."
    _raise(errors)

    renamed = name is not UNSET and name != org.name
    if name is not UNSET:
        org.name = name
        org.search_key = vntext.search_key(name)
    if established_on is not UNSET:
        org.established_on = established_on
    if staff_count is not UNSET:
        org.staff_count = staff_count
    if code is not UNSET:
        org.code = code
    after = audit.snapshot(org)
    if after == before:
        return org
    org.version += 1
    org.save()
    audit.record(actor, org, "rename" if renamed else "update", before=before, after=after)
    return org


@transaction.atomic
def move_organization(actor, org, *, new_parent, version):
    org = _lock(Organization, org)
    _authorize(actor, org)
    if new_parent is not None:
        new_parent = _lock(Organization, new_parent)
    _authorize(actor, new_parent)
    _check_version(org, version)
    errors: dict = {}
    if not org.is_active:
        errors["__all__"] = f"Tổ chức “{org.name}” không còn hoạt động, không thể chuyển."
    elif new_parent is not None and new_parent.path.startswith(org.path):
        errors["parent"] = "Không thể chuyển tổ chức vào chính nó hoặc tổ chức trực thuộc của nó."
    elif (new_parent.pk if new_parent else None) == org.parent_id:
        errors["parent"] = "Cấp trên trực tiếp: tổ chức đã trực thuộc tổ chức này."
    elif new_parent is not None and not new_parent.is_active:
        errors["parent"] = f"Cấp trên trực tiếp: “{new_parent.name}” không còn hoạt động."
    else:
        _check_kind_under(org.kind, new_parent, errors)
        if "kind" in errors:
            errors["parent"] = errors.pop("kind").replace("Loại tổ chức: ", "Cấp trên trực tiếp: ", 1)
    old_path = org.path
    new_path = f"{new_parent.path if new_parent else ''}{org.pk}."
    if not errors:
        longest = Organization.objects.filter(path__startswith=old_path).aggregate(n=Max(Length("path")))["n"]
        if (longest or 0) - len(old_path) + len(new_path) > PATH_MAX:
            errors["parent"] = "Cấp trên trực tiếp: cây tổ chức sau khi chuyển sẽ quá sâu."
    _raise(errors)

    before = audit.snapshot(org)
    own = OrganizationStats.objects.select_for_update().get(pk=org.pk)
    depth_delta = (new_parent.depth + 1 if new_parent else 0) - org.depth
    rest = Substr("path", len(old_path) + 1)
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), rest, output_field=CharField()), depth=F("depth") + depth_delta
    )
    _member_model().objects.filter(org_path__startswith=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField())
    )
    old_ancestors = [i for i in org.ancestor_ids() if i != org.pk]
    new_ancestors = new_parent.ancestor_ids() if new_parent else []
    stats.apply(old_ancestors, stats.row_deltas(own, -1))
    stats.apply(new_ancestors, stats.row_deltas(own, +1))

    org.refresh_from_db(fields=["path", "depth"])
    org.parent = new_parent
    org.version += 1
    org.save(update_fields=["parent", "version"])
    audit.record(actor, org, "move", before=before, after=audit.snapshot(org))
    _end_assignments_out_of_reach(actor, org)
    return org


def _end_assignments_out_of_reach(actor, org):
    """A committee above the old place no longer has the moved sub-tree in its charge: end those assignments."""
    today = dates.today()
    rows = Assignment.objects.filter(ended_on__isnull=True, target__path__startswith=org.path).select_related(
        "committee_member__term__organization", "committee_member__member", "target"
    )
    for row in rows:
        if not row.target.path.startswith(row.committee_member.term.organization.path):
            before = audit.snapshot(row)
            row.ended_on = max(today, row.started_on)
            row.save(update_fields=["ended_on"])
            audit.record(actor, row, "update", before=before, after=audit.snapshot(row),
                         note=f"Tự động kết thúc do chuyển “{org.name}” sang cấp trực thuộc khác")


@transaction.atomic
def dissolve_organization(actor, org, *, on, version, note=""):
    org = _lock(Organization, org)
    _authorize(actor, org)
    _check_version(org, version)
    errors: dict = {}
    _check_date(on, "on", "Ngày giải thể", errors, required=True)
    if "on" not in errors and org.established_on and on < org.established_on:
        errors["on"] = f"Ngày giải thể: không được trước ngày thành lập ({_day(org.established_on)})."
    if not org.is_active:
        errors["__all__"] = f"Tổ chức “{org.name}” đã {org.get_status_display().lower()}."
    else:
        own = OrganizationStats.objects.select_for_update().get(pk=org.pk)
        children = org.children.filter(status=OrgStatus.ACTIVE).count()
        problems = []
        if own.active > 0:
            problems.append(f"{own.active} đảng viên đang sinh hoạt")
        if children:
            problems.append(f"{children} tổ chức trực thuộc đang hoạt động")
        if problems:
            errors["__all__"] = (
                f"Không thể giải thể “{org.name}”: còn {' và '.join(problems)}. "
                "Hãy chuyển sinh hoạt hoặc hợp nhất trước khi giải thể."
            )
    note = vntext.nfc(note) or ""
    _raise(errors)

    before = audit.snapshot(org)
    keys = stats.org_keys(org)
    org.status = OrgStatus.DISSOLVED
    org.ended_on = on
    org.version += 1
    org.save(update_fields=["status", "ended_on", "version"])
    stats.apply(org.ancestor_ids(), {k: -1 for k in keys})
    for term in org.terms.filter(ended_on__isnull=True):
        _close_term_rows(term, max(on, term.started_on))
    audit.record(actor, org, "dissolve", before=before, after=audit.snapshot(org), note=note)
    return org


# --------------------------------------------------------------------------- terms


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
        errors["ended_on"] = "Ngày kết thúc: không được trước ngày bắt đầu."
        return
    other = _overlapping(org, started_on, ended_on, exclude)
    if other is not None:
        span = f"{_day(other.started_on)} – {_day(other.ended_on) if other.ended_on else 'nay'}"
        errors["started_on"] = (
            f"Ngày bắt đầu (đại hội): trùng thời gian với {other} ({span}); một nhiệm kỳ phải kết thúc "
            "trước khi nhiệm kỳ sau bắt đầu."
        )


@transaction.atomic
def create_term(actor, organization, *, name, started_on, ended_on=None):
    org = _lock(Organization, organization)
    _authorize(actor, org)
    errors: dict = {}
    name = _clean_name(name, errors, label="Tên nhiệm kỳ", max_length=100)
    if not org.is_active:
        errors["__all__"] = f"Tổ chức “{org.name}” không còn hoạt động."
    _check_term(org, name, started_on, ended_on, errors)
    _raise(errors)
    term = Term.objects.create(organization=org, name=name, started_on=started_on, ended_on=ended_on)
    audit.record(actor, term, "create", after=audit.snapshot(term))
    return term


@transaction.atomic
def update_term(actor, term, *, version, name=UNSET, started_on=UNSET, ended_on=UNSET):
    org = _lock(Organization, term.organization)
    term = _lock(Term, term)
    _authorize(actor, org)
    _check_version(term, version)
    errors: dict = {}
    name = term.name if name is UNSET else _clean_name(name, errors, label="Tên nhiệm kỳ", max_length=100)
    started_on = term.started_on if started_on is UNSET else started_on
    ended_on = term.ended_on if ended_on is UNSET else ended_on
    _check_term(org, name, started_on, ended_on, errors, exclude=term)
    if not errors:
        outside = term.committee_members.filter(started_on__lt=started_on)
        if ended_on is not None:
            outside = term.committee_members.filter(Q(started_on__lt=started_on) | Q(started_on__gt=ended_on))
        if outside.exists():
            errors["started_on"] = "Ngày bắt đầu (đại hội): có cấp ủy viên bắt đầu ngoài thời gian của nhiệm kỳ."
    _raise(errors)
    before = audit.snapshot(term)
    term.name, term.started_on, term.ended_on = name, started_on, ended_on
    after = audit.snapshot(term)
    if after == before:
        return term
    term.version += 1
    term.save()
    audit.record(actor, term, "update", before=before, after=after)
    return term


def _close_term_rows(term, on):
    Assignment.objects.filter(committee_member__term=term, ended_on__isnull=True).update(ended_on=on)
    term.committee_members.filter(ended_on__isnull=True).update(ended_on=on)
    term.ended_on = on
    term.version += 1
    term.save(update_fields=["ended_on", "version"])


@transaction.atomic
def close_term(actor, term, *, on, version=None):
    term = _lock(Term, term)
    _authorize(actor, term.organization)
    _check_version(term, version)
    errors: dict = {}
    _check_date(on, "on", "Ngày kết thúc", errors, required=True, not_future=False)
    if term.ended_on is not None:
        errors["__all__"] = f"{term} đã kết thúc ngày {_day(term.ended_on)}."
    elif "on" not in errors and on < term.started_on:
        errors["on"] = f"Ngày kết thúc: không được trước ngày bắt đầu nhiệm kỳ ({_day(term.started_on)})."
    elif "on" not in errors:
        later = term.organization.terms.filter(started_on__gt=term.started_on, started_on__lte=on).first()
        if later is not None:
            errors["on"] = f"Ngày kết thúc: phải trước ngày bắt đầu của {later} ({_day(later.started_on)})."
    _raise(errors)
    before = audit.snapshot(term)
    _close_term_rows(term, on)
    audit.record(actor, term, "update", before=before, after=audit.snapshot(term), note="Kết thúc nhiệm kỳ")
    return term


# --------------------------------------------------------------------------- committee and assignments


def _within_term(term, day, field, label, errors):
    if day < term.started_on or (term.ended_on is not None and day > term.ended_on):
        end = _day(term.ended_on) if term.ended_on else "nay"
        errors[field] = f"{label}: phải trong thời gian của nhiệm kỳ ({_day(term.started_on)} – {end})."


@transaction.atomic
def add_committee_member(actor, term, *, member, position, started_on):
    term = _lock(Term, term)
    org = term.organization
    _authorize(actor, org)
    errors: dict = {}
    if member is None:
        errors["member"] = "Đảng viên: không được để trống."
    elif not member.is_active:
        errors["member"] = f"Đảng viên: đồng chí {member} không còn sinh hoạt đảng ({member.get_status_display().lower()})."
    elif not member.org_path.startswith(org.path):
        errors["member"] = f"Đảng viên: đồng chí {member} không sinh hoạt trong {org.name} hoặc tổ chức trực thuộc."
    elif term.committee_members.filter(member=member, ended_on__isnull=True).exists():
        errors["member"] = f"Đảng viên: đồng chí {member} đã là cấp ủy viên trong nhiệm kỳ này."
    if position not in Position.values:
        errors["position"] = "Chức vụ: giá trị không hợp lệ."
    elif position == Position.SECRETARY:
        current = term.committee_members.filter(position=Position.SECRETARY, ended_on__isnull=True).first()
        if current is not None:
            errors["position"] = (
                f"Chức vụ: nhiệm kỳ đã có Bí thư (đồng chí {current.member}); "
                "hãy kết thúc chức vụ của đồng chí đó trước."
            )
    _check_date(started_on, "started_on", "Từ ngày", errors, required=True, not_future=False)
    if "started_on" not in errors:
        _within_term(term, started_on, "started_on", "Từ ngày", errors)
    if term.ended_on is not None:
        errors["__all__"] = f"{term} đã kết thúc."
    _raise(errors)
    cm = CommitteeMember.objects.create(term=term, member=member, position=position, started_on=started_on)
    audit.record(actor, cm, "create", after=audit.snapshot(cm))
    return cm


@transaction.atomic
def end_committee_member(actor, committee_member, *, on):
    cm = _lock(CommitteeMember, committee_member)
    _authorize(actor, cm.term.organization)
    errors: dict = {}
    _check_date(on, "on", "Đến ngày", errors, required=True, not_future=False)
    if cm.ended_on is not None:
        errors["__all__"] = f"Chức vụ này đã kết thúc ngày {_day(cm.ended_on)}."
    elif "on" not in errors and on < cm.started_on:
        errors["on"] = f"Đến ngày: không được trước ngày bắt đầu ({_day(cm.started_on)})."
    elif "on" not in errors:
        _within_term(cm.term, on, "on", "Đến ngày", errors)
    _raise(errors)
    before = audit.snapshot(cm)
    cm.assignments.filter(ended_on__isnull=True).update(ended_on=on)
    cm.ended_on = on
    cm.save(update_fields=["ended_on"])
    audit.record(actor, cm, "update", before=before, after=audit.snapshot(cm))
    return cm


@transaction.atomic
def add_assignment(actor, committee_member, *, target=None, field="", started_on):
    cm = _lock(CommitteeMember, committee_member)
    org = cm.term.organization
    _authorize(actor, org)
    errors: dict = {}
    field = vntext.nfc(field) or ""
    if (target is None) == (not field):
        errors["target"] = "Phụ trách: chọn đúng một trong hai — một tổ chức đảng hoặc một lĩnh vực."
    elif target is not None:
        if not target.path.startswith(org.path):
            errors["target"] = f"Phụ trách tổ chức: “{target.name}” không thuộc {org.name}."
        elif not target.is_active:
            errors["target"] = f"Phụ trách tổ chức: “{target.name}” không còn hoạt động."
    elif len(field) > 200:
        errors["field"] = "Phụ trách lĩnh vực: không được dài quá 200 ký tự."
    if cm.ended_on is not None:
        errors["__all__"] = "Cấp ủy viên này đã thôi giữ chức vụ."
    _check_date(started_on, "started_on", "Từ ngày", errors, required=True, not_future=False)
    if "started_on" not in errors and started_on < cm.started_on:
        errors["started_on"] = f"Từ ngày: không được trước ngày bắt đầu giữ chức vụ ({_day(cm.started_on)})."
    _raise(errors)
    row = Assignment.objects.create(committee_member=cm, target=target, field=field, started_on=started_on)
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def end_assignment(actor, assignment, *, on):
    row = _lock(Assignment, assignment)
    _authorize(actor, row.committee_member.term.organization)
    errors: dict = {}
    _check_date(on, "on", "Đến ngày", errors, required=True, not_future=False)
    if row.ended_on is not None:
        errors["__all__"] = f"Phân công này đã kết thúc ngày {_day(row.ended_on)}."
    elif "on" not in errors and on < row.started_on:
        errors["on"] = f"Đến ngày: không được trước ngày bắt đầu ({_day(row.started_on)})."
    _raise(errors)
    before = audit.snapshot(row)
    row.ended_on = on
    row.save(update_fields=["ended_on"])
    audit.record(actor, row, "update", before=before, after=audit.snapshot(row))
    return row


# --------------------------------------------------------------------------- mass organisations


def _check_mass(kind, name, unit_count, member_count, errors):
    name = _clean_name(name, errors, label="Tên")
    if kind not in MassOrganizationKind.values:
        errors["kind"] = "Loại: giá trị không hợp lệ."
    if not isinstance(unit_count, int) or unit_count < 1:
        errors["unit_count"] = "Số tổ chức: phải là số nguyên từ 1 trở lên."
    if member_count is not None and (not isinstance(member_count, int) or member_count < 0):
        errors["member_count"] = "Số hội viên, đoàn viên: phải là số nguyên không âm."
    return name


@transaction.atomic
def create_mass_organization(actor, organization, *, kind, name, unit_count=1, member_count=None):
    org = _lock(Organization, organization)
    _authorize(actor, org)
    errors: dict = {}
    name = _check_mass(kind, name, unit_count, member_count, errors)
    if not org.is_active:
        errors["__all__"] = f"Tổ chức “{org.name}” không còn hoạt động."
    _raise(errors)
    row = MassOrganization.objects.create(
        organization=org, kind=kind, name=name, unit_count=unit_count, member_count=member_count
    )
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def update_mass_organization(actor, mass_organization, *, kind, name, unit_count=1, member_count=None, version=None):
    row = _lock(MassOrganization, mass_organization)
    _authorize(actor, row.organization)
    errors: dict = {}
    name = _check_mass(kind, name, unit_count, member_count, errors)
    _raise(errors)
    before = audit.snapshot(row)
    row.kind, row.name, row.unit_count, row.member_count = kind, name, unit_count, member_count
    after = audit.snapshot(row)
    if after != before:
        row.save()
        audit.record(actor, row, "update", before=before, after=after)
    return row


@transaction.atomic
def delete_mass_organization(actor, mass_organization):
    row = _lock(MassOrganization, mass_organization)
    _authorize(actor, row.organization)
    before = audit.snapshot(row)
    audit.record(actor, row, "delete", before=before, after=None)
    row.delete()


# --------------------------------------------------------------------------- role grants

GRANTABLE_ROLES = (Role.OFFICE, Role.INSPECTION, Role.SECRETARY)


def _may_grant(actor, organization, include_subtree) -> bool:
    if _is_system(actor):
        return True
    r = reach(actor)
    if r.is_admin:
        return True
    grants = [g for g in r.grants_for({Role.OFFICE}) if g.covers(organization)]
    if not grants:
        return False
    # a grant with sub-tree may only come from a grant that reaches the sub-tree too
    return not include_subtree or any(g.include_subtree for g in grants)


def may_manage_role(actor, assignment) -> bool:
    """Whether actor may revoke this role assignment (pages show the button only then)."""
    if assignment.role == Role.ADMIN or assignment.organization_id is None:
        return _is_system(actor) or reach(actor).is_admin
    return _may_grant(actor, assignment.organization, assignment.include_subtree)


@transaction.atomic
def grant_role(actor, user, role, organization, include_subtree=True):
    errors: dict = {}
    if role == Role.ADMIN:
        if not (_is_system(actor) or reach(actor).is_admin):
            raise Http404("Không tìm thấy tổ chức đảng.")
        organization = None
    elif role not in GRANTABLE_ROLES:
        errors["role"] = "Vai trò: giá trị không hợp lệ."
    elif organization is None:
        errors["organization"] = "Tổ chức: không được để trống."
    else:
        organization = _lock(Organization, organization)
        if not _may_grant(actor, organization, include_subtree and role != Role.SECRETARY):
            raise Http404("Không tìm thấy tổ chức đảng.")
        if role == Role.SECRETARY and not organization.is_cell:
            errors["organization"] = "Tổ chức: vai trò Bí thư chi bộ chỉ gán trên một chi bộ."
        elif not organization.is_active:
            errors["organization"] = f"Tổ chức: “{organization.name}” không còn hoạt động."
    if user is None:
        errors["user"] = "Người dùng: không được để trống."
    if not errors and RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        errors["role"] = "Vai trò: người dùng đã có vai trò này trên tổ chức này."
    _raise(errors)
    row = RoleAssignment.objects.create(
        user=user, role=role, organization=organization,
        include_subtree=bool(include_subtree) and role not in (Role.SECRETARY, Role.ADMIN),
    )
    if hasattr(user, "_dangvu_reach"):
        del user._dangvu_reach
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def revoke_role(actor, assignment):
    row = RoleAssignment.objects.select_for_update(of=("self",)).select_related("organization").get(pk=assignment.pk)
    if not may_manage_role(actor, row):
        raise Http404("Không tìm thấy tổ chức đảng.")
    before = audit.snapshot(row)
    audit.record(actor, row, "delete", before=before, after=None)
    row.delete()
    if hasattr(assignment.user, "_dangvu_reach"):
        del assignment.user._dangvu_reach
