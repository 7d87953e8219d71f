"""The demo scenario (seed 004) end to end, and chi bộ meeting materials travelling as documents."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangvu.core import files, partydoc
from dangvu.documents import citations, queries, services
from dangvu.documents.models import Document, InboxItem

from .conftest import docx_bytes


@pytest.mark.django_db
def test_demo_plan_04_kh_duk_reaches_the_departments_cells():
    from dangvu.demo import data
    from dangvu.documents import demo

    data.load()
    assert demo.load() is True
    assert demo.load() is False  # idempotent
    plan = Document.objects.get(number="04-KH/ĐUK")
    assert plan.issued_on == dt.date(2020, 10, 23)
    counts = queries.status_counts(plan)
    assert counts["recipients"] == 7 and counts["acknowledged"] == 3 and counts["overdue"] == 4
    found = citations.parse_and_link(plan.created_by, "theo Kế hoạch số 04-KH/ĐUK ngày 23/10/2020 của Đảng ủy Khối")
    assert found[0]["document_id"] == plan.pk
    assert "Đồng Nai, ngày 23 tháng 10 năm 2020" in partydoc.docx_text(services.render_docx(plan))
    # the demo secretary acknowledges their chi bộ's copy
    from django.contrib.auth import get_user_model

    bithu = get_user_model().objects.get(username="bithu")
    item = queries.inbox_for(bithu).get()
    services.acknowledge(bithu, item.pk)
    assert queries.status_counts(plan)["acknowledged"] == 4


def _meeting(cell):
    Meeting = apps.get_model("meetings", "Meeting")
    return Meeting.objects.create(organization=cell, starts_at=timezone.make_aware(dt.datetime(2030, 2, 5, 14)),
                                  topic="Sinh hoạt chi bộ tháng 2")


@pytest.fixture
def meeting(w):
    if not apps.is_installed("dangvu.meetings"):
        pytest.skip("meetings app absent")
    m = _meeting(w.cell_a)
    files.attach(w.office, m, SimpleUploadedFile("tai-lieu.docx", docx_bytes("Tài liệu")), purpose="materials")
    return m


def test_meeting_materials_reach_each_member_of_the_cell(w, meeting):
    dist = services.send_meeting_materials(w.secretary, meeting.pk)
    assert dist.due_on == dt.date(2030, 2, 5)
    assert list(InboxItem.objects.filter(distribution=dist).values_list("member_id", flat=True)) == [w.member.pk]
    item = queries.inbox_for(w.member_user).get()
    services.acknowledge(w.member_user, item.pk)
    doc = Document.objects.get(meeting_id=meeting.pk)
    assert doc.direction == "materials" and queries.status_counts(doc)["acknowledged"] == 1
    # the member downloads the materials through the document
    c = Client()
    c.force_login(w.member_user)
    att = files.attachments(meeting, "materials").get()
    assert c.get(reverse("documents:download", args=[att.pk])).status_code == 200
    c.force_login(w.other_office)
    assert c.get(reverse("documents:download", args=[att.pk])).status_code == 404


def test_meeting_materials_permissions_and_empty(w, meeting):
    for user in (w.other_office, w.inspection, w.member_user):
        with pytest.raises(Http404):
            services.send_meeting_materials(user, meeting.pk)
    empty = _meeting(w.cell_b)
    with pytest.raises(ValidationError) as exc:
        services.send_meeting_materials(w.office, empty.pk)
    assert "materials" in exc.value.message_dict
    assert not Document.objects.exists()


def test_meeting_materials_page(w, meeting):
    c = Client()
    c.force_login(w.secretary)
    url = reverse("documents:send_meeting_materials", args=[meeting.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {"due_on": "2030-02-04"})
    assert r.status_code == 302 and InboxItem.objects.count() == 1
    c.force_login(w.other_office)
    assert c.get(url).status_code == 404
