"""API contract of dues: /api/v1/dues (sheets, payments, bulk, summary, unpaid-flags) and
/api/v1/members/{id}/dues-basis; each role in and out of scope (404), bad input 422 in Vietnamese, nothing written."""

import datetime as dt

import pytest

from dangvu.core.models import AuditEntry
from dangvu.dues import services
from dangvu.dues.models import DuesBasis, DuesLine, DuesPayment

from . import conftest
from .conftest import OCT, insured

CLOCK = conftest.CLOCK
URL = "/api/v1/dues"


def _errors(r) -> dict:
    return {d["loc"][-1]: d["msg"] for d in r.json()["detail"]}


@pytest.fixture
def sheet(t, cell_members, me):
    for key, amount in (("an", 8_000_000), ("binh", 6_500_000), ("chau", 5_000_000), ("dung", 9_000_000)):
        insured(cell_members[key], amount)
    insured(me, 7_000_000)
    services.generate_month(None, t["cell_a"], OCT)
    services.generate_month(None, t["cell_b"], OCT)
    return t["cell_a"]


def _written():
    return (list(DuesPayment.objects.values()), list(DuesLine.objects.values()), DuesBasis.objects.count(),
            AuditEntry.objects.count())


READERS = ["admin", "office", "committee_office", "secretary", "ubkt"]
OUTSIDE = ["secretary_b", "other_office", "member", "outsider"]


@pytest.mark.parametrize("name", READERS + OUTSIDE)
def test_sheet_by_role(api_client, t, users, cell_members, sheet, name):
    r = api_client.auth(users[name]).get(f"{URL}/sheets", {"organization_id": t["cell_a"].pk, "month": "2026-10"})
    assert r.status_code == (200 if name in READERS else 404), r.content
    if r.status_code == 200:
        data = r.json()
        assert data["month"] == "2026-10" and data["totals"] == {"owed": 265_000, "paid": 0}
        row = next(x for x in data["rows"] if x["member_id"] == cell_members["an"].pk)
        assert row == {**row, "owed": 80_000, "paid": 0, "paid_on": None, "method": "", "status": "unpaid"}


def test_sheet_bad_month_422(api_client, t, users, sheet):
    c = api_client.auth(users["secretary"])
    for month in ("2026-13", "10/2026", "", "2026"):
        r = c.get(f"{URL}/sheets", {"organization_id": t["cell_a"].pk, "month": month})
        assert r.status_code == 422 and "month" in _errors(r), month


def test_payment_bulk_and_statuses(api_client, t, users, cell_members, me, sheet):
    c = api_client.auth(users["secretary"])
    an, binh = cell_members["an"], cell_members["binh"]
    r = c.post(f"{URL}/sheets/bulk", {"organization_id": t["cell_a"].pk, "month": "2026-10", "paid_on": "2026-11-10",
                                      "method": "cash", "member_ids": [an.pk, binh.pk]})
    assert r.status_code == 200, r.content
    assert r.json()["recorded"] == 2
    r = c.post(f"{URL}/sheets/bulk", {"organization_id": t["cell_a"].pk, "month": "2026-10", "paid_on": "2026-11-10",
                                      "method": "cash", "member_ids": [an.pk]})
    assert r.json()["recorded"] == 0 and r.json()["skipped"] == 1  # already paid: never doubled
    r = c.post(f"{URL}/payments", {"member_id": me.pk, "month": "2026-10", "amount": 30_000,
                                   "paid_on": "2026-11-12", "method": "portal"})
    assert r.status_code == 201, r.content
    assert r.json()["receipt_number"] and r.json()["line"]["status"] == "unpaid"  # partial shows as unpaid
    rows = {x["member_id"]: x for x in c.get(f"{URL}/sheets", {"organization_id": t["cell_a"].pk,
                                                                "month": "2026-10"}).json()["rows"]}
    assert rows[an.pk]["status"] == "paid" and rows[an.pk]["paid_on"] == "2026-11-10"
    assert rows[me.pk]["paid"] == 30_000 and rows[me.pk]["method"] == "portal"


@pytest.mark.parametrize("name,code", [("admin", 201), ("office", 201), ("committee_office", 201),
                                       ("secretary", 201), ("ubkt", 404), ("secretary_b", 404),
                                       ("other_office", 404), ("member", 404), ("outsider", 404)])
def test_payment_by_role(api_client, t, users, cell_members, sheet, name, code):
    before = _written()
    r = api_client.auth(users[name]).post(f"{URL}/payments", {
        "member_id": cell_members["an"].pk, "month": "2026-10", "amount": 80_000, "paid_on": "2026-11-10",
        "method": "cash"})
    assert r.status_code == code, r.content
    if code == 404:
        assert _written() == before


