"""The read side of congresses, always scoped through access.py."""

from django.db.models import Count, Min, Q

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


def due_counts(user, today, within_months, organization=None, action="view") -> dict:
    """{"overdue", "due", "first_overdue", "first_due"} over the scope: one aggregate over the indexed term_ends_on."""
    qs = scope(user, organization, action).filter(status="active", term_ends_on__isnull=False,
                                          term_ends_on__lte=terms.due_limit(today, within_months))
    out = qs.aggregate(overdue=Count("id", filter=Q(term_ends_on__lt=today)),
                       due=Count("id", filter=Q(term_ends_on__gte=today,
                                                term_ends_on__lte=terms.due_limit(today, within_months))),
                       first_overdue=Min("term_ends_on", filter=Q(term_ends_on__lt=today)),
                       first_due=Min("term_ends_on", filter=Q(term_ends_on__gte=today)))
    return out


def vacancy_counts(user, organization=None, action="view") -> dict:
    qs = scope(user, organization, action).filter(status="active").filter(
        Q(secretary_vacant_since__isnull=False) | Q(seats_vacant__gt=0))
    return qs.aggregate(secretary=Count("id", filter=Q(secretary_vacant_since__isnull=False)),
                        seats=Count("id", filter=Q(seats_vacant__gt=0)))


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
