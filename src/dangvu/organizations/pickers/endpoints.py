"""The search endpoints of the pickers: an HTML fragment (``organizations:pick`` / ``members:pick``) and the same
search in JSON on an app's API router."""

from django.utils.html import format_html, format_html_join

from dangvu.core import vntext

from .registry import (
    LIMIT,
    member_options,
    organization_options,
    purpose,
    search_members,
    search_organizations,
)


def render_options(options) -> str:
    """The HTML fragment of a search: one list item per option (what picker.js inserts into the list box)."""
    if not options:
        return format_html('<li class="picker-empty" role="option" aria-disabled="true">{}</li>',
                           "Không tìm thấy (thử gõ ít chữ hơn, không cần dấu).")
    return format_html_join(
        "", '<li class="picker-option" role="option" aria-selected="false" data-value="{}" data-label="{}" '
        'data-context="{}"><span>{}</span><small>{}</small></li>',
        ((o["value"], o["label"], o["context"], o["label"], o["context"]) for o in options))


def _int(value):
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def search(user, kind, purpose_name, q="", *, kinds="", under=None, limit=LIMIT) -> list[dict] | None:
    """The options of one search (None: no such purpose). ``kinds`` a comma-separated list of organisation kinds,
    ``under`` an organisation id (its sub-tree only). Only rows of the purpose's scope for this user."""
    from ..models import Organization

    p = purpose(purpose_name, kind)
    if p is None or not getattr(user, "is_authenticated", False):
        return None
    qs = p.scope(user)
    under_id = _int(under)
    under_org = Organization.objects.filter(pk=under_id).first() if under_id else None
    if under_id and under_org is None:
        return []
    q = vntext.nfc(q or "")[:100]
    if kind == "organization":
        wanted = tuple(k for k in str(kinds or "").split(",") if k) or p.kinds
        if p.kinds:
            wanted = tuple(k for k in wanted if k in p.kinds)
        rows = search_organizations(qs, q, kinds=wanted, under=under_org, limit=limit)
        return organization_options(rows, cells_choice=p.cells_choice)[:LIMIT]
    return member_options(search_members(qs, q, under=under_org, limit=limit, user=user))


def pick_page(request, kind):
    """GET ?muc-dich=…&q=…[&loai=…][&thuoc=id]: the HTML fragment of matches (404 for an unknown purpose)."""
    from django.http import Http404, HttpResponse

    options = search(request.user, kind, request.GET.get("muc-dich"), request.GET.get("q", ""),
                     kinds=request.GET.get("loai", ""), under=request.GET.get("thuoc"))
    if options is None:
        raise Http404("Không tìm thấy.")
    return HttpResponse(render_options(options))


def _login_required(view):
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.http import require_GET

    return login_required(require_GET(view))


@_login_required
def organization_pick_page(request):
    return pick_page(request, "organization")


@_login_required
def member_pick_page(request):
    return pick_page(request, "member")


def api_route(router, kind, summary):
    """GET <prefix>/pick on an app's ninja router: the same search in JSON ({"items": [{value, label, context}]})."""
    from django.http import Http404

    from dangvu.core.schemas import PickPage

    @router.get("/pick", response=PickPage, summary=summary, operation_id=f"dangvu_{kind}s_pick")
    def pick(request, purpose: str, q: str = "", kind_filter: str = "", under: int | None = None):
        options = search(request.auth, kind, purpose, q, kinds=kind_filter, under=under)
        if options is None:
            raise Http404("Không tìm thấy.")
        return {"items": options}

    return pick
