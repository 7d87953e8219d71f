"""The read side of congresses, always scoped through access.py."""


from dangvu.organizations import terms
from dangvu.organizations.models import Organization, Term

from . import access
from .models import Congress, CongressStatus


def congress_list(user, *, organization=None, status=""):
    qs = access.congresses_for(user).select_related("organization")
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    if status in CongressStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-planned_on", "-id")


def scope(user, organization=None, action="view"):
    """Organisations the lists cover: organization's sub-tree inside the user's reach, or all of that reach."""
    qs = access.organizations_for(user, action)
    if organization is not None:
        qs = qs.filter(path__subtree=organization.path)
    return qs


def due(user, today, within_months, organization=None):
    return terms.due_in(scope(user, organization), today, within_months).select_related("parent")


def vacancies(user, organization=None):
    return terms.vacant_in(scope(user, organization)).select_related("parent")


COUNT_CAP = 10_000  # a count past it reads "hơn 10 000": the lists read at most that many index entries


def capped(qs, cap: int = COUNT_CAP) -> int:
    """qs.count(), but reading at most cap + 1 rows (a count above cap answers cap + 1)."""
    return qs.order_by()[: cap + 1].count()


def due_counts(user, today, within_months, organization=None, action="view", cap: int = COUNT_CAP) -> dict:
    """{"overdue", "due", "first_overdue", "first_due", "cap"} over the scope: bounded counts (at most cap + 1 index
    entries each, cap + 1 meaning "more than cap") and the first dates, on the indexed term_ends_on."""
    qs = scope(user, organization, action).filter(status="active", term_ends_on__isnull=False)
    overdue = qs.filter(term_ends_on__lt=today)
    due = qs.filter(term_ends_on__gte=today, term_ends_on__lte=terms.due_limit(today, within_months))
    first = {}
    for key, part in (("first_overdue", overdue), ("first_due", due)):
        row = part.order_by("term_ends_on").values_list("term_ends_on", flat=True)[:1]
        first[key] = row[0] if row else None
    return {"overdue": capped(overdue, cap) if first["first_overdue"] else 0,
            "due": capped(due, cap) if first["first_due"] else 0, "cap": cap, **first}


def vacancy_counts(user, organization=None, action="view", cap: int = COUNT_CAP) -> dict:
    qs = scope(user, organization, action).filter(status="active")
    return {"secretary": capped(qs.filter(secretary_vacant_since__isnull=False), cap),
            "seats": capped(qs.filter(seats_vacant__gt=0), cap), "cap": cap}


def shown(n: int, cap: int) -> str:
    """A bounded count as the pages say it: "hơn 10.000" past the cap."""
    from django.utils.formats import number_format

    return f"hơn {number_format(cap, force_grouping=True)}" if n > cap else number_format(n, force_grouping=True)


def term_panel(org: Organization) -> dict:
    """An organisation's terms, the current one's due date by its rule, its committee, its congresses."""
    term_rows = list(Term.objects.filter(organization=org).order_by("-started_on", "-id"))
    current = term_rows[0] if term_rows else None
    due = terms.term_due(org.kind, current.started_on) if current else None
    committee = []
    if current is not None:
        from dangvu.organizations.models import position_rank

        committee = list(current.committee_members.select_related("member").annotate(rank=position_rank())
                         .order_by("ended_on", "rank", "id"))
    congresses = list(Congress.objects.filter(organization=org).order_by("-planned_on", "-id"))
    return {"terms": term_rows, "current": current, "due": due, "committee": committee, "congresses": congresses,
            "vacant_since": terms.vacant_since(org)}
