"""The record of a meeting: attendance, the minutes (with each speaker's opinion) and amendments of locked
minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dangvu.core import dates
from dangvu.core.pages import call_service

from .. import queries, services
from ..forms import AmendmentForm, MinutesForm
from ..models import AttendanceStatus
from ._common import fresh_warnings, saved, unlocked


@login_required
@require_http_methods(["GET", "POST"])
@unlocked("Biên bản đã khóa: không thể sửa điểm danh.")
def attendance(request, meeting):
    if meeting.starts_at > dates.now():
        if request.method == "POST":
            messages.error(request, f"Điểm danh mở từ {timezone.localtime(meeting.starts_at):%H:%M %d/%m/%Y}, "
                                    "khi cuộc sinh hoạt bắt đầu.")
            return redirect("meetings:detail", meeting.pk)
        return render(request, "meetings/attendance.html", {"m": meeting, "not_started": True})
    members = list(queries.members_on(meeting.organization, meeting.day).order_by("sort_key", "id"))
    current = {a.member_id: a for a in meeting.attendances.all()}
    errors = []
    if request.method == "POST":
        rows = []
        for mem in members:  # every member of the chi bộ that day: one left unmarked is named, not skipped
            rows.append({"member_id": mem.pk, "status": request.POST.get(f"status_{mem.pk}", ""),
                         "reason": request.POST.get(f"reason_{mem.pk}", "")})
        ok, _ = call_service(request, lambda: fresh_warnings(services.record_attendance(request.user, meeting, rows)),
                             "Đã lưu điểm danh.", into=errors)
        if ok:
            return redirect("meetings:detail", meeting.pk)
        current = {r["member_id"]: type("A", (), {"status": r["status"], "reason": r["reason"]}) for r in rows}
    lines = [{"member": mem, "status": getattr(current.get(mem.pk), "status", ""),
              "reason": getattr(current.get(mem.pk), "reason", "")} for mem in members]
    return render(request, "meetings/attendance.html", {
        "m": meeting, "lines": lines, "errors": errors, "statuses": AttendanceStatus.choices,
    })


def _opinion_rows(request, members, opinions):
    if request.method == "POST":
        rows = []
        for i in range(int(request.POST.get("opinion_count") or 0)):
            member_id, text = request.POST.get(f"op_member_{i}", ""), request.POST.get(f"op_text_{i}", "").strip()
            if member_id or text:
                rows.append({"member_id": member_id, "text": text})
        return rows
    return [{"member_id": o.member_id, "text": o.text} for o in opinions]


@login_required
@require_http_methods(["GET", "POST"])
@unlocked("Biên bản đã ký và khóa: sửa bằng đính chính.")
def minutes(request, meeting):
    if meeting.starts_at > dates.now():
        if request.method == "POST":
            messages.error(request, f"Điểm danh mở từ {timezone.localtime(meeting.starts_at):%H:%M %d/%m/%Y}, "
                                    "khi cuộc sinh hoạt bắt đầu.")
            return redirect("meetings:detail", meeting.pk)
        return render(request, "meetings/attendance.html", {"m": meeting, "not_started": True})
    members = list(queries.members_on(meeting.organization, meeting.day).order_by("sort_key", "id"))
    local = timezone.localtime
    initial = {
        "version": meeting.version, "starts_at": local(meeting.starts_at),
        "ends_at": local(meeting.ends_at) if meeting.ends_at else None, "place": meeting.place,
        "chair": meeting.chair_id, "note_taker": meeting.note_taker_id, "content": meeting.content,
        "resolutions": meeting.resolutions, "conclusion": meeting.conclusion,
    }
    form = MinutesForm(request.POST or None, members=queries.members_on(meeting.organization, meeting.day),
                       cell=meeting.organization, initial=initial)
    opinions = _opinion_rows(request, members, meeting.opinions.all())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        done = saved(request, form, lambda: services.save_minutes(
            request.user, meeting, content=data["content"], resolutions=data["resolutions"],
            conclusion=data["conclusion"], starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
            chair_id=data["chair"], note_taker_id=data["note_taker"], opinions=opinions, close=data["close"],
            version=data["version"],
        ), "Đã ký và khóa biên bản." if data["close"] else "Đã lưu biên bản.",
            {"chair_id": "chair", "note_taker_id": "note_taker"})
        if done:
            return redirect("meetings:detail", meeting.pk)
    blank = 3 if len(opinions) < 20 else 1
    rows = opinions + [{"member_id": "", "text": ""}] * blank
    return render(request, "meetings/minutes.html", {
        "m": meeting, "form": form, "opinion_rows": [(i, r) for i, r in enumerate(rows)], "members": members,
        "opinion_count": len(rows), "opinion_errors": form.errors.get("opinions", []),
    })


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, lambda: services.amend_minutes(request.user, meeting, **form.cleaned_data),
                 "Đã ghi đính chính biên bản."):
            return redirect("meetings:detail", pk)
    return render(request, "meetings/form.html", {
        "form": form, "title": "Đính chính biên bản", "m": meeting,
        "intro": "Biên bản đã khóa; đính chính được ghi kèm nội dung cũ, lý do, người và thời điểm đính chính.",
    })
