"""Member pages: thin views (parse, call the service, render)."""

import math

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangvu.core import audit, plugins
from dangvu.core.dates import calendar_warning, today
from dangvu.core.forms import add_service_checks
from dangvu.core.pages import call_service, is_htmx, page_number
from dangvu.organizations.access import access_organization, organizations_for, reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from . import deadlines, exports, rulesets, services
from .forms import (
    ACTIONS,
    SLUG_OF_KIND,
    LifecycleForm,
    MemberFilterForm,
    MemberForm,
    MergeForm,
    changeable_cells,
    member_initial,
)
from .models import EventKind, Status
from .queries import TooDeep, access_member, cursor, last_page_readable, member_page


def _page_size() -> int:
    return int(getattr(settings, "PAGE_SIZE", 25))


# ------------------------------------------------------------------------------------ list


def parse_filters(request):
    """(form, filters for member_page/exports) from the querystring; Http404 for an organisation out of reach."""
    user = request.user
    r = reach(user)
    data = request.GET.copy()
    org = None
    org_id = data.get("organization")
    tops = r.top_organizations
    if org_id:
        org = access_organization(user, org_id, "view")
    elif len(tops) == 1:
        org = tops[0]
        data["organization"] = str(org.pk)
    # several starting points (an administrator's roots, grants in two places): the list opens on all of
    # them («Tất cả tổ chức»), not on the first in alphabetical order
    # "f" marks a submitted filter form: only then does an unticked box mean "this organisation only"
    submitted = "f" in request.GET
    subtree = (request.GET.get("subtree") in ("1", "on", "true")) if submitted else True
    if subtree:
        data["subtree"] = "1"
    else:
        data.pop("subtree", None)
    choices = list(tops)
    if org is not None:
        if org not in choices:
            choices.append(org)
        # only the children the user may open (a grant without its sub-tree does not reach them)
        extra = (organizations_for(user, "view").filter(parent=org, status=OrgStatus.ACTIVE)
                 .order_by("sort_key", "id")[:200])
        choices += [o for o in extra if o not in choices]
        if org.parent_id and org.parent_id not in {o.pk for o in choices}:
            parent = organizations_for(user, "view").filter(pk=org.parent_id).first()
            if parent is not None:
                choices.insert(0, parent)
    form = MemberFilterForm(data, organization_choices=choices, everything=len(tops) > 1)
    form.is_valid()
    cd = getattr(form, "cleaned_data", {})
    filters = {
        "organization": org,
        "subtree": subtree,
        "q": cd.get("q") or "",
        "status": cd.get("status") or None,
        "theory_level": cd.get("theory_level") or None,
        "gender": cd.get("gender") or None,
        "age_band": cd.get("age_band") or None,
    }
    return form, filters


@login_required
def member_list(request):
    form, filters = parse_filters(request)
    page = page_number(request.GET.get("page"))
    size = _page_size()
    too_deep = None
    try:
        items, count = member_page(request.user, page=page, page_size=size, after=request.GET.get("after", ""),
                                   before=request.GET.get("before", ""), **filters)
    except TooDeep as exc:
        too_deep, items, count = str(exc), [], exc.count or 0
    pages = max(1, math.ceil(count / size)) if count else 1
    params = request.GET.copy()
    for key in ("page", "after", "before"):
        params.pop(key, None)
    org = filters["organization"]
    context = {
        "form": form,
        "items": items,
        "count": count,
        "page": page,
        "pages": pages,
        "links": _page_links(params, items, page, pages, size,
                             last=last_page_readable(request.user, filters, pages, size)),
        "too_deep": too_deep,
        "organization": org,
        "querystring": params.urlencode(),
        "can_create": _can_create(request.user, org),
        "can_merge": _can_merge(request.user, org),
    }
    if is_htmx(request):
        return render(request, "members/_table.html", context)
    return render(request, "members/list.html", context)


