"""From proposal to official member through the pages: the development app's stages (docs/development.md), then
the members app's official-membership review (docs/member-deadlines.md), with its deadline met and missed."""

import datetime as dt

import pytest
from django.urls import reverse

from dangvu.members.models import Member, MemberEvent, Status
from dangvu.members.services.deadlines import checklist

from .test_pages import _client, _walk_to_decision

VN = dt.timezone(dt.timedelta(hours=7))


def _admitted(t, users, helpers):
    """Decision on 20/03/2026, ceremony on 27/03/2026: a probationary member (12 months end on 20/03/2027)."""
    s, p, url = _walk_to_decision(t, users, helpers)
    assert s.post(url + "buoc/", {"step": "ceremony", "on": "27/03/2026", "version": p.version}).status_code == 302
    p.refresh_from_db()
    return Member.objects.get(pk=p.member_id)


def _forms_through_the_page(office, member, on: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("members:confirmation_forms", args=[member.pk])
    for f in checklist(member, dt.datetime.strptime(on, "%d/%m/%Y").date()):
        if not f.get("required", True):
            continue
        r = office.post(url, {"code": f["code"], "on": on,
                              "file": SimpleUploadedFile("mau.pdf", b"%PDF-1.4 x", content_type="application/pdf")})
        assert r.status_code == 302, r.content.decode()[:2000]


@pytest.mark.parametrize("confirmed_on, late", [("25/03/2027", False), ("03/06/2027", True)])
def test_prospect_to_official_member_through_the_pages(t, users, helpers, time_machine, confirmed_on, late):
    member = _admitted(t, users, helpers)
    assert member.status == Status.PROBATIONARY and member.admitted_on == dt.date(2026, 3, 20)
    day = dt.datetime.strptime(confirmed_on, "%d/%m/%Y")
    time_machine.move_to(dt.datetime.combine(day.date(), dt.time(9), tzinfo=VN))
    office = _client(users["dept_office"])
    action = reverse("members:action", args=[member.pk, "chuyen-chinh-thuc"])
    member.refresh_from_db()
    # the review's forms first: refused while one is missing, nothing written
    r = office.post(action, {"on": confirmed_on, "version": member.version, "late_reason": "x" if late else ""})
    assert r.status_code == 200 and "còn thiếu" in r.content.decode()
    assert Member.objects.get(pk=member.pk).status == Status.PROBATIONARY
    _forms_through_the_page(office, member, "10/03/2027")
    member.refresh_from_db()
    if late:
        # 30 working days after 20/03/2027 have passed: the late reason is asked for
        r = office.post(action, {"on": confirmed_on, "version": member.version})
        assert r.status_code == 200 and "Lý do chậm" in r.content.decode()
        assert Member.objects.get(pk=member.pk).status == Status.PROBATIONARY
    r = office.post(action, {"on": confirmed_on, "version": member.version,
                             "late_reason": "Chờ thẩm định của đảng ủy" if late else ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    member.refresh_from_db()
    assert member.status == Status.FULL
    event = MemberEvent.objects.get(member=member, kind="confirmation")
    assert bool(event.late_reason) == late
    page = office.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert ("Làm chậm" in page) == late
