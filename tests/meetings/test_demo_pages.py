"""The pages a user opens on the demo data: every role, no server error (regression: the history of a
meeting whose minutes have speakers' opinions used to crash the detail page)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dangvu.core import files
from dangvu.demo import data
from dangvu.meetings import demo, services
from dangvu.meetings.models import Meeting
from dangvu.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_detail_with_opinions_in_history(world, held_meeting):
    ms = world["members"]
    services.save_minutes(world["users"]["secretary"], held_meeting, content="Nội dung",
                          opinions=[{"member_id": ms[0].pk, "text": "Nhất trí với báo cáo"}])
    c = Client()
    c.force_login(world["users"]["office"])
    r = c.get(f"/sinh-hoat/{held_meeting.pk}/")
    assert r.status_code == 200
    assert "Nhất trí với báo cáo" in r.content.decode()


def test_demo_pages_per_role():
    data.load()
    demo.load()
    cb1 = Organization.objects.get(code="DEMO-SO-CB1")
    cb2 = Organization.objects.get(code="DEMO-SO-CB2")
    dept = Organization.objects.get(code="DEMO-SO-LDTBXH")
    m1 = Meeting.objects.filter(organization=cb1).order_by("starts_at").first()
    m2 = Meeting.objects.filter(organization=cb2).order_by("starts_at").first()
    expected = {  # user: (own chi bộ meeting m1, m2 of Chi bộ II, absences of the Sở)
        "admin": (200, 200, 200), "vanphong": (200, 200, 200), "ubkt": (200, 200, 200),
        "bithu": (200, 404, 404), "dangvien": (404, 200, 404),  # the Sở is above bithu: 404
    }
    for username, (a, b, c_) in expected.items():
        c = Client()
        c.force_login(get_user_model().objects.get(username=username))
        assert c.get("/").status_code == 200, username
        assert c.get("/sinh-hoat/").status_code == 200, username
        assert c.get(f"/sinh-hoat/{m1.pk}/").status_code == a, username
        assert c.get(f"/sinh-hoat/{m2.pk}/").status_code == b, username
        assert c.get(f"/sinh-hoat/vang-sinh-hoat/?organization={dept.pk}&year={m1.day.year}").status_code == c_, \
            username

    # the planned meeting of Chi bộ I: its materials open for its secretary, not for a member of another chi bộ
    upcoming = Meeting.objects.get(organization=cb1, status="planned")
    att = files.attachments(upcoming, "materials").get()
    bithu, dangvien = Client(), Client()
    bithu.force_login(get_user_model().objects.get(username="bithu"))
    dangvien.force_login(get_user_model().objects.get(username="dangvien"))
    r = bithu.get(f"/sinh-hoat/{upcoming.pk}/")
    assert r.status_code == 200 and "du-thao-nghi-quyet.docx" in r.content.decode()
    r = bithu.get(f"/sinh-hoat/{upcoming.pk}/tai-lieu/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content if r.streaming else [r.content])[:2] == b"PK"
    assert dangvien.get(f"/sinh-hoat/{upcoming.pk}/tai-lieu/{att.pk}/").status_code == 404
