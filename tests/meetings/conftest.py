import datetime as dt

import pytest
from django.utils import timezone

from dangvu.meetings import services
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree


def at(y, m, d, hh=8, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def world(db):
    t = tree()
    members = [MemberFactory(organization=t["cell_a"]) for _ in range(4)]
    other_member = MemberFactory(organization=t["cell_b"])
    users = {}
    users["secretary"] = UserFactory(username="bithu")
    grant(users["secretary"], Role.SECRETARY, t["cell_a"])
    users["secretary_b"] = UserFactory(username="bithu_b")
    grant(users["secretary_b"], Role.SECRETARY, t["cell_b"])
    users["office"] = UserFactory(username="vanphong")
    grant(users["office"], Role.OFFICE, t["committee"])
    users["inspection"] = UserFactory(username="ubkt")
    grant(users["inspection"], Role.INSPECTION, t["committee"])
    users["office_other"] = UserFactory(username="vanphong_khac")
    grant(users["office_other"], Role.OFFICE, t["other"])
    users["member"] = UserFactory(username="dangvien")
    members[3].user = users["member"]
    members[3].save(update_fields=["user"])
    users["member_b"] = UserFactory(username="dangvien_b")
    other_member.user = users["member_b"]
    other_member.save(update_fields=["user"])
    users["admin"] = UserFactory(username="quantri", is_superuser=True)
    for u in users.values():
        u.raw_password = "pw"
    return {"t": t, "members": members, "other_member": other_member, "users": users}


@pytest.fixture
def held_meeting(world):
    """A regular meeting of cell_a on 10/03/2026, 90 minutes, attendance recorded, minutes open."""
    sec = world["users"]["secretary"]
    m = services.plan_meeting(sec, world["t"]["cell_a"], kind="regular", starts_at=at(2026, 3, 10, 14),
                              ends_at=at(2026, 3, 10, 15, 30), place="Hội trường", invited_at=at(2026, 3, 5))
    ms = world["members"]
    services.record_attendance(sec, m, [
        {"member_id": ms[0].pk, "status": "present"}, {"member_id": ms[1].pk, "status": "present"},
        {"member_id": ms[2].pk, "status": "excused", "reason": "Đi công tác"},
        {"member_id": ms[3].pk, "status": "absent"},
    ])
    m.refresh_from_db()
    return m
