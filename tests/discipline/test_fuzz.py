"""Wide inputs to the discipline and denunciation endpoints: never a 500, a refused write changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.discipline.models import Denouncer, Denunciation, Discipline
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
date_like = st.one_of(
    st.dates().map(str),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-29", "2026-01-05"]),
    text,
)
anything = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), text, date_like)


def _maybe(strategy):
    return st.one_of(strategy, anything)


discipline_payload = st.fixed_dictionaries({}, optional={
    "member_id": st.one_of(st.just("M"), st.integers(-5, 10**6), anything),
    "organization_id": st.one_of(st.just("O"), anything),
    "form": _maybe(st.sampled_from(["reprimand", "warning", "dismissal", "expulsion", "dissolution"])),
    "violation_on": _maybe(date_like), "decided_on": _maybe(date_like), "received_on": _maybe(date_like),
    "new_violation_on": _maybe(date_like), "decision_number": _maybe(text), "post_held": _maybe(text),
    "decided_by_id": anything, "violation": _maybe(text),
})
denunciation_payload = st.fixed_dictionaries({}, optional={
    "received_on": _maybe(date_like), "congress_on": _maybe(date_like), "anonymous": anything,
    "impersonating": anything, "denouncer_name": _maybe(text), "content": _maybe(text),
    "subject_member_id": st.one_of(st.just("M"), anything), "subject_organization_id": st.one_of(st.just("O"), anything),
    "handled_by_id": anything,
})


@pytest.fixture
def ctx(db, api_client):
    t = tree()
    member = MemberFactory(organization=t["cell_a"])
    user = UserFactory(username="ubkt_fuzz")
    grant(user, "inspection", t["bloc"])
    api_client.auth(user, "pw")
    return api_client, member, t


def _fill(payload, member, t):
    return {k: (member.pk if v == "M" else t["cell_b"].pk if v == "O" else v) for k, v in payload.items()}


@FUZZ
@given(payload=discipline_payload)
def test_discipline_post_never_500(ctx, payload):
    client, member, t = ctx
    before = Discipline.objects.count()
    r = client.post("/api/v1/disciplines", _fill(payload, member, t))
    assert r.status_code in (201, 404, 422), r.content[:500]
    if r.status_code != 201:
        assert Discipline.objects.count() == before
        assert r.json()


@FUZZ
@given(payload=denunciation_payload)
def test_denunciation_post_never_500(ctx, payload):
    client, member, t = ctx
    before = (Denunciation.objects.count(), Denouncer.objects.count())
    r = client.post("/api/v1/denunciations", _fill(payload, member, t))
    assert r.status_code in (201, 404, 422), r.content[:500]
    if r.status_code != 201:
        assert (Denunciation.objects.count(), Denouncer.objects.count()) == before
