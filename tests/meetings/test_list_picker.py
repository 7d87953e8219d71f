"""The meeting list's chi bộ filter is a picker, and the oversight pages list every chi bộ a page at a time with
honest totals (issue 17). Before, the list page offered the first 500 chi bộ in a <select> (the others could not
be chosen), the visits page read 500 chi bộ and checked each, and the unvisited and absence lists stopped at 500."""

import datetime as dt
import re

import pytest

from dangvu.meetings import services
from dangvu.meetings.models import Visit
from dangvu.meetings.views import LIST_PAGE
from dangvu.organizations import pickers
from dangvu.organizations.models import Kind, Organization
from tests.factories import UserFactory, grant
from tests.picker_helpers import beyond_former_cap, chip, client_for, many_orgs, options, picker_url, search

from .conftest import at


@pytest.fixture
def far(world):
    t = world["t"]
    many_orgs(t["committee"])
    return beyond_former_cap(Organization.objects.filter(path__startswith=t["committee"].path,
                                                         kind=Kind.ATTACHED_CELL), order=("sort_key", "id"))


def test_list_page_lists_no_chi_bo(world, far):
    body = client_for(world["users"]["office"]).get("/sinh-hoat/").content.decode()
    assert "Chi bộ Nhiều" not in body
    assert options(body) < 15  # the years only
    assert picker_url(body, "chi_bo").endswith("muc-dich=meetings.list")


def test_list_filtered_by_a_chi_bo_past_the_former_500th(world, far):
    admin = world["users"]["admin"]
    services.plan_meeting(admin, far, kind="regular", starts_at=at(2026, 3, 10, 14), ends_at=at(2026, 3, 10, 16))
    services.plan_meeting(admin, world["t"]["cell_b"], kind="regular", starts_at=at(2026, 3, 11, 14),
                          ends_at=at(2026, 3, 11, 16))
    c = client_for(world["users"]["office"])
    assert "Chi bộ Kế toán" in c.get("/sinh-hoat/?year=2026").content.decode()
    body = c.get(f"/sinh-hoat/?chi_bo={far.pk}&year=2026").content.decode()
    assert chip(body, "chi_bo") == (str(far.pk), far.name)
    assert "1 cuộc sinh hoạt trong năm 2026" in body and "Chi bộ Kế toán" not in body


@pytest.mark.parametrize("role, finds", [
    ("admin", pickers.LIMIT), ("office", pickers.LIMIT), ("inspection", pickers.LIMIT), ("office_other", 0),
    ("secretary", 0), ("member", 0)])
def test_list_picker_search_is_scoped(world, far, role, finds):
    url = "/to-chuc/chon/?muc-dich=meetings.list"
    assert len(search(world["users"][role], url, "nhieu")) == finds
    if role == "secretary":
        assert search(world["users"][role], url, "chi bo") == ["Chi bộ Văn phòng"]
    if role == "office_other":
        assert search(world["users"][role], url, "chi bo") == ["Chi bộ Khác"]


def test_visits_page_lists_every_unvisited_chi_bo_a_page_at_a_time(world, far):
    office = world["users"]["office"]
    c = client_for(office)
    url = f"/sinh-hoat/du-sinh-hoat/?organization={world['t']['committee'].pk}&date_from=01/01/2026&date_to=20/11/2026"
    services.record_visit(office, far, visited_on=dt.date(2026, 3, 1), visitor_name="Đồng chí A")
    body = c.get(url).content.decode()
    total = Organization.objects.filter(path__startswith=world["t"]["committee"].path, kind=Kind.ATTACHED_CELL
                                        ).count() - 1
    assert f"<strong>{total}</strong> chi bộ chưa có ai dự" in body
    section = body.split('id="chua-du"')[1]
    assert section.count("<li>") == LIST_PAGE and f"trên {total}" in section
    last_page = -(-total // LIST_PAGE)
    assert f"Trang 1 / {last_page}" in section and "trang_chua_du=2" in section
    tail = c.get(f"{url}&trang_chua_du={last_page}").content.decode().split('id="chua-du"')[1]
    assert tail.count("<li>") == total - (last_page - 1) * LIST_PAGE
    # the visit to a chi bộ past the former 500th is listed and can be deleted from this page
    assert f"<td>{far.name}</td><td>Đồng chí A" in body and "Xóa</button>" in body


def test_visits_page_queries_do_not_grow_with_the_chi_bo(world, far, django_assert_max_num_queries):
    url = f"/sinh-hoat/du-sinh-hoat/?organization={world['t']['committee'].pk}"
    with django_assert_max_num_queries(40):
        assert client_for(world["users"]["office"]).get(url).status_code == 200


def test_absences_page_pages_the_chi_bo_that_missed_meetings(world, far):
    c = client_for(world["users"]["office"])
    url = f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['committee'].pk}&year=2026"
    body = c.get(url).content.decode()
    rows = re.findall(r"<tr><td>(Chi bộ [^<]*)</td>", body)
    assert len(rows) == LIST_PAGE and "còn nữa ở trang sau" in body and "trang_khong_hop=2" in body
    second = re.findall(r"<tr><td>(Chi bộ [^<]*)</td>", c.get(f"{url}&trang_khong_hop=2").content.decode())
    assert len(second) == LIST_PAGE and not set(rows) & set(second)


def test_visit_form_refuses_a_chi_bo_outside_the_office(world, far):
    office = world["users"]["office"]
    url = f"/sinh-hoat/du-sinh-hoat/?organization={world['t']['committee'].pk}"
    response = client_for(office).post(url, {"organization": world["t"]["other_cell"].pk, "visited_on": "01/03/2026",
                                             "visitor_name": "Đồng chí B"})
    assert "Chi bộ được dự: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_secretary_gets_no_visit_form(world, far):
    sec = UserFactory()
    grant(sec, "secretary", far)
    body = client_for(sec).get(f"/sinh-hoat/du-sinh-hoat/?organization={far.pk}").content.decode()
    assert "Ghi nhận lần dự sinh hoạt" not in body
