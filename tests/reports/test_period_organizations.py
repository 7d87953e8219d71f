"""The period report's organisations section: the organisations by kind at the start and the end (the roll-up
corrected by the organisations created or ended since) equal a count of the rows alive on those days."""

import datetime as dt

import pytest
from django.db.models import Q

from dangvu.organizations import services as org_services
from dangvu.organizations.models import Kind, Organization
from dangvu.reports.period import build
from dangvu.reports.period.organizations import alive_q
from tests.factories import UserFactory, tree

pytestmark = pytest.mark.django_db


def _alive(root, day, kind, under=None):
    under = under or root
    return (Organization.objects.filter(path__startswith=under.path).exclude(pk=root.pk)
            .filter(alive_q(day) & Q(kind=kind)).count())


def test_kinds_at_the_start_and_the_end_follow_the_rows():
    t = tree()
    committee = t["committee"]
    new = org_services.create_organization(None, name="Chi bộ Mới", kind=Kind.ATTACHED_CELL, parent=committee,
                                           established_on=dt.date(2026, 5, 4))
    later = org_services.create_organization(None, name="Chi bộ Sau kỳ", kind=Kind.ATTACHED_CELL, parent=committee,
                                             established_on=dt.date(2026, 11, 2))
    gone = org_services.create_organization(None, name="Chi bộ Giải thể", kind=Kind.ATTACHED_CELL,
                                            parent=committee, established_on=dt.date(2020, 1, 1))
    gone.refresh_from_db()
    org_services.dissolve_organization(None, gone, on=dt.date(2026, 6, 30), version=gone.version)
    Organization.objects.filter(pk=t["cell_b"].pk).update(established_on=dt.date(2025, 3, 1))
    admin = UserFactory(is_superuser=True, is_staff=True)
    for root in (t["province"], t["bloc"], committee):
        r = build(admin, root, dt.date(2026, 1, 1), dt.date(2026, 10, 31))
        section = r.section("organizations")
        shown = {f.key: f for f in section.figures}
        for kind in Kind:
            for edge, day, prev_day in (("start", dt.date(2025, 12, 31), dt.date(2024, 12, 31)),
                                        ("end", dt.date(2026, 10, 31), dt.date(2025, 10, 31))):
                key = f"kind_{kind.value}_{edge}"
                want, prev = _alive(root, day, kind), _alive(root, prev_day, kind)
                if not want and not prev:
                    assert key not in shown
                    continue
                assert (shown[key].value, shown[key].previous) == (want, prev), (root.name, key)
                for child_id, value in shown[key].by_child:
                    child = Organization.objects.get(pk=child_id)
                    assert value == _alive(root, day, kind, under=child), (root.name, key, child.name)
    cells = build(admin, committee, dt.date(2026, 1, 1), dt.date(2026, 10, 31)).figure(
        "organizations", "kind_attached_cell_end")
    assert cells.value == 3 and cells.previous == 3  # a, b and the new one; a year earlier a, b and the one dissolved
    assert later.pk
    assert new.pk
