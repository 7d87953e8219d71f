"""Menu entry and home-page figures of the document register."""

from django.urls import reverse

from dangvu.core.dates import today


def items(user, reach):
    out = [("documents:inbox", "Hộp thư văn bản")]
    if reach.is_admin or reach.grants:
        out.insert(0, ("documents:index", "Văn bản"))
    return out


def cards(request, reach):
    from .queries import inbox_for, open_q

    qs = inbox_for(request.user).filter(open_q())
    open_count = qs.count()
    if not open_count:
        return []
    overdue = qs.filter(due_on__lt=today()).count()
    note = f"{overdue} văn bản đã quá hạn xác nhận hoặc báo cáo" if overdue else "chưa xác nhận hoặc chưa báo cáo"
    return [{"title": "Văn bản đến chưa xử lý", "value": open_count, "note": note,
             "url": reverse("documents:inbox") + "?mo=1", "tone": "bad" if overdue else "warn"}]
