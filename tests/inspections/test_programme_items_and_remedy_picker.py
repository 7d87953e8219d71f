"""Inspections (issue 17): the case form lists a bounded page of programme items (the newest 200, and the one the
programme's page opened it for) and accepts any item in reach; before, it listed the first 500 and no other could
be chosen. The remedies page finds its organisation with a picker instead of a select of the grants' tops."""

import pytest
from django.urls import reverse

from dangvu.inspections.models import Inspection, Programme, ProgrammeItem
from dangvu.inspections.views.cases import ITEM_CHOICES
from dangvu.organizations import pickers
from tests.picker_helpers import chip, client_for, many_orgs, options, picker_url, search

N_ITEMS = ITEM_CHOICES + 10


@pytest.fixture
def items(t, users):
    p = Programme.objects.create(organization=t["bloc"], year=2025, title="Chương trình kiểm tra năm 2025")
    ProgrammeItem.objects.bulk_create([
        ProgrammeItem(programme=p, subject_organization=t["committee"], kind="task_implementation",
                      content=f"Nội dung số {i:03d}", month=1 + i * 12 // N_ITEMS) for i in range(N_ITEMS)])
    return list(ProgrammeItem.objects.filter(programme=p).order_by("month", "id"))


@pytest.fixture
def foreign_item(t):
    p = Programme.objects.create(organization=t["other"], year=2025, title="Chương trình của khối khác")
    return ProgrammeItem.objects.create(programme=p, subject_organization=t["other_cell"], kind="finance",
                                        content="Thu, nộp đảng phí", month=3)


def case_data(t, item, **over):
    data = {"kind": "task_implementation", "title": "", "conducted_by": t["bloc"].pk,
            "subject_organization": t["committee"].pk, "decision_number": "", "decided_on": "01/09/2025",
            "period_from": "01/01/2024", "period_to": "31/12/2024", "programme_item": item.pk}
    return {**data, **over}


def test_case_form_lists_a_bounded_page_of_items_and_says_how_many(t, users, items):
    body = client_for(users["ubkt"]).get(reverse("inspections:create")).content.decode()
    assert options(body) <= ITEM_CHOICES + 10  # the items' page and the kinds
    assert f"chỉ hiện {ITEM_CHOICES} nội dung mới nhất trên {N_ITEMS}" in body
    assert items[-1].content not in body


def test_programme_page_opens_the_form_for_an_item_past_the_list(t, users, items):
    far = items[-1]
    c = client_for(users["ubkt"])
    programme = c.get(reverse("inspections:programme", args=[far.programme_id])).content.decode()
    assert f"?muc={far.pk}" in programme
    body = c.get(reverse("inspections:create") + f"?muc={far.pk}").content.decode()
    assert f'<option value="{far.pk}" selected>' in body
    assert chip(body, "subject_organization") == (str(t["committee"].pk), t["committee"].name)


def test_a_case_under_an_item_past_the_list_is_saved(t, users, items):
    far = items[-1]
    response = client_for(users["ubkt"]).post(reverse("inspections:create"), case_data(t, far))
    assert response.status_code == 302
    assert Inspection.objects.get().programme_item == far


@pytest.mark.parametrize("value", ["foreign", "99999999", "abc"])
def test_an_item_out_of_reach_is_refused_on_the_field_and_nothing_written(t, users, items, foreign_item, value):
    posted = {"foreign": foreign_item.pk, "99999999": 99999999, "abc": "abc"}[value]
    response = client_for(users["ubkt"]).post(reverse("inspections:create"),
                                              case_data(t, items[0], programme_item=posted))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_programme_page_offers_no_case_to_an_office(t, users, items):
    body = client_for(users["office"]).get(reverse("inspections:programme", args=[items[0].programme_id]))
    assert "?muc=" not in body.content.decode()


# ------------------------------------------------------------------ the remedies page's organisation

def test_remedies_page_lists_no_organisation(t, users):
    many_orgs(t["committee"])
    body = client_for(users["ubkt"]).get(reverse("inspections:remedies")).content.decode()
    assert "Chi bộ Nhiều" not in body and options(body) < 10  # the states only
    assert picker_url(body, "organization").endswith("muc-dich=inspections.remedies")
    far = many_orgs(t["committee"], n=1, name="Chi bộ Xa")[0]
    body = client_for(users["ubkt"]).get(reverse("inspections:remedies") + f"?organization={far.pk}").content.decode()
    assert chip(body, "organization") == (str(far.pk), far.name)
    assert client_for(users["other_ubkt"]).get(
        reverse("inspections:remedies") + f"?organization={far.pk}").status_code == 404


@pytest.mark.parametrize("role, finds", [
    ("admin", pickers.LIMIT), ("ubkt", pickers.LIMIT), ("office", pickers.LIMIT), ("dept_ubkt", pickers.LIMIT),
    ("other_ubkt", 0), ("member", 0), ("outsider", 0)])
def test_remedies_picker_search_is_scoped(t, users, role, finds):
    many_orgs(t["committee"])
    url = "/to-chuc/chon/?muc-dich=inspections.remedies"
    assert len(search(users[role], url, "nhieu")) == finds
