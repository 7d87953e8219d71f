"""The demo as a user opens it: the seed 004 visit, its remedies and the report, page by page and per role."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dangvu.demo import data
from dangvu.inspections import demo
from dangvu.inspections.models import Inspection, Remedy


@pytest.fixture
def visit(db):
    data.load()
    demo.load()
    return Inspection.objects.get(decision_number=demo.MARK)


def _as(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def test_demo_visit_pages_for_the_commission(visit):
    c = _as("ubkt")
    body = c.get(reverse("inspections:index")).content.decode()
    assert reverse("inspections:detail", args=[visit.pk]) in body and "94/100" in body
    body = c.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert "Trưởng đoàn" in body and "94/100" in body and "Lịch sử thay đổi" in body
    r = c.get(reverse("inspections:conclusion_docx", args=[visit.pk]))
    assert r.status_code == 200
    body = c.get(reverse("inspections:remedies")).content.decode()
    assert visit.scope_organization.name in body
    r = c.get(reverse("inspections:report"), {"organization": visit.conducted_by.pk, "date_from": "2020-01-01",
                                              "date_to": "2020-12-31"})
    assert "<b>1</b><span>tổ chức đảng được kiểm tra, giám sát</span>" in r.content.decode()
    assert c.get(reverse("inspections:programmes")).status_code == 200


def test_demo_visit_for_other_roles(visit):
    # the leader (the commission's chair, on the team) opens the file; the office and the secretary do not
    assert _as("chunhiem").get(reverse("inspections:detail", args=[visit.pk])).status_code == 200
    for who in ("vanphong", "bithu", "dangvien"):
        assert _as(who).get(reverse("inspections:detail", args=[visit.pk])).status_code == 404
    # the bloc's office follows the remedies of the sub-tree
    body = _as("vanphong").get(reverse("inspections:remedies")).content.decode()
    first = Remedy.objects.filter(inspection=visit).order_by("due_on", "id").first()
    assert first.text[:40] in body
