"""What the report pages share: the organisation and period asked for, and the report's rows for a template."""

from __future__ import annotations

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization

from .. import snapshot
from ..access import READ_ROLES, access_organization, sees_reports
from ..forms import ReportForm


def require_reports(user) -> None:
    """The report pages open to the office, the inspection commission and the admin; others: 404."""
    if not sees_reports(user):
        raise Http404("Không tìm thấy trang.")


def asked(request):
    """(form, organization or None, date_from, date_to) from the query; the organisation is 404 outside the
    user's reach (named by id in a link), and a form error leaves the report unbuilt."""
    require_reports(request.user)
    data = request.GET.copy()
    if not data.get("organization"):
        # the first organisation in reach by path: the administrator's first root, or the outermost of the grants
        # that read reports (known with the grants: the first of every organisation in reach, ordered by path, was a
        # scan of the tree, 10 ms at 1 M members)
        r = reach(request.user)
        if r.is_admin:
            first = Organization.objects.filter(parent__isnull=True).order_by("path").values_list("pk", flat=True).first()
        else:
            grants = r.grants_for(READ_ROLES)
            first = min(grants, key=lambda g: g.path).organization_id if grants else None
        if first is not None:
            data["organization"] = str(first)
    raw = data.get("organization", "")
    org = None
    if raw.isdigit() and len(raw) < 10:
        org = access_organization(request.user, raw)  # 404 outside reach, as everywhere
    form = ReportForm(data, user=request.user, organization=org)
    if not form.is_valid():
        return form, None, None, None
    cd = form.cleaned_data
    return form, cd["organization"], cd["date_from"], cd["date_to"]


def report_context(snap: dict) -> dict:
    sections = snapshot.rows(snap)
    for s, raw in zip(sections, snap.get("sections", []), strict=True):
        header, body = snapshot.child_matrix(snap, raw)
        s["child_header"], s["child_rows"] = header, body
    return {"sections": sections, "children": snap.get("children", []), "snap": snap}
