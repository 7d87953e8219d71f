"""Numbering, validation, distribution, inbox and reminders through the service functions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from dangvu.core.models import AuditEntry
from dangvu.documents import queries, services
from dangvu.documents.models import Distribution, Document, InboxItem, NumberSequence

from .conftest import docx_bytes, fake_zip

D = dt.date


def issue(w, actor=None, **kw):
    fields = {"type_code": "KH", "summary": "Kiểm điểm, đánh giá, xếp loại chất lượng năm 2020",
              "issued_on": D(2020, 10, 23), "body": "I. MỤC ĐÍCH\nNội dung"}
    fields.update(kw)
    return services.issue_document(actor or w.office, kw.pop("org", None) or w.bloc, **fields)


def test_numbers_run_per_type_within_the_term(w):
    assert issue(w).number == "01-KH/ĐUK"
    assert issue(w).number == "02-KH/ĐUK"
    assert issue(w, type_code="NQ").number == "01-NQ/ĐUK"
    assert issue(w).number == "03-KH/ĐUK"


def test_numbers_restart_at_01_in_a_new_term(w):
    issue(w, issued_on=D(2025, 9, 30))
    issue(w, issued_on=D(2025, 9, 30))
    doc = issue(w, issued_on=D(2025, 10, 1))
    assert doc.number == "01-KH/ĐUK" and doc.term == w.new_term


def test_congress_documents_share_one_sequence(w):
    a = issue(w, type_code="NQ", congress=True)
    b = issue(w, type_code="BB", congress=True)
    c = issue(w, type_code="NQ")
    assert (a.number, b.number, c.number) == ("01-NQ/ĐH", "02-BB/ĐH", "01-NQ/ĐUK")


def test_unknown_type_is_refused_with_the_regulation_and_writes_nothing(w):
    with pytest.raises(ValidationError) as exc:
        issue(w, type_code="XYZ")
    msg = exc.value.message_dict["type"][0]
    assert "“XYZ”" in msg and "66-QĐ/TW" in msg
    assert Document.objects.count() == 0 and NumberSequence.objects.count() == 0


def test_types_follow_the_regulation_in_force_on_the_issue_date(w):
    from dangvu.documents import rulesets

    assert rulesets.in_force(D(2026, 1, 8))["code"] == "QD66-2017"
    assert rulesets.in_force(D(2026, 1, 9))["code"] == "QD399-2026"


def test_future_date_is_refused(w, set_today):
    set_today(D(2026, 3, 1))
    assert issue(w, issued_on=D(2026, 3, 1)).number == "01-KH/ĐUK"
    with pytest.raises(ValidationError) as exc:
        issue(w, issued_on=D(2026, 3, 2))
    assert "tương lai" in exc.value.message_dict["issued_on"][0]
    assert Document.objects.count() == 1


def test_date_outside_every_term_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        issue(w, issued_on=D(2020, 8, 4))
    assert "không thuộc nhiệm kỳ" in exc.value.message_dict["issued_on"][0]
    assert issue(w, issued_on=D(2020, 8, 5)).number == "01-KH/ĐUK"


def test_a_refused_document_leaves_no_gap(w):
    issue(w)
    with pytest.raises(ValidationError):
        issue(w, summary="")
    with pytest.raises(ValidationError):
        issue(w, file=SimpleUploadedFile("ke-hoach.docx", fake_zip()))
    assert issue(w).number == "02-KH/ĐUK"
    assert NumberSequence.objects.get(key="KH").last_number == 2


def test_file_not_what_its_extension_says_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        issue(w, file=SimpleUploadedFile("ke-hoach.pdf", b"not a pdf at all"))
    assert "không phải tệp PDF" in exc.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def test_too_large_file_is_refused(w, settings, monkeypatch):
    monkeypatch.setattr("dangvu.core.files.MAX_BYTES", 100)
    with pytest.raises(ValidationError) as exc:
        issue(w, file=SimpleUploadedFile("ke-hoach.txt", b"x" * 200))
    assert "vượt giới hạn" in exc.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def test_only_office_of_the_committee_issues(w):
    for user in (w.inspection, w.secretary, w.other_office, w.member_user, w.committee_office):
        with pytest.raises(Http404):
            issue(w, actor=user)
    assert issue(w, actor=w.admin).number == "01-KH/ĐUK"


def test_issue_is_audited(w):
    doc = issue(w)
    assert AuditEntry.objects.filter(model="document", object_id=str(doc.pk), action="issue").exists()


def test_symbol_is_derived_until_the_office_sets_it(w):
    doc = services.issue_document(w.committee_office, w.committee, type_code="BC", summary="Báo cáo",
                                  issued_on=D(2020, 12, 1))
    assert doc.number.startswith("01-BC/")
    services.save_profile(w.committee_office, w.committee, symbol="ĐUS")
    doc = services.issue_document(w.committee_office, w.committee, type_code="BC", summary="Báo cáo",
                                  issued_on=D(2020, 12, 2))
    assert doc.number == "02-BC/ĐUS"


def test_profile_symbol_cannot_hold_a_slash(w):
    with pytest.raises(ValidationError) as exc:
        services.save_profile(w.office, w.bloc, symbol="Đ/UK")
    assert "symbol" in exc.value.message_dict


def test_profile_texts_longer_than_their_columns_are_refused(w):
    """The service is the only writer: what the page's form limits it limits too (PostgreSQL refuses: a 500)."""
    with pytest.raises(ValidationError) as exc:
        services.save_profile(w.office, w.bloc, symbol="Đ" * 31, place="Đồng Nai " * 12, superior_name="Đ" * 256)
    assert {"symbol", "place", "superior_name"} <= set(exc.value.message_dict)