@pytest.mark.parametrize("name,code", [("admin", 200), ("office", 200), ("secretary", 200), ("ubkt", 404),
                                       ("secretary_b", 404), ("other_office", 404), ("member", 404),
                                       ("outsider", 404)])
def test_bulk_by_role(api_client, t, users, cell_members, sheet, name, code):
    before = _written()
    r = api_client.auth(users[name]).post(f"{URL}/sheets/bulk", {
        "organization_id": t["cell_a"].pk, "month": "2026-10", "paid_on": "2026-11-10", "method": "cash",
        "member_ids": [cell_members["an"].pk]})
    assert r.status_code == code, r.content
    if code == 404:
        assert _written() == before


@pytest.mark.parametrize("body,field", [
    ({"amount": -1}, "amount"), ({"amount": 0}, "amount"), ({"month": "2026-13"}, "month"),
    ({"month": "2011-01"}, "month"),  # before admission
    ({"month": "2028-06"}, "month"),  # beyond the advance the rule allows
    ({"paid_on": "2026-12-25"}, "paid_on"), ({"method": "gold"}, "method"), ({"amount": 1.5}, "amount")])
def test_payment_bad_input_422_nothing_written(api_client, t, users, cell_members, sheet, body, field):
    c = api_client.auth(users["secretary"])
    before = _written()
    payload = {"member_id": cell_members["an"].pk, "month": "2026-10", "amount": 80_000, "paid_on": "2026-11-10",
               "method": "cash", **body}
    r = c.post(f"{URL}/payments", payload)
    assert r.status_code == 422, r.content
    assert field in _errors(r) and _written() == before


def test_payment_twice_for_a_paid_month_refused(api_client, t, users, cell_members, sheet):
    c = api_client.auth(users["secretary"])
    body = {"member_id": cell_members["an"].pk, "month": "2026-10", "amount": 80_000, "paid_on": "2026-11-10",
            "method": "cash"}
    assert c.post(f"{URL}/payments", body).status_code == 201
    before = _written()
    r = c.post(f"{URL}/payments", body)
    assert r.status_code == 422 and "10/2026" in str(r.json()) and _written() == before


def test_bulk_bad_input(api_client, t, users, cell_members, sheet):
    c = api_client.auth(users["secretary"])
    before = _written()
    base = {"organization_id": t["cell_a"].pk, "month": "2026-10", "paid_on": "2026-11-10", "method": "cash"}
    assert "member_ids" in _errors(c.post(f"{URL}/sheets/bulk", {**base, "member_ids": []}))
    r = c.post(f"{URL}/sheets/bulk", {**base, "member_ids": [cell_members["dung"].pk]})
    assert r.status_code == 422 and "member_ids" in _errors(r)
    assert c.post(f"{URL}/sheets/bulk", {**base, "organization_id": t["committee"].pk,
                                         "member_ids": [cell_members["an"].pk]}).status_code == 404
    assert _written() == before


@pytest.mark.parametrize("name,code", [("admin", 200), ("office", 200), ("committee_office", 200),
                                       ("ubkt", 200), ("secretary_b", 404), ("other_office", 404),
                                       ("member", 404), ("outsider", 404)])
def test_summary_by_role(api_client, t, users, cell_members, sheet, name, code):
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["an"].pk])
    r = api_client.auth(users[name]).get(f"{URL}/summary", {"organization_id": t["committee"].pk,
                                                            "date_from": "2026-10-01", "date_to": "2026-10-31"})
    assert r.status_code == code, r.content
    if code == 200:
        data = r.json()
        assert (data["owed"], data["collected"], data["outstanding"], data["remitted"]) == (355_000, 80_000,
                                                                                         275_000, 0)
        items = {x["organization_id"]: x for x in data["items"]}
        assert items[t["cell_a"].pk]["owed"] == 265_000 and items[t["cell_b"].pk]["collected"] == 0


def test_summary_bad_period(api_client, t, users, sheet):
    c = api_client.auth(users["office"])
    r = c.get(f"{URL}/summary", {"organization_id": t["bloc"].pk, "date_from": "2026-10-01", "date_to": "2026-01-01"})
    assert r.status_code == 422 and "date_to" in _errors(r)
    r = c.get(f"{URL}/summary", {"organization_id": t["bloc"].pk, "date_from": "2000-01-01", "date_to": "2026-01-01"})
    assert r.status_code == 422


@pytest.mark.parametrize("name,code", [("admin", 200), ("office", 200), ("secretary", 200), ("ubkt", 200),
                                       ("secretary_b", 404), ("other_office", 404), ("member", 404),
                                       ("outsider", 404)])
