"""GET /api/v1/reports/period and the records pages behind the figures: shape, scope, bad parameters, "no data"."""

import datetime as dt
import json
from importlib import import_module

import pytest
from django.urls import reverse

from dangvu.meetings import rollup
from dangvu.meetings.models import Meeting, MeetingKind, MeetingStatus
from dangvu.members import services
from dangvu.organizations.models import Role
from dangvu.reports.period import SECTIONS, build
from tests.factories import grant, tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/period"
_n = iter(range(10**6))


def admit(org, admitted_on, name="Đỗ Văn Long"):
    return services.create_member(
        None, organization=org, full_name=name, gender="male", birth_date=dt.date(1992, 4, 10),
        admitted_on=admitted_on, national_id=f"0012900{next(_n):05d}",
    )


@pytest.fixture
def world(make_user):
    t = tree()
    admit(t["cell_a"], dt.date(2026, 3, 2), "Đỗ Văn Long")
    admit(t["cell_b"], dt.date(2025, 3, 2), "Bùi Thị Lan")
    office = make_user("vp_khoi")
    grant(office, Role.OFFICE, t["bloc"])
    other = make_user("vp_khac")
    grant(other, Role.OFFICE, t["other"])
    admin = make_user("quantri", is_superuser=True)
    return t, office, other, admin


def q(org, date_from="2026-01-01", date_to="2026-10-31"):
    return {"organization_id": org.pk, "date_from": date_from, "date_to": date_to}


def test_answer_shape_and_figures(api_client, world):
    t, office, _, _ = world
    r = api_client.auth(office).get(URL, q(t["committee"]))
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["organization"]["id"] == t["committee"].pk
    assert data["date_from"] == "2026-01-01" and data["date_to"] == "2026-10-31"
    keys = [s["key"] for s in data["sections"]]
    assert keys == list(SECTIONS)
    members = next(s for s in data["sections"] if s["key"] == "members")
    fig = {f["key"]: f for f in members["figures"]}
    for key in ("admitted", "confirmed", "transferred_in", "transferred_out", "exempted", "died", "removed",
                "expelled", "total_start", "total_end"):
        assert key in fig
    assert fig["admitted"]["value"] == 1 and fig["admitted"]["previous"] == 1
    assert {c["organization_id"]: c["value"] for c in fig["admitted"]["by_child"]} == {
        t["cell_a"].pk: 1, t["cell_b"].pk: 0}
    assert fig["admitted"]["records_url"].startswith("/bao-cao/so-lieu/members/admitted/?")
    # the records page behind the figure lists the member admitted in the period, not the one a year earlier
    page = api_client.get(fig["admitted"]["records_url"])
    assert page.status_code == 302  # pages need the session log-in
    api_client.force_login(office)
    page = api_client.get(fig["admitted"]["records_url"])
    assert page.status_code == 200
    assert "Đỗ Văn Long" in page.content.decode() and "Bùi Thị Lan" not in page.content.decode()


def test_outside_scope_is_404(api_client, world):
    t, office, other, _ = world
    assert api_client.auth(other).get(URL, q(t["committee"])).status_code == 404
    assert api_client.auth(office).get(URL, q(t["province"])).status_code == 404
    assert api_client.auth(office).get(URL, {**q(t["committee"]), "organization_id": 99999999}).status_code == 404
    api_client.logout()
    assert api_client.get(URL, q(t["committee"])).status_code == 401
    api_client.force_login(other)
    url = reverse("reports:records", args=["members", "admitted"])
    assert api_client.get(url, q(t["committee"])).status_code == 404


def test_api_and_pages_agree_on_who_reads_a_report(api_client, client, world, make_user):
    """Offices and inspection commissions over the organisation read its report, by the API as on the pages;
    a chi bộ secretary reads neither (404), not even their own chi bộ's."""
    t, office, _, _ = world
    secretary = make_user("bt_chibo")
    grant(secretary, Role.SECRETARY, t["cell_a"], include_subtree=False)
    commission = make_user("ubkt_khoi")
    grant(commission, Role.INSPECTION, t["bloc"])
    records = reverse("reports:records", args=["members", "admitted"])
    for user, org, allowed in ((secretary, t["cell_a"], False), (commission, t["cell_a"], True),
                               (office, t["cell_a"], True), (commission, t["other_cell"], False)):
        params = q(org)
        assert api_client.auth(user).get(URL, params).status_code == (200 if allowed else 404), user
        client.force_login(user)
        page = client.get("/bao-cao/", {"organization": org.pk, "period": "custom", "date_from": "01/01/2026",
                                        "date_to": "31/10/2026"})
        assert page.status_code == (200 if allowed else 404), user
        assert client.get(records, params).status_code == (200 if allowed else 404), user