# ------------------------------------------------------------------------------------------ incoming


def test_incoming_registration_reads_the_symbol(w):
    doc = services.register_incoming(w.office, w.bloc, number="29-HD/BTCTU", issuer_name="Ban Tổ chức Tỉnh ủy",
                                     issued_on=D(2019, 11, 7), received_on=D(2019, 11, 10),
                                     summary="Hướng dẫn chấm điểm")
    assert (doc.type_code, doc.issuer_symbol, doc.direction) == ("HD", "BTCTU", "incoming")


def test_type_codes_are_read_whatever_their_case(w):
    """A number typed in lower case ("29-hd/btctu") or a type "kh" names the type of the catalogue."""
    doc = services.register_incoming(w.office, w.bloc, number="29-hd/btctu", issuer_name="Ban Tổ chức Tỉnh ủy",
                                     issued_on=D(2019, 11, 7), received_on=D(2019, 11, 10), summary="Hướng dẫn")
    assert (doc.type_code, doc.type_name) == ("HD", "Hướng dẫn")
    assert issue(w, type_code="kh").number == "01-KH/ĐUK"


def test_types_of_today_follow_the_local_date(w, set_today):
    from dangvu.documents import rulesets

    set_today(D(2026, 1, 8), dt.time(23, 59))  # 16:59 UTC: still the 8th in Hà Nội
    assert rulesets.in_force(None)["code"] == "QD66-2017"
    set_today(D(2026, 1, 9), dt.time(0, 1))
    assert rulesets.in_force(None)["code"] == "QD399-2026"


def test_incoming_received_before_issue_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        services.register_incoming(w.office, w.bloc, number="29-HD/BTCTU", issuer_name="Ban Tổ chức Tỉnh ủy",
                                   issued_on=D(2019, 11, 7), received_on=D(2019, 11, 6), summary="x")
    assert "received_on" in exc.value.message_dict
    assert Document.objects.count() == 0


# ------------------------------------------------------------------------------------------ distribution


def test_distribute_to_all_cells_of_the_subtree(w):
    doc = issue(w)
    dist = services.distribute(w.office, doc, mode="all_cells", due_on=D(2030, 1, 1))
    names = set(InboxItem.objects.filter(distribution=dist).values_list("recipient_name", flat=True))
    assert names == {"Chi bộ Văn phòng", "Chi bộ Kế toán"}
    assert dist.recipients_count == 2


def test_distribute_one_level(w):
    doc = issue(w)
    dist = services.distribute(w.office, doc, mode="children")
    assert list(InboxItem.objects.filter(distribution=dist).values_list("organization_id", flat=True)) == [
        w.committee.pk]


def test_distribution_outside_the_subtree_is_refused_and_writes_nothing(w):
    doc = issue(w)
    with pytest.raises(ValidationError) as exc:
        services.distribute(w.office, doc, organization_ids=[w.cell_a.pk, w.other_cell.pk])
    assert "Chi bộ Khác" in exc.value.message_dict["organization_ids"][0]
    with pytest.raises(ValidationError):
        services.distribute(w.office, doc, member_ids=[w.outsider_member.pk])
    assert Distribution.objects.count() == 0 and InboxItem.objects.count() == 0


def test_due_date_in_the_past_is_refused(w, set_today):
    set_today(D(2026, 3, 1))
    doc = issue(w)
    with pytest.raises(ValidationError) as exc:
        services.distribute(w.office, doc, mode="all_cells", due_on=D(2026, 2, 28))
    assert "đã qua" in exc.value.message_dict["due_on"][0]
    assert services.distribute(w.office, doc, mode="all_cells", due_on=D(2026, 3, 1)).recipients_count == 2


