"""build(): the period report of an organisation's sub-tree, section by section."""

from __future__ import annotations

import dataclasses
import datetime as dt
from importlib import import_module

from django.http import Http404

from dangvu.organizations.models import Organization, OrgStatus

from .context import Context
from .types import PeriodReport

# section key -> module of this package with build(ctx) -> Section, in the report's order
SECTIONS = {
    "organizations": "organizations",
    "members": "members",
    "reviews": "reviews",
    "inspections": "inspections",
    "discipline": "discipline",
    "meetings": "meetings",
    "studies": "studies",
    "documents": "documents",
    "congresses": "congresses",
    "development": "development",
    "dues": "dues",
}
MAX_DAYS = 5 * 366 + 1


def can_report(user, organization: Organization) -> bool:
    """The report's readers, as for the pages (reports.access): the office and the inspection commission of an
    organisation over it (their grants reach its sub-tree), and admins. A chi bộ secretary is not one of them."""
    from ..access import can_read

    return can_read(user, organization)


def children_of(organization: Organization, date_from: dt.date) -> list[Organization]:
    """Direct sub-organisations active in the period (those closed before it are left out)."""
    qs = Organization.objects.filter(parent=organization).order_by("sort_key", "id")
    return [c for c in qs if c.status == OrgStatus.ACTIVE or (c.ended_on and c.ended_on >= date_from)]


def build(user, organization, date_from: dt.date, date_to: dt.date, *, compare: bool = True,
          sections=None, tables: bool = True) -> PeriodReport:
    """The report; tables=False leaves out the sections' tables that cost more than their figures (the members'
    breakdowns: the checker reads figures only)."""
    if not isinstance(organization, Organization):
        organization = Organization.objects.filter(pk=organization).first()
    if organization is None or not getattr(user, "is_authenticated", False) or not can_report(user, organization):
        raise Http404("Không tìm thấy tổ chức đảng.")
    if date_from > date_to:
        raise ValueError("date_from after date_to")
    children = children_of(organization, date_from)
    ctx = Context(user=user, organization=organization, children=children, date_from=date_from, date_to=date_to,
                  compare=compare, tables=tables)
    wanted = [k for k in SECTIONS if sections is None or k in sections]
    out = []
    for key in wanted:
        try:
            module = import_module(f"{__package__}.{SECTIONS[key]}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{SECTIONS[key]}":
                raise
            continue  # a section not written yet
        records = frozenset(getattr(module, "RECORDS", {}))
        out.append(module.build(dataclasses.replace(ctx, section_key=key, record_keys=records)))
    prev_from, prev_to = ctx.previous
    return PeriodReport(organization=organization, date_from=date_from, date_to=date_to, children=children,
                        sections=out, previous_from=prev_from if compare else None,
                        previous_to=prev_to if compare else None)
