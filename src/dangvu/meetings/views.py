"""Pages under /sinh-hoat/: thin views over queries and services (404 outside reach)."""

import datetime as dt
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, files, partydoc
from dangvu.core.dates import today
from dangvu.core.errors import ConflictError
from dangvu.organizations.access import organizations_for, reach

from . import documents, queries, services
from .forms import (
    AmendmentForm,
    MaterialForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    PeriodForm,
    VisitForm,
    apply_service_errors,
)
from .models import AttendanceStatus, MeetingKind

CHOICE_LIMIT = 500


def _page(request, qs):
    size = int(getattr(settings, "PAGE_SIZE", 25))
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    count = qs.count()
    pages = max(1, math.ceil(count / size))
    return {"items": list(qs[(page - 1) * size: page * size]), "count": count, "page": page, "pages": pages}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _year(request):
    y = _int(request.GET.get("year"))
    return y if y and 1990 <= y <= 2100 else today().year


@login_required
def index(request):
    user = request.user
    cells = list(queries.cells_for(user).order_by("sort_key", "id")[:CHOICE_LIMIT])
    r = reach(user)
    if not cells and not (r.is_admin or r.grants_for(queries.READ_ROLES)):
        raise Http404("Không tìm thấy.")
    qs = queries.meetings_for(user).annotate(
        n_present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
        n_total=Count("attendances"),
    )
    cell_id = _int(request.GET.get("chi_bo"))
    if cell_id:
        qs = qs.filter(organization_id=cell_id)
    year = _year(request)
    qs = queries.filter_year(qs, year).order_by("-starts_at", "-id")
    ctx = _page(request, qs)
    ctx.update({
        "cells": cells, "cell_id": cell_id, "year": year, "years": range(today().year + 1, today().year - 6, -1),
        "can_plan": queries.cells_for(user, "change").exists(),
        "is_reader": r.is_admin or bool(r.grants_for(queries.READ_ROLES)),
        "can_visit": r.is_admin or bool(r.grants_for(queries.VISIT_ROLES)),
    })
    if request.headers.get("HX-Request") == "true":
        return render(request, "meetings/_results.html", ctx)
    return render(request, "meetings/index.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    cells = list(queries.cells_for(request.user, "change").order_by("sort_key", "id")[:CHOICE_LIMIT])
    if not cells:
        raise Http404("Không tìm thấy.")
    initial = {"organization": _int(request.GET.get("chi_bo")), "kind": MeetingKind.REGULAR}
    form = MeetingForm(request.POST or None, cells=cells, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = queries.access_cell(request.user, data.pop("organization"), "change")
        try:
            meeting = services.plan_meeting(request.user, org, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc, {"organization_id": "organization"})
        else:
            messages.success(request, "Đã lên kế hoạch cuộc sinh hoạt.")
            for w in meeting.warnings:
                messages.warning(request, w)
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
        "rules": services.rules.ruleset(meeting.day),
    }
    return render(request, "meetings/detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    if meeting.is_locked:
        messages.error(request, "Biên bản đã ký và khóa: sửa bằng đính chính.")
        return redirect("meetings:detail", pk)
    local = timezone.localtime
    initial = {"version": meeting.version, "kind": meeting.kind, "topic": meeting.topic, "place": meeting.place,
               "starts_at": local(meeting.starts_at), "ends_at": local(meeting.ends_at) if meeting.ends_at else None}
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.update_meeting(request.user, meeting, **form.cleaned_data)
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã sửa kế hoạch sinh hoạt.")
            for w in meeting.warnings:
                messages.warning(request, w)
            return redirect("meetings:detail", pk)
    return render(request, "meetings/form.html", {"form": form, "title": "Sửa kế hoạch sinh hoạt", "m": meeting})


@login_required
@require_POST
def cancel(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    try:
        services.cancel_meeting(request.user, meeting)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("meetings:detail", pk)
    messages.success(request, "Đã hủy cuộc sinh hoạt.")
    return redirect("meetings:index")


@login_required
@require_POST
def invite(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    try:
        meeting = services.invite(request.user, meeting)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, "Đã ghi nhận gửi giấy mời.")
        for w in meeting.warnings:
            messages.warning(request, w)
    return redirect("meetings:detail", pk)


@login_required
@require_POST
def materials(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Tài liệu sinh hoạt: hãy chọn một tệp.")
        return redirect("meetings:detail", pk)
    try:
        att = services.add_materials(request.user, meeting, form.cleaned_data["file"], note=form.cleaned_data["note"])
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, f"Đã đính kèm “{att.name}”.")
        for w in att.warnings:
            messages.warning(request, w)
    return redirect("meetings:detail", pk)


@login_required
def material(request, pk, att_id):
    meeting = queries.access_meeting(request.user, pk)
    att = files.attachments(meeting, services.MATERIALS).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    if meeting.is_locked:
        messages.error(request, "Biên bản đã khóa: không thể sửa điểm danh.")
        return redirect("meetings:detail", pk)
    members = list(queries.members_on(meeting.organization, meeting.day).order_by("sort_key", "id"))
    current = {a.member_id: a for a in meeting.attendances.all()}
    errors = []
    if request.method == "POST":
        rows = []
        for mem in members:
            status = request.POST.get(f"status_{mem.pk}", "")
            if status:
                rows.append({"member_id": mem.pk, "status": status,
                             "reason": request.POST.get(f"reason_{mem.pk}", "")})
        try:
            meeting = services.record_attendance(request.user, meeting, rows)
        except ValidationError as exc:
            errors = exc.messages
            current = {r["member_id"]: type("A", (), {"status": r["status"], "reason": r["reason"]}) for r in rows}
        else:
            messages.success(request, "Đã lưu điểm danh.")
            return redirect("meetings:detail", pk)
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
def minutes(request, pk):
    meeting = queries.access_meeting(request.user, pk, "change")
    if meeting.is_locked:
        messages.error(request, "Biên bản đã ký và khóa: sửa bằng đính chính.")
        return redirect("meetings:detail", pk)
    members = list(queries.members_on(meeting.organization, meeting.day).order_by("sort_key", "id"))
    local = timezone.localtime
    initial = {
        "version": meeting.version, "starts_at": local(meeting.starts_at),
        "ends_at": local(meeting.ends_at) if meeting.ends_at else None, "place": meeting.place,
        "chair": meeting.chair_id, "note_taker": meeting.note_taker_id, "content": meeting.content,
        "resolutions": meeting.resolutions, "conclusion": meeting.conclusion,
    }
    form = MinutesForm(request.POST or None, members=members, initial=initial)
    opinions = _opinion_rows(request, members, meeting.opinions.all())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = services.save_minutes(
                request.user, meeting, content=data["content"], resolutions=data["resolutions"],
                conclusion=data["conclusion"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                place=data["place"], chair_id=data["chair"], note_taker_id=data["note_taker"], opinions=opinions,
                close=data["close"], version=data["version"],
            )
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc, {"chair_id": "chair", "note_taker_id": "note_taker"})
        else:
            messages.success(request, "Đã ký và khóa biên bản." if data["close"] else "Đã lưu biên bản.")
            for w in meeting.warnings:
                messages.warning(request, w)
            return redirect("meetings:detail", pk)
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
        try:
            services.amend_minutes(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã ghi đính chính biên bản.")
            return redirect("meetings:detail", pk)
    return render(request, "meetings/form.html", {
        "form": form, "title": "Đính chính biên bản", "m": meeting,
        "intro": "Biên bản đã khóa; đính chính được ghi kèm nội dung cũ, lý do, người và thời điểm đính chính.",
    })


def _reader_orgs(user):
    return list(organizations_for(user, "view").order_by("path")[:CHOICE_LIMIT])


def _period_form(request, orgs):
    t = today()
    initial = {"organization": orgs[0].pk if orgs else None, "date_from": dt.date(t.year, 1, 1), "date_to": t}
    form = PeriodForm(request.GET or None, organizations=orgs, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
    else:
        data = initial
    return form, data


@login_required
@require_http_methods(["GET", "POST"])
def visits(request):
    user = request.user
    orgs = _reader_orgs(user)
    if not orgs:
        raise Http404("Không tìm thấy.")
    form, period = _period_form(request, orgs)
    org = organizations_for(user, "view").filter(pk=period["organization"]).first() or orgs[0]
    visit_cells = [c for c in queries.cells_in(org)[:CHOICE_LIMIT] if queries.can_visit(user, c)]
    visit_form = VisitForm(request.POST or None, cells=visit_cells, initial={"visited_on": today()})
    if request.method == "POST":
        if not visit_cells:
            raise Http404("Không tìm thấy.")
        if visit_form.is_valid():
            data = dict(visit_form.cleaned_data)
            try:
                services.record_visit(user, data.pop("organization"), **data)
            except ValidationError as exc:
                apply_service_errors(visit_form, exc, {"organization_id": "organization"})
            else:
                messages.success(request, "Đã ghi nhận lần dự sinh hoạt chi bộ.")
                return redirect(request.get_full_path())
    qs = queries.visits_for(user).filter(
        organization__path__startswith=org.path, visited_on__gte=period["date_from"], visited_on__lte=period["date_to"])
    ctx = _page(request, qs)
    ctx.update({
        "form": form, "org": org, "period": period, "visit_form": visit_form if visit_cells else None,
        "unvisited": queries.unvisited_cells(org, period["date_from"], period["date_to"])[:CHOICE_LIMIT],
        "visited_count": qs.values("organization_id").distinct().count(),
        "can_delete": {c.pk for c in visit_cells},
    })
    return render(request, "meetings/visits.html", ctx)


@login_required
@require_POST
def visit_delete(request, visit_id):
    visit = queries.visits_for(request.user).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("Không tìm thấy lần dự sinh hoạt.")
    services.delete_visit(request.user, visit)
    messages.success(request, "Đã xóa lần dự sinh hoạt.")
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/sinh-hoat/")
                    else "meetings:visits")


@login_required
def absences(request):
    user = request.user
    orgs = _reader_orgs(user)
    if not orgs:
        raise Http404("Không tìm thấy.")
    org = orgs[0]
    if request.GET.get("organization"):  # one the user cannot see answers 404, like every other page
        org = organizations_for(user, "view").filter(pk=_int(request.GET.get("organization"))).first()
        if org is None:
            raise Http404("Không tìm thấy.")
    year = _year(request)
    flags = queries.absence_flags(org, year)
    end = min(dt.date(year, 12, 31), today())
    summary = queries.period_summary(org, dt.date(year, 1, 1), end) if end >= dt.date(year, 1, 1) else {"meetings": []}
    rs = services.rules.ruleset(dt.date(year, 12, 31))
    return render(request, "meetings/absences.html", {
        "orgs": orgs, "org": org, "year": year, "years": range(today().year, today().year - 6, -1), "flags": flags,
        "missed": [row for row in summary["meetings"] if row["missed_months"]][:CHOICE_LIMIT], "rs": rs,
    })


@login_required
def book(request):
    """The minutes book of one chi bộ for a period (.docx, or .pdf when LibreOffice is present)."""
    user = request.user
    cells = list(queries.cells_for(user).order_by("sort_key", "id")[:CHOICE_LIMIT])
    if not cells:
        raise Http404("Không tìm thấy.")
    form, period = _period_form(request, cells)
    if request.GET and form.is_valid():
        cell = queries.access_cell(user, period["organization"])
        data = documents.minutes_book_docx(cell, period["date_from"], period["date_to"])
        name = f"so-bien-ban-{cell.code}-{period['date_from']:%Y%m%d}-{period['date_to']:%Y%m%d}"
        if request.GET.get("format") == "pdf":
            pdf = partydoc.to_pdf(data)
            if pdf is not None:
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
                return response
            messages.warning(request, "Máy chủ chưa cài LibreOffice: tải bản Word (.docx) thay cho PDF.")
        return partydoc.docx_response(data, f"{name}.docx")
    return render(request, "meetings/book.html", {"form": form, "has_pdf": partydoc.libreoffice() is not None})


