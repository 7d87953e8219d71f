"""Helpers of the picker tests (issue 17): many organisations at once, the page's picker address, a search.

The former forms listed the first 500 organisations by path (a string: "1.10." sorts before "1.9."); a test takes
the last of that order (``beyond_former_cap``) to choose one the former select could not offer."""

import re

from django.test import Client

from dangvu.core import vntext
from dangvu.organizations import stats as org_stats
from dangvu.organizations.models import Kind, Organization, OrganizationStats
from dangvu.organizations.tree import child_path

FORMER_CAP = 500


def many_orgs(parent, n=FORMER_CAP + 10, kind=Kind.ATTACHED_CELL, name="Chi bộ Nhiều"):
    """n organisations under parent in a few queries (names "<name> 000" …), with their paths and keys."""
    objs = []
    for i in range(n):
        label = f"{name} {i:03d}"
        keys = vntext.org_name_keys(label)
        objs.append(Organization(code=f"N{parent.pk}-{name[:8]}-{i}", name=label, kind=kind, parent=parent,
                                 path="tmp", depth=parent.depth + 1, search_key=keys["search_key"],
                                 sort_key=keys["sort_key"]))
    Organization.objects.bulk_create(objs)
    if objs[0].pk is None:  # a database that does not return the ids
        objs = list(Organization.objects.filter(parent=parent, path="tmp").order_by("pk"))
    for o in objs:
        o.path = child_path(parent.path, o.pk)
    Organization.objects.bulk_update(objs, ["path"])
    # the roll-ups as the services keep them: each new organisation's own row and its ancestors' active kinds
    OrganizationStats.objects.bulk_create([OrganizationStats(organization=o, **{f"kind_{kind}": 1}) for o in objs])
    org_stats.apply(parent.ancestor_ids(), {f"kind_{kind}": n})
    return objs


def beyond_former_cap(qs, order=("path",)):
    """The last row of the former select's order: one a select of the first 500 could not offer."""
    rows = list(qs.order_by(*order).values_list("pk", flat=True))
    assert len(rows) > FORMER_CAP
    return qs.model.objects.get(pk=rows[-1])


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def picker_url(body, name):
    """The search address of the page's picker `name` (what picker.js fetches, without q)."""
    found = re.search(rf'data-name="{name}" data-multiple="[01]" data-url="([^"]*)"', body)
    assert found, f"no picker {name!r} in the page"
    return found.group(1).replace("&amp;", "&")


def search(user, url, q=""):
    """The labels a search answers for this user (404 counts as nothing found)."""
    response = client_for(user).get(f"{url}&q={q}")
    assert response.status_code in (200, 404)
    return re.findall(r'data-label="([^"]*)"', response.content.decode()) if response.status_code == 200 else []


def options(body) -> int:
    return body.count("<option")


def chip(body, name):
    """(value, label) of the chosen chip of picker `name`, or None."""
    found = re.search(rf'<li class="picker-chip"><input type="hidden" name="{name}" value="([^"]+)"><span>([^<]*)',
                      body)
    return found.groups() if found else None
