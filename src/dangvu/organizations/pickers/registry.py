"""The purposes of the pickers (what the user is choosing for, and which rows they may choose) and the searches
inside a purpose's scope: the first ``LIMIT`` matches, each with its place in the tree."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Concat

from dangvu.core import vntext

LIMIT = 20  # matches per search: a picker never lists more
MAX_CHOSEN = 500  # values one multiple picker accepts in one submission
CELLS_PREFIX = "c"  # "c123": every chi bộ under organisation 123 (multiple organisation pickers that allow it)
SEP = " › "
NARROW = 20_000  # SQLite: a member picker over up to this many members sorts them rather than walk the sort index
MIN_NUMBER = 6  # digits of a query read as a CCCD or party card number rather than part of a name


@dataclass(frozen=True)
class Purpose:
    name: str
    kind: str  # "organization" or "member"
    scope: object  # callable(user) -> QuerySet of the rows the user may choose
    cells_choice: bool = False  # offer "Tất cả chi bộ trực thuộc X"
    kinds: tuple = ()  # organisation kinds offered (empty: all)


PURPOSES: dict[tuple[str, str], Purpose] = {}  # (kind, name) -> purpose


def register(name, kind, scope, *, cells_choice=False, kinds=()) -> Purpose:
    """Declare a purpose (idempotent for the same scope: forms modules may be imported more than once)."""
    purpose = Purpose(name, kind, scope, cells_choice, tuple(kinds))
    PURPOSES[(kind, name)] = purpose
    return purpose


def purpose(name, kind) -> Purpose | None:
    return PURPOSES.get((kind, name or ""))


# ----------------------------------------------------------------------------- searching

def org_contexts(orgs) -> dict:
    """id -> the names of an organisation's ancestors, nearest first ("Đảng bộ Sở … › Đảng bộ tỉnh …"): one
    query for every organisation given."""
    from ..models import Organization  # the tree sits above core

    wanted = {pid for o in orgs for pid in o.ancestor_ids()[:-1]}
    names = dict(Organization.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    return {o.pk: SEP.join(names[i] for i in reversed(o.ancestor_ids()[:-1]) if i in names) for o in orgs}


def search_organizations(qs, q="", *, kinds=(), under=None, limit=LIMIT):
    """The first ``limit`` organisations of qs whose name contains q (folded: no diacritics needed), shallowest
    first, optionally of some kinds and under one organisation."""
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    return list(qs.order_by("depth", "sort_key", "id")[:max(1, min(int(limit), LIMIT))])


def search_members(qs, q="", *, under=None, limit=LIMIT, user=None):
    """The first ``limit`` members of qs whose name contains q (folded), in Vietnamese name order; a q of digits
    only (spaces ignored) finds the member of that CCCD or party card number instead. ``user`` (whose reach the
    scope qs is cut from) lets SQLite choose how to read the page."""
    from django.db.models import Q

    number = (q or "").replace(" ", "")
    needle = vntext.fold(q or "")
    if number.isdigit() and len(number) >= MIN_NUMBER:
        qs = qs.filter(Q(national_id=number) | Q(card_number=number))
    elif needle:
        qs = qs.filter(search_key__contains=needle)
    if under is not None:
        qs = qs.filter(org_path__subtree=under.path)
    limit = max(1, min(int(limit), LIMIT))
    if connection.vendor == "sqlite":
        return _sqlite_first_members(qs, limit, narrow=_narrow(user, under) or bool(number.isdigit()
                                                                                   and len(number) >= MIN_NUMBER))
    return list(qs.select_related("organization").order_by("sort_key", "id")[:limit])


def _sqlite_first_members(qs, limit, *, narrow: bool):
    """The first ``limit`` members of qs in name order on SQLite, which has no statistics of a path range: joined
    to the organisations it started from them and sorted the whole scope (a province's 57 000 members: 0,3-0,7 s).
    The page's ids are chosen without the join, then read with their organisations. A wide scope is walked in the
    sort index (member_sort_search_idx holds the name and the scope's columns: no row is read before it matches);
    a narrow one is read through its own indexes and sorted (an order no index serves)."""
    order = Concat("sort_key", Value(""), output_field=CharField()) if narrow else "sort_key"
    ids = qs.order_by(order, "id").values("id")[:limit]
    return list(qs.model.objects.filter(id__in=ids).select_related("organization").order_by("sort_key", "id"))


def _narrow(user, under) -> bool:
    """Whether a picker's members are few (at most NARROW, from the roll-ups): those under ``under``, or those the
    user's grants reach (a grant without its sub-tree: one organisation's own members; the administrator: all)."""
    from ..access import reach
    from ..models import OrganizationStats

    if under is not None:
        ids = [under.pk]
    elif user is None or not getattr(user, "is_authenticated", False):
        return False
    else:
        r = reach(user)
        if r.is_admin:
            return False
        paths = sorted({g.path for g in r.grants if g.include_subtree})
        ids = [g.organization_id for g in r.grants if g.include_subtree and g.path in paths
               and not any(p != g.path and g.path.startswith(p) for p in paths)]
        if not ids:
            return True  # grants without their sub-trees: a few chi bộ
    stats = OrganizationStats.objects.filter(organization_id__in=set(ids)).values_list(
        "any_gender_male", "any_gender_female")
    return sum(a + b for a, b in stats) <= NARROW


def organization_options(orgs, *, cells_choice=False) -> list[dict]:
    """What a search answers: {"value", "label", "context"} per organisation, and with cells_choice, one more
    "Tất cả chi bộ trực thuộc X" per organisation that is not itself a chi bộ."""
    contexts = org_contexts(orgs)
    out = []
    for o in orgs:
        out.append({"value": str(o.pk), "label": o.name, "context": contexts.get(o.pk, "")})
        if cells_choice and not o.is_cell:
            out.append({"value": f"{CELLS_PREFIX}{o.pk}", "label": f"Tất cả chi bộ trực thuộc {o.name}",
                        "context": contexts.get(o.pk, "")})
    return out


def member_options(members) -> list[dict]:
    orgs = [m.organization for m in members]
    contexts = org_contexts(orgs)
    out = []
    for m in members:
        place = SEP.join(x for x in (m.organization.name, contexts.get(m.organization_id, "")) if x)
        out.append({"value": str(m.pk), "label": m.full_name, "context": place})
    return out


def active_in_reach(user, roles):
    """Active organisations that the user's grants of ``roles`` reach (admin: all): the usual scope of a picker."""
    from ..access import reach
    from ..models import Organization, OrgStatus

    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    q = reach(user).q(roles)
    return qs if q is None else qs.filter(q)
