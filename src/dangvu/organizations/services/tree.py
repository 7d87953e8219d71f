"""Create, rename, move and dissolve organisations of the tree."""

import uuid

from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Concat, Length, Substr

from dangvu.core import audit, dates, vntext
from dangvu.core.services import Errors, bump

from .. import stats
from ..models import (
    Assignment,
    Organization,
    OrganizationStats,
    OrgStatus,
)
from ..signals import organization_moved
from ..tree import child_path
from ._common import (
    PATH_MAX,
    UNSET,
    _authorize,
    _check_date,
    _check_kind_under,
    _check_staff,
    _check_version,
    _clean_name,
    _day,
    _lock,
)
from .committee import _close_term_rows


@transaction.atomic
def create_organization(actor, *, name, kind, parent=None, established_on=None, code=None, staff_count=None):
    errors = Errors()
    if parent is not None:
        parent = _lock(Organization, parent)
    _authorize(actor, parent)
    name = _clean_name(name, errors)
    if parent is not None and not parent.is_active:
        errors.add("parent", f"Cấp trên trực tiếp: “{parent.name}” không còn hoạt động ({parent.get_status_display().lower()}).")
    else:
        _check_kind_under(kind, parent, errors)
    code = vntext.nfc(code) or None
    if code is not None:
        if len(code) > 40:
            errors.add("code", "Mã: không được dài quá 40 ký tự.")
        elif Organization.objects.filter(code=code).exists():
            errors.add("code", f"Mã: “{code}” đã được dùng cho tổ chức khác.")
    _check_date(established_on, "established_on", "Ngày thành lập", errors)
    _check_staff(staff_count, errors)
    if parent is not None and len(parent.path) + 20 > PATH_MAX:
        errors.add("parent", "Cấp trên trực tiếp: cây tổ chức đã quá sâu.")
    errors.raise_if_any()

    org = Organization(
        name=name, kind=kind, parent=parent, code=code or f"tmp-{uuid.uuid4().hex}", path="tmp",
        depth=parent.depth + 1 if parent else 0, established_on=established_on, staff_count=staff_count,
        **vntext.org_name_keys(name),
    )
    org.save()
    org.path = child_path(parent.path if parent else None, org.pk)
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
    errors = Errors()
    if name is not UNSET:
        name = _clean_name(name, errors)
    if established_on is not UNSET:
        _check_date(established_on, "established_on", "Ngày thành lập", errors)
    if staff_count is not UNSET:
        _check_staff(staff_count, errors)
    if code is not UNSET:
        code = vntext.nfc(code) or ""
        if not code:
            errors.add("code", "Mã: không được để trống.")
        elif len(code) > 40:
            errors.add("code", "Mã: không được dài quá 40 ký tự.")
        elif Organization.objects.filter(code=code).exclude(pk=org.pk).exists():
            errors.add("code", f"Mã: “{code}” đã được dùng cho tổ chức khác.")
    errors.raise_if_any()

    renamed = name is not UNSET and name != org.name
    if name is not UNSET:
        org.name = name
        org.search_key, org.sort_key = vntext.org_name_keys(name).values()
    if established_on is not UNSET:
        org.established_on = established_on
    if staff_count is not UNSET:
        org.staff_count = staff_count
    if code is not UNSET:
        org.code = code
    after = audit.snapshot(org)
    if after == before:
        return org
    bump(org)
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
    errors = Errors()
    if not org.is_active:
        errors.add("__all__", f"Tổ chức “{org.name}” không còn hoạt động, không thể chuyển.")
    elif new_parent is not None and new_parent.path.startswith(org.path):
        errors.add("parent", "Không thể chuyển tổ chức vào chính nó hoặc tổ chức trực thuộc của nó.")
    elif (new_parent.pk if new_parent else None) == org.parent_id:
        errors.add("parent", "Cấp trên trực tiếp: tổ chức đã trực thuộc tổ chức này.")
    elif new_parent is not None and not new_parent.is_active:
        errors.add("parent", f"Cấp trên trực tiếp: “{new_parent.name}” không còn hoạt động.")
    else:
        kind_errors = Errors()  # the kind rule, said of the new parent
        _check_kind_under(org.kind, new_parent, kind_errors)
        for message in kind_errors.errors.get("kind", ()):
            errors.add("parent", message.replace("Loại tổ chức: ", "Cấp trên trực tiếp: ", 1))
    old_path = org.path
    new_path = child_path(new_parent.path if new_parent else None, org.pk)
    if not errors:
        longest = Organization.objects.filter(path__startswith=old_path).aggregate(n=Max(Length("path")))["n"]
        if (longest or 0) - len(old_path) + len(new_path) > PATH_MAX:
            errors.add("parent", "Cấp trên trực tiếp: cây tổ chức sau khi chuyển sẽ quá sâu.")
    errors.raise_if_any()

    before = audit.snapshot(org)
    own = OrganizationStats.objects.select_for_update().get(pk=org.pk)
    depth_delta = (new_parent.depth + 1 if new_parent else 0) - org.depth
    rest = Substr("path", len(old_path) + 1)
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), rest, output_field=CharField()), depth=F("depth") + depth_delta
    )
    # the apps above follow (members rewrite their org_path, reviews their subjects' paths)
    organization_moved.send(sender=Organization, organization=org, old_path=old_path, new_path=new_path)
    old_ancestors = [i for i in org.ancestor_ids() if i != org.pk]
    new_ancestors = new_parent.ancestor_ids() if new_parent else []
    stats.apply(old_ancestors, stats.row_deltas(own, -1))
    stats.apply(new_ancestors, stats.row_deltas(own, +1))

    org.refresh_from_db(fields=["path", "depth"])
    org.parent = new_parent
    bump(org, ["parent"])
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
    errors = Errors()
    _check_date(on, "on", "Ngày giải thể", errors, required=True)
    if "on" not in errors and org.established_on and on < org.established_on:
        errors.add("on", f"Ngày giải thể: không được trước ngày thành lập ({_day(org.established_on)}).")
    if not org.is_active:
        errors.add("__all__", f"Tổ chức “{org.name}” đã {org.get_status_display().lower()}.")
    else:
        own = OrganizationStats.objects.select_for_update().get(pk=org.pk)
        children = org.children.filter(status=OrgStatus.ACTIVE).count()
        problems = []
        if own.active > 0:
            problems.append(f"{own.active} đảng viên đang sinh hoạt")
        if children:
            problems.append(f"{children} tổ chức trực thuộc đang hoạt động")
        if problems:
            errors.add("__all__", (
                f"Không thể giải thể “{org.name}”: còn {' và '.join(problems)}. "
                "Hãy chuyển sinh hoạt hoặc hợp nhất trước khi giải thể."
            ))
    note = vntext.nfc(note) or ""
    errors.raise_if_any()

    before = audit.snapshot(org)
    keys = stats.org_keys(org)
    org.status = OrgStatus.DISSOLVED
    org.ended_on = on
    bump(org, ["status", "ended_on"])
    stats.apply(org.ancestor_ids(), {k: -1 for k in keys})
    for term in org.terms.filter(ended_on__isnull=True):
        _close_term_rows(term, max(on, term.started_on))
    audit.record(actor, org, "dissolve", before=before, after=audit.snapshot(org), note=note)
    return org


# --------------------------------------------------------------------------- terms

