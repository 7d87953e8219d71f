import datetime as dt

import pytest
from django.utils import timezone

from dangvu.core import files
from dangvu.core.dates import today
from dangvu.demo import data
from dangvu.meetings import demo, queries
from dangvu.meetings.models import Amendment, Attendance, Meeting, MeetingStatus, Visit
from dangvu.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_year_of_meetings_idempotent():
    data.load()
    assert demo.load() is True
    counts = (Meeting.objects.count(), Attendance.objects.count(), Visit.objects.count())
    assert demo.load() is False
    assert (Meeting.objects.count(), Attendance.objects.count(), Visit.objects.count()) == counts

    cells = {o.code: o for o in Organization.objects.filter(code__startswith="DEMO-SO-CB")}
    first = cells["DEMO-SO-CB1"]
    upcoming = Meeting.objects.get(organization=first, status=MeetingStatus.PLANNED)
    assert upcoming.starts_at > timezone.now() and upcoming.invited_at is not None
    assert [a.name for a in files.attachments(upcoming, "materials")] == ["du-thao-nghi-quyet.docx"]
    held = Meeting.objects.filter(organization=first).exclude(pk=upcoming.pk)
    assert 11 <= held.count() <= 13
    assert held.filter(status=MeetingStatus.CLOSED).exclude(conclusion="").count() == held.count() - 1
    assert held.filter(kind="combined").exclude(topic="").exists()
    assert Amendment.objects.filter(meeting__organization=first).count() == 1
    # every attendee belonged to the chi bộ
    assert not Attendance.objects.exclude(member__organization=Meeting.objects.get(pk=Attendance.objects.first()
                                                                                   .meeting_id).organization).filter(
        meeting=Attendance.objects.first().meeting).exists()

    dept = Organization.objects.get(code="DEMO-SO-LDTBXH")
    year_ago = dt.date(today().year - 1, today().month, 1)
    missed = queries.missed_months(list(queries.cells_in(dept)), year_ago, today())
    assert [k for k, v in missed.items() if v] == [cells["DEMO-SO-CB6"].pk]

    flagged = queries.absence_flags(dept, today().year) + queries.absence_flags(dept, today().year - 1)
    assert {f["member_id"] for f in flagged} and all(f["months_absent"] >= 3 for f in flagged)
    assert Meeting.objects.filter(organization=cells["DEMO-SO-CB2"], ends_at__isnull=False).exists()

    bloc = Organization.objects.get(code="DEMO-DUK-DN")
    half = today() - dt.timedelta(days=182)
    visited = Visit.objects.filter(visited_on__gte=half).values("organization_id").distinct().count()
    assert visited == 7
    assert [c.code for c in queries.unvisited_cells(bloc, half, today())] == ["DEMO-DUK-DN-CQ"]
