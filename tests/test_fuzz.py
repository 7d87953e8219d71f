"""Wide inputs: whatever a client or a browser sends, the answer is a Vietnamese message, never a
500, and a refused write changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.members.models import Member
from dangvu.organizations.models import Organization, Role
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
date_like = st.one_of(
    st.dates().map(str),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.builds(lambda y, m, d: f"{d:02d}/{m:02d}/{y:04d}", st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32)),
    text,
)
anything = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), text, date_like,
                     st.lists(st.integers(), max_size=3), st.dictionaries(text, text, max_size=2))


def _maybe(strategy):
    return st.one_of(strategy, anything)


member_payload = st.fixed_dictionaries({}, optional={
    "organization_id": st.one_of(st.just("CELL"), st.just("CELL"), st.integers(-5, 10**6), anything),
    "full_name": _maybe(text),
    "gender": _maybe(st.sampled_from(["male", "female", "nam", ""])),
    "birth_date": _maybe(date_like),
    "admitted_on": _maybe(date_like),
    "official_on": _maybe(date_like),
    "national_id": _maybe(st.from_regex(r"\A[0-9]{10,13}\Z")),
    "theory_level": _maybe(st.sampled_from(["none", "so_cap", "cao_cap", "tien_si"])),
    "status": anything,
    "version": anything,
})


@pytest.fixture
def office(api_client):
    t = tree()
    user = UserFactory()
    grant(user, Role.OFFICE, t["bloc"])
    member = MemberFactory(organization=t["cell_a"])
    api_client.auth(user)
    return t, member


@FUZZ
@given(payload=member_payload)
def test_member_create_never_fails_with_a_server_error(api_client, office, payload):
    t, _ = office
    if payload.get("organization_id") == "CELL":
        payload["organization_id"] = t["cell_a"].pk
    before = Member.objects.count()
    response = api_client.post("/api/v1/members", payload)
    assert response.status_code in (201, 404, 422), response.content[:300]
    if response.status_code != 201:
        assert Member.objects.count() == before
    if response.status_code == 422:
        assert response.json()["errors"]


@FUZZ
@given(payload=member_payload)
def test_member_patch_never_fails_with_a_server_error(api_client, office, payload):
    _, member = office
    member.refresh_from_db()
    snapshot = Member.objects.filter(pk=member.pk).values().get()
    response = api_client.patch(f"/api/v1/members/{member.pk}", payload)
    assert response.status_code in (200, 404, 409, 422), response.content[:300]
    if response.status_code != 200:
        assert Member.objects.filter(pk=member.pk).values().get() == snapshot


@FUZZ
@given(payload=st.fixed_dictionaries({}, optional={
    "name": _maybe(text), "kind": _maybe(st.sampled_from(["attached_cell", "upper", "grassroots_cell", "x"])),
    "parent_id": _maybe(st.integers(-5, 10**6)),
}))
def test_organization_create_never_fails_with_a_server_error(api_client, office, payload):
    before = Organization.objects.count()
    response = api_client.post("/api/v1/organizations", payload)
    assert response.status_code in (201, 404, 422), response.content[:300]
    if response.status_code != 201:
        assert Organization.objects.count() == before


@FUZZ
@given(form=st.fixed_dictionaries({
    "full_name": text, "gender": st.sampled_from(["male", "female", "", "x"]), "birth_date": date_like,
    "admitted_on": date_like, "official_on": date_like, "national_id": text,
    "theory_level": st.sampled_from(["none", "so_cap", "", "?"]),
}))
def test_member_form_never_fails_with_a_server_error(client, form):
    t = tree()
    user = UserFactory()
    grant(user, Role.OFFICE, t["bloc"])
    client.force_login(user)
    before = Member.objects.count()
    response = client.post(f"/dang-vien/them/?organization={t['cell_a'].pk}",
                           {**form, "organization": t["cell_a"].pk})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Member.objects.count() == before
        assert "errorlist" in response.content.decode() or "alert" in response.content.decode()
