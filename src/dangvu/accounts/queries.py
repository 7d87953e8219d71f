"""Read side of accounts, always scoped through access.py."""

from dangvu.core import vntext
from dangvu.organizations.models import RoleAssignment

from . import access


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
