"""Pagination shared by list pages and the API: bad page numbers fall back to the first page."""

import pytest
from django.test import RequestFactory

from dangvu.core import pages
from dangvu.organizations.models import Organization


@pytest.mark.django_db
def test_paginate_reads_the_page_and_survives_bad_numbers(settings):
    settings.PAGE_SIZE = 2
    for i in range(5):
        Organization.objects.create(code=f"P{i}", name=f"Chi bộ {i}", kind="grassroots_cell", path=f"{i}.", depth=0)
    qs = Organization.objects.order_by("code")
    rf = RequestFactory()
    out = pages.paginate(rf.get("/", {"page": "3"}), qs)
    assert (out["count"], out["pages"], out["page"], [o.code for o in out["items"]]) == (5, 3, 3, ["P4"])
    assert pages.paginate(rf.get("/", {"page": "9" * 30}), qs)["page"] == pages.PAGE_MAX
    assert pages.paginate(rf.get("/", {"page": "9" * 30}), qs)["items"] == []
    for bad in ("abc", "-4", "0", "", "1e5"):
        assert pages.paginate(rf.get("/", {"page": bad}), qs)["page"] == 1
    api = pages.api_page(qs, 2, 2, lambda o: o.code)
    assert api == {"items": ["P2", "P3"], "count": 5}


def test_is_htmx():
    rf = RequestFactory()
    assert pages.is_htmx(rf.get("/", HTTP_HX_REQUEST="true"))
    assert not pages.is_htmx(rf.get("/"))
