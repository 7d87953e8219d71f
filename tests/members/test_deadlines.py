"""The deadlines of a member's life applied (docs/member-deadlines.md): the review for official membership and its
forms, transfer letters, temporary transfers; rule data of the period; scope of the lists."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.models import AuditEntry
from dangvu.members import deadlines, rulesets, services
from dangvu.members.models import (
    ConfirmationForm,
    EventKind,
    Member,
    Status,
    TemporaryTransfer,
    TransferLetter,
)
from tests.factories import MemberFactory

from .deadline_helpers import fill_forms, pdf

pytestmark = pytest.mark.django_db
CLOCK = dt.datetime(2026, 4, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
D = dt.date


def errors_of(excinfo):
    return excinfo.value.message_dict


# ------------------------------------------------------------------------------------ the review


def test_confirmation_deadline_counts_working_days_across_tet(dw):
    assert services.probation_end(dw["late"]) == D(2026, 2, 2)
    # 30 weekdays would end on 16/03/2026; the five days of Tết 2026 push it a week
    assert services.confirmation_deadline(dw["late"]) == D(2026, 3, 23)


def test_confirm_refused_while_a_required_form_is_missing(dw):
    fill_forms(dw["soon"], D(2026, 4, 1), skip=("11-KNĐ",))
    with pytest.raises(ValidationError) as exc:
        services.confirm_member(dw["office"], dw["soon"], on=D(2026, 4, 10))
    message = errors_of(exc)["forms"][0]
    assert "11-KNĐ" in message and "Bản nhận xét đảng viên dự bị" in message and "10-KNĐ" not in message
    m = Member.objects.get(pk=dw["soon"].pk)
    assert m.status == Status.PROBATIONARY and not m.events.filter(kind=EventKind.CONFIRMATION).exists()


def test_confirm_refused_when_a_form_has_a_date_but_no_file(dw):
    fill_forms(dw["soon"], D(2026, 4, 1), skip=("10-KNĐ",))
    ConfirmationForm.objects.create(member=dw["soon"], code="10-KNĐ", on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.confirm_member(dw["office"], dw["soon"], on=D(2026, 4, 10))
    assert "10-KNĐ" in errors_of(exc)["forms"][0]


def test_confirm_within_the_deadline_is_not_late(dw):
    fill_forms(dw["soon"], D(2026, 4, 1))
    services.confirm_member(dw["office"], dw["soon"], on=D(2026, 4, 10), decision="5-QĐ/ĐU")
    ev = dw["soon"].events.get(kind=EventKind.CONFIRMATION)
    assert ev.due_on == D(2026, 5, 18) and not ev.late and ev.late_reason == ""
    assert Member.objects.get(pk=dw["soon"].pk).official_on == D(2026, 4, 1)


def test_confirm_after_the_deadline_needs_a_reason(dw):
    fill_forms(dw["late"], D(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.confirm_member(dw["office"], dw["late"], on=D(2026, 4, 1))
    assert "quá hạn (23/03/2026)" in errors_of(exc)["late_reason"][0]
    assert Member.objects.get(pk=dw["late"].pk).status == Status.PROBATIONARY
    services.confirm_member(dw["office"], dw["late"], on=D(2026, 4, 1), late_reason="Chi bộ chưa họp được")
    ev = dw["late"].events.get(kind=EventKind.CONFIRMATION)
    assert ev.late and ev.due_on == D(2026, 3, 23) and ev.late_reason == "Chi bộ chưa họp được"
    assert "(xét chậm)" in ev.note


def test_confirm_on_the_last_day_is_in_time(dw):
    fill_forms(dw["late"], D(2026, 3, 1))
    services.confirm_member(dw["office"], dw["late"], on=D(2026, 3, 23))
    assert not dw["late"].events.get(kind=EventKind.CONFIRMATION).late


def test_confirm_as_history_is_recorded_late_without_checks(dw):
    """The system (actor None: imports of old records, the demo) records the step as it was."""
    services.confirm_member(None, dw["late"], on=D(2026, 4, 1))
    ev = dw["late"].events.get(kind=EventKind.CONFIRMATION)
    assert ev.late and ev.late_reason == ""


def test_confirmation_forms_rule_data_by_period(dw):
    assert rulesets.confirmation_forms(D(2016, 1, 1)) is None
    assert rulesets.confirmation_forms(D(2020, 1, 1))["code"] == "confirmation-forms-2017"
    assert "09-HD/BTCTW" in rulesets.confirmation_forms(D(2020, 1, 1))["regulation"]
    assert rulesets.confirmation_forms(D(2026, 1, 1))["code"] == "confirmation-forms-2022"
    codes = [f["code"] for f in rulesets.confirmation_forms(D(2026, 1, 1))["forms"]]
    assert codes == ["10-KNĐ", "11-KNĐ", "12-KNĐ", "13-KNĐ", "14-KNĐ", "15-KNĐ"]


def test_confirm_a_review_of_2016_needs_no_forms(dw):
    m = MemberFactory(organization=dw["cell_a"], status=Status.PROBATIONARY, admitted_on=D(2015, 5, 18))
    services.confirm_member(dw["office"], m, on=D(2016, 6, 1))
    assert Member.objects.get(pk=m.pk).status == Status.FULL


def test_record_confirmation_form_with_a_file(dw):
    row = services.record_confirmation_form(dw["office"], dw["soon"], code="10-KNĐ", on=D(2026, 4, 2), file=pdf())
    item = next(f for f in services.checklist(dw["soon"]) if f["code"] == "10-KNĐ")
    assert item["done"] and item["row"].pk == row.pk and item["files"][0].name == "mau.pdf"
    services.record_confirmation_form(dw["office"], dw["soon"], code="10-KNĐ", on=D(2026, 4, 3), version=row.version)
    row.refresh_from_db()
    assert row.on == D(2026, 4, 3) and row.version == 2


@pytest.mark.parametrize("kwargs, field, text", [
    ({"code": "9-KNĐ", "on": D(2026, 4, 2)}, "code", "Mẫu: chọn một trong 10-KNĐ"),
    ({"code": "10-KNĐ", "on": D(2026, 5, 2)}, "on", "Ngày: không được sau ngày hôm nay."),
    ({"code": "10-KNĐ", "on": D(2026, 4, 2), "file": None}, "file", "Tệp: đính kèm bản của mẫu"),
    ({"code": "10-KNĐ", "on": D(2026, 4, 2), "note": "x" * 501}, "note", "Ghi chú: tối đa 500 ký tự."),
])
def test_record_confirmation_form_bad_input(dw, kwargs, field, text):
    kwargs.setdefault("file", pdf())
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.record_confirmation_form(dw["office"], dw["soon"], **kwargs)
    assert errors_of(exc)[field][0].startswith(text)
    assert not ConfirmationForm.objects.exists() and AuditEntry.objects.count() == before


def test_record_confirmation_form_refuses_a_file_that_is_not_what_it_says(dw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("mau.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.record_confirmation_form(dw["office"], dw["soon"], code="10-KNĐ", on=D(2026, 4, 2), file=bad)
    assert "file" in errors_of(exc)
    assert not ConfirmationForm.objects.exists()


def test_record_confirmation_form_out_of_scope_is_404(dw):
    from django.http import Http404

    with pytest.raises(Http404):
        services.record_confirmation_form(dw["office_other"], dw["soon"], code="10-KNĐ", on=D(2026, 4, 2), file=pdf())


# ------------------------------------------------------------------------------------ transfer letters


def test_transfer_opens_a_letter_due_30_working_days_after(dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 2, 10),
                             decision="12-GGT", moved_on=D(2026, 1, 5))
    letter = TransferLetter.objects.get(member=dw["full"])
    # from 10/02/2026 across Tết: 30 working days end on 31/03/2026 (weekdays alone: 24/03)
    assert letter.present_due_on == D(2026, 3, 31) and letter.request_due_on == D(2026, 4, 6)
    assert not letter.request_late and letter.to_organization == dw["cell_b"] and letter.number == "12-GGT"
    assert list(deadlines.open_letters(dw["office"])) == [letter]
    assert list(deadlines.open_letters(dw["secretary_b"])) == [letter]  # the receiving chi bộ
    assert list(deadlines.open_letters(dw["office_other"])) == []


def test_transfer_request_after_60_working_days_needs_a_reason(dw):
    with pytest.raises(ValidationError) as exc:
        services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 4, 10),
                                 moved_on=D(2026, 1, 5))
    assert "quá hạn (06/04/2026)" in errors_of(exc)["late_reason"][0]
    assert not TransferLetter.objects.exists() and Member.objects.get(pk=dw["full"].pk).organization == dw["cell_a"]
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 4, 10),
                             moved_on=D(2026, 1, 5), late_reason="Đảng viên đi công tác dài ngày")
    letter = TransferLetter.objects.get(member=dw["full"])
    assert letter.request_late and letter.request_late_reason == "Đảng viên đi công tác dài ngày"
    assert dw["full"].events.get(kind=EventKind.TRANSFER).late


def test_transfer_moved_on_after_the_transfer_refused(dw):
    with pytest.raises(ValidationError) as exc:
        services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 4, 10),
                                 moved_on=D(2026, 4, 11))
    assert errors_of(exc)["moved_on"][0].startswith("Ngày chuyển nơi cư trú, nơi làm việc: không được sau")


def test_present_letter_late_needs_a_reason(dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 2, 10))
    letter = TransferLetter.objects.get(member=dw["full"])
    with pytest.raises(ValidationError) as exc:
        services.present_transfer_letter(dw["office"], letter, on=D(2026, 4, 1))
    assert "quá hạn (31/03/2026)" in errors_of(exc)["late_reason"][0]
    services.present_transfer_letter(dw["office"], letter, on=D(2026, 4, 1), late_reason="Ốm")
    letter.refresh_from_db()
    assert letter.present_late and letter.present_late_reason == "Ốm"
    assert list(deadlines.open_letters(dw["office"])) == []


def test_present_letter_in_time(dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 2, 10))
    letter = TransferLetter.objects.get(member=dw["full"])
    services.present_transfer_letter(dw["office"], letter, on=D(2026, 3, 31))
    letter.refresh_from_db()
    assert letter.presented_on == D(2026, 3, 31) and not letter.present_late
    with pytest.raises(ValidationError) as exc:
        services.present_transfer_letter(dw["office"], letter, on=D(2026, 4, 1))
    assert "đã được ghi nộp" in errors_of(exc)["on"][0]


def test_transfer_out_letter_stays_with_the_sending_chi_bo(dw):
    services.transfer_out(dw["office"], dw["full"], on=D(2026, 4, 1), destination="Đảng bộ tỉnh Khác")
    letter = TransferLetter.objects.get(member=dw["full"])
    assert letter.to_organization is None and letter.destination == "Đảng bộ tỉnh Khác"
    assert list(deadlines.open_letters(dw["secretary"])) == [letter]


def test_transfer_as_history_opens_no_letter(dw):
    services.transfer_member(None, dw["full"], to_organization=dw["cell_b"], on=D(2016, 2, 10))
    assert not TransferLetter.objects.exists()


# ------------------------------------------------------------------------------------ temporary transfer


def test_temporary_transfer_keeps_the_member_at_home(dw):
    tt = services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2026, 1, 5), ends_on=D(2026, 7, 5),
                                           host_name="Chi bộ Trường Chính trị tỉnh")
    m = Member.objects.get(pk=dw["full"].pk)
    assert m.organization == dw["cell_a"] and m.status == Status.FULL
    assert deadlines.current_temporary(m) == tt and tt.host == "Chi bộ Trường Chính trị tỉnh"
    assert list(deadlines.open_temporary(dw["secretary"])) == [tt]
    assert list(deadlines.open_temporary(dw["secretary"], within_days=30)) == []
    with pytest.raises(ValidationError) as exc:
        services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2026, 2, 5), ends_on=D(2026, 7, 5),
                                          host_name="Nơi khác")
    assert "đang sinh hoạt tạm thời" in errors_of(exc)["starts_on"][0]


@pytest.mark.parametrize("ends_on", [D(2026, 4, 4), D(2027, 1, 6)])
def test_temporary_transfer_outside_3_to_12_months_refused(dw, ends_on):
    with pytest.raises(ValidationError) as exc:
        services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2026, 1, 5), ends_on=ends_on,
                                          host_name="Nơi khác")
    assert errors_of(exc)["ends_on"] == ["Đến ngày: chuyển sinh hoạt tạm thời từ 3 tháng đến 12 tháng, tức là kết "
                                         "thúc trong khoảng 05/04/2026 – 05/01/2027."]
    assert not TemporaryTransfer.objects.exists()


def test_temporary_transfer_needs_a_place(dw):
    with pytest.raises(ValidationError) as exc:
        services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2026, 1, 5), ends_on=D(2026, 7, 5))
    assert errors_of(exc)["host_name"][0].startswith("Nơi sinh hoạt tạm thời: chọn chi bộ")


def test_temporary_return_late_needs_a_reason(dw):
    tt = services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2025, 10, 1), ends_on=D(2026, 1, 1),
                                           host_organization=dw["cell_b"])
    assert [x.pk for x in deadlines.open_temporary(dw["office"], within_days=0)] == [tt.pk]  # overdue
    with pytest.raises(ValidationError) as exc:
        services.end_temporary_transfer(dw["office"], tt, on=D(2026, 1, 20))
    assert "quá hạn (01/01/2026)" in errors_of(exc)["late_reason"][0]
    services.end_temporary_transfer(dw["office"], tt, on=D(2026, 1, 20), late_reason="Chờ giấy giới thiệu")
    tt.refresh_from_db()
    assert tt.late and tt.returned_on == D(2026, 1, 20) and deadlines.current_temporary(dw["full"]) is None


def _rules_file(tmp_path, monkeypatch, *periods):
    """A lifecycle rule file of two periods with different values (the shipped periods share theirs)."""
    base = rulesets.in_force(D(2026, 1, 1))
    sets = []
    for code, start, end, values in periods:
        rs = {k: v for k, v in base.items() if k not in ("effective_from", "effective_to")}
        rs.update(code=code, effective_from=start, effective_to=end, **values)
        sets.append(rs)
    path = tmp_path / "lifecycle.json"
    path.write_text(json.dumps({"rulesets": sets}), encoding="utf-8")
    monkeypatch.setitem(rulesets.FILES, "lifecycle", path)


def test_rules_of_the_period_of_the_step_apply(dw, tmp_path, monkeypatch):
    _rules_file(tmp_path, monkeypatch,
                ("old", "1930-02-03", "2025-12-31", {"temporary_transfer_max_months": 12,
                                                      "transfer_present_working_days": 30}),
                ("new", "2026-01-01", None, {"temporary_transfer_max_months": 6, "transfer_present_working_days": 10}))
    # 10 months: allowed by the rules of 2025, not by those of 2026
    services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2025, 12, 1), ends_on=D(2026, 10, 1),
                                      host_name="Nơi A")
    with pytest.raises(ValidationError) as exc:
        services.start_temporary_transfer(dw["office"], dw["soon"], starts_on=D(2026, 1, 2), ends_on=D(2026, 11, 2),
                                          host_name="Nơi B")
    assert "từ 3 tháng đến 6 tháng" in errors_of(exc)["ends_on"][0]
    services.transfer_member(dw["office"], dw["new"], to_organization=dw["cell_a"], on=D(2026, 2, 2))
    assert TransferLetter.objects.get(member=dw["new"]).present_due_on == D(2026, 2, 23)  # 10 days, Tết skipped


# ------------------------------------------------------------------------------------ lists and scope


def _names(qs):
    return [m.full_name for m in qs]


def test_due_list_soonest_first_and_scoped(dw):
    assert _names(deadlines.due_probationers(dw["office"])) == ["Nguyễn Thị An", "Trần Văn Bảo"]
    assert _names(deadlines.due_probationers(dw["secretary"])) == ["Nguyễn Thị An", "Trần Văn Bảo"]
    assert _names(deadlines.due_probationers(dw["secretary_b"])) == []
    assert _names(deadlines.due_probationers(dw["office_other"])) == ["Hoàng Thị Hà"]
    assert _names(deadlines.due_probationers(dw["self"])) == []  # a member's own record is not a list
    assert len(deadlines.due_probationers(dw["admin"])) == 3
    rows = deadlines.with_deadlines(deadlines.due_probationers(dw["office"]))
    assert [(r.due_on, r.overdue) for r in rows] == [(D(2026, 3, 23), True), (D(2026, 5, 18), False)]
    # within 0 days: the probations already over only; a year ahead: every probationer of the sub-tree
    assert len(deadlines.due_probationers(dw["office"], within_days=0)) == 2
    assert len(deadlines.due_probationers(dw["office"], within_days=366)) == 3
