"""Pages of the studies app: thin views (parse, call the service or query, render)."""

import datetime as dt
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, files, partydoc
from dangvu.core.dates import today
from dangvu.core.errors import ConflictError
from dangvu.members.forms import apply_service_errors
from dangvu.members.models import Member
from dangvu.organizations.access import access_organization, reach
from dangvu.organizations.models import Organization

from . import access, exports, queries, services
from .forms import (
    AssessForm,
    AttendanceForm,
    CatchUpForm,
    ClassForm,
    CommendationForm,
    CompleteForm,
    EnrollForm,
    PeriodForm,
    PledgeForm,
    ResolutionForm,
    SessionEditForm,
    SessionForm,
    SubmitForm,
)
from .models import AttendanceStatus, Enrollment

CHOICE_LIMIT = 500


def _page_size() -> int:
    return int(getattr(settings, "PAGE_SIZE", 25))


def _int(value, default=1) -> int:
    try:
        return max(1, int(value or default))
    except (TypeError, ValueError):
        return default


def _period(request, default_days=None):
    """(form, organisation, from, to) from the querystring; the organisation must be in reach (404)."""
    user = request.user
    r = reach(user)
    data = request.GET.copy()
    org = None
    if data.get("organization"):
        org = access_organization(user, data.get("organization"), "view")
    elif r.top_organizations:
        org = r.top_organizations[0]
        data["organization"] = str(org.pk)
    choices = list(r.top_organizations)
    if org is not None:
        if org not in choices:
            choices.append(org)
        choices += [o for o in Organization.objects.filter(parent=org).order_by("sort_key", "id")[:200]
                    if o not in choices]
    form = PeriodForm(data, organizations=choices)
    form.is_valid()
    cd = getattr(form, "cleaned_data", {})
    date_from, date_to = cd.get("date_from"), cd.get("date_to")
    if default_days and not (date_from or date_to):
        date_to = today()
        date_from = dt.date(date_to.year, 1, 1)
    return form, org, date_from, date_to


# ------------------------------------------------------------------------------------ sessions


@login_required
def index(request):
    form, org, date_from, date_to = _period(request)
    qs = queries.sessions_in(request.user, org, date_from, date_to) if org is not None or reach(request.user).is_admin \
        else access.sessions_for(request.user)
    qs = qs.select_related("organization", "organizer").order_by("-held_on", "-id")
    page, size = _int(request.GET.get("page")), _page_size()
    items = list(qs[(page - 1) * size: page * size])
    count = (page - 1) * size + len(items) if len(items) < size else qs.count()
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "studies/index.html", {
        "form": form, "organization": org, "items": items, "count": count, "page": page,
        "pages": max(1, math.ceil(count / size)), "querystring": params.urlencode(),
        "can_record": org is not None and access.can(request.user, org, "write"),
        "own_member": access.own_member(request.user),
        "can_view_org": org is not None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    org = access_organization(request.user, request.GET.get("organization") or 0, "view")
    if not access.can(request.user, org, "write"):
        raise Http404("Không tìm thấy.")
    organizers = list(Organization.objects.filter(pk__in=org.ancestor_ids()).order_by("-depth"))
    day = today()
    member_ids = list(services._members_on(org, day))[:CHOICE_LIMIT]
    members = Member.objects.filter(pk__in=member_ids).select_related("organization").order_by("sort_key", "id")
    form = SessionForm(request.POST or None, organizers=organizers, members=members,
                       initial={"organizer": org.pk, "audience": "all", "format": "in_person"})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            s = services.record_session(
                request.user, organization=org, title=cd["title"], resolution=cd["resolution"], held_on=cd["held_on"],
                format=cd["format"], organizer=cd["organizer"], organizer_note=cd["organizer_note"],
                place=cd["place"], audience=cd["audience"], attendee_ids=cd["attendee_ids"],
                report_required=cd["report_required"], commitment_required=cd["commitment_required"],
                due_on=cd["due_on"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"document_title": "title", "organizer_id": "organizer",
                                                     "resolution_id": "resolution"})
        else:
            messages.success(request, f"Đã ghi nhận buổi học tập “{s.title}” với {s.attendee_count} đảng viên có mặt.")
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {
        "form": form, "title": "Ghi nhận buổi học tập, quán triệt", "organization": org,
        "note": f"Đảng viên của {org.name} đang sinh hoạt hôm nay; người đã chuyển đi vẫn được nhận theo ngày học."
        if len(member_ids) < CHOICE_LIMIT else "Danh sách dài: dùng API để ghi nhận đủ người tham dự.",
    })