def _page_links(params, items, page: int, pages: int, size: int, last: bool = True) -> dict:
    """Querystrings of the first, previous, next and last pages. Previous and next carry the cursor of
    the page's first or last member: a page deep in a long list is read from the sort index where the
    list left off, not skipped to (an OFFSET over half a province). First and last read an end."""
    def qs(number, **cursor):
        out = params.copy()
        out["page"] = str(number)
        out.update(cursor)
        return out.urlencode()

    links = {}
    if page > 1:
        links["first"] = qs(1)
        links["previous"] = qs(1) if page == 2 or not items else qs(page - 1, before=cursor(items[0]))
    if page < pages and len(items) == size:
        links["next"] = qs(page + 1, after=cursor(items[-1]))
    if page < pages and last:
        links["last"] = qs(pages)
    return links


def _can_merge(user, org) -> bool:
    """Merging happens under a parent the user may change too (not at the top of their reach)."""
    if org is None or org.status != OrgStatus.ACTIVE or org.parent_id is None:
        return False
    r = reach(user)
    return r.can(org, "change") and r.can(Organization(pk=org.parent_id, path=org.path.rsplit(".", 2)[0] + "."), "change")


def _can_create(user, org) -> bool:
    r = reach(user)
    if r.is_admin:
        return True
    if org is not None:
        return r.can(org, "change")
    return bool(r.grants_for({"office"}))


@login_required
def member_export(request):
    """The list as a workbook: streamed at once up to EXPORT_JOB_THRESHOLD members; above, a background job
    (its page shows the progress, then the download link)."""
    from django.contrib import messages

    from . import jobs as member_jobs

    _, filters = parse_filters(request)
    count = exports.member_queryset(request.user, filters).count()
    if count > member_jobs.export_threshold():
        job = member_jobs.start_export(request.user, filters, count)
        messages.info(request, "Danh sách lớn: đang xuất ở chế độ nền. Có thể rời trang này; tệp sẽ có ở đây "
                               "và trong mục Công việc nền khi xong.")
        return redirect("core:job", job_id=job.pk)
    return exports.member_xlsx_response(request.user, filters)


# ------------------------------------------------------------------------------------ detail


@login_required
def member_detail(request, pk):
    member = access_member(request.user, pk, "view")
    r = reach(request.user)
    can_change = r.can(member.organization, "change")
    actions = []
    if can_change:
        actions = [(SLUG_OF_KIND[k], ACTIONS[SLUG_OF_KIND[k]][1]) for k in services.allowed_events(member)]
    events = list(
        member.events.select_related("organization_before", "organization_after").order_by("-on", "-id")[:200]
    )
    placements = list(member.placements.select_related("organization").order_by("-started_on", "-id")[:200])
    tab = request.GET.get("tab") or "ly-lich"
    deadline = services.confirmation_deadline(member) if member.status == "probationary" else None
    context = {
        "member": member,
        "party_age": services.party_age(member, today()),
        "probation_end": services.probation_end(member) if member.status == "probationary" else None,
        "rules": rulesets.in_force(member.admitted_on),
        "confirmation_deadline": deadline,
        "calendar_warning": calendar_warning(services.probation_end(member), deadline) if deadline else None,
        "events": events,
        "placements": placements,
        "entries": audit.history(member)[:50] if tab == "lich-su" else [],
        "can_change": can_change,
        "actions": actions,
        "feature_links": plugins.member_links(request.user, r, member),
        "tab": tab,
        # the "Thời hạn" panel (members/deadlines.py) and the temporary transfer in course
        "steps": deadlines.member_steps(member, can_change=can_change),
        "temporary": deadlines.current_temporary(member),
        "can_start_temporary": can_change and member.status in (Status.PROBATIONARY, Status.FULL),
    }
    return render(request, "members/detail.html", context)


