"""Mass organisations attached to a unit (chi đoàn, công đoàn, hội cựu chiến binh)."""


from django.db import transaction

from dangvu.core import audit
from dangvu.core.services import Errors

from ..models import (
    MassOrganization,
    MassOrganizationKind,
    Organization,
)
from ._common import (
    _authorize,
    _clean_name,
    _lock,
)


def _check_mass(kind, name, unit_count, member_count, errors):
    name = _clean_name(name, errors, label="Tên")
    if kind not in MassOrganizationKind.values:
        errors.add("kind", "Loại: giá trị không hợp lệ.")
    if not isinstance(unit_count, int) or unit_count < 1:
        errors.add("unit_count", "Số tổ chức: phải là số nguyên từ 1 trở lên.")
    if member_count is not None and (not isinstance(member_count, int) or member_count < 0):
        errors.add("member_count", "Số hội viên, đoàn viên: phải là số nguyên không âm.")
    return name


@transaction.atomic
def create_mass_organization(actor, organization, *, kind, name, unit_count=1, member_count=None):
    org = _lock(Organization, organization)
    _authorize(actor, org)
    errors = Errors()
    name = _check_mass(kind, name, unit_count, member_count, errors)
    if not org.is_active:
        errors.add("__all__", f"Tổ chức “{org.name}” không còn hoạt động.")
    errors.raise_if_any()
    row = MassOrganization.objects.create(
        organization=org, kind=kind, name=name, unit_count=unit_count, member_count=member_count
    )
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def update_mass_organization(actor, mass_organization, *, kind, name, unit_count=1, member_count=None, version=None):
    row = _lock(MassOrganization, mass_organization)
    _authorize(actor, row.organization)
    errors = Errors()
    name = _check_mass(kind, name, unit_count, member_count, errors)
    errors.raise_if_any()
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

