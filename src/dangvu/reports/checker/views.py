"""Đối chiếu báo cáo: the page where a report's text is read against the records."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html, format_html_join

from dangvu.core.forms import apply_service_errors

from ..access import sees_reports
from .forms import CheckForm
from .service import check_report, text_of_upload

VERDICTS = {"agrees": "Khớp với hồ sơ", "differs": "Khác hồ sơ", "unknown": "Không đối chiếu được"}


def highlighted(text, checked) -> str:
    """The text with each figure marked by its verdict (a proof-reader's marks), numbered like the table."""
    parts, at = [], 0
    for i, c in enumerate(sorted(checked, key=lambda c: c.start), start=1):
        if c.start < at:
            continue
        parts.append(format_html("{}", text[at:c.start]))
        parts.append(format_html('<mark class="fig fig-{}" id="so-{}" title="{}: {}">{}<sup>{}</sup></mark>',
                                 c.verdict, i, VERDICTS[c.verdict], c.meaning, text[c.start:c.end], i))
        at = c.end
    parts.append(format_html("{}", text[at:]))
    return format_html_join("", "{}", ((p,) for p in parts))


@login_required
def check_page(request):
    if not sees_reports(request.user):
        raise Http404
    context = {"verdicts": VERDICTS}
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                text = cd.get("text") or ""
                if cd.get("file"):
                    text = text_of_upload(cd["file"])
                report, checked, text = check_report(request.user, cd["organization"], cd["date_from"], cd["date_to"],
                                                     text)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                counts = {v: sum(1 for c in checked if c.verdict == v) for v in VERDICTS}
                context.update(report=report, checked=checked, counts=counts,
                               marked=highlighted(text, checked))
    else:
        form = CheckForm(user=request.user)
    context["form"] = form
    return render(request, "reports/checker/check.html", context)
