"""Menu entry and home-page figure of the meetings app."""

from django.urls import reverse

from .models import MeetingStatus
from .queries import READ_ROLES, meetings_for


def items(user, reach):
    if reach.is_admin or reach.grants_for(READ_ROLES):
        return [("meetings:index", "Sinh hoạt chi bộ"), ("meetings:visits", "Dự sinh hoạt chi bộ")]
    if getattr(user, "member", None) is not None:
        return [("meetings:index", "Sinh hoạt chi bộ")]
    return []


def cards(request, reach):
    if not (reach.is_admin or reach.grants_for(READ_ROLES)):
        return []
    open_minutes = meetings_for(request.user).filter(status=MeetingStatus.HELD).count()
    return [{
        "title": "Biên bản sinh hoạt chưa khóa", "value": open_minutes,
        "note": "Biên bản đã họp nhưng chưa ký, khóa" if open_minutes else "Mọi biên bản đã được ký, khóa",
        "url": reverse("meetings:index"), "tone": "warn" if open_minutes else "",
    }]
