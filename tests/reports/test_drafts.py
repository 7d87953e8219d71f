"""Drafts: drafted from the figures with the narrative in sentences, edited on the page (versions, audit),
issued through the document register (a numbered "Báo cáo" with its Word file), and the report to a delegation."""

import datetime as dt
import io

import pytest

from dangvu.core import files, partydoc
from dangvu.core.models import AuditEntry
from dangvu.documents.models import Document
from dangvu.inspections.models import Inspection
from dangvu.reports import drafting
from dangvu.reports.models import DraftKind, DraftStatus, ReportDraft
from tests.reports.test_pages import PERIOD, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def create(client, user, org, **period):
    client.force_login(user)
    return client.post("/bao-cao/du-thao/lap/", {"organization": org.pk, **(period or PERIOD)})


def test_draft_created_from_the_figures_with_narrative(client, world):  # noqa: F811
    t, users = world
    r = create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/bao-cao/du-thao/{draft.pk}/"
    assert draft.status == DraftStatus.DRAFT and draft.kind == DraftKind.PERIOD
    assert draft.title == "Kết quả công tác xây dựng Đảng từ ngày 01/01/2026 đến ngày 31/10/2026"
    assert "Toàn đảng bộ có 6 đảng viên" in draft.results
    assert "trong kỳ kết nạp 2 đảng viên mới, xét công nhận chính thức 0 đồng chí" in draft.results
    assert draft.next_tasks  # drafted from the phrase data
    assert draft.figures["organization"]["id"] == t["committee"].pk
    assert AuditEntry.objects.filter(action="report_draft").count() == 1
    page = client.get(r["Location"]).content.decode()
    for heading in ("Kết quả đạt được", "Hạn chế, nguyên nhân", "Đề xuất, kiến nghị", "Phương hướng, nhiệm vụ kỳ tới"):
        assert heading in page
    assert "Toàn đảng bộ có 6 đảng viên" in page
    assert "Phát hành báo cáo" in page
    # the list of drafts of the organisation
    listing = client.get("/bao-cao/du-thao/", {"organization": t["committee"].pk}).content.decode()
    assert draft.title in listing and "Dự thảo" in listing


def test_narrative_skips_sentences_without_data():
    snap = {"organization": {"id": 1, "name": "Chi bộ A", "kind": "attached_cell"}, "date_from": "2026-01-01",
            "date_to": "2026-06-30", "children": [], "sections": [{"key": "members", "title": "Đảng viên", "tables": [],
            "figures": [{"key": "total_end", "label": "", "value": 12, "previous": 10, "unit": "", "records_url": None,
                         "by_child": {}},
                        {"key": "admitted", "label": "", "value": None, "previous": None, "unit": "",
                         "records_url": None, "by_child": {}}]}]}
    text = drafting.draft_part(snap, "results")
    assert text.startswith("Toàn chi bộ có 12 đảng viên")
    assert "kết nạp" not in text  # no data is never written as 0


def test_bad_period_writes_nothing(client, world):  # noqa: F811
    t, users = world
    r = create(client, users["office"], t["committee"], date_from="31/10/2026", date_to="01/01/2026", period="custom")
    assert r.status_code == 302
    assert not ReportDraft.objects.exists()
    page = client.get(r["Location"]).content.decode()
    assert "Đến ngày: 01/01/2026 trước từ ngày 31/10/2026." in page
    r = create(client, users["office"], t["committee"], date_from="abc", date_to="01/01/2026", period="custom")
    assert not ReportDraft.objects.exists()


def test_edit_saves_with_version_and_audit(client, world):  # noqa: F811
    t, users = world
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    data = {"title": "Báo cáo sơ kết", "results": "Kết quả đã sửa.", "limitations": "Hạn chế.", "proposals": "",
            "next_tasks": "Nhiệm vụ.", "version": draft.version}
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/", data)
    assert r.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.results, draft.version) == ("Báo cáo sơ kết", "Kết quả đã sửa.", 2)
    assert AuditEntry.objects.filter(action="report_edit").count() == 1
    # a stale version: refused, nothing changed
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/", {**data, "results": "Khác.", "version": 1})
    assert r.status_code == 400
    assert "Bản ghi đã được người khác sửa" in r.content.decode()
    draft.refresh_from_db()
    assert draft.results == "Kết quả đã sửa."
    # an empty title: a Vietnamese message beside the field
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/", {**data, "title": "", "version": 2})
    assert r.status_code == 400 and "Tên báo cáo" in r.content.decode()


