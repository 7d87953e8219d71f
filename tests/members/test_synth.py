"""`dangvu synth`: every generated row is consistent with the models and the roll-ups."""

import io
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from dangvu.core import dates, vntext
from dangvu.members import synth
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Kind, Organization, OrganizationStats
from tests.factories import MemberFactory, UserFactory, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    return synth.generate(3000, seed=5, provinces=2)


def test_synth_tree_paths_and_depths_are_consistent(generated):
    orgs = {o.pk: o for o in Organization.objects.all()}
    assert len(orgs) == generated.organizations
    for o in orgs.values():
        if o.parent_id is None:
            assert o.path == f"{o.pk}." and o.depth == 0 and o.kind == Kind.PROVINCIAL
        else:
            parent = orgs[o.parent_id]
            assert o.path == f"{parent.path}{o.pk}."
            assert o.depth == parent.depth + 1 == len(o.ancestor_ids()) - 1
        assert o.search_key == vntext.fold(o.name)
    kinds = Counter(o.kind for o in orgs.values())
    assert kinds[Kind.PROVINCIAL] == 2 and kinds[Kind.UPPER] >= 2
    assert kinds[Kind.GRASSROOTS_COMMITTEE] and kinds[Kind.ATTACHED_CELL]
    assert sorted(generated.roots) == sorted(o.pk for o in orgs.values() if o.parent_id is None)
    # members hang on cells only, 5 to 60 of them
    sizes = Member.objects.values("organization").annotate(n=Count("id"))
    for row in sizes:
        assert orgs[row["organization"]].kind in (Kind.ATTACHED_CELL, Kind.GRASSROOTS_CELL)
        assert 5 <= row["n"] <= 60
    parents = {o.parent_id for o in orgs.values()}
    for o in orgs.values():
        if o.kind == Kind.GRASSROOTS_COMMITTEE:
            assert o.pk in parents  # a committee has cells
            assert all(c.kind == Kind.ATTACHED_CELL for c in orgs.values() if c.parent_id == o.pk)


def test_synth_member_rows_are_consistent(generated):
    orgs = dict(Organization.objects.values_list("id", "path"))
    today = dates.today()
    members = list(Member.objects.all())
    assert len(members) == 3000
    ids = [m.national_id for m in members if m.national_id]
    assert len(ids) == len(set(ids)) and all(len(i) == 12 and i.isdigit() for i in ids)
    statuses = Counter(m.status for m in members)
    assert statuses[Status.FULL] > 0.75 * len(members)
    assert statuses[Status.PROBATIONARY] and statuses[Status.EXEMPT]
    assert statuses[Status.TRANSFERRED_OUT] + statuses[Status.DECEASED] > 0
    for m in members:
        assert m.org_path == orgs[m.organization_id]
        assert m.full_name == unicodedata.normalize("NFC", m.full_name) == vntext.nfc(m.full_name)
        assert len(m.full_name.split()) >= 3
        assert m.search_key == vntext.search_key(m.full_name)
        assert m.sort_key == vntext.sort_key(m.full_name)
        assert m.gender in ("male", "female")
        assert dates.full_years(m.birth_date, m.admitted_on) >= 18
        assert m.admitted_on <= today and m.created_at is not None
        if m.status == Status.PROBATIONARY:
            assert m.official_on is None
            assert m.admitted_on > dates.add_months(today, -12)
        else:
            assert m.official_on == dates.add_months(m.admitted_on, 12) <= today
        if m.status not in Status.active() or m.status == Status.EXEMPT:
            assert m.status_changed_on is not None
    # family names follow the national shares (Nguyễn about 38 %)
    families = Counter(m.full_name.split()[0] for m in members)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.30 < families["Nguyễn"] / len(members) < 0.46
    assert 0.06 < families["Trần"] / len(members) < 0.16


def test_synth_rebuilds_rollups_that_match_counting(generated):
    for org in Organization.objects.filter(depth__lte=2):
        stats = OrganizationStats.objects.get(pk=org.pk)
        rows = Member.objects.filter(org_path__startswith=org.path)
        for status in Status.values:
            assert getattr(stats, f"status_{status}") == rows.filter(status=status).count()
        assert stats.active == rows.filter(status__in=Status.active()).count()
        assert stats.gender_female == rows.filter(status__in=Status.active(), gender="female").count()
        orgs = Organization.objects.filter(path__startswith=org.path)
        assert stats.kind_attached_cell == orgs.filter(kind=Kind.ATTACHED_CELL).count()


def test_synth_is_deterministic_and_adds_beside_existing_data():
    t = tree()
    existing = MemberFactory(full_name="Nguyễn Văn An", organization=t["cell_a"])
    first = synth.generate(400, seed=11, provinces=1)
    second = synth.generate(400, seed=11, provinces=1)
    assert first.roots != second.roots
    names = [list(Member.objects.filter(org_path__startswith=f"{root}.").order_by("id")
                  .values_list("full_name", "gender", "birth_date")) for root in (first.roots[0], second.roots[0])]
    assert names[0] == names[1] and len(names[0]) == 400
    assert Member.objects.count() == 801
    existing.refresh_from_db()
    assert OrganizationStats.objects.get(pk=t["province"].pk).active == 1
    assert OrganizationStats.objects.get(pk=first.roots[0]).status_full + \
        OrganizationStats.objects.get(pk=first.roots[0]).status_probationary > 300
    # new rows still get ids from the sequences after the allocated blocks
    created = MemberFactory(full_name="Trần Thị Bình", organization=t["cell_b"])
    assert created.pk > Member.objects.exclude(pk=created.pk).order_by("-pk").first().pk


def test_synth_command_reports_what_it_made():
    out = io.StringIO()
    call_command("synth", "--members", "250", "--seed", "3", stdout=out)
    assert "250 đảng viên" in out.getvalue()
    assert Member.objects.count() == 250


def test_synth_split_keeps_cells_between_5_and_60():
    import random

    rng = random.Random(1)
    for total in (5, 59, 60, 61, 64, 65, 119, 1000, 12345):
        sizes = synth._split(total, rng)
        assert sum(sizes) == total and all(5 <= s <= 60 for s in sizes)


def test_synth_members_are_found_by_name_search(generated):
    from dangvu.members import queries

    admin = UserFactory(is_superuser=True)
    for member in Member.objects.order_by("id")[::500]:
        items, count = queries.member_page(admin, q=vntext.fold(member.full_name), page_size=100)
        assert count == Member.objects.filter(search_key__contains=member.search_key).count()
        assert member.pk in {m.pk for m in items} or count > 100
