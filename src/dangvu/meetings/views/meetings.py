"""A chi bộ's meetings: the list, planning, the meeting page, changing or cancelling the plan, the invitation
and the materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, dates, files
from dangvu.core.dates import today
from dangvu.core.pages import is_htmx, paginate
from dangvu.organizations.access import reach

from .. import listing, queries, rulesets, services
from ..forms import CellFilterForm, MaterialForm, MeetingEditForm, MeetingForm
from ..models import AttendanceStatus, MeetingKind, MeetingStatus
from ._common import acted, fresh_warnings, saved, to_int, unlocked, year_of


@login_required
def index(request):
    user = request.user
    r = reach(user)
    if not (r.is_admin or r.grants_for(queries.READ_ROLES)) and not queries.cells_for(user).exists():
        raise Http404("Không tìm thấy.")
    qs = queries.meetings_for(user)
    cell_id = to_int(request.GET.get("chi_bo"))
    # the chi bộ is searched (a picker), never listed: the page shows the chosen one only
    cell_form = CellFilterForm(user=user, initial={"chi_bo": cell_id})
    if cell_id:
        qs = qs.filter(organization_id=cell_id)
    # the worklist's links: the meetings of a sub-tree (to_chuc) in one state (trang_thai), e.g. held without
    # locked minutes; an organisation out of reach lists nothing
    status = request.GET.get("trang_thai") or ""
    status = status if status in MeetingStatus.values else ""
    if status:
        qs = qs.filter(status=status)
    sub = None
    if to_int(request.GET.get("to_chuc")):
        sub = queries.readable_organizations(user).filter(pk=to_int(request.GET.get("to_chuc"))).first()
        qs = qs.filter(organization__path__startswith=sub.path) if sub else qs.none()
    year = year_of(request)
    qs = queries.filter_year(qs, year).order_by("-starts_at", "-id")
    # a province's year of meetings is counted from the monthly rows; the attendance read for the page only
    count = None if cell_id or status or sub or request.GET.get("to_chuc") else listing.year_count(user, year)
    ctx = paginate(request, qs, count=count)
    ctx["items"] = listing.with_attendance(ctx["items"])
    ctx.update({
        "cell_form": cell_form, "cell_id": cell_id, "year": year, "status": status, "status_label": (
            MeetingStatus(status).label if status else ""), "sub_organization": sub,
        "years": range(today().year + 1, today().year - 6, -1),
        "can_plan": queries.cells_for(user, "change").exists(),
        "is_reader": r.is_admin or bool(r.grants_for(queries.READ_ROLES)),
        "can_visit": r.is_admin or bool(r.grants_for(queries.VISIT_ROLES)),
    })
    return render(request, "meetings/_results.html" if is_htmx(request) else "meetings/index.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not queries.cells_for(request.user, "change").exists():
        raise Http404("Không tìm thấy.")
    initial = {"organization": to_int(request.GET.get("chi_bo")), "kind": MeetingKind.REGULAR}
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = queries.access_cell(request.user, data.pop("organization"), "change")
        meeting = saved(request, form, lambda: services.plan_meeting(request.user, org, **data),
                        "Đã lên kế hoạch cuộc sinh hoạt.", {"organization_id": "organization"})
        if meeting:
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": "Lên kế hoạch sinh hoạt chi bộ"})


@login_required
def detail(request, pk):
    meeting = queries.access_meeting(request.user, pk)
    can_write = queries.can_write(request.user, meeting.organization)
    attendance = list(meeting.attendances.select_related("member").order_by("member__sort_key"))
    counts = {s: sum(1 for a in attendance if a.status == s) for s in AttendanceStatus.values}
    ctx = {
        "m": meeting, "can_write": can_write, "attendance": attendance, "counts": counts,
        "opinions": list(meeting.opinions.select_related("member")), "amendments": list(meeting.amendments.all()),
        "materials": list(files.attachments(meeting, services.MATERIALS)), "warnings": services.meeting_warnings(meeting),
        "visits": list(meeting.visits.all()), "material_form": MaterialForm(),
        "entries": audit.history(meeting)[:50] if can_write or reach(request.user).is_admin else [],
        "rules": rulesets.in_force(meeting.day),
        "not_started": meeting.starts_at > dates.now(),
    }
    return render(request, "meetings/detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
@unlocked("Biên bản đã ký và khóa: sửa bằng đính chính.")
def edit(request, meeting):
    local = timezone.localtime
    initial = {"version": meeting.version, "kind": meeting.kind, "topic": meeting.topic, "place": meeting.place,
               "starts_at": local(meeting.starts_at), "ends_at": local(meeting.ends_at) if meeting.ends_at else None,
               "invited_at": local(meeting.invited_at) if meeting.invited_at else None}
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, lambda: fresh_warnings(services.update_meeting(request.user, meeting,
                                                                               **form.cleaned_data)),
                 "Đã sửa kế hoạch sinh hoạt."):
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": "Sửa kế hoạch sinh hoạt", "m": meeting})


@login_required
@require_POST
def cancel(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    if acted(request, lambda: services.cancel_meeting(request.user, meeting), "Đã hủy cuộc sinh hoạt."):
        return redirect("meetings:index")
    return redirect("meetings:detail", pk)


@login_required
@require_POST
def invite(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    acted(request, lambda: fresh_warnings(services.invite(request.user, meeting)), "Đã ghi nhận gửi giấy mời.")
    return redirect("meetings:detail", pk)


@login_required
@require_POST
def materials(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Tài liệu sinh hoạt: hãy chọn một tệp.")
        return redirect("meetings:detail", pk)
    acted(request, lambda: services.add_materials(request.user, meeting, form.cleaned_data["file"],
                                                  note=form.cleaned_data["note"]),
          lambda att: f"Đã đính kèm “{att.name}”.")
    return redirect("meetings:detail", pk)


@login_required
def material(request, pk, att_id):
    meeting = queries.access_meeting(request.user, pk)
    att = files.attachments(meeting, services.MATERIALS).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)
