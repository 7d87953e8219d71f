"""/bao-cao/so-lieu/<section>/<key>/: the records behind one figure of the period report, a page at a time,
scoped like the report itself (the whole sub-tree of an organisation the user reaches, else 404)."""

from __future__ import annotations

import datetime as dt
import math
from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvu.core.pages import page_number, paginate
from dangvu.organizations.models import Organization

from .period import SECTIONS, can_report, children_of
from .period.context import Context


def parse_day(value) -> dt.date | None:
    """dd/mm/yyyy or yyyy-mm-dd; None when neither."""
    value = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _paginate_list(request, items, size=25) -> dict:
    page = page_number(request.GET.get("page"))
    pages = max(1, math.ceil(len(items) / size))
    return {"items": items[(page - 1) * size: page * size], "count": len(items), "page": page, "pages": pages}


@login_required
@require_GET
def figure_records(request, section, key):
    if section not in SECTIONS:
        raise Http404("Không tìm thấy.")
    try:
        org = Organization.objects.get(pk=int(request.GET.get("organization_id", "")))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng.")
    if not can_report(request.user, org):
        raise Http404("Không tìm thấy tổ chức đảng.")
    date_from, date_to = parse_day(request.GET.get("date_from")), parse_day(request.GET.get("date_to"))
    if date_from is None or date_to is None or date_from > date_to:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    try:
        module = import_module(f"{__package__}.period.{SECTIONS[section]}")
    except ModuleNotFoundError:
        raise Http404("Không tìm thấy.")
    lister = getattr(module, "RECORDS", {}).get(key)
    if lister is None:
        raise Http404("Không tìm thấy.")
    ctx = Context(user=request.user, organization=org, children=children_of(org, date_from), date_from=date_from,
                  date_to=date_to, compare=False, section_key=section)
    listing = lister(ctx)
    if isinstance(listing.queryset, list):
        page = _paginate_list(request, listing.queryset)
    else:
        page = paginate(request, listing.queryset)
    rows = [(listing.row(obj), listing.link(obj) if listing.link else None) for obj in page["items"]]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "reports/records.html", {
        "listing": listing, "rows": rows, "page": page, "organization": org, "date_from": date_from,
        "date_to": date_to, "query": params.urlencode(),
    })
