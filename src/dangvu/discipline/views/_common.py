"""Helpers shared by the discipline pages."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from dangvu.core import vntext
from dangvu.core.dates import add_working_days, today
from dangvu.members.models import Member, Status
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, OrgStatus

from .. import rulesets
from ..forms import (
    AttachmentForm,
)
from ..queries import (
    CASE_ROLES,
    access_complaint,
    access_denunciation,
    access_discipline,
    handles_anything,
    is_commission,
    is_handler,
)

MEMBER_CHOICES = 50


def warn_until():
    """The lists warn of deadlines up to this day (working days from the rule data in force today)."""
    day = today()
    return add_working_days(day, rulesets.warn_days(rulesets.in_force(day, "denunciation")))


def _require_case_role(user):
    if not handles_anything(user):
        raise Http404("Không tìm thấy.")


def _require_reader(user):
    """The lists open to case roles and to users handling at least one case."""
    if not (handles_anything(user) or is_handler(user)):
        raise Http404("Không tìm thấy.")


def _write_orgs(user):
    """Organisations the user may write cases about (admin: all active; inspection: its reach), as a query."""
    r = reach(user)
    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    q = r.q(CASE_ROLES)
    if q is not None:
        qs = qs.filter(q)
    return qs


def _write_members(user, member_id=None, q=""):
    """Members the user may write cases about: one by id, or the first matches of a name search."""
    r = reach(user)
    qs = Member.objects.filter(status__in=Status.active()).select_related("organization")
    scope = r.q(CASE_ROLES, path_field="org_path", id_field="organization_id")
    if scope is not None:
        qs = qs.filter(scope)
    if member_id:
        try:
            return qs.filter(pk=int(member_id))
        except (TypeError, ValueError):
            return qs.none()
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    return qs.order_by("sort_key", "id")[:MEMBER_CHOICES]


@login_required
def member_options(request):
    """<option>s of the members matching ?q= (HTMX, for the subject pickers)."""
    _require_case_role(request.user)
    members = _write_members(request.user, q=request.GET.get("q", ""))
    return render(request, "discipline/_member_options.html", {"members": members})


ACCESS = {"ky-luat": access_discipline, "to-cao": access_denunciation, "khieu-nai": access_complaint}
DETAIL = {"ky-luat": "discipline:detail", "to-cao": "discipline:denunciation", "khieu-nai": "discipline:complaint"}


def _attachment_case(request, kind, pk, action="view"):
    """The case whose files the user may see: a denunciation's files (its letter names the denouncer) only
    by the commission in scope."""
    if kind not in ACCESS:
        raise Http404("Không tìm thấy.")
    case = ACCESS[kind](request.user, pk, action)
    if kind == "to-cao" and not is_commission(request.user, case.scope_organization):
        raise Http404("Không tìm thấy.")
    return case


def _files_context(request, kind, case, can_change):
    from dangvu.core import files

    visible = kind != "to-cao" or is_commission(request.user, case.scope_organization)
    return {"files": list(files.attachments(case).order_by("-id")) if visible else None, "files_kind": kind,
            "can_upload": can_change and visible, "upload_form": AttachmentForm()}
