"""GET /api/v1/organizations/congress-due: organisations whose congress is overdue or due within N months.

Reads the stored ``term_ends_on`` (organizations.terms keeps it): one indexed range over the user's scope.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query

from dangvu.core import dates
from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Schema

from .. import terms
from ..access import access_organization, organizations_for, reach
from ..models import Organization
from .base import router


class DueQuery(Schema):
    organization_id: int | None = None
    within_months: int = 6
    page: int = 1
    page_size: int = 50


class DueItem(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    term_ends_on: dt.date
    latest_on: dt.date | None
    overdue: bool


class DuePage(Schema):
    items: list[DueItem]
    count: int
    within_months: int
    due_by: dt.date


def scope(user, organization_id):
    """The organisations the list covers: the sub-tree of ``organization_id`` (404 outside the user's reach), or
    everything the user reads (404 for a user who reads no organisation)."""
    if organization_id is not None:
        org = access_organization(user, organization_id, "view")
        return organizations_for(user, "view").filter(path__subtree=org.path)
    r = reach(user)
    if not r.is_admin and not r.grants:
        raise Http404("Không tìm thấy tổ chức đảng.")
    return organizations_for(user, "view")


def check_within(within_months) -> int:
    if not isinstance(within_months, int) or not 0 <= within_months <= terms.WITHIN_MAX:
        raise ValidationError({"within_months": [
            f"Số tháng tới: phải là số nguyên từ 0 đến {terms.WITHIN_MAX}."]})
    return within_months


def due_item(org: Organization, today: dt.date) -> dict:
    due = terms.term_due(org.kind, org.term_started_on) if getattr(org, "term_started_on", None) else None
    return {"id": org.pk, "code": org.code, "name": org.name, "kind": org.kind, "parent_id": org.parent_id,
            "term_ends_on": org.term_ends_on, "latest_on": due.latest_on if due else None,
            "overdue": org.term_ends_on < today}


@router.get("/congress-due", response=DuePage, summary="Tổ chức đảng quá hạn hoặc sắp đến hạn đại hội")
def congress_due(request, f: Query[DueQuery]):
    """Active organisations of the scope whose term ended (``overdue``) or ends within ``within_months`` months,
    soonest first. ``term_ends_on`` is the end of the current term by the rule data in force when it began;
    ``latest_on`` the latest day the margin of that rule allows (with the superior's consent)."""
    within = check_within(f.within_months)
    if not 1 <= f.page <= PAGE_MAX or not 1 <= f.page_size <= 500:
        raise ValidationError({"page": ["Trang: page từ 1, page_size từ 1 đến 500."]})
    today = dates.today()
    qs = terms.due_in(scope(request.auth, f.organization_id), today, within).only(
        "id", "code", "name", "kind", "parent_id", "term_ends_on")
    out = api_page(qs, f.page, f.page_size, lambda o: o)
    _with_starts(out["items"])
    out["items"] = [due_item(o, today) for o in out["items"]]
    return {**out, "within_months": within, "due_by": terms.due_limit(today, within)}


def _with_starts(orgs) -> None:
    """The start of each one's latest term (one query for the page), for the margin of its rule."""
    from django.db.models import Max

    from ..models import Term

    starts = dict(Term.objects.filter(organization__in=[o.pk for o in orgs]).values("organization_id")
                  .annotate(s=Max("started_on")).values_list("organization_id", "s"))
    for o in orgs:
        o.term_started_on = starts.get(o.pk)
