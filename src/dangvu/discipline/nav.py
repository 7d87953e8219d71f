"""Menu entry and home-page figure of the discipline app."""

from django.urls import reverse

from dangvu.core.dates import today

from .models import DenunciationStatus
from .queries import can_handle, denunciations_for, handles_anything, is_handler


def items(user, reach):
    if handles_anything(user) or is_handler(user):
        return [("discipline:index", "Kỷ luật, khiếu nại, tố cáo")]
    if getattr(user, "member", None) is not None:
        return [("discipline:mine", "Quyết định kỷ luật của tôi")]
    return []


def cards(request, reach):
    user = request.user
    if not handles_anything(user):
        return []
    qs = denunciations_for(user).filter(status__in=[DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED])
    open_count = qs.count()
    overdue = qs.filter(due_on__lt=today()).count()
    return [{
        "title": "Đơn tố cáo đang giải quyết", "value": open_count,
        "note": f"{overdue} đơn quá hạn" if overdue else "Không có đơn quá hạn",
        "url": reverse("discipline:denunciations"), "tone": "bad" if overdue else "",
    }]


def member_links(user, reach, member):
    """On a member's record: record a discipline decision (the inspection commission reaching the member)."""
    if member.organization_id is None or not can_handle(user, member.organization):
        return []
    return [(reverse("discipline:create") + f"?member={member.pk}", "Ghi quyết định kỷ luật")]
