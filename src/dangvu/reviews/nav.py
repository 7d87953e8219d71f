"""Menu entry and home-page figure of the reviews app."""

from django.urls import reverse

from .access import cycles_for
from .models import CycleStatus


def items(user, reach):
    if reach.is_admin or reach.grants or getattr(user, "member", None) is not None:
        return [("reviews:index", "Đánh giá, xếp loại")]
    return []


def cards(request, reach):
    if not (reach.is_admin or reach.grants):
        return []
    cycle = cycles_for(request.user).filter(status=CycleStatus.OPEN).order_by("-ends_on", "-id").first()
    if cycle is None:
        return []
    from .queries import stats_row

    row = stats_row(cycle)
    if row is None:
        return []
    decided = row.m_excellent + row.m_good + row.m_completed + row.m_not_completed
    left = row.eligible - decided
    return [{
        "title": f"Xếp loại {cycle.period}: {cycle.organization.name}",
        "value": f"{decided}/{row.eligible}",
        "note": f"Còn {left} đảng viên chưa có quyết định xếp loại" if left else "Đã xếp loại đủ",
        "url": reverse("reviews:cycle", args=[cycle.pk]), "tone": "warn" if left else "",
    }]
