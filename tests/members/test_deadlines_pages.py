"""Pages, API and worklist of the deadlines of a member's life: each role in and out of scope, bad input."""

import datetime as dt

import pytest
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from dangvu.core import worklist
from dangvu.core.models import AuditEntry
from dangvu.members import services
from dangvu.members.models import ConfirmationForm, Member, TemporaryTransfer, TransferLetter
from dangvu.organizations.access import reach

from .deadline_helpers import pdf
from .test_deadlines import CLOCK

pytestmark = pytest.mark.django_db
CLOCK = CLOCK  # noqa: PLW0127  (tests/conftest.py reads the module's CLOCK)
D = dt.date
API = "/api/v1/members"


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# ------------------------------------------------------------------------------------ list pages


@pytest.mark.parametrize("role, status, names", [
    ("admin", 200, ["Nguyễn Thị An", "Hoàng Thị Hà", "Trần Văn Bảo"]),
    ("office", 200, ["Nguyễn Thị An", "Trần Văn Bảo"]),
    ("inspection", 200, ["Nguyễn Thị An", "Trần Văn Bảo"]),
    ("secretary", 200, ["Nguyễn Thị An", "Trần Văn Bảo"]),
    ("secretary_b", 200, []),
    ("office_other", 200, ["Hoàng Thị Hà"]),
    ("self", 404, None),
])
def test_confirmation_due_page_by_role(client, dw, role, status, names):
    response = get(client, dw[role], reverse("members:confirmation_due"))
    assert response.status_code == status
    if names is not None:
        assert [d.member.full_name for d in response.context["rows"]] == names


def test_confirmation_due_page_marks_overdue(client, dw):
    html = get(client, dw["office"], reverse("members:confirmation_due")).content.decode()
    assert "Đảng viên dự bị đến hạn xét chuyển chính thức" in html
    assert "23/03/2026" in html and "Quá hạn" in html and "18/05/2026" in html


@pytest.mark.parametrize("name", ["confirmation_due", "letters_open", "temporary_list"])
def test_list_pages_out_of_scope_organization_is_404(client, dw, name):
    url = reverse(f"members:{name}") + f"?organization={dw['committee'].pk}"
    assert get(client, dw["office"], url).status_code == 200
    assert get(client, dw["office_other"], url).status_code == 404
    assert get(client, dw["secretary"], url).status_code == 404  # a chi bộ secretary: not the committee
    assert get(client, dw["self"], url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_letters_and_temporary_pages_list_open_ones(client, dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 2, 10))
    services.start_temporary_transfer(dw["office"], dw["soon"], starts_on=D(2026, 1, 5), ends_on=D(2026, 4, 5),
                                      host_name="Chi bộ Trường Chính trị")
    html = get(client, dw["office"], reverse("members:letters_open")).content.decode()
    assert "Phạm Văn Dũng" in html and "31/03/2026" in html and "Quá hạn" in html
    html = get(client, dw["secretary"], reverse("members:temporary_list")).content.decode()
    assert "Trần Văn Bảo" in html and "Chi bộ Trường Chính trị" in html and "Quá hạn trở về" in html
    assert "Phạm Văn Dũng" not in get(client, dw["office_other"], reverse("members:letters_open")).content.decode()


# ------------------------------------------------------------------------------------ member pages


def test_member_record_shows_the_deadline_panel(client, dw):
    html = get(client, dw["office"], reverse("members:detail", args=[dw["late"].pk])).content.decode()
    assert "Thời hạn" in html and "Xét công nhận đảng viên chính thức" in html and "Quá hạn" in html
    assert "Hồ sơ xét chuyển chính thức" in html and "Chuyển sinh hoạt tạm thời" in html


def test_member_record_shows_the_temporary_transfer(client, dw):
    services.start_temporary_transfer(dw["office"], dw["full"], starts_on=D(2026, 1, 5), ends_on=D(2026, 7, 5),
                                      host_organization=dw["cell_b"])
    html = get(client, dw["secretary"], reverse("members:detail", args=[dw["full"].pk])).content.decode()
    assert "Sinh hoạt tạm thời" in html and "Chi bộ Kế toán" in html and "vẫn trong danh sách" in html


