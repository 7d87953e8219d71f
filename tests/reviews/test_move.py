import pytest

from dangvu.organizations.services import move_organization
from dangvu.reviews import services
from dangvu.reviews.models import CycleStats, Subject

from .conftest import three_stages

pytestmark = pytest.mark.django_db


def test_moving_an_organization_updates_open_cycles_only(w):
    open_cycle = services.open_cycle(None, w["province"].pk, "2021")
    closed = services.open_cycle(None, w["province"].pk, "2020")
    three_stages(open_cycle, "good", member_id=w["a1"].pk)
    services.close_cycle(None, closed)
    committee = w["committee"]
    old_path = committee.path
    move_organization(None, committee, new_parent=w["other"], version=committee.version)
    committee.refresh_from_db()
    s = Subject.objects.get(cycle=open_cycle, member=w["a1"])
    assert s.org_path == w["cell_a"].__class__.objects.get(pk=w["cell_a"].pk).path
    assert s.org_path.startswith(committee.path)
    assert Subject.objects.get(cycle=closed, member=w["a1"]).org_path.startswith(old_path)
    bloc = CycleStats.objects.get(cycle=open_cycle, organization=w["bloc"])
    other = CycleStats.objects.get(cycle=open_cycle, organization=w["other"])
    assert (bloc.members_total, bloc.m_good) == (0, 0)
    assert (other.members_total, other.m_good) == (4, 1)
    # the other branch's office now reaches the moved members in the open cycle
    assert Subject.objects.filter(cycle=open_cycle, org_path__startswith=w["other"].path,
                                  subject_type="member").count() == 4
