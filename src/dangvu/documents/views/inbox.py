"""The recipient's inbox: the list, one item (opening it counts as received), acknowledge, reply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core import files
from dangvu.core.dates import today
from dangvu.core.pages import call_service, page_number

from .. import queries, services
from ..forms import ReplyForm
from ._common import body_lines


@login_required
def inbox(request):
    only_open = request.GET.get("mo") == "1"
    qs = queries.inbox_for(request.user).select_related("document").order_by("-created_at", "-id")
    if only_open:
        qs = qs.filter(queries.open_q())
    items, count, page, pages = queries.paginate(qs, page_number(request.GET.get("page")))
    day = today()
    for item in items:
        item.overdue = item.is_overdue(day)
    return render(request, "documents/inbox.html", {"items": items, "count": count, "page": page, "pages": pages,
                                                    "only_open": only_open})


@login_required
def inbox_item(request, item_id):
    item = queries.access_item(request.user, item_id)
    recipient = services.is_recipient(request.user, item)
    if not recipient:  # the sender side reads the item on the status page
        return redirect("documents:status", item.document_id)
    item = services.open_item(request.user, item.pk)
    doc = item.document
    return render(request, "documents/inbox_item.html", {
        "item": item, "doc": doc, "reply_form": ReplyForm(), "overdue": item.is_overdue(today()),
        "files": list(files.attachments(doc, services.FILE_PURPOSE)),
        "replies": list(files.attachments(item, services.REPLY_PURPOSE)),
        "body_lines": body_lines(doc),
    })


@login_required
@require_POST
def acknowledge(request, item_id):
    queries.access_item(request.user, item_id)
    call_service(request, lambda: services.acknowledge(request.user, item_id), "Đã xác nhận đã nhận văn bản.",
                 joined=True)
    return redirect("documents:inbox_item", item_id)


@login_required
@require_POST
def reply(request, item_id):
    queries.access_item(request.user, item_id)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Tệp báo cáo: chưa chọn tệp.")
        return redirect("documents:inbox_item", item_id)
    call_service(request, lambda: services.reply(request.user, item_id, form.cleaned_data["file"],
                                                 note=form.cleaned_data["note"]), "Đã gửi báo cáo.", joined=True)
    return redirect("documents:inbox_item", item_id)