# ------------------------------------------------------------------------------------ create / edit


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    user = request.user
    around = None
    org_id = request.GET.get("organization") or request.POST.get("organization_scope")
    if org_id:
        around = access_organization(user, org_id, "change")
    elif not _can_create(user, None):
        raise Http404("Không tìm thấy.")
    else:
        tops = [o for o in reach(user).top_organizations if reach(user).can(o, "change")]
        around = tops[0] if tops else None
    initial = {}
    if around is not None and around.kind in CELL_KINDS:
        initial["organization"] = around.pk
    form = MemberForm(request.POST or None, organizations=changeable_cells(user, around),
                      around=around and around.pk, initial=initial)
    if request.method == "POST" and not form.is_valid() and form.cleaned_data.get("organization"):
        # the registry's own checks (age at admission, probation, CCCD …) in the same round as the fields'
        add_service_checks(form, lambda: services.check_new_member(
            user, organization=form.cleaned_data["organization"], **form.service_kwargs()))
    elif request.method == "POST" and form.is_valid():
        ok, member = call_service(request, lambda: services.create_member(
            user, organization=form.cleaned_data["organization"], decision=form.cleaned_data.get("decision", ""),
            **form.service_kwargs(),
        ), lambda member: f"Đã thêm đảng viên {member.full_name}.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    return render(
        request, "members/form.html",
        {"form": form, "title": "Thêm đảng viên", "organization": around, "member": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = access_member(request.user, pk, "change")
    form = MemberForm(request.POST or None, member=member, initial=member_initial(member))
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(request, lambda: services.update_member(
            request.user, member, version=form.cleaned_data.get("version") or member.version,
            **form.service_kwargs(),
        ), "Đã lưu lý lịch đảng viên.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    return render(
        request, "members/form.html",
        {"form": form, "title": "Sửa lý lịch đảng viên", "organization": member.organization, "member": member},
    )


# ------------------------------------------------------------------------------------ lifecycle


@login_required
@require_http_methods(["GET", "POST"])
def member_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("Không tìm thấy.")
    kind, title, button = ACTIONS[action]
    member = access_member(request.user, pk, "change")
    targets = None
    if kind == EventKind.TRANSFER:  # any active chi bộ the user may change but the member's own
        targets = changeable_cells(request.user).exclude(pk=member.organization_id)
    form = LifecycleForm(request.POST or None, kind=kind, targets=targets, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        service = services.LIFECYCLE[kind]
        data = form.service_kwargs()
        version = form.cleaned_data.get("version")
        ok, _ = call_service(request, lambda: service(request.user, member, version=version, **data),
                             f"{title}: đã ghi nhận cho đồng chí {member.full_name}.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    return render(
        request, "members/action.html",
        {"form": form, "member": member, "title": title, "button": button, "kind": kind,
         "probation_end": services.probation_end(member) if kind == EventKind.CONFIRMATION else None,
         "rules": rulesets.in_force(member.admitted_on)},
    )


# ------------------------------------------------------------------------------------ merge


def _merge_form(request, source):
    """The merge form: the active organisations the user may change outside the source's sub-tree, of the
    source's class (chi bộ or party committee); merging happens between neighbours, so when the source has a
    parent they lie under its grandparent (under the parent when that is the top), which the searches look in."""
    qs = organizations_for(request.user, "change").filter(status=OrgStatus.ACTIVE).exclude(
        path__startswith=source.path)
    cells = source.kind in CELL_KINDS
    qs = qs.filter(kind__in=CELL_KINDS) if cells else qs.exclude(kind__in=CELL_KINDS)
    under = None
    if source.parent_id:
        parent = Organization.objects.get(pk=source.parent_id)
        under = Organization.objects.get(pk=parent.parent_id) if parent.parent_id else parent
        qs = qs.filter(path__startswith=under.path)
    return MergeForm(request.POST or None, targets=qs, cells=cells, under=under and under.pk,
                     initial={"version": source.version})


@login_required
@require_http_methods(["GET", "POST"])
def organization_merge(request, source_id):
    source = access_organization(request.user, source_id, "change")
    if source.status != OrgStatus.ACTIVE:
        raise Http404("Không tìm thấy tổ chức đảng.")
    form = _merge_form(request, source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        ok, _ = call_service(request, lambda: services.merge_organizations(
            request.user, source=source, target=target, on=form.cleaned_data["on"],
            version=form.cleaned_data.get("version"),
        ), f"Đã hợp nhất {source.name} vào {target.name}.", form=form, aliases={"source": None})
        if ok:
            return redirect(reverse("members:list") + f"?organization={target.pk}&subtree=1")
    active_members = source.members.filter(status__in=Status.active()).count()
    children = source.children.filter(status=OrgStatus.ACTIVE).count()
    return render(
        request, "members/merge.html",
        {"form": form, "source": source, "active_members": active_members, "children": children},
    )
