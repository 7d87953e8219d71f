"""Lists answer in a constant number of queries, whatever the number of rows (no per-row queries)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.inspections import services


def _cases(t, n):
    for k in range(n):
        i = services.open_inspection(None, kind="finance", conducted_by=t["bloc"], subject_organization=t["cell_a"],
                                     decided_on=dt.date(2025, 9, 1), period_from=dt.date(2024, 1, 1),
                                     period_to=dt.date(2024, 12, 31), decision_number=f"{k}-QĐ")
        services.add_team_member(None, i, user=_leader(), role="leader")
        services.conclude(None, i, text="KL", concluded_on=dt.date(2025, 9, 10), shortcomings=[
            {"text": f"H{k}", "owner_organization_id": t["cell_b"].pk, "due_on": dt.date(2025, 12, 31)}])


def _leader():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="ubkt")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries), r.json()["count"]


def test_lists_do_not_grow_with_rows(api_client, t, users):
    client = api_client.auth(users["ubkt"])
    _cases(t, 2)
    small = [_count(client, u) for u in ("/api/v1/inspections", "/api/v1/remedies")]
    _cases(t, 8)
    large = [_count(client, u) for u in ("/api/v1/inspections", "/api/v1/remedies")]
    assert [c for _, c in small] == [2, 2] and [c for _, c in large] == [10, 10]
    assert [q for q, _ in small] == [q for q, _ in large]
