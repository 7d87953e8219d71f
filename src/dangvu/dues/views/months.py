"""/dang-phi/: an organisation's month, from the maintained totals (one row per sub-organisation); the
three-month flags."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from dangvu.core.pages import is_htmx, paginate
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization

from .. import access, queries, webscope
from ..forms import RemitForm, parse_month
from ..models import DuesRemittance, DuesTotal
from ..services import remit as remit_service
from ._common import add_months, month_choices, month_key, organization_or_404, this_month

FIGURES = ("members", "owed", "paid", "exempt", "reduced", "unpaid", "remitted", "received")


def _figures(total) -> dict:
    out = {name: getattr(total, name, 0) or 0 for name in FIGURES} if total is not None else dict.fromkeys(FIGURES, 0)
    out["outstanding"] = max(0, out["owed"] - out["paid"])
    return out


@login_required
def index(request):
    user = request.user
    if not webscope.sees_dues(user):
        if webscope.own_member(user) is not None:
            return redirect("dues:mine")
        raise Http404(webscope.NOT_FOUND)
    raw = request.GET.get("to_chuc")
    month = parse_month(request.GET.get("thang")) or this_month()
    if not raw:
        tops = [o for o in reach(user).top_organizations if webscope.can(user, o, "view")]
        if len(tops) > 1:
            return _tops(request, tops, month)
    org = organization_or_404(user, raw)
    children = Organization.objects.filter(parent=org).order_by("sort_key", "id")
    page = paginate(request, children)
    ids = [org.pk] + [c.pk for c in page["items"]]
    totals = {t.organization_id: t for t in DuesTotal.objects.filter(organization_id__in=ids, month=month)}
    rows = [{"organization": c, "is_cell": c.kind in CELL_KINDS, **_figures(totals.get(c.pk))} for c in page["items"]]
    parent = None
    if org.parent_id and webscope.organizations_for(user).filter(pk=org.parent_id).exists():
        parent = org.parent
    template = "dues/_index_rows.html" if is_htmx(request) else "dues/index.html"
    sent = {r.organization_id: r for r in DuesRemittance.objects.filter(
        organization_id__in=ids, month=month).select_related("confirmed_by")}
    for row in rows:
        row["remittance"] = sent.get(row["organization"].pk)
    manages = org.parent_id is not None and webscope.can(user, org, "manage")
    return render(request, template, {
        **page, "organization": org, "is_cell": org.kind in CELL_KINDS, "month": month, "month_key": month_key(month),
        "own": _figures(totals.get(org.pk)), "rows": rows, "months": month_choices(month),
        "prev": month_key(add_months(month, -1)), "next": month_key(add_months(month, 1)), "parent": parent,
        "remittance": sent.get(org.pk), "can_confirm": access.can(user, org, "confirm_receipt"),
        "remit_form": RemitForm() if manages and org.pk not in sent else None,
        "expected": remit_service.expected(org, month) if manages and org.pk not in sent else None,
        "sheet_url": reverse("dues:sheet", args=[org.pk, month_key(month)]) if org.kind in CELL_KINDS else "",
        "rule_months": queries.flag_months(month.year),
    })


def _tops(request, tops, month):
    """Several organisations the user's grants start from (an administrator: every top of the tree): their month."""
    totals = {t.organization_id: t for t in DuesTotal.objects.filter(organization_id__in=[o.pk for o in tops],
                                                                     month=month)}
    rows = [{"organization": o, "is_cell": o.kind in CELL_KINDS, **_figures(totals.get(o.pk))} for o in tops]
    return render(request, "dues/tops.html", {
        "rows": rows, "month": month, "month_key": month_key(month), "months": month_choices(month),
        "prev": month_key(add_months(month, -1)), "next": month_key(add_months(month, 1)), "organization": None})


def _absences_url(org, year) -> str:
    """The meeting-absence flags of the same organisation and year (the same rule, for meetings), when the meetings
    app is installed."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("meetings:absences") + f"?organization={org.pk}&year={year}"
    except NoReverseMatch:
        return ""


@login_required
def flags(request):
    """Members with three months unpaid in a year without a recorded reason, with the months."""
    from dangvu.core.pages import page_number

    user = request.user
    if not webscope.sees_dues(user):
        raise Http404(webscope.NOT_FOUND)
    org = organization_or_404(user, request.GET.get("to_chuc"))
    try:
        year = int(request.GET.get("nam") or this_month().year)
    except (TypeError, ValueError, OverflowError):
        year = this_month().year
    if not 1990 <= year <= 2100:
        year = this_month().year
    size = 50
    page = page_number(request.GET.get("page"))
    count = queries.unpaid_flags_count(org, year)
    items = [{**x, "count": len(x["months"])}
             for x in queries.unpaid_flags(org, year, limit=size, offset=(page - 1) * size)]
    threshold = queries.flag_months(year)
    return render(request, "dues/_flags_rows.html" if is_htmx(request) else "dues/flags.html", {
        "organization": org, "year": year, "items": items, "count": count, "page": page,
        "pages": max(1, -(-count // size)), "threshold": threshold, "absences_url": _absences_url(org, year),
        "years": range(this_month().year, this_month().year - 6, -1)})