def test_unpaid_flags_by_role(api_client, t, users, cell_members, sheet, name, code):
    for month in (dt.date(2026, 7, 1), dt.date(2026, 8, 1)):
        services.generate_month(None, t["cell_a"], month)
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["binh"].pk])
    r = api_client.auth(users[name]).get(f"{URL}/unpaid-flags", {"organization_id": t["cell_a"].pk, "year": 2026})
    assert r.status_code == code, r.content
    if code == 200:
        items = {x["member_id"]: x for x in r.json()["items"]}
        assert items[cell_members["an"].pk]["months"] == ["2026-07", "2026-08", "2026-10"]
        assert cell_members["binh"].pk not in items  # two months unpaid only


def test_unpaid_flags_bad_year(api_client, t, users, sheet):
    r = api_client.auth(users["office"]).get(f"{URL}/unpaid-flags", {"organization_id": t["bloc"].pk, "year": 3000})
    assert r.status_code == 422 and "year" in _errors(r)


BASIS = "/api/v1/members/{}/dues-basis"


@pytest.mark.parametrize("name,get,put", [
    ("admin", 200, 200), ("office", 200, 200), ("committee_office", 200, 200), ("secretary", 200, 200),
    ("ubkt", 200, 404), ("secretary_b", 404, 404), ("other_office", 404, 404), ("member", 404, 404),
    ("outsider", 404, 404)])
def test_basis_of_another_member_by_role(api_client, t, users, cell_members, sheet, name, get, put):
    c = api_client.auth(users[name])
    an = cell_members["an"]
    r = c.get(BASIS.format(an.pk))
    assert r.status_code == get, r.content
    if get == 200:
        assert r.json()["group"] == "insured" and r.json()["amount"] == 8_000_000 and r.json()["from_month"] == "2026-01"
    before = DuesBasis.objects.count()
    r = c.put(BASIS.format(an.pk), {"group": "insured", "amount": 8_500_000, "from_month": "2026-12"})
    assert r.status_code == put, r.content
    assert DuesBasis.objects.count() == before + (1 if put == 200 else 0)


def test_member_reports_his_own_basis(api_client, t, users, me, sheet):
    c = api_client.auth(users["member"])
    assert c.get(BASIS.format(me.pk)).json()["amount"] == 7_000_000
    r = c.put(BASIS.format(me.pk), {"group": "pensioner", "amount": 5_000_000, "from_month": "2026-12"})
    assert r.status_code == 200 and r.json()["confirmed"] is False
    data = c.get(BASIS.format(me.pk)).json()
    assert data["amount"] == 7_000_000  # still the confirmed one in force
    assert data["items"][0]["amount"] == 5_000_000 and not data["items"][0]["confirmed"]


@pytest.mark.parametrize("body,field", [
    ({"amount": -1}, "amount"), ({"amount": 900_000_000}, "amount"), ({"group": "rich"}, "group"),
    ({"from_month": "2026-13"}, "from_month"), ({"from_month": "2010-01"}, "from_month"),
    ({"group": "other", "amount": 0}, "region")])
def test_basis_bad_input(api_client, t, users, me, sheet, body, field):
    c = api_client.auth(users["secretary"])
    before = _written()
    r = c.put(BASIS.format(me.pk), {"group": "insured", "amount": 7_000_000, "from_month": "2026-12", **body})
    assert r.status_code == 422, r.content
    assert field in _errors(r) and _written() == before


def test_unknown_member_404(api_client, users, sheet):
    assert api_client.auth(users["admin"]).get(BASIS.format(999_999)).status_code == 404


@pytest.mark.parametrize("name,own,other", [
    ("admin", 200, 200), ("office", 200, 200), ("secretary", 200, 200), ("ubkt", 200, 200),
    ("secretary_b", 404, 404), ("other_office", 404, 404), ("member", 200, 404), ("outsider", 404, 404)])
def test_a_members_dues_by_role(api_client, t, users, cell_members, me, sheet, name, own, other):
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[me.pk])
    c = api_client.auth(users[name])
    r = c.get(f"{URL}/members/{me.pk}", {"year": 2026})
    assert r.status_code == own, r.content
    if own == 200:
        data = r.json()
        line = data["lines"][0]
        assert (line["month"], line["owed"], line["paid"], line["status"]) == ("2026-10", 70_000, 70_000, "paid")
        assert line["payments"][0]["receipt_number"] and data["current_basis"]["amount"] == 7_000_000
    assert c.get(f"{URL}/members/{cell_members['an'].pk}").status_code == other
    if own == 200:
        assert c.get(f"{URL}/members/{me.pk}", {"year": 3000}).status_code == 422