@login_required
def session_detail(request, pk):
    s = access.access_session(request.user, pk)
    rows = s.attendances.select_related("member", "organization").order_by("status", "member__sort_key", "member_id")
    subs = access.submissions_for(request.user).filter(session=s)
    if not (reach(request.user).is_admin or access.can(request.user, s.organization, "view")):
        q = access.org_q(request.user, "view")
        own = access.own_member(request.user)
        if own is not None:
            from django.db.models import Q

            q = q | Q(member=own)
        rows = rows.filter(q)
    can_write = access.can(request.user, s.organization, "write")
    return render(request, "studies/session.html", {
        "s": s, "rows": list(rows[:2000]),
        "subs": list(subs.select_related("member").order_by("member__sort_key", "kind")[:4000]),
        "can_write": can_write,
        "has_absent": can_write and s.attendances.filter(status=AttendanceStatus.ABSENT).exists(),
        "entries": audit.history(s)[:20] if can_write else [],
        "own_member": access.own_member(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    s = access.access_session(request.user, pk, "write")
    initial = {"title": s.title, "resolution": s.resolution_id, "format": s.format, "organizer_note": s.organizer_note,
               "place": s.place, "due_on": s.due_on, "version": s.version}
    form = SessionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.update_session(request.user, s, version=version, **data)
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"document_title": "title", "resolution_id": "resolution"})
        else:
            messages.success(request, "Đã lưu buổi học tập.")
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {"form": form, "title": f"Sửa buổi học tập: {s.title}",
                                                 "organization": s.organization})


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, pk):
    s = access.access_session(request.user, pk, "write")
    rows = list(s.attendances.select_related("member", "organization").order_by("member__sort_key", "member_id")
                [:CHOICE_LIMIT])
    form = AttendanceForm(request.POST or None, rows=rows, initial={
        "version": s.version, "attendee_ids": [a.member_id for a in rows if a.status == AttendanceStatus.PRESENT]})
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_attendance(request.user, s, attendee_ids=form.cleaned_data["attendee_ids"],
                                        version=form.cleaned_data.get("version"))
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã sửa danh sách có mặt.")
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {"form": form, "title": f"Sửa danh sách có mặt: {s.title}",
                                                 "organization": s.organization})