def test_confirmation_forms_page_upload(client, dw):
    url = reverse("members:confirmation_forms", args=[dw["soon"].pk])
    assert get(client, dw["office"], url).status_code == 200
    response = client.post(url, {"code": "10-KNĐ", "on": "02/04/2026", "note": "", "file": pdf()})
    assert response.status_code == 302
    row = ConfirmationForm.objects.get(member=dw["soon"], code="10-KNĐ")
    assert row.on == D(2026, 4, 2)
    html = client.get(url).content.decode()
    assert "mau.pdf" in html and "Đã có" in html and "Còn thiếu" in html
    att = services.checklist(dw["soon"])[0]["files"][0]
    assert client.get(reverse("members:confirmation_form_file", args=[dw["soon"].pk, att.pk])).status_code == 200
    assert get(client, dw["office_other"], reverse("members:confirmation_form_file",
                                                  args=[dw["soon"].pk, att.pk])).status_code == 404


def test_confirmation_forms_page_bad_input_shows_message(client, dw):
    client.force_login(dw["office"])
    response = client.post(reverse("members:confirmation_forms", args=[dw["soon"].pk]),
                           {"code": "10-KNĐ", "on": "02/04/2026"})
    assert response.status_code == 200
    assert "Tệp: đính kèm bản của mẫu" in response.content.decode()
    assert not ConfirmationForm.objects.exists()


@pytest.mark.parametrize("role, get_status, post_status", [
    ("office", 200, 302), ("secretary", 200, 404), ("inspection", 200, 404), ("office_other", 404, 404),
])
def test_confirmation_forms_page_by_role(client, dw, role, get_status, post_status):
    url = reverse("members:confirmation_forms", args=[dw["soon"].pk])
    assert get(client, dw[role], url).status_code == get_status
    response = client.post(url, {"code": "10-KNĐ", "on": "02/04/2026", "file": pdf()})
    assert response.status_code == post_status


def test_confirm_page_asks_for_the_late_reason(client, dw):
    from .deadline_helpers import fill_forms

    fill_forms(dw["late"], D(2026, 3, 1))
    client.force_login(dw["office"])
    url = reverse("members:action", args=[dw["late"].pk, "chuyen-chinh-thuc"])
    response = client.post(url, {"on": "01/04/2026", "version": dw["late"].version})
    assert response.status_code == 200 and "Lý do chậm: xét công nhận" in response.content.decode()
    response = client.post(url, {"on": "01/04/2026", "version": dw["late"].version, "late_reason": "Chờ thẩm định"})
    assert response.status_code == 302
    html = client.get(reverse("members:detail", args=[dw["late"].pk])).content.decode()
    assert "Làm chậm" in html and "Chờ thẩm định" in html


def test_confirm_page_lists_missing_forms(client, dw):
    client.force_login(dw["office"])
    response = client.post(reverse("members:action", args=[dw["soon"].pk, "chuyen-chinh-thuc"]),
                           {"on": "10/04/2026", "version": dw["soon"].version})
    assert response.status_code == 200 and "Hồ sơ xét chuyển đảng viên chính thức còn thiếu" in \
        response.content.decode()


def test_temporary_pages(client, dw):
    client.force_login(dw["office"])
    url = reverse("members:temporary_start", args=[dw["full"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"host_name": "Nơi khác", "starts_on": "05/01/2026", "ends_on": "05/02/2026"})
    assert response.status_code == 200 and "từ 3 tháng đến 12 tháng" in response.content.decode()
    response = client.post(url, {"host_name": "Nơi khác", "starts_on": "05/01/2026", "ends_on": "05/04/2026"})
    assert response.status_code == 302
    tt = TemporaryTransfer.objects.get(member=dw["full"])
    back = reverse("members:temporary_return", args=[dw["full"].pk, tt.pk])
    assert get(client, dw["secretary"], back).status_code == 404
    assert get(client, dw["office_other"], back).status_code == 404
    client.force_login(dw["office"])
    response = client.post(back, {"on": "10/04/2026"})
    assert response.status_code == 200 and "Lý do chậm" in response.content.decode()
    assert client.post(back, {"on": "10/04/2026", "late_reason": "Khóa học kéo dài"}).status_code == 302
    tt.refresh_from_db()
    assert tt.late and tt.late_reason == "Khóa học kéo dài"


def test_letter_present_page(client, dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 3, 2))
    letter = TransferLetter.objects.get(member=dw["full"])
    url = reverse("members:letter_present", args=[dw["full"].pk, letter.pk])
    assert get(client, dw["office_other"], url).status_code == 404
    client.force_login(dw["office"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"on": "05/03/2026"}).status_code == 302
    letter.refresh_from_db()
    assert letter.presented_on == D(2026, 3, 5) and not letter.present_late