def test_issue_numbers_the_report_in_the_register_with_the_word_file(client, world):  # noqa: F811
    t, users = world
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {"version": draft.version})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED
    doc = Document.objects.get()
    assert draft.document == doc
    assert doc.type_code == "BC" and doc.number.startswith("01-BC/")
    assert doc.issued_on == dt.date(2026, 11, 20)
    assert "Cấp ủy Đảng ủy Khối Thử nghiệm" in doc.recipients_text
    att = files.attachments(doc).get()
    with att.file.open("rb") as fh:
        text = partydoc.docx_text(io.BytesIO(fh.read()))
    assert f"Số {doc.number}" in text and "ĐÁNH GIÁ CHUNG" in text and "Toàn đảng bộ có 6 đảng viên" in text
    page = client.get(f"/bao-cao/du-thao/{draft.pk}/").content.decode()
    assert "Đã phát hành" in page and doc.number in page
    # issued: no more edits, no second issue
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/", {"title": "X", "version": draft.version})
    assert r.status_code == 400 and "đã phát hành" in r.content.decode()
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {"version": draft.version})
    assert r.status_code == 400
    assert Document.objects.count() == 1
    # the draft's Word file now carries the number
    assert f"Số {doc.number}" in partydoc.docx_text(client.get(f"/bao-cao/du-thao/{draft.pk}/xuat-word/").content)


def test_issue_without_a_term_is_refused_and_nothing_written(client, world):  # noqa: F811
    t, users = world
    create(client, users["office"], t["cell_a"])
    draft = ReportDraft.objects.get()
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {"version": draft.version})
    assert r.status_code == 400
    assert "nhiệm kỳ" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and not Document.objects.exists()


@pytest.mark.parametrize("who, status", [
    ("admin", 200), ("office", 200), ("inspection", 200), ("office_out", 404), ("inspection_out", 404),
    ("secretary", 404), ("member", 404),
])
def test_draft_pages_scope(client, world, who, status):  # noqa: F811
    t, users = world
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    client.force_login(users[who])
    for suffix in ("", "xuat-word/", "xuat-excel/"):
        assert client.get(f"/bao-cao/du-thao/{draft.pk}/{suffix}").status_code == status, suffix
    writes = 302 if who in ("admin", "office") else 404
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/", {"title": "Sửa", "version": draft.version})
    assert r.status_code == writes
    if writes == 404:
        draft.refresh_from_db()
        assert draft.version == 1
        assert client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {}).status_code == 404
        assert not Document.objects.exists()


def test_delegation_report_from_an_inspection_case(client, world):  # noqa: F811
    from dangvu.studies.models import StudySession

    t, users = world
    case = Inspection.objects.create(
        kind="task_implementation", title="Việc thực hiện Nghị quyết Trung ương 4", conducted_by=t["bloc"],
        subject_organization=t["committee"], scope_organization=t["committee"], decided_on=dt.date(2026, 9, 1),
        period_from=dt.date(2025, 1, 1), period_to=dt.date(2026, 6, 30), level="upper", base_days=30,
        due_on=dt.date(2026, 10, 1), ruleset="test")
    StudySession.objects.create(organization=t["committee"], title="Nghị quyết Trung ương 4 khóa XII",
                                held_on=dt.date(2025, 5, 25), format="online", organizer=t["bloc"])
    client.force_login(users["office"])
    listing = client.get("/bao-cao/doan-kiem-tra/").content.decode()
    assert "Đảng ủy Khối Thử nghiệm" in listing and "01/01/2025 – 30/06/2026" in listing
    r = client.post(f"/bao-cao/doan-kiem-tra/{case.pk}/lap/")
    draft = ReportDraft.objects.get()
    assert r["Location"] == f"/bao-cao/du-thao/{draft.pk}/"
    assert draft.kind == DraftKind.DELEGATION and draft.inspection == case
    assert (draft.date_from, draft.date_to) == (case.period_from, case.period_to)
    assert draft.title.startswith("Báo cáo phục vụ đoàn kiểm tra Đảng ủy Khối Thử nghiệm")
    text = partydoc.docx_text(client.get(f"/bao-cao/du-thao/{draft.pk}/xuat-word/").content)
    assert "Các hội nghị học tập, quán triệt nghị quyết, chỉ thị trong kỳ" in text
    assert "Nghị quyết Trung ương 4 khóa XII" in text and "25/05/2025" in text
    # others: the case is not theirs
    for who in ("office_out", "secretary", "member"):
        client.force_login(users[who])
        assert client.post(f"/bao-cao/doan-kiem-tra/{case.pk}/lap/").status_code == 404
    client.force_login(users["inspection"])  # reads, does not draft
    assert client.post(f"/bao-cao/doan-kiem-tra/{case.pk}/lap/").status_code == 404
    assert ReportDraft.objects.count() == 1


