"""Helpers shared by the organisation pages."""


from operator import attrgetter

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from dangvu.core.pages import is_htmx, page_number

from ..access import access_organization, reach
from ..models import Organization

PAGE_SIZE = 25
TABS = [
    ("overview", "Tổng quan"),
    ("children", "Tổ chức trực thuộc"),
    ("committee", "Cấp ủy"),
    ("mass", "Đoàn thể"),
    ("history", "Lịch sử thay đổi"),
    ("roles", "Phân quyền"),
]


_is_htmx = is_htmx  # the kernel's, under the name the organisation pages import


def _page_number(request) -> int:
    return page_number(request.GET.get("page"))


def _ancestors(user, org):
    """[(org, url or None)] from the root down to org's parent; links only where the user reaches."""
    ids = [i for i in org.ancestor_ids() if i != org.pk]
    rows = Organization.objects.filter(pk__in=ids).only("id", "name", "path", "kind")
    by_id = {o.pk: o for o in rows}
    r = reach(user)
    out = []
    for i in ids:
        if i in by_id:
            anc = by_id[i]
            out.append((anc, reverse("organizations:detail", args=[anc.pk]) if r.can(anc, "view") else None))
    return out


def _change(user, org_id):
    return access_organization(user, org_id, "change")


def _form_page(request, org, form, *, title, submit, cancel, danger=False, intro=""):
    return render(request, "organizations/form.html", {
        "org": org, "form": form, "title": title, "submit": submit, "cancel": cancel, "danger": danger,
        "intro": intro, "ancestors": _ancestors(request.user, org) if org else [],
    })


def _tab_url(org, tab, **params):
    url = reverse("organizations:detail", args=[org.pk]) + f"?tab={tab}"
    for key, value in params.items():
        url += f"&{key}={value}"
    return url


def _row_for_change(user, queryset, pk, org_id_attr):
    """A row hanging on an organisation the user may change; 404 when missing or out of reach."""
    row = get_object_or_404(queryset, pk=pk)
    _change(user, attrgetter(org_id_attr)(row))
    return row