# ------------------------------------------------------------------------------------ API


@pytest.mark.parametrize("role, status, count", [
    ("admin", 200, 3), ("office", 200, 2), ("inspection", 200, 2), ("secretary", 200, 2), ("office_other", 200, 1),
    ("self", 404, None),
])
def test_api_confirmation_due_by_role(api_client, dw, role, status, count):
    response = api_client.auth(dw[role]).get(f"{API}/confirmation-due")
    assert response.status_code == status
    if count is not None:
        data = response.json()
        assert data["count"] == count
        if role == "office":
            assert [(i["full_name"], i["due_on"], i["overdue"]) for i in data["items"]] == [
                ("Nguyễn Thị An", "2026-03-23", True), ("Trần Văn Bảo", "2026-05-18", False)]


def test_api_lists_out_of_scope_organization_is_404(api_client, dw):
    api_client.auth(dw["office_other"])
    for path in ("confirmation-due", "transfer-letters", "temporary-transfers"):
        assert api_client.get(f"{API}/{path}?organization_id={dw['committee'].pk}").status_code == 404
    api_client.auth(dw["office"])
    for path in ("confirmation-due", "transfer-letters", "temporary-transfers"):
        assert api_client.get(f"{API}/{path}?organization_id={dw['committee'].pk}").status_code == 200


def test_api_confirmation_forms(api_client, dw):
    api_client.auth(dw["office"])
    url = f"{API}/{dw['soon'].pk}/confirmation-forms"
    response = api_client.post(url, {"code": "10-KNĐ", "on": "2026-04-02", "file": pdf()},
                               content_type=MULTIPART_CONTENT)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["missing"] == ["11-KNĐ", "12-KNĐ", "13-KNĐ"] and data["items"][0]["done"]
    response = api_client.post(url, {"code": "99-KNĐ", "on": "2026-04-02", "file": pdf()},
                               content_type=MULTIPART_CONTENT)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "code"
    api_client.auth(dw["office_other"])
    assert api_client.get(url).status_code == 404
    before = AuditEntry.objects.count()
    assert api_client.post(url, {"code": "11-KNĐ", "on": "2026-04-02", "file": pdf()},
                           content_type=MULTIPART_CONTENT).status_code == 404
    assert AuditEntry.objects.count() == before
    api_client.auth(dw["secretary"])
    assert api_client.get(url).status_code == 200


