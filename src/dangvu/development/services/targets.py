"""Yearly admission targets (chỉ tiêu kết nạp), set by the office of a superior organisation."""

from django.db import transaction

from dangvu.core import audit
from dangvu.core.dates import today
from dangvu.core.services import Errors, bump, check_version, lock
from dangvu.organizations.models import Organization

from .. import access
from ..models import Target

MAX_TARGET = 1_000_000


@transaction.atomic
def set_target(actor, *, organization, year, target, version=None) -> Target:
    """Set (or change) the target of an organisation for a year; refused (422) for an organisation the actor's
    office does not hold from above."""
    errors = Errors()
    org = None
    try:
        org = Organization.objects.filter(pk=int(getattr(organization, "pk", organization))).first()
    except (TypeError, ValueError, OverflowError):
        pass
    if org is None or (actor is not None and not access.can_set_target(actor, org)):
        errors.add("organization_id", "Tổ chức đảng: không có hoặc nằm ngoài phạm vi giao chỉ tiêu của đồng chí "
                                      "(chỉ tiêu do cấp ủy cấp trên giao cho tổ chức trực thuộc).")
    this_year = today().year
    try:
        year = int(year)
    except (TypeError, ValueError, OverflowError):
        year = None
    if year is None or not (2000 <= year <= this_year + 5):
        errors.add("year", f"Năm: từ 2000 đến {this_year + 5}.")
    try:
        target = int(target)
    except (TypeError, ValueError, OverflowError):
        target = None
    if target is None or not (0 <= target <= MAX_TARGET):
        errors.add("target", "Chỉ tiêu kết nạp: một số nguyên không âm.")
    errors.raise_if_any()
    row = Target.objects.filter(organization=org, year=year).first()
    if row is None:
        row = Target.objects.create(organization=org, year=year, target=target, set_by=actor)
        audit.record(actor, row, "target", after=audit.snapshot(row),
                     note=f"Giao chỉ tiêu kết nạp năm {year} cho {org.name}: {target}")
        return row
    row = lock(Target, row)
    check_version(row, version)
    if row.target != target:
        before = audit.snapshot(row)
        row.target, row.set_by = target, actor
        bump(row)
        audit.record(actor, row, "target", before=before, after=audit.snapshot(row),
                     note=f"Giao chỉ tiêu kết nạp năm {year} cho {org.name}: {target}")
    return row