def test_issue_answers_the_superiors_request_for_the_report(client, world):  # noqa: F811
    from dangvu.documents import services as documents
    from dangvu.documents.models import InboxItem, ItemState
    from dangvu.organizations.models import Term

    t, users = world
    Term.objects.create(organization=t["bloc"], name="2025–2030", started_on=dt.date(2025, 6, 1))
    request_doc = documents.issue_document(users["admin"], t["bloc"], type_code="CV", summary="Báo cáo sơ kết 6 tháng",
                                           issued_on=dt.date(2026, 11, 2))
    documents.distribute(users["admin"], request_doc, organization_ids=[t["committee"].pk],
                         due_on=dt.date(2026, 11, 30), requires_reply=True)
    item = InboxItem.objects.get(organization=t["committee"])
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    page = client.get(f"/bao-cao/du-thao/{draft.pk}/").content.decode()
    assert "Báo cáo sơ kết 6 tháng" in page  # the request offered in the issue form
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {"version": draft.version, "reply_to": item.pk})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.REPLIED
    reply = files.attachments(item).get()
    with reply.file.open("rb") as fh:
        assert "Toàn đảng bộ có 6 đảng viên" in partydoc.docx_text(io.BytesIO(fh.read()))


def test_issue_with_a_request_not_offered_is_refused(client, world):  # noqa: F811
    t, users = world
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/phat-hanh/", {"version": draft.version, "reply_to": "999999"})
    assert r.status_code == 400
    assert "Gửi lên cấp trên: yêu cầu báo cáo này không có hoặc đã được trả lời." in r.content.decode()
    assert not Document.objects.exists()


def test_refresh_takes_the_figures_again_and_keeps_the_narrative(client, world):  # noqa: F811
    t, users = world
    create(client, users["office"], t["committee"])
    draft = ReportDraft.objects.get()
    client.post(f"/bao-cao/du-thao/{draft.pk}/", {"title": draft.title, "results": "Văn bản của văn phòng.",
                                                 "version": draft.version})
    draft.refresh_from_db()
    from tests.reports.test_pages import admit

    admit(t["cell_a"], dt.date(2026, 9, 1))
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/cap-nhat-so-lieu/", {"version": draft.version})
    assert r.status_code == 302
    draft.refresh_from_db()
    admitted = next(f for s in draft.figures["sections"] if s["key"] == "members" for f in s["figures"]
                    if f["key"] == "admitted")
    assert admitted["value"] == 3
    assert draft.results == "Văn bản của văn phòng."
    assert AuditEntry.objects.filter(action="report_refresh").count() == 1
    # a stale version: refused, nothing changed
    r = client.post(f"/bao-cao/du-thao/{draft.pk}/cap-nhat-so-lieu/", {"version": 1})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(action="report_refresh").count() == 1
    client.force_login(users["inspection"])
    assert client.post(f"/bao-cao/du-thao/{draft.pk}/cap-nhat-so-lieu/", {}).status_code == 404
