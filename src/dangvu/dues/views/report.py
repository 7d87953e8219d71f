"""/dang-phi/bao-cao/: dues owed, collected, remitted per organisation over a period of months (from the kept
totals), and the members exempt or reduced in the period."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from .. import queries, webscope
from ..forms import parse_month
from ..models import DuesRelief
from ._common import add_months, month_choices, month_key, organization_or_404, this_month

MONTHS_MAX = 120
RELIEFS_SHOWN = 200  # reliefs listed on the page at most (a province's are counted, the first ones listed)


@login_required
def report(request):
    user = request.user
    if not webscope.sees_dues(user):
        raise Http404(webscope.NOT_FOUND)
    org = organization_or_404(user, request.GET.get("to_chuc"))
    now = this_month()
    start = parse_month(request.GET.get("tu")) or now.replace(month=1)
    end = parse_month(request.GET.get("den")) or now
    if end < start:
        start, end = end, start
    if (end.year - start.year) * 12 + end.month - start.month >= MONTHS_MAX:
        start = add_months(end, -(MONTHS_MAX - 1))
    data = queries.summary(org, start, end)
    reliefs = (DuesRelief.objects.filter(member__org_path__startswith=org.path, from_month__lte=end)
               .filter(Q(to_month__isnull=True) | Q(to_month__gte=start))
               .select_related("member", "member__organization").order_by("member__sort_key", "from_month", "id"))
    shown = list(reliefs[:RELIEFS_SHOWN + 1])
    return render(request, "dues/report.html", {
        "organization": org, "start": start, "end": end, "data": data, "total": data["organization"],
        "reliefs": shown[:RELIEFS_SHOWN], "more_reliefs": len(shown) > RELIEFS_SHOWN,
        "from_months": month_choices(start, back=60), "to_months": month_choices(end, back=60),
        "start_key": month_key(start), "end_key": month_key(end)})
