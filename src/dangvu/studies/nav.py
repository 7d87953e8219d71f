"""Menu entry and home-page figures of the studies app."""

from django.urls import reverse

from dangvu.core import dates

from . import access, queries


def items(user, reach):
    if reach.is_admin or reach.grants_for(access.STUDY_ACTIONS["view"]):
        return [("studies:index", "Học tập, bồi dưỡng")]
    if access.own_member(user) is not None:
        return [("studies:mine", "Học tập của tôi")]
    return []


def cards(request, reach):
    user = request.user
    out = []
    member = access.own_member(user)
    if member is not None:
        pending = queries.my_submissions(user).filter(submitted_on__isnull=True).count()
        if pending:
            out.append({"title": "Bài thu hoạch, bản cam kết chưa nộp", "value": pending,
                        "note": "Sau các buổi học tập, quán triệt", "url": reverse("studies:mine"), "tone": "warn"})
    if reach.is_admin or reach.grants_for(access.STUDY_ACTIONS["write"]):
        overdue = queries.overdue_submissions(user, dates.today())
        if overdue:
            out.append({"title": "Bài thu hoạch, bản cam kết quá hạn", "value": overdue,
                        "note": "Đảng viên trong phạm vi chưa nộp sau hạn", "url": reverse("studies:index"),
                        "tone": "bad"})
    return out