@login_required
@require_http_methods(["GET", "POST"])
def catch_up(request, pk):
    s = access.access_session(request.user, pk, "write")
    absent_ids = s.attendances.filter(status=AttendanceStatus.ABSENT).values_list("member_id", flat=True)
    absentees = Member.objects.filter(pk__in=absent_ids).order_by("sort_key", "id")[:CHOICE_LIMIT]
    form = CatchUpForm(request.POST or None, absentees=absentees, initial={"format": s.format})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            c = services.record_session(
                request.user, organization=s.organization, held_on=cd["held_on"], format=cd["format"],
                organizer=s.organization, place=cd["place"], attendee_ids=cd["attendee_ids"], catch_up_of=s,
                report_required=s.report_required, commitment_required=s.commitment_required,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận buổi học bù cho {c.attendee_count} đảng viên.")
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {"form": form, "title": f"Học bù: {s.title}",
                                                 "organization": s.organization})


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    member = access.own_member(request.user)
    if member is None:
        raise Http404("Không tìm thấy.")
    if request.method == "POST":
        try:
            services.register_pledge(request.user, member=member, year=today().year,
                                     content=request.POST.get("content", ""))
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(request, f"Đã đăng ký thực hiện Chỉ thị 05-CT/TW năm {today().year}.")
        return redirect("studies:mine")
    subs = list(queries.my_submissions(request.user)[:500])
    pledges = list(access.pledges_for(request.user).filter(member=member).order_by("-year"))
    enrollments = list(Enrollment.objects.filter(member=member).select_related("training_class")
                       .order_by("-training_class__starts_on"))
    for p in pledges:
        p.assessment_text = services.assessment_label(p)
    return render(request, "studies/mine.html", {
        "member": member, "subs": subs, "pledges": pledges, "enrollments": enrollments, "today": today(),
        "registered_this_year": any(p.year == today().year for p in pledges),
    })


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    sub = access.access_submission(request.user, pk, "write")
    form = SubmitForm(request.POST or None, request.FILES or None,
                      initial={"content": sub.content, "version": sub.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(request.user, sub, content=form.cleaned_data["content"],
                            version=form.cleaned_data.get("version"), file=form.cleaned_data.get("file"))
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã nộp {sub.get_kind_display().lower()}.")
            own = access.own_member(request.user)
            return redirect("studies:mine" if own is not None and own.pk == sub.member_id else "studies:session",
                            *([] if own is not None and own.pk == sub.member_id else [sub.session_id]))
    return render(request, "studies/form.html", {
        "form": form, "title": f"{sub.get_kind_display()}: {sub.session.title}", "multipart": True,
        "files": list(files.attachments(sub, "submission").order_by("-id")),
        "note": f"Đồng chí {sub.member.full_name}; hạn nộp {sub.due_on:%d/%m/%Y}." if sub.due_on else "",
    })


@login_required
def submission_file(request, pk, att_id):
    sub = access.access_submission(request.user, pk)
    att = files.attachments(sub, "submission").filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


@login_required
def absentees(request):
    form, org, date_from, date_to = _period(request)
    if org is None:
        raise Http404("Không tìm thấy.")
    qs = queries.not_caught_up(request.user, org, date_from, date_to)
    page, size = _int(request.GET.get("page")), _page_size()
    items = list(qs[(page - 1) * size: page * size])
    count = (page - 1) * size + len(items) if len(items) < size else qs.count()
    return render(request, "studies/absentees.html", {
        "form": form, "organization": org, "items": items, "count": count, "page": page,
        "pages": max(1, math.ceil(count / size)),
    })


# ------------------------------------------------------------------------------------ period report


def _report(request):
    form, org, date_from, date_to = _period(request, default_days=True)
    if org is None:
        raise Http404("Không tìm thấy.")
    if date_from and date_to and date_to < date_from:
        form.add_error("date_to", "Đến ngày: không được trước từ ngày.")
        date_to = date_from
    return form, queries.period_report(request.user, org, date_from, date_to)


@login_required
def report(request):
    form, rep = _report(request)
    params = request.GET.copy()
    return render(request, "studies/report.html", {"form": form, "rep": rep, "querystring": params.urlencode(),
                                                   "organization": rep["organization"],
                                                   "training_lines": exports.training_lines(rep),
                                                   "meeting_rows": exports.meeting_rows(rep),
                                                   "directive05_lines": exports.directive05_lines(rep)})


@login_required
def report_xlsx(request):
    _, rep = _report(request)
    resp = HttpResponse(exports.period_xlsx(rep),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="bao-cao-hoc-tap-{rep["date_to"]:%Y%m%d}.xlsx"'
    return resp


@login_required
def report_docx(request):
    _, rep = _report(request)
    return partydoc.docx_response(exports.period_docx(rep), f"bao-cao-hoc-tap-{rep['date_to']:%Y%m%d}.docx")


# ------------------------------------------------------------------------------------ training


@login_required
@require_http_methods(["GET", "POST"])
def training(request):
    form, org, _, _ = _period(request)
    if org is None:
        raise Http404("Không tìm thấy.")
    can_train = access.can(request.user, org, "train")
    class_form = ClassForm(request.POST or None) if can_train else None
    if request.method == "POST":
        if not can_train:
            raise Http404("Không tìm thấy.")
        if class_form.is_valid():
            try:
                c = services.create_class(request.user, organization=org, **class_form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(class_form, exc)
            else:
                messages.success(request, f"Đã mở lớp “{c.name}”.")
                return redirect("studies:class", c.pk)
    classes = access.classes_for(request.user).filter(organization__path__startswith=org.path) \
        .select_related("organization").order_by("-starts_on", "-id")[:200]
    below = list(queries.below_required(request.user, org)[:500])
    required, _ = queries.required_levels(today())
    enrolled = queries.enrolled_now([cm.member_id for cm in below])
    from dangvu.members.models import TheoryLevel

    labels = dict(TheoryLevel.choices)
    for cm in below:
        cm.required_label = labels.get(queries.required_level_of(cm, required), "")
        cm.enrolled_in = enrolled.get(cm.member_id)
    return render(request, "studies/training.html", {
        "form": form, "organization": org, "classes": classes, "below": below, "class_form": class_form,
        "rules": services.training_rules(today()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def class_detail(request, pk):
    c = access.access_class(request.user, pk)
    can_train = access.can(request.user, c.organization, "train")
    enroll_form = None
    if can_train:
        candidates = Member.objects.filter(org_path__startswith=c.organization.path,
                                           status__in=("probationary", "full")) \
            .exclude(pk__in=c.enrollments.values("member_id")).select_related("organization") \
            .order_by("theory_level", "sort_key", "id")[:CHOICE_LIMIT]
        enroll_form = EnrollForm(request.POST or None, members=candidates)
        if request.method == "POST" and enroll_form.is_valid():
            try:
                services.enroll(request.user, c, member_ids=enroll_form.cleaned_data["member_ids"])
            except ValidationError as exc:
                apply_service_errors(enroll_form, exc)
            else:
                messages.success(request, "Đã cử đảng viên đi học.")
                return redirect("studies:class", c.pk)
    elif request.method == "POST":
        raise Http404("Không tìm thấy.")
    rows = c.enrollments.select_related("member__organization").order_by("member__sort_key", "id")
    if not access.can(request.user, c.organization, "view"):
        rows = rows.filter(member=access.own_member(request.user))
    return render(request, "studies/class.html", {
        "c": c, "rows": list(rows), "can_train": can_train, "enroll_form": enroll_form,
        "complete_form": CompleteForm(initial={"completed_on": min(c.ends_on, today())}),
    })


@login_required
@require_POST
def enrollment_action(request, pk, action):
    e = Enrollment.objects.select_related("training_class").filter(pk=pk).first()
    if e is None or action not in ("hoan-thanh", "khong-hoan-thanh"):
        raise Http404("Không tìm thấy.")
    access.access_class(request.user, e.training_class_id, "train")
    try:
        if action == "hoan-thanh":
            form = CompleteForm(request.POST)
            if not form.is_valid():
                raise ValidationError({k: v for k, v in form.errors.items()})
            services.complete(request.user, e, completed_on=form.cleaned_data["completed_on"],
                              certificate_number=form.cleaned_data["certificate_number"],
                              version=form.cleaned_data.get("version"))
            messages.success(request, "Đã ghi nhận hoàn thành lớp; trình độ lý luận chính trị được cập nhật.")
        else:
            services.withdraw(request.user, e, version=request.POST.get("version") or None)
            messages.success(request, "Đã ghi nhận không hoàn thành lớp.")
    except ConflictError:
        messages.error(request, ConflictError.message)
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    return redirect("studies:class", e.training_class_id)




# ------------------------------------------------------------------------------------ register, Directive 05, commendations


def _members_choice(org):
    return Member.objects.filter(org_path__startswith=org.path, status__in=("probationary", "full", "exempt")) \
        .select_related("organization").order_by("sort_key", "id")[:CHOICE_LIMIT]


@login_required
@require_http_methods(["GET", "POST"])
def resolutions(request):
    r = reach(request.user)
    writable = [o for o in r.top_organizations if access.can(request.user, o, "train")]
    form = None
    if r.is_admin or writable:
        form = ResolutionForm(request.POST or None, organizations=writable, shared=r.is_admin)
    if request.method == "POST":
        if form is None:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            try:
                res = services.create_resolution(request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Đã thêm vào sổ: {res}.")
                return redirect("studies:resolutions")
    qs = queries.resolutions_for(request.user).select_related("organization").annotate(n=Count("sessions"))
    page, size = _int(request.GET.get("page")), _page_size()
    items = list(qs[(page - 1) * size: page * size])
    count = (page - 1) * size + len(items) if len(items) < size else qs.count()
    return render(request, "studies/resolutions.html", {"items": items, "form": form, "page": page,
                                                        "pages": max(1, math.ceil(count / size)), "count": count})


@login_required
@require_http_methods(["GET", "POST"])
def pledges(request):
    form_p, org, _, _ = _period(request)
    if org is None:
        raise Http404("Không tìm thấy.")
    year = _int(request.GET.get("year"), today().year)
    can_write = access.can(request.user, org, "write")
    form = PledgeForm(request.POST or None, members=_members_choice(org), initial={"year": year}) if can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.register_pledge(request.user, member=cd["member"], year=cd["year"], content=cd["content"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Đã ghi nhận đăng ký thực hiện Chỉ thị 05-CT/TW.")
                return redirect(f"{request.path}?organization={org.pk}&year={cd['year']}")
    items = list(access.pledges_for(request.user).filter(member__org_path__startswith=org.path, year=year)
                 .select_related("member__organization").order_by("member__sort_key", "id")[:2000])
    for p in items:
        p.assessment_text = services.assessment_label(p)
        p.can_assess = can_write or access.can(request.user, p.member.organization, "write")
    levels = services.study_rules(today())["directive05_assessments"]
    return render(request, "studies/pledges.html", {
        "organization": org, "year": year, "items": items, "form": form, "filter": form_p, "levels": levels,
        "assessed": sum(1 for p in items if p.assessment),
    })


@login_required
@require_POST
def pledge_assess(request, pk):
    p = access.pledges_for(request.user, "write").filter(pk=pk).select_related("member").first()
    if p is None:
        raise Http404("Không tìm thấy.")
    form = AssessForm(request.POST, levels=services.study_rules(today())["directive05_assessments"])
    try:
        if not form.is_valid():
            raise ValidationError({k: v for k, v in form.errors.items()})
        services.assess_pledge(request.user, p, assessment=form.cleaned_data["assessment"],
                               note=form.cleaned_data["assessment_note"], version=form.cleaned_data.get("version"))
        messages.success(request, f"Đã đánh giá cuối năm cho đồng chí {p.member.full_name}.")
    except ConflictError:
        messages.error(request, ConflictError.message)
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    return redirect(f"{reverse('studies:pledges')}?organization={p.member.organization_id}&year={p.year}")


@login_required
@require_http_methods(["GET", "POST"])
def commendations(request):
    form_p, org, _, _ = _period(request)
    if org is None:
        raise Http404("Không tìm thấy.")
    can_write = access.can(request.user, org, "train")
    form = None
    if can_write:
        orgs = Organization.objects.filter(path__startswith=org.path).exclude(pk=org.pk).order_by("path")[:200]
        form = CommendationForm(request.POST or None, members=_members_choice(org), organizations=orgs,
                                initial={"year": today().year, "decided_on": today()})
    if request.method == "POST":
        if form is None:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            try:
                services.record_commendation(request.user, organization=org, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc, aliases={"member_id": "member",
                                                         "recipient_organization_id": "recipient_organization"})
            else:
                messages.success(request, "Đã ghi nhận khen thưởng.")
                return redirect(f"{request.path}?organization={org.pk}")
    items = access.commendations_for(request.user).filter(organization__path__startswith=org.path) \
        .select_related("organization", "member", "recipient_organization").order_by("-decided_on", "-id")[:500]
    return render(request, "studies/commendations.html", {"organization": org, "items": items, "form": form})
