"""Sending a document down the tree, the sender's status page and reminders."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core.pages import call_service, is_htmx, page_number

from .. import access, queries, services
from ..forms import DistributionForm, StatusFilterForm


@login_required
@require_http_methods(["GET", "POST"])
def distribute(request, pk):
    doc = queries.access_document(request.user, pk)
    if not access.can_write(request.user, doc.organization):
        raise Http404
    form = DistributionForm(request.POST or None, document=doc)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        mode = cd["mode"]
        ok, _ = call_service(request, lambda: services.distribute(
            request.user, doc, mode=mode if mode in ("all_cells", "children") else None,
            organization_ids=cd["organization_ids"] if mode == "chosen" else [],
            member_ids=cd["member_ids"] if mode == "members" else [], due_on=cd["due_on"],
            requires_reply=cd["requires_reply"], note=cd["note"], to_members=cd["to_members"]),
            lambda dist: f"Đã gửi văn bản tới {dist.recipients_count} nơi nhận.", form=form)
        if ok:
            return redirect("documents:status", doc.pk)
    return render(request, "documents/distribute.html", {"form": form, "doc": doc})


@login_required
def status(request, pk):
    doc = queries.access_document(request.user, pk)
    if not access.can_read(request.user, doc.organization):
        raise Http404
    form = StatusFilterForm(request.GET or None)
    value = form.cleaned_data.get("status") or "" if form.is_valid() else ""
    items, counts, count, page, pages = queries.status_page(doc, status=value,
                                                            page=page_number(request.GET.get("page")))
    context = {"doc": doc, "form": form, "items": items, "counts": counts, "count": count, "page": page,
               "pages": pages, "can_write": access.can_write(request.user, doc.organization), "status": value}
    return render(request, "documents/_status_table.html" if is_htmx(request) else "documents/status.html", context)


@login_required
@require_POST
def remind(request, pk):
    doc = queries.access_document(request.user, pk)
    call_service(request, lambda: services.remind(request.user, doc, overdue_only=request.POST.get("overdue_only") == "1"),
                 lambda count: f"Đã nhắc {count} nơi nhận.", joined=True)
    return redirect("documents:status", doc.pk)