def test_a_second_distribution_skips_those_already_sent(w):
    doc = issue(w)
    services.distribute(w.office, doc, organization_ids=[w.cell_a.pk])
    dist = services.distribute(w.office, doc, mode="all_cells")
    assert dist.recipients_count == 1
    with pytest.raises(ValidationError):
        services.distribute(w.office, doc, mode="all_cells")


def test_read_only_roles_cannot_distribute(w):
    doc = issue(w)
    for user in (w.inspection, w.secretary, w.other_office):
        with pytest.raises(Http404):
            services.distribute(user, doc, mode="all_cells")


# ------------------------------------------------------------------------------------------ inbox


@pytest.fixture
def sent(w):
    doc = issue(w)
    dist = services.distribute(w.office, doc, organization_ids=[w.cell_a.pk, w.cell_b.pk],
                               member_ids=[w.member.pk], due_on=D(2030, 1, 10))
    items = {i.recipient_name: i for i in InboxItem.objects.filter(distribution=dist)}
    return doc, dist, items


def test_inbox_per_recipient(w, sent):
    doc, dist, items = sent
    assert set(queries.inbox_for(w.secretary).values_list("recipient_name", flat=True)) == {"Chi bộ Văn phòng"}
    assert set(queries.inbox_for(w.member_user).values_list("recipient_name", flat=True)) == {"Nguyễn Văn An"}
    assert not queries.inbox_for(w.office).exists()  # the sender's office is not a recipient
    assert not queries.inbox_for(w.inspection).exists()


def test_opening_counts_as_received_once(w, sent):
    doc, dist, items = sent
    item = items["Chi bộ Văn phòng"]
    services.open_item(w.secretary, item.pk)
    services.open_item(w.secretary, item.pk)
    dist.refresh_from_db()
    item.refresh_from_db()
    assert dist.received_count == 1 and item.state == "received" and item.received_at is not None


def test_acknowledge_by_the_recipient(w, sent):
    doc, dist, items = sent
    services.acknowledge(w.member_user, items["Nguyễn Văn An"].pk)
    dist.refresh_from_db()
    assert (dist.received_count, dist.acknowledged_count) == (1, 1)
    counts = queries.status_counts(doc, D(2030, 1, 10))
    assert counts["recipients"] == 3 and counts["acknowledged"] == 1 and counts["overdue"] == 0


def test_acknowledgment_by_a_non_recipient_is_refused(w, sent):
    doc, dist, items = sent
    for user in (w.office, w.inspection, w.admin):  # they see the item (sender side), it is not theirs
        with pytest.raises(ValidationError) as exc:
            services.acknowledge(user, items["Chi bộ Kế toán"].pk)
        assert "Người nhận" in exc.value.message_dict["recipient"][0]
    for user in (w.member_user, w.stranger):  # out of their reach: as if it did not exist
        with pytest.raises(Http404):
            services.acknowledge(user, items["Chi bộ Kế toán"].pk)
    dist.refresh_from_db()
    assert dist.acknowledged_count == 0
    assert not InboxItem.objects.filter(acknowledged_at__isnull=False).exists()


def test_reply_closes_an_item_that_asks_for_a_report(w):
    doc = issue(w)
    dist = services.distribute(w.office, doc, organization_ids=[w.cell_a.pk], due_on=D(2030, 1, 1),
                               requires_reply=True)
    item = InboxItem.objects.get(distribution=dist)
    services.acknowledge(w.secretary, item.pk)
    assert queries.status_counts(doc, D(2030, 1, 2))["overdue"] == 1  # acknowledged, but the report is missing
    with pytest.raises(ValidationError):
        services.reply(w.secretary, item.pk, SimpleUploadedFile("bao-cao.docx", fake_zip()))
    services.reply(w.secretary, item.pk, SimpleUploadedFile("bao-cao.docx", docx_bytes("Báo cáo")))
    dist.refresh_from_db()
    assert (dist.acknowledged_count, dist.replied_count) == (1, 1)
    assert queries.status_counts(doc, D(2030, 1, 2))["overdue"] == 0


def test_overdue_starts_the_day_after_the_due_date(w, sent):
    doc, dist, items = sent
    services.acknowledge(w.secretary, items["Chi bộ Văn phòng"].pk)
    assert queries.status_counts(doc, D(2030, 1, 10))["overdue"] == 0
    assert queries.status_counts(doc, D(2030, 1, 11))["overdue"] == 2
    rows, counts, count, page, pages = queries.status_page(doc, status="overdue", day=D(2030, 1, 11))
    assert count == 2 and {r.recipient_name for r in rows} == {"Chi bộ Kế toán", "Nguyễn Văn An"}
    assert all(r.overdue for r in rows)


