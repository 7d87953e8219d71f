"""Menu entry and home-page figures of congresses and terms."""

from django.urls import reverse

from dangvu.core import dates

from . import queries
from .access import READ_ROLES

MONTHS = 6


def items(user, reach):
    if reach.is_admin or reach.grants_for(READ_ROLES):
        return [("congresses:due", "Đại hội, nhiệm kỳ")]
    return []


def cards(request, reach):
    if not (reach.is_admin or reach.grants_for(READ_ROLES)):
        return []
    counts = queries.due_counts(request.user, dates.today(), MONTHS, cap=999)
    overdue, soon = counts["overdue"], counts["due"]
    value = f"{queries.shown(overdue, 999)} / {queries.shown(soon, 999)}"
    return [{
        "title": "Đại hội quá hạn / đến hạn", "value": value,
        "note": f"Tổ chức quá hạn đại hội / đến hạn trong {MONTHS} tháng tới",
        "url": reverse("congresses:due") + f"?thang={MONTHS}", "tone": "bad" if overdue else ("warn" if soon else ""),
    }]
