"""Pages of study sessions: the list, recording one, its page, correcting it, catch-up and absentees."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import audit
from dangvu.core.pages import call_service, page_number, paginate
from dangvu.members.models import Member
from dangvu.organizations.access import access_organization, reach
from dangvu.organizations.models import Organization

from .. import access, queries, services
from ..forms import AttendanceForm, CatchUpForm, SessionEditForm, SessionForm
from ..models import AttendanceStatus
from ._common import NOT_FOUND, period, period_required

__all__ = ["absentees", "attendance_edit", "catch_up", "index", "session_create", "session_detail", "session_edit"]


def _session_form(request, s, form, call, title, success, aliases=None, pager=None):
    """A form about session s: a valid POST runs the service call and goes back to the session page with the
    success message (a function of the call's result); otherwise the form again, with its errors (and the pager of
    a form that ticks members a page at a time)."""
    if request.method == "POST" and form.is_valid():
        if call_service(request, call, success, form=form, aliases=aliases)[0]:
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {"form": form, "title": title, "organization": s.organization,
                                                 "pager": pager})


@login_required
def index(request):
    form, org, date_from, date_to = period(request)
    qs = queries.sessions_in(request.user, org, date_from, date_to) if org is not None or reach(request.user).is_admin \
        else access.sessions_for(request.user)
    qs = qs.select_related("organization", "organizer").order_by("-held_on", "-id")
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "studies/index.html", {
        "form": form, "organization": org, **paginate(request, qs), "querystring": params.urlencode(),
        "can_record": org is not None and access.can(request.user, org, "write"),
        "own_member": access.own_member(request.user),
        "can_view_org": org is not None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    org = access_organization(request.user, request.GET.get("organization") or 0, "view")
    if not access.can(request.user, org, "write"):
        raise Http404(NOT_FOUND)
    organizers = list(Organization.objects.filter(pk__in=org.ancestor_ids()).order_by("-depth"))
    form = SessionForm(request.POST or None, organizers=organizers, user=request.user, organization=org,
                       resolutions=services.register_of(org), initial={"organizer": org.pk, "audience": "all", "format": "in_person"})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, s = call_service(
            request, lambda: services.record_session(
                request.user, organization=org, title=cd["title"], resolution=cd["resolution"], held_on=cd["held_on"],
                format=cd["format"], organizer=cd["organizer"], organizer_note=cd["organizer_note"],
                place=cd["place"], audience=cd["audience"], attendee_ids=cd["attendee_ids"],
                report_required=cd["report_required"], commitment_required=cd["commitment_required"],
                due_on=cd["due_on"],
            ),
            lambda s: f"Đã ghi nhận buổi học tập “{s.title}” với {s.attendee_count} đảng viên có mặt.", form=form,
            aliases={"document_title": "title", "organizer_id": "organizer", "resolution_id": "resolution"})
        if ok:
            return redirect("studies:session", s.pk)
    return render(request, "studies/form.html", {
        "form": form, "title": "Ghi nhận buổi học tập, quán triệt", "organization": org,
        "note": f"Tìm người có mặt theo tên trong đảng viên của {org.name}; mỗi người phải sinh hoạt ở đây vào ngày "
                "học. Danh sách rất dài: dùng API để ghi nhận đủ người tham dự.",
    })


SESSION_PAGE = 50  # attendance rows and submissions per page of a session


def _page_of(request, qs, param: str) -> dict:
    """One page of qs read by ?param= (the session's lists walk their (session, ..., sort_key) index)."""
    from django.core.paginator import Paginator

    page = Paginator(qs, SESSION_PAGE).get_page(page_number(request.GET.get(param)))
    return {"items": list(page.object_list), "page": page.number, "pages": page.paginator.num_pages,
            "count": page.paginator.count, "param": param}


@login_required
def session_detail(request, pk):
    """A session: its facts, who attended and what they handed in, a page at a time (a province's conference
    has hundreds of thousands of rows), and the per-chi bộ roll-up's totals."""
    s = access.access_session(request.user, pk)
    rows = s.attendances.select_related("member", "organization").order_by("status", "sort_key", "id")
    subs = access.submissions_for(request.user).filter(session=s)
    if not (reach(request.user).is_admin or access.can(request.user, s.organization, "view")):
        q = access.org_q(request.user, "view")
        own = access.own_member(request.user)
        if own is not None:
            q = q | Q(member=own)
        rows = rows.filter(q)
    can_write = access.can(request.user, s.organization, "write")
    return render(request, "studies/session.html", {
        "s": s, "rows": _page_of(request, rows, "page"),
        "subs": _page_of(request, subs.select_related("member").order_by("sort_key", "kind", "id"), "bai"),
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
    form = SessionEditForm(request.POST or None, initial=initial, resolutions=services.register_of(s.organization))

    def call():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        return services.update_session(request.user, s, version=version, **data)

    return _session_form(request, s, form, call, f"Sửa buổi học tập: {s.title}", lambda _: "Đã lưu buổi học tập.",
                         aliases={"document_title": "title", "resolution_id": "resolution"})


CHECK_PAGE = 100  # members ticked per page of the attendance and catch-up forms (every one reachable by page)


def _check_page(request, qs) -> tuple[list, dict]:
    """One page of CHECK_PAGE rows of qs (?trang=) and the pager of the form page."""
    from django.core.paginator import Paginator

    page = Paginator(qs, CHECK_PAGE).get_page(page_number(request.GET.get("trang")))
    count = page.paginator.count
    first = (page.number - 1) * CHECK_PAGE
    return list(page.object_list), {"param": "trang", "page": page.number, "pages": page.paginator.num_pages,
                                    "count": count, "first": first + 1 if count else 0,
                                    "last": first + len(page.object_list)}


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, pk):
    """Who was present, a page of the session's members at a time: saving a page changes the ticks of that page
    only (the members of the other pages keep theirs)."""
    s = access.access_session(request.user, pk, "write")
    # in name order by the row's own copy of the sort key (study_att_name_idx): a page is read from the index,
    # not by sorting every member of the session (a province's session at 1 M members: 8 000 rows, 116 ms)
    rows, pager = _check_page(request, s.attendances.select_related("member", "organization")
                              .order_by("sort_key", "member_id"))
    form = AttendanceForm(request.POST or None, rows=rows, initial={
        "version": s.version, "attendee_ids": [a.member_id for a in rows if a.status == AttendanceStatus.PRESENT]})

    def call():
        cd = form.cleaned_data
        others = s.attendances.filter(status=AttendanceStatus.PRESENT).exclude(
            member_id__in=[a.member_id for a in rows]).values_list("member_id", flat=True)
        return services.correct_attendance(request.user, s, attendee_ids=list(others) + list(cd["attendee_ids"]),
                                           version=cd.get("version"))

    return _session_form(request, s, form, call, f"Sửa danh sách có mặt: {s.title}",
                         lambda _: "Đã sửa danh sách có mặt.", pager=pager)


@login_required
@require_http_methods(["GET", "POST"])
def catch_up(request, pk):
    s = access.access_session(request.user, pk, "write")
    absent_ids = s.attendances.filter(status=AttendanceStatus.ABSENT).values("member_id")
    absentees, pager = _check_page(request, Member.objects.filter(pk__in=absent_ids).order_by("sort_key", "id"))
    form = CatchUpForm(request.POST or None, absentees=absentees, initial={"format": s.format})

    def call():
        cd = form.cleaned_data
        return services.record_session(
            request.user, organization=s.organization, held_on=cd["held_on"], format=cd["format"],
            organizer=s.organization, place=cd["place"], attendee_ids=cd["attendee_ids"], catch_up_of=s,
            report_required=s.report_required, commitment_required=s.commitment_required,
        )

    return _session_form(request, s, form, call, f"Học bù: {s.title}",
                         lambda c: f"Đã ghi nhận buổi học bù cho {c.attendee_count} đảng viên.", pager=pager)


@login_required
def absentees(request):
    form, org, date_from, date_to = period_required(request)
    qs = queries.not_caught_up(request.user, org, date_from, date_to)
    return render(request, "studies/absentees.html", {"form": form, "organization": org, **paginate(request, qs)})
