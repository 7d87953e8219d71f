"""The quota endpoint answers exactly like the summary: no whole đảng bộ's figures for a member or a secretary."""

import pytest

from dangvu.reviews import services

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews"


@pytest.fixture
def cycle(w):
    c = services.open_cycle(None, w["committee"].pk, "2020")
    for m in ("a1", "a2", "b1"):
        for stage in ("self", "collective"):  # the live quota counts the collective's proposals
            services.record_assessment(None, c, stage=stage, member_id=w[m].pk, level="excellent")
    return c


@pytest.mark.parametrize("who, expected", [
    ("admin", 200), ("office", 200), ("bloc_office", 200), ("inspection", 200),
    ("secretary", 404), ("self", 404), ("other_member_user", 404), ("office_other", 404),
])
def test_quota_answers_like_the_summary_for_the_whole_cycle(api_client, w, cycle, who, expected):
    api_client.auth(w[who])
    summary = api_client.get(f"{URL}/{cycle.pk}/summary")
    quota = api_client.get(f"{URL}/{cycle.pk}/quota")
    assert (quota.status_code, summary.status_code) == (expected, expected), quota.content[:200]
    if expected == 404:
        assert "excellent" not in quota.content.decode()


@pytest.mark.parametrize("who, org, expected", [
    ("secretary", "cell_a", 200), ("secretary", "cell_b", 404), ("self", "cell_a", 404),
    ("office", "cell_b", 200), ("office_other", "cell_a", 404), ("office", "other_cell", 404),
])
def test_quota_of_one_organisation_answers_like_its_summary(api_client, w, cycle, who, org, expected):
    api_client.auth(w[who])
    params = {"organization_id": w[org].pk}
    summary = api_client.get(f"{URL}/{cycle.pk}/summary", params)
    quota = api_client.get(f"{URL}/{cycle.pk}/quota", params)
    assert (quota.status_code, summary.status_code) == (expected, expected)


def test_quota_of_the_cycle_counts_the_whole_committee_for_its_office(api_client, w, cycle):
    whole = api_client.auth(w["office"]).get(f"{URL}/{cycle.pk}/quota").json()
    assert sum(g["excellent"] for g in whole) == 3
    # a chi bộ's quota is its grassroots organisation's group (the quota is counted per grassroots
    # organisation), as the cycle page shows it to the secretary
    mine = api_client.auth(w["secretary"]).get(f"{URL}/{cycle.pk}/quota", {"organization_id": w["cell_a"].pk}).json()
    assert [g["organization_id"] for g in mine] == [w["committee"].pk]
