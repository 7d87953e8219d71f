"""When each organisation's next congress is due, and which posts of its committee are vacant.

The term lengths are rule data (``rulesets/terms.json``: months by organisation kind, with the earlier/later margin,
per period and regulation). A term is measured by the rule in force **on the day it started**: a chi bộ term begun
in 2023 ends after 30 months (Quy định 24-QĐ/TW), one begun after 01/7/2025 after 60 (Quy định 294-QĐ/TW).

The results are stored on the organisation (``term_ends_on``, ``secretary_vacant_since``, ``seats_vacant``,
``seats_vacant_since``) by :func:`refresh`, which every service that writes a term or a committee member calls, so
that the lists over hundreds of thousands of organisations read indexed columns instead of computing per row.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

from dangvu.core import dates, rules

from .models import CommitteeMember, Organization, Position, Term
from .rulesets import DIR

FILE = DIR / "terms.json"


def rule(day: dt.date) -> dict | None:
    """The term rule set in force on day (None before the rule data begins)."""
    try:
        return rules.in_force(FILE, day)
    except rules.RuleNotFound:
        return None


@dataclass(frozen=True)
class Due:
    """The end of a term by its rule: nominal day, the window the margin allows, and the rule's citation."""

    ends_on: dt.date
    earliest_on: dt.date
    latest_on: dt.date
    months: int
    regulation: str
    code: str


def term_due(kind: str, started_on: dt.date) -> Due | None:
    rs = rule(started_on)
    if rs is None or kind not in rs["term_months"]:
        return None
    months = int(rs["term_months"][kind])
    ends = dates.add_months(started_on, months)
    return Due(ends_on=ends, earliest_on=dates.add_months(ends, -int(rs["earlier_months"].get(kind, 0))),
               latest_on=dates.add_months(ends, int(rs["later_months"].get(kind, 0))), months=months,
               regulation=rs["regulation"], code=rs["code"])


def current_term(org: Organization) -> Term | None:
    """The organisation's latest term (open or not: a term closed without a successor still says when the
    congress was due)."""
    return Term.objects.filter(organization=org).order_by("-started_on", "-id").first()


def state(org: Organization) -> dict:
    """The stored fields of org, computed from its terms and committee."""
    out = {"term_ends_on": None, "secretary_vacant_since": None, "seats_vacant": 0, "seats_vacant_since": None}
    term = current_term(org)
    if term is None:
        return out
    due = term_due(org.kind, term.started_on)
    out["term_ends_on"] = due.ends_on if due else None
    if term.ended_on is not None:
        return out  # the committee's term is over: its posts are not "vacant", its congress is due
    rows = CommitteeMember.objects.filter(term=term)
    serving = rows.filter(ended_on__isnull=True)
    if not serving.filter(position=Position.SECRETARY).exists():
        last = rows.filter(position=Position.SECRETARY).aggregate(d=Max("ended_on"))["d"]
        out["secretary_vacant_since"] = last or term.started_on
    if term.seats:
        missing = term.seats - serving.count()
        if missing > 0:
            out["seats_vacant"] = missing
            out["seats_vacant_since"] = rows.aggregate(d=Max("ended_on"))["d"] or term.started_on
    return out


def refresh(org: Organization) -> None:
    """Store org's congress due date and vacancies (called by the services after a term or committee change)."""
    values = state(org)
    Organization.objects.filter(pk=org.pk).update(**values)
    for key, value in values.items():
        setattr(org, key, value)


def refresh_many(qs=None) -> int:
    """Refresh every organisation of qs (all that have a term by default); returns how many."""
    qs = qs if qs is not None else Organization.objects.filter(Q(terms__isnull=False)).distinct()
    n = 0
    for org in qs.only("id", "kind").iterator(chunk_size=2000):
        refresh(org)
        n += 1
    return n


def backfill(Organization=Organization, Term=Term, CommitteeMember=CommitteeMember) -> int:
    """Store the due date and the vacant secretary post of every organisation with a term, in bulk (one UPDATE per
    distinct date): the migration's backfill (with its historical models) and bulk loaders. Seats are left to
    ``refresh`` (a term's seats are set one by one). Answers how many organisations."""
    from collections import defaultdict

    latest = {}
    for term in Term.objects.order_by("organization_id", "started_on", "id").only(
            "id", "organization_id", "started_on", "ended_on").iterator(chunk_size=5000):
        latest[term.organization_id] = term
    kinds = {}
    ids = list(latest)
    for i in range(0, len(ids), 5000):
        kinds.update(Organization.objects.filter(pk__in=ids[i:i + 5000]).values_list("id", "kind"))
    with_secretary = set(CommitteeMember.objects.filter(position="secretary", ended_on__isnull=True)
                         .values_list("term_id", flat=True).distinct())
    last_secretary = dict(CommitteeMember.objects.filter(position="secretary").values("term_id")
                          .annotate(d=Max("ended_on")).values_list("term_id", "d"))
    ends, vacant = defaultdict(list), defaultdict(list)
    for org_id, term in latest.items():
        due = term_due(kinds[org_id], term.started_on)
        if due is not None:
            ends[due.ends_on].append(org_id)
        if term.ended_on is None and term.pk not in with_secretary:
            vacant[last_secretary.get(term.pk) or term.started_on].append(org_id)
    for values, field in ((ends, "term_ends_on"), (vacant, "secretary_vacant_since")):
        for day, org_ids in values.items():
            for i in range(0, len(org_ids), 5000):
                Organization.objects.filter(pk__in=org_ids[i:i + 5000]).update(**{field: day})
    return len(latest)


# --------------------------------------------------------------------------- the lists (read side)

WITHIN_MAX = 120  # months: the farthest horizon a due list looks ahead


def due_limit(today: dt.date, within_months: int) -> dt.date:
    return dates.add_months(today, within_months)


def due_in(orgs, today: dt.date, within_months: int):
    """Active organisations of ``orgs`` (a scoped queryset) whose term ends on or before ``today + within_months``
    (overdue ones included), soonest first; reads the indexed ``term_ends_on``."""
    return (orgs.filter(status="active", term_ends_on__isnull=False, term_ends_on__lte=due_limit(today, within_months))
            .order_by("term_ends_on", "id"))


def vacant_in(orgs):
    """Active organisations of ``orgs`` whose current committee lacks its secretary or some of its seats."""
    return (orgs.filter(status="active").filter(Q(secretary_vacant_since__isnull=False) | Q(seats_vacant__gt=0))
            .order_by("path"))


def vacant_since(org: Organization) -> dt.date | None:
    days = [d for d in (org.secretary_vacant_since, org.seats_vacant_since if org.seats_vacant else None) if d]
    return min(days) if days else None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)
