"""The small forms of a case's page and the remedy page: success and refusals reach the user, nothing half-done."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvu.core.models import Attachment
from dangvu.inspections.models import Inspection, Remedy

from .test_views import _conclude, client_for


def _action(case, name):
    return reverse("inspections:action", args=[case.pk, name])


def test_remove_team_member_on_page_then_refused_once_concluded(users, t, case):
    c = client_for(users["ubkt"])
    teamer = case.team.get(user=users["teamer"])
    r = c.post(_action(case, "remove-member"), {"team_member": teamer.pk}, follow=True)
    assert "Đã rút thành viên khỏi đoàn." in r.content.decode()
    assert not case.team.filter(user=users["teamer"]).exists()
    _conclude(users, t, case)
    leader = case.team.get()
    r = c.post(_action(case, "remove-member"), {"team_member": leader.pk}, follow=True)
    assert "không đổi thành phần đoàn" in r.content.decode()
    assert case.team.filter(pk=leader.pk).exists()
    assert c.post(_action(case, "remove-member"), {"team_member": "abc"}).status_code == 404


def test_stale_version_on_a_case_form_is_said_and_changes_nothing(users, case):
    c = client_for(users["ubkt"])
    stale = Inspection.objects.get().version
    c.post(_action(case, "extend"), {"days": 2, "reason": "Chờ hồ sơ", "version": stale})
    r = c.post(_action(case, "extend"), {"days": 2, "reason": "Chờ hồ sơ nữa", "version": stale}, follow=True)
    assert "người khác sửa" in r.content.decode()
    assert Inspection.objects.get().extended_days == 2


def test_remedy_done_with_a_refused_file_stays_open(users, t, case):
    _conclude(users, t, case)
    rem = Remedy.objects.get(owner_organization=t["committee"])
    f = SimpleUploadedFile("minh-chung.pdf", b"not a pdf at all", content_type="application/pdf")
    r = client_for(users["secretary"]).post(reverse("inspections:remedy", args=[rem.pk]), {
        "status": "done", "done_on": "2025-10-15", "evidence": "Đã tổ chức", "version": rem.version, "file": f})
    assert r.status_code == 200 and "không phải tệp" in r.content.decode()
    assert Remedy.objects.get(pk=rem.pk).status == "open" and Attachment.objects.count() == 0


def test_create_page_reads_the_period_limit_from_the_rules(users, monkeypatch):
    from dangvu.inspections import forms, rulesets

    real = rulesets.in_force
    assert "Không quá 5 năm trước ngày quyết định." in client_for(users["ubkt"]).get(
        reverse("inspections:create")).content.decode()
    monkeypatch.setattr(forms.rulesets, "in_force", lambda day: {**real(day), "period_max_years": 3})
    assert "Không quá 3 năm trước ngày quyết định." in client_for(users["ubkt"]).get(
        reverse("inspections:create")).content.decode()


def test_conclusion_notice_writes_a_decimal_score_the_vietnamese_way(users, t, case):
    from dangvu.core import partydoc
    from dangvu.inspections import documents, services

    services.conclude(users["ubkt"], case, text="Kết luận", concluded_on=case.decided_on, score="94.5")
    text = partydoc.docx_text(documents.conclusion_docx(Inspection.objects.get(pk=case.pk)))
    assert "Điểm đánh giá: 94,5/100 điểm." in text
