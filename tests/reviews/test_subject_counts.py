"""The number of subjects a list announces is the number it lists, for every role and filter (it is read from the
cycle's roll-ups when they tell it, so that a province's list does not count its members)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.reviews import services

from .conftest import three_stages

pytestmark = pytest.mark.django_db
ROLES = ("admin", "office", "bloc_office", "inspection", "secretary", "self")


@pytest.fixture
def cycle(w):
    cycle = services.open_cycle(None, w["province"].pk, "2020")
    three_stages(cycle, "good", member_id=w["a1"].pk)
    three_stages(cycle, "excellent", member_id=w["o1"].pk)
    three_stages(cycle, "good", organization_id=w["cell_a"].pk)
    services.set_eligibility(None, cycle.subjects.get(member=w["b1"]), eligible=False, reason="exempt")
    return cycle


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("query", ["", "muc=good", "muc=excellent", "muc=chua", "muc=khong-xep-loai", "muc=xyz",
                                   "q=van", "to-chuc={committee}", "to-chuc={committee}&muc=chua",
                                   "to-chuc={cell_a}&muc=good"])
def test_list_page_count_is_what_it_lists(client, w, cycle, who, query):
    client.force_login(w[who])
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/?{query.format(committee=w['committee'].pk, cell_a=w['cell_a'].pk)}")
    if r.status_code == 404:  # a filter on an organisation out of reach
        return
    assert r.status_code == 200
    assert r.context["count"] == len(r.context["items"])
    assert f"{r.context['count']} đảng viên" in r.content.decode()


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("params", [{}, {"subject_type": "member"}, {"subject_type": "organization"},
                                    {"level": "good"}, {"level": "chua"}, {"subject_type": "member", "eligible": "false"},
                                    {"subject_type": "member", "eligible": "true", "level": "good"},
                                    {"subject_type": "organization", "level": "good"}, {"eligible": "true"},
                                    {"organization_id": "{committee}"}, {"organization_id": "{other}"},
                                    {"quota_group": ""}])
def test_api_count_is_what_it_lists(api_client, w, cycle, who, params):
    params = {k: v.format(committee=w["committee"].pk, other=w["other"].pk) for k, v in params.items()}
    r = api_client.auth(w[who]).get(f"/api/v1/reviews/{cycle.pk}/subjects", {**params, "page_size": 500})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["items"])


def test_province_list_reads_the_count_from_the_roll_up(client, w, cycle):
    client.force_login(w["admin"])
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/")
    assert r.context["count"] == 4
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "reviews_subject" in q["sql"]]
