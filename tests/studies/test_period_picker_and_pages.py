"""Studies (issue 17): the period filter's organisation is a picker (before: the grants' tops and 200 children of
the organisation shown); the attendance and catch-up forms tick members a page at a time, and saving one page leaves
the members of the other pages as they were (before: the first 500 rows only, and saving dropped the others)."""

import datetime as dt

import pytest

from dangvu.organizations import pickers
from dangvu.organizations.models import Kind, Organization
from dangvu.studies import services
from dangvu.studies.models import AttendanceStatus
from dangvu.studies.views.sessions import CHECK_PAGE
from tests.factories import MemberFactory
from tests.picker_helpers import beyond_former_cap, chip, client_for, many_orgs, options, picker_url, search

PURPOSE = "studies.view"


@pytest.fixture
def far(world):
    many_orgs(world["committee"], name="Chi bộ Xóm")  # past "Chi bộ Văn phòng"
    return beyond_former_cap(Organization.objects.filter(parent=world["committee"], kind=Kind.ATTACHED_CELL),
                             order=("sort_key", "id"))


def test_index_lists_no_organisation(world, far):
    body = client_for(world["users"]["office"]).get("/hoc-tap/").content.decode()
    assert "Chi bộ Xóm" not in body and options(body) == 0
    assert picker_url(body, "organization").endswith(f"muc-dich={PURPOSE}")


@pytest.mark.parametrize("page", ["/hoc-tap/", "/hoc-tap/chua-hoc-bu/", "/hoc-tap/bao-cao/"])
def test_pages_of_an_organisation_past_the_former_list(world, far, page):
    body = client_for(world["users"]["office"]).get(f"{page}?organization={far.pk}").content.decode()
    assert chip(body, "organization") == (str(far.pk), far.name)


@pytest.mark.parametrize("role", ["other_office", "secretary", "outsider"])
def test_an_organisation_out_of_reach_answers_404(world, far, role):
    assert client_for(world["users"][role]).get(f"/hoc-tap/?organization={far.pk}").status_code == 404


@pytest.mark.parametrize("role, finds", [
    ("admin", pickers.LIMIT), ("office", pickers.LIMIT), ("inspection", pickers.LIMIT), ("other_office", 0),
    ("secretary", 0), ("member", 0), ("outsider", 0)])
def test_period_picker_search_is_scoped(world, far, role, finds):
    url = f"/to-chuc/chon/?muc-dich={PURPOSE}"
    assert len(search(world["users"][role], url, "xom")) == finds
    if role == "secretary":
        assert search(world["users"][role], url, "chi bo") == ["Chi bộ Văn phòng"]


# ------------------------------------------------------------------ attendance and catch-up, a page at a time

@pytest.fixture
def big(world):
    """A session of cell A with CHECK_PAGE + 20 members present and CHECK_PAGE + 5 absent."""
    present = [MemberFactory(organization=world["cell_a"], full_name=f"Nguyễn Văn Có {i:03d}")
               for i in range(CHECK_PAGE + 20)]
    absent = [MemberFactory(organization=world["cell_a"], full_name=f"Trần Văn Vắng {i:03d}")
              for i in range(CHECK_PAGE + 5)]
    s = services.record_session(world["users"]["office"], organization=world["cell_a"], title="Nghị quyết",
                                held_on=world["day"], format="online", organizer=world["committee"],
                                attendee_ids=[m.pk for m in present], report_required=False,
                                commitment_required=False)
    return s, present, absent


def present_ids(s):
    return set(s.attendances.filter(status=AttendanceStatus.PRESENT).values_list("member_id", flat=True))


def test_attendance_page_ticks_one_page_and_keeps_the_others(world, big):
    s, present, absent = big
    c = client_for(world["users"]["office"])
    url = f"/hoc-tap/{s.pk}/co-mat/"
    body = c.get(url).content.decode()
    assert body.count('type="checkbox" name="attendee_ids"') == CHECK_PAGE
    # a list of check boxes under its label, in columns (not laid out as one check box with its label after it)
    assert '<div class="field field-choices">' in body and "field-check" not in body
    before = present_ids(s)
    first_page = sorted(s.attendances.select_related("member"), key=lambda a: (a.member.sort_key, a.member_id))
    shown = [a.member_id for a in first_page[:CHECK_PAGE]]
    dropped = next(i for i in shown if i in before)
    r = c.post(url, {"attendee_ids": [i for i in shown if i in before and i != dropped], "version": s.version})
    assert r.status_code == 302
    assert present_ids(s) == before - {dropped}  # the members of the other pages kept their ticks
    pages = -(-s.attendances.count() // CHECK_PAGE)
    tail = c.get(f"{url}?trang={pages}").content.decode()
    assert tail.count('type="checkbox" name="attendee_ids"') == s.attendances.count() - (pages - 1) * CHECK_PAGE
    assert f"Trang {pages} / {pages}" in tail


def test_catch_up_of_a_member_on_the_second_page(world, big):
    s, present, absent = big
    c = client_for(world["users"]["office"])
    url = f"/hoc-tap/{s.pk}/hoc-bu/"
    assert c.get(url).content.decode().count('name="attendee_ids"') == CHECK_PAGE
    last = absent[-1]
    assert f'value="{last.pk}"' in c.get(f"{url}?trang=2").content.decode()
    r = c.post(f"{url}?trang=2", {"held_on": "20/03/2024", "format": "in_person", "place": "",
                                  "attendee_ids": [last.pk]})
    assert r.status_code == 302
    assert s.attendances.get(member=last).status == AttendanceStatus.CAUGHT_UP
    # one not on the page posted is refused on the field, nothing written
    other = absent[0]
    r = c.post(f"{url}?trang=2", {"held_on": "21/03/2024", "format": "in_person", "attendee_ids": [other.pk]})
    assert r.status_code == 200 and s.attendances.get(member=other).status == AttendanceStatus.ABSENT
    assert s.held_on == dt.date(2024, 3, 15)


def test_a_renamed_member_takes_his_new_place_in_the_attendance_form(world, big):
    """The form is ordered by the rows' copy of the member's sort key: a renamed member's rows take the new one
    (signal member_renamed), so he is found where his new name puts him."""
    from dangvu.members import services as member_services

    s, present, absent = big
    c = client_for(world["users"]["office"])
    url = f"/hoc-tap/{s.pk}/co-mat/"
    last = absent[-1]  # «Trần Văn Vắng 104»: on the second page
    assert f'value="{last.pk}"' not in c.get(url).content.decode()
    member_services.update_member(world["users"]["office"], last, version=last.version, full_name=present[0].full_name)
    assert f'value="{last.pk}"' in c.get(url).content.decode()
    assert s.attendances.get(member=last).sort_key == present[0].sort_key