def test_remind_the_late_ones(w, sent, set_today):
    doc, dist, items = sent
    services.acknowledge(w.secretary, items["Chi bộ Văn phòng"].pk)
    assert services.remind(w.office, doc) == 2
    assert InboxItem.objects.get(pk=items["Chi bộ Kế toán"].pk).remind_count == 1
    assert InboxItem.objects.get(pk=items["Chi bộ Văn phòng"].pk).remind_count == 0
    with pytest.raises(Http404):
        services.remind(w.inspection, doc)
    set_today(D(2030, 1, 10))
    with pytest.raises(ValidationError):
        services.remind(w.office, doc, overdue_only=True)


def test_status_page_counts_filters_and_order(w, sent):
    doc, dist, items = sent
    services.open_item(w.member_user, items["Nguyễn Văn An"].pk)
    rows, counts, count, page, pages = queries.status_page(doc, day=D(2030, 1, 1))
    assert count == 3 and counts["received"] == 1
    rows, counts, count, page, pages = queries.status_page(doc, status="sent", day=D(2030, 1, 1))
    assert count == 2 and {r.recipient_name for r in rows} == {"Chi bộ Văn phòng", "Chi bộ Kế toán"}
    rows, *_ = queries.status_page(doc, status="received", day=D(2030, 1, 1))
    assert [r.recipient_name for r in rows] == ["Nguyễn Văn An"]


# ------------------------------------------------------------------------------------------ visibility and search


def test_documents_visible_per_role(w, sent):
    doc, dist, items = sent
    other = services.issue_document(w.other_office, w.other, type_code="TB", summary="Thông báo",
                                    issued_on=D(2021, 1, 5))
    for user, expected in [
        (w.admin, {doc.pk, other.pk}), (w.office, {doc.pk}), (w.inspection, {doc.pk}),
        (w.secretary, {doc.pk}), (w.member_user, {doc.pk}), (w.other_office, {other.pk}), (w.stranger, set()),
        (w.committee_office, set()),
    ]:
        assert set(queries.documents_for(user).values_list("pk", flat=True)) == expected, user.username


def test_search_without_diacritics(w):
    doc = issue(w, summary="Kiểm điểm, đánh giá, xếp loại chất lượng năm 2020")
    issue(w, type_code="TB", summary="Thông báo lịch họp")
    assert list(queries.search(w.office, q="xep loai chat luong")) == [doc]
    assert list(queries.search(w.office, q="01-KH/DUK")) == [doc]
    assert list(queries.search(w.office, type_code="KH")) == [doc]
    assert queries.search(w.office, date_from=D(2020, 10, 24)).count() == 0
    assert queries.search(w.office, organization_id=w.bloc.pk).count() == 2
    with pytest.raises(Http404):
        queries.search(w.office, organization_id=w.other.pk)


def test_chosen_and_all_cells_together_make_one_item_each(w):
    doc = issue(w)
    services.distribute(w.office, doc, organization_ids=[w.cell_a.pk])
    dist = services.distribute(w.office, doc, mode="all_cells", organization_ids=[w.cell_b.pk])
    assert dist.recipients_count == 1
    assert InboxItem.objects.filter(document=doc).count() == 2


def test_text_is_stored_in_nfc_without_control_characters(w):
    """A NUL pasted into the body (PostgreSQL refuses it: a 500) or decomposed Vietnamese (NFD) is cleaned."""
    nfd = "Nghi\u0323 quyê\u0301t"  # "Nghị quyết" typed with combining marks
    doc = issue(w, summary=f"Trích yếu {nfd}\x00", body=f"I. MỤC ĐÍCH\x00\nNội dung {nfd}\x07",
                recipients_text="Như trên\x00\nLưu Văn phòng")
    doc.refresh_from_db()
    assert doc.summary == "Trích yếu Nghị quyết"
    assert doc.body == "I. MỤC ĐÍCH\nNội dung Nghị quyết"
    assert doc.recipients_text == "Như trên\nLưu Văn phòng"
    incoming = services.register_incoming(w.office, w.bloc, number="29-HD/BTCTU", issuer_name="Ban Tổ chức",
                                          issued_on=D(2020, 10, 1), summary="Hướng dẫn", body=f"{nfd}\x00")
    assert incoming.body == "Nghị quyết"