@pytest.mark.parametrize("params, field, words", [
    ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "date_from", "phải trước"),
    ({"date_from": "2016-01-01", "date_to": "2026-01-01"}, "date_to", "5 năm"),
    ({"date_from": "2026-13-01"}, "date_from", "Ngày không hợp lệ"),
    ({"date_from": "2027-01-01", "date_to": "2027-02-01"}, "date_from", "sau ngày hôm nay"),
])
def test_bad_parameters_answer_422_in_vietnamese(api_client, world, params, field, words):
    t, office, _, _ = world
    api_client.raise_request_exception = False
    r = api_client.auth(office).get(URL, {**q(t["committee"]), **params})
    assert r.status_code == 422, r.content
    text = json.dumps(r.json(), ensure_ascii=False)
    assert words in text and field in text


def test_missing_parameters(api_client, world):
    t, office, _, _ = world
    r = api_client.auth(office).get(URL, {"organization_id": t["committee"].pk})
    assert r.status_code == 422
    assert "bắt buộc" in json.dumps(r.json(), ensure_ascii=False)


def test_no_data_is_none_not_zero(world):
    t, office, _, _ = world
    r = build(office, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    # nothing recorded: no review cycle, no meeting
    assert r.figure("reviews", "members_excellent").value is None
    assert r.figure("meetings", "cells_every_month").value is None
    assert r.figure("meetings", "attendance_rate").value is None
    assert r.figure("studies", "attendance_rate").value is None
    month = r.section("meetings").tables[0]
    assert month.rows[0][1:] == [None, None, None]
    # counts of what happened are zero when nothing happened
    assert r.figure("members", "died").value == 0
    assert r.figure("inspections", "cases").value == 0
    # one chi bộ meets every month: the other has no record at all → "no data" for it, a share for the sub-tree
    from django.utils import timezone
    for month_no in range(1, 11):
        Meeting.objects.create(organization=t["cell_a"], kind=MeetingKind.REGULAR, status=MeetingStatus.CLOSED,
                               starts_at=timezone.make_aware(dt.datetime(2026, month_no, 5, 8)))
    rollup.rebuild()  # meetings written in bulk: the monthly rows are recounted
    r = build(office, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    share = r.figure("meetings", "cells_every_month")
    assert share.value == 50.0
    assert dict(share.by_child) == {t["cell_a"].pk: 100.0, t["cell_b"].pk: None}
    assert r.section("meetings").tables[0].rows[0][1] == 1


def test_every_records_page_opens(client, world):
    t, office, _, _ = world
    client.force_login(office)
    for section, module in SECTIONS.items():
        records = getattr(import_module(f"dangvu.reports.period.{module}"), "RECORDS", {})
        for key in records:
            url = reverse("reports:records", args=[section, key])
            r = client.get(url, q(t["committee"]))
            assert r.status_code == 200, (section, key)
    assert client.get(reverse("reports:records", args=["members", "nope"]), q(t["committee"])).status_code == 404
    assert client.get(reverse("reports:records", args=["nope", "admitted"]), q(t["committee"])).status_code == 404
    bad = {**q(t["committee"]), "date_from": "31/12/2026", "date_to": "01/01/2026"}
    assert client.get(reverse("reports:records", args=["members", "admitted"]), bad).status_code == 404


def test_every_figure_links_to_an_open_page_or_none(client, world):
    t, office, _, _ = world
    client.force_login(office)
    r = build(office, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    for s in r.sections:
        for f in s.figures:
            if f.records_url:
                assert client.get(f.records_url).status_code == 200, (s.key, f.key, f.records_url)