def test_api_confirm_event_late_reason(api_client, dw):
    from .deadline_helpers import fill_forms

    fill_forms(dw["late"], D(2026, 3, 1))
    api_client.auth(dw["office"])
    url = f"{API}/{dw['late'].pk}/events"
    response = api_client.post(url, {"kind": "confirmation", "on": "2026-04-01"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "late_reason"
    response = api_client.post(url, {"kind": "confirmation", "on": "2026-04-01", "late_reason": "Chờ thẩm định"})
    assert response.status_code == 201
    assert response.json()["late"] and response.json()["due_on"] == "2026-03-23"


def test_api_transfer_letter_present(api_client, dw):
    api_client.auth(dw["office"])
    response = api_client.post(f"{API}/{dw['full'].pk}/events", {
        "kind": "transfer", "on": "2026-02-10", "to_organization_id": dw["cell_b"].pk, "moved_on": "2026-01-05"})
    assert response.status_code == 201, response.content
    letters = api_client.get(f"{API}/transfer-letters").json()["items"]
    assert [(x["member_name"], x["present_due_on"], x["overdue"]) for x in letters] == [
        ("Phạm Văn Dũng", "2026-03-31", True)]
    url = f"{API}/{dw['full'].pk}/transfer-letters/{letters[0]['id']}/present"
    response = api_client.post(url, {"on": "2026-04-01"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "late_reason"
    api_client.auth(dw["office_other"])
    assert api_client.post(url, {"on": "2026-04-01", "late_reason": "Ốm"}).status_code == 404
    api_client.auth(dw["office"])
    response = api_client.post(url, {"on": "2026-04-01", "late_reason": "Ốm"})
    assert response.status_code == 200 and response.json()["present_late"]
    assert api_client.get(f"{API}/transfer-letters").json()["count"] == 0


def test_api_temporary_transfer_and_return(api_client, dw):
    api_client.auth(dw["office"])
    url = f"{API}/{dw['full'].pk}/temporary-transfers"
    response = api_client.post(url, {"starts_on": "2026-01-05", "ends_on": "2027-02-05", "host_name": "Nơi khác"})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "ends_on" and "từ 3 tháng đến 12 tháng" in detail["msg"]
    response = api_client.post(url, {"starts_on": "2026-01-05", "ends_on": "2026-04-05",
                                     "host_organization_id": dw["cell_b"].pk})
    assert response.status_code == 201, response.content
    tt = response.json()
    assert tt["home_organization_id"] == dw["cell_a"].pk and tt["host"] == "Chi bộ Kế toán" and tt["overdue"]
    assert Member.objects.get(pk=dw["full"].pk).organization_id == dw["cell_a"].pk
    listed = api_client.get(f"{API}/temporary-transfers?within_days=0").json()
    assert listed["count"] == 1
    back = f"{url}/{tt['id']}/return"
    api_client.auth(dw["secretary"])
    assert api_client.post(back, {"on": "2026-04-06"}).status_code == 404
    api_client.auth(dw["office"])
    response = api_client.post(back, {"on": "2026-04-06", "late_reason": "Khóa học kéo dài"})
    assert response.status_code == 200 and response.json()["late"]


def test_api_temporary_transfer_host_out_of_scope_is_422(api_client, dw):
    api_client.auth(dw["office"])
    response = api_client.post(f"{API}/{dw['full'].pk}/temporary-transfers", {
        "starts_on": "2026-01-05", "ends_on": "2026-04-05", "host_organization_id": dw["other_cell"].pk})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "host_organization_id"


# ------------------------------------------------------------------------------------ worklist


def _items(user):
    from dangvu.members.worklist import items

    return items(user, reach(user), D(2026, 4, 15))


def test_worklist_office_gets_a_counted_line(dw):
    services.transfer_member(dw["office"], dw["full"], to_organization=dw["cell_b"], on=D(2026, 4, 1))
    lines = _items(dw["office"])
    due = next(i for i in lines if i.kind == "confirmation_due")
    assert due.count == 2 and due.due_on == D(2026, 3, 23) and "2 đảng viên dự bị" in due.label
    assert due.url == reverse("members:confirmation_due") + f"?organization={dw['committee'].pk}"
    letter = next(i for i in lines if i.kind == "transfer_letter")
    assert letter.count == 1 and letter.due_on == D(2026, 5, 18)


def test_worklist_secretary_gets_a_line_per_member(dw):
    lines = [i for i in _items(dw["secretary"]) if i.kind == "confirmation_due"]
    assert [(i.label, i.due_on, i.count) for i in lines] == [
        ("Xét chuyển đảng viên chính thức: Nguyễn Thị An", D(2026, 3, 23), 1),
        ("Xét chuyển đảng viên chính thức: Trần Văn Bảo", D(2026, 5, 18), 1)]
    assert lines[0].url == reverse("members:detail", args=[dw["late"].pk])
    assert _items(dw["secretary_b"]) == []


def test_worklist_probationer_is_reminded_of_the_self_review(dw):
    lines = _items(dw["self"])
    assert [i.kind for i in lines] == ["confirmation_self_review"]
    services.record_confirmation_form(dw["office"], dw["late"], code="10-KNĐ", on=D(2026, 3, 1), file=pdf())
    assert _items(dw["self"]) == []


def test_worklist_collect_sorts_overdue_first(dw):
    lines = [i for i in worklist.collect(dw["secretary"], reach(dw["secretary"]), D(2026, 4, 15))
             if i.kind == "confirmation_due"]
    assert lines[0].overdue and not lines[1].overdue


@pytest.mark.parametrize("query", ["within_days=-1", "within_days=400", "page=0", "organization_id=abc"])
def test_api_confirmation_due_bad_query_is_422(api_client, dw, query):
    assert api_client.auth(dw["office"]).get(f"{API}/confirmation-due?{query}").status_code == 422


def test_api_temporary_transfer_at_home_refused(api_client, dw):
    api_client.auth(dw["office"])
    response = api_client.post(f"{API}/{dw['full'].pk}/temporary-transfers", {
        "starts_on": "2026-01-05", "ends_on": "2026-04-05", "host_organization_id": dw["cell_a"].pk})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "host_organization_id" and "đang sinh hoạt ở chi bộ này" in detail["msg"]
    assert not TemporaryTransfer.objects.exists()


def test_confirmation_due_page_bad_within_days_falls_back(client, dw):
    response = get(client, dw["office"], reverse("members:confirmation_due") + "?within_days=abc&page=x")
    assert response.status_code == 200 and response.context["within_days"] == 30
