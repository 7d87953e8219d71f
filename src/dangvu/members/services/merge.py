"""Merging organisations, which moves their members."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit
from dangvu.core.services import Errors, bump, bump_all, check_version
from dangvu.organizations import stats as org_stats
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from .. import movements
from .. import stats as member_stats
from ..models import EventKind, Member, MemberEvent, Placement, Status
from ._common import (
    _authorize,
    _check_day,
    _lock_org,
)

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
    check_version(src, version)
    errors = Errors()
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
        Member.objects.select_for_update().filter(organization=src, status__in=Status.active()).order_by("pk")
    )
    if moving:
        totals = Counter()
        for m in moving:
            totals.update(member_stats.member_keys(m))
        ids = [m.pk for m in moving]
        bump_all(Member.objects.filter(pk__in=ids), organization=tgt, org_path=tgt.path)
        Placement.objects.filter(member_id__in=ids, ended_on__isnull=True).update(ended_on=on)
        Placement.objects.bulk_create(Placement(member_id=pk, organization=tgt, started_on=on) for pk in ids)
        movements.record(*MemberEvent.objects.bulk_create(
            MemberEvent(
                member_id=m.pk, kind=EventKind.MERGE, on=on, status_before=m.status, status_after=m.status,
                organization_before=src, organization_after=tgt, note=f"{src.name} hợp nhất vào {tgt.name}",
            )
            for m in moving
        ))
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
    bump(src, ["status", "merged_into", "ended_on"])
    delta = Counter({k: -1 for k in keys_before})
    delta.update(dict.fromkeys(org_stats.org_keys(src), 1))
    org_stats.apply(src.ancestor_ids(), dict(delta))
    audit.record(actor, src, "merge", before=before, after=audit.snapshot(src), note=f"Hợp nhất vào {tgt.name}")
    return src
