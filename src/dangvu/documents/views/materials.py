"""“Gửi tài liệu sinh hoạt chi bộ”: the page reached from a meeting, sending its materials to the members."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core.pages import call_service

from .. import services
from ..forms import MaterialsForm


@login_required
@require_http_methods(["GET", "POST"])
def send_meeting_materials(request, meeting_id):
    meeting = services.access_meeting(request.user, meeting_id)
    form = MaterialsForm(request.POST or None, initial={"due_on": services.meeting_day(meeting)})
    materials = services.meeting_materials(meeting)
    if request.method == "POST" and form.is_valid():
        ok, dist = call_service(request, lambda: services.send_meeting_materials(
            request.user, meeting.pk, due_on=form.cleaned_data["due_on"], note=form.cleaned_data["note"]),
            lambda dist: f"Đã gửi tài liệu sinh hoạt tới {dist.recipients_count} đảng viên.", form=form)
        if ok:
            return redirect("documents:status", dist.document_id)
    return render(request, "documents/materials.html", {"form": form, "meeting": meeting, "materials": materials})
