"""Read side of accounts, always scoped through access.py."""

from dangvu.core import vntext
from dangvu.organizations.models import RoleAssignment

from . import access

PICK_LIMIT = 500  # organisations offered in a form's list (the rest are reached from the organisation's page)


def accounts(actor, q: str = "", status: str = ""):
    qs = access.users_for(actor)
    key = vntext.fold(q or "").strip()
    for word in key.split():
        qs = qs.filter(search_key__contains=word)
    if status == "hoat-dong":
        qs = qs.filter(is_active=True)
    elif status == "khoa":
        qs = qs.filter(is_active=False)
    elif status == "doi-mat-khau":
        qs = qs.filter(account_state__must_change_password=True)
    return qs.select_related("member__organization", "account_state").order_by("username", "id")


def roles_of(user):
    return list(RoleAssignment.objects.filter(user=user).select_related("organization").order_by("role", "id"))


def organizations_for_forms(actor, cells_only: bool = False):
    qs = access.organizations_for(actor).filter(status="active")
    if cells_only:
        from dangvu.organizations.models import CELL_KINDS

        qs = qs.filter(kind__in=CELL_KINDS)
    return list(qs.order_by("path")[:PICK_LIMIT])

