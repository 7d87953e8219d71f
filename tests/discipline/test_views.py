"""Pages per role and scope; the denouncer's identity on pages and in the export; writes by POST."""

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvu.discipline import services
from dangvu.discipline.models import Denunciation, Discipline

D = dt.date
SECRET = "Phạm Văn Tố"


@pytest.fixture
def cases(w):
    disc = services.record_discipline(w.ubkt, member=w.full, form="warning", violation_on=D(2024, 1, 10),
                                      decided_on=D(2024, 6, 10), decision_number="05-QĐ/UBKT")
    den = services.register_denunciation(
        w.ubkt, received_on=D(2026, 1, 5), content="Nội dung tố cáo", denouncer_name=SECRET,
        denouncer_address="Số 9 phố Bí Mật", subject_member=w.full,
    )
    comp = services.file_complaint(w.ubkt, disc, filed_on=D(2024, 6, 20), content="Xin xem xét lại")
    services.assign_handler(w.ubkt, den, w.handler)
    return disc, den, comp


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_pages_per_role(w, cases):
    disc, den, comp = cases
    urls = {
        "index": "/ky-luat/", "detail": f"/ky-luat/{disc.pk}/", "den": f"/ky-luat/to-cao/{den.pk}/",
        "den_list": "/ky-luat/to-cao/", "comp": f"/ky-luat/khieu-nai/{comp.pk}/", "comp_list": "/ky-luat/khieu-nai/",
        "report": "/ky-luat/bao-cao/", "create": "/ky-luat/them/", "den_create": "/ky-luat/to-cao/them/",
    }
    allowed = {
        "admin": set(urls), "ubkt": set(urls),
        "ubkt_other": {"index", "den_list", "comp_list", "report", "create", "den_create"},  # empty lists
        "handler": {"den", "index", "den_list", "comp_list"},  # their own cases only
        "vanphong": set(), "bithu": set(), "dangvien": {"index"},  # index redirects to the member's own page
    }
    for user in (w.admin, w.ubkt, w.ubkt_other, w.handler, w.office, w.secretary, w.member_user):
        c = client(user)
        for key, url in urls.items():
            r = c.get(url)
            expected = 200 if key in allowed[user.username] else 404
            if user.username == "dangvien" and key == "index":
                expected = 302
            assert r.status_code == expected, (user.username, url, r.status_code)
            if r.status_code == 200 and user.username in ("ubkt_other", "handler"):
                assert disc.decision_number not in r.content.decode()


def test_identity_only_on_commission_page(w, cases):
    _, den, _ = cases
    body = client(w.ubkt).get(f"/ky-luat/to-cao/{den.pk}/").content.decode()
    assert SECRET not in body and "Xem danh tính" in body  # read on request only (an audited reading)
    assert SECRET in client(w.ubkt).post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/").content.decode()
    for user in (w.admin, w.handler):
        body = client(user).get(f"/ky-luat/to-cao/{den.pk}/").content.decode()
        assert SECRET not in body and "Bí Mật" not in body and "Được bảo mật" in body
        assert "Xem danh tính</button>" not in body
        assert client(user).post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/").status_code == 404
    for user in (w.admin, w.ubkt):
        assert SECRET not in client(user).get("/ky-luat/to-cao/").content.decode()


def test_export_never_holds_identity(w, cases):
    for user in (w.admin, w.ubkt):
        r = client(user).get("/ky-luat/bao-cao/xuat-excel/")
        assert r.status_code == 200
        data = b"".join(r.streaming_content)
        wb = load_workbook(io.BytesIO(data), read_only=True)
        text = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
        assert SECRET not in text and "Bí Mật" not in text
        assert "Nguyễn Văn An" in text and "Cảnh cáo" in text
    assert client(w.office).get("/ky-luat/bao-cao/xuat-excel/").status_code == 404
    assert client(w.ubkt_other).get(f"/ky-luat/bao-cao/?organization={w.t['bloc'].pk}").status_code == 404


def test_report_counts_by_form_and_status(w, cases):
    from dangvu.discipline.reports import summary

    services.record_discipline(w.ubkt, organization=w.t["cell_b"], form="reprimand", violation_on=D(2024, 1, 1),
                               decided_on=D(2024, 2, 1))
    data = summary(w.ubkt, w.t["committee"], D(2024, 1, 1), D(2024, 12, 31))
    rows = {r["form"]: r for r in data["disciplines"]}
    assert rows["warning"]["members"] == 1 and rows["reprimand"]["organizations"] == 1
    assert data["discipline_total"] == 2 and data["complaint_total"] == 1
    assert data["denunciation_total"] == 0  # received in 2026, outside the period
    assert summary(w.ubkt_other)["discipline_total"] == 0


def test_member_sees_own_decision_only(w, cases):
    body = client(w.member_user).get("/ky-luat/cua-toi/").content.decode()
    assert "05-QĐ/UBKT" in body and "Cảnh cáo" in body
    assert client(w.office).get("/ky-luat/cua-toi/").status_code == 404


def test_create_discipline_page_post_and_bad_input(w):
    c = client(w.ubkt)
    r = c.post("/ky-luat/them/", {"member": w.probationary.pk, "form": "expulsion", "violation_on": "2026-01-02",
                                  "decided_on": "2026-02-02"})
    assert r.status_code == 200 and "không áp dụng cho đảng viên dự bị" in r.content.decode()
    assert Discipline.objects.count() == 0
    r = c.post("/ky-luat/them/", {"member": w.full.pk, "form": "reprimand", "violation_on": "2026-01-02",
                                  "decided_on": "2026-02-02", "decision_number": "01-QĐ"})
    assert r.status_code == 302
    assert Discipline.objects.get().decision_number == "01-QĐ"
    # the office cannot write (404)
    assert client(w.office).post("/ky-luat/them/", {"member": w.full.pk}).status_code == 404


def test_denunciation_page_post_and_actions(w):
    c = client(w.ubkt)
    r = c.post("/ky-luat/to-cao/them/", {"received_on": "2026-01-05", "anonymous": "on",
                                         "subject_member": w.full.pk, "content": "Đơn nặc danh"})
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Denunciation.objects.get()
    assert d.status == "not_handled"
    r = c.post("/ky-luat/to-cao/them/", {"received_on": "2026-01-05", "denouncer_name": "Người Gửi",
                                         "subject_member": w.full.pk, "content": "Đơn có tên"})
    d2 = Denunciation.objects.exclude(pk=d.pk).get()
    r = c.post(f"/ky-luat/to-cao/{d2.pk}/gia-han/", {"gia-han-days": 40, "gia-han-version": d2.version})
    assert r.status_code == 200 and "từ 1 đến 30 ngày làm việc" in r.content.decode()
    r = c.post(f"/ky-luat/to-cao/{d2.pk}/ket-luan/", {"ket-luan-result": "founded", "ket-luan-concluded_on": "2026-03-02",
                                                      "ket-luan-version": d2.version})
    assert r.status_code == 302
    d2.refresh_from_db()
    assert d2.status == "resolved"
    assert client(w.handler).post(f"/ky-luat/to-cao/{d2.pk}/thong-bao/", {}).status_code == 404


def test_assign_handler_page(w, cases):
    """The handler is picked from the registry by name and resolved to the member's account; out-of-reach and
    account-less members are refused with the field's Vietnamese message and nothing is assigned."""
    from dangvu.discipline.models import Handler
    from tests.factories import MemberFactory, UserFactory

    disc, _, _ = cases
    before = Handler.objects.count()
    mine = MemberFactory(full_name="Đỗ Thị Giao", organization=w.t["cell_b"], user=w.handler)
    w.other_member.user = UserFactory(username="ngoai")
    w.other_member.save(update_fields=["user"])
    c = client(w.ubkt)
    page = c.get(f"/ky-luat/{disc.pk}/").content.decode()
    assert 'data-picker data-name="member"' in page and "Lê Minh Châu" not in page
    found = c.get("/dang-vien/chon/", {"muc-dich": "discipline.handler", "q": "do thi"}).content.decode()
    assert "Đỗ Thị Giao" in found
    assert "Lê Minh Châu" not in c.get("/dang-vien/chon/", {"muc-dich": "discipline.handler", "q": "chau"}).content.decode()
    r = c.post(f"/ky-luat/phan-cong/ky-luat/{disc.pk}/", {"member": w.other_member.pk}, follow=True)
    assert "Người được giao: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    r = c.post(f"/ky-luat/phan-cong/ky-luat/{disc.pk}/", {"member": w.probationary.pk}, follow=True)
    assert "Đồng chí Trần Thị Bình chưa có tài khoản; hãy tạo tài khoản trước" in r.content.decode()
    assert Handler.objects.count() == before
    r = c.post(f"/ky-luat/phan-cong/ky-luat/{disc.pk}/", {"member": mine.pk})
    assert r.status_code == 302
    assert client(w.handler).get(f"/ky-luat/{disc.pk}/").status_code == 200
    assert client(w.handler).post(f"/ky-luat/phan-cong/ky-luat/{disc.pk}/", {"member": w.full.pk}).status_code == 404


def test_home_card_and_menu(w, cases):
    body = client(w.ubkt).get("/").content.decode()
    assert "Đơn tố cáo đang giải quyết" in body and "Kỷ luật, khiếu nại, tố cáo" in body
    body = client(w.office).get("/").content.decode()
    assert "Đơn tố cáo đang giải quyết" not in body and "/ky-luat/" not in body


def test_list_pages_do_not_query_per_row(w, django_assert_max_num_queries):
    for i in range(12):
        services.record_discipline(w.ubkt, member=w.full, form="reprimand", violation_on=D(2024, 1, 1),
                                   decided_on=D(2024, 2, 1) + dt.timedelta(days=i))
        services.register_denunciation(w.ubkt, received_on=D(2026, 1, 5), content="X", denouncer_name="Y",
                                       subject_organization=w.t["cell_a"])
    c = client(w.ubkt)
    for url in ("/ky-luat/", "/ky-luat/to-cao/", "/ky-luat/bao-cao/"):
        with django_assert_max_num_queries(15):
            assert c.get(url).status_code == 200


def test_organisation_move_keeps_cases_in_the_new_scope(w, cases):
    from dangvu.organizations.services import tree as tree_services

    disc, den, _ = cases
    # move the committee (with cell_a) under the other bloc: the other commission now reaches the cases
    tree_services.move_organization(None, w.t["committee"], new_parent=w.t["other"], version=None)
    for user in (w.ubkt_other,):
        user.__dict__.pop("_dangvu_reach", None)
    assert client(w.ubkt_other).get(f"/ky-luat/{disc.pk}/").status_code == 200
    assert client(w.ubkt).get(f"/ky-luat/{disc.pk}/").status_code == 404


def test_decision_docx_for_case_viewers_only(w, cases):
    from dangvu.core import partydoc

    disc, _, _ = cases
    r = client(w.ubkt).get(f"/ky-luat/{disc.pk}/quyet-dinh.docx")
    assert r.status_code == 200
    text = partydoc.docx_text(r.content)
    assert "QUYẾT ĐỊNH" in text and "cảnh cáo" in text and "Nguyễn Văn An" in text and "05-QĐ/UBKT" in text
    for user in (w.office, w.secretary, w.member_user, w.ubkt_other):
        assert client(user).get(f"/ky-luat/{disc.pk}/quyet-dinh.docx").status_code == 404


def test_member_picker_search_is_scoped_and_diacritic_free(w):
    body = client(w.ubkt).get("/ky-luat/tim-dang-vien/?q=nguyen van").content.decode()
    assert "Nguyễn Văn An" in body and "Lê Minh Châu" not in body
    assert "Lê Minh Châu" not in client(w.ubkt).get("/ky-luat/tim-dang-vien/?q=chau").content.decode()
    assert "Lê Minh Châu" in client(w.ubkt_other).get("/ky-luat/tim-dang-vien/?q=chau").content.decode()
    assert client(w.office).get("/ky-luat/tim-dang-vien/?q=an").status_code == 404


def test_htmx_pagination_answers_the_results_only(w, cases, settings):
    settings.PAGE_SIZE = 1
    services.record_discipline(w.ubkt, member=w.full, form="reprimand", violation_on=D(2024, 1, 1),
                               decided_on=D(2024, 2, 1))
    c = client(w.ubkt)
    full = c.get("/ky-luat/").content.decode()
    assert "<html" in full and "Trang 1 / 2" in full
    part = c.get("/ky-luat/?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and "Trang 2 / 2" in part
    for url in ("/ky-luat/to-cao/", "/ky-luat/khieu-nai/"):
        assert "<html" not in c.get(url, HTTP_HX_REQUEST="true").content.decode()


def _pdf(name="quyet-dinh.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def test_attachments_per_role(w, cases):
    disc, den, _ = cases
    c = client(w.ubkt)
    assert c.post(f"/ky-luat/tep/ky-luat/{disc.pk}/", {"file": _pdf(), "note": "Bản ký"}).status_code == 302
    assert c.post(f"/ky-luat/tep/to-cao/{den.pk}/", {"file": _pdf("don.pdf")}).status_code == 302
    from dangvu.core import files

    d_att = files.attachments(disc).get()
    den_att = files.attachments(den).get()
    assert c.get(f"/ky-luat/tep/ky-luat/{disc.pk}/{d_att.pk}/").status_code == 200
    assert c.get(f"/ky-luat/tep/to-cao/{den.pk}/{den_att.pk}/").status_code == 200
    # the denunciation letter may name the denouncer: the commission only
    for user in (w.admin, w.handler):
        assert client(user).get(f"/ky-luat/tep/to-cao/{den.pk}/{den_att.pk}/").status_code == 404
    assert client(w.admin).get(f"/ky-luat/tep/ky-luat/{disc.pk}/{d_att.pk}/").status_code == 200
    for user in (w.office, w.secretary, w.member_user, w.ubkt_other):
        assert client(user).get(f"/ky-luat/tep/ky-luat/{disc.pk}/{d_att.pk}/").status_code == 404
        assert client(user).post(f"/ky-luat/tep/ky-luat/{disc.pk}/", {"file": _pdf()}).status_code == 404
    # a file that is not what its extension says is refused, nothing stored
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("gia.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    r = c.post(f"/ky-luat/tep/ky-luat/{disc.pk}/", {"file": bad}, follow=True)
    assert files.attachments(disc).count() == 1 and "msg-error" in r.content.decode()


def test_amend_discipline_with_version(w, cases):
    disc, _, comp = cases
    c = client(w.ubkt)
    r = c.post(f"/ky-luat/{disc.pk}/sua/", {"decision_number": "05a-QĐ/UBKT", "received_on": "2024-06-12",
                                           "violation": "Sửa nội dung", "version": disc.version})
    assert r.status_code == 302
    disc.refresh_from_db()
    assert disc.decision_number == "05a-QĐ/UBKT" and disc.received_on == D(2024, 6, 12) and disc.version == 2
    r = c.post(f"/ky-luat/{disc.pk}/sua/", {"decision_number": "X", "version": 1})
    assert r.status_code == 200 and "đã được người khác sửa" in r.content.decode()
    # the complaint was filed on 20/06/2024: the decision cannot have been received after it
    r = c.post(f"/ky-luat/{disc.pk}/sua/", {"received_on": "2024-06-25", "version": disc.version})
    assert r.status_code == 200 and "không được sau ngày nhận đơn khiếu nại" in r.content.decode()
    disc.refresh_from_db()
    assert disc.decision_number == "05a-QĐ/UBKT"
    assert client(w.handler).get(f"/ky-luat/{disc.pk}/sua/").status_code == 404


def test_deadline_warnings_in_list_and_detail(w):
    from dangvu.core.dates import add_working_days, today

    # received long ago: overdue; received so that the deadline falls within 10 working days: warned
    late = services.register_denunciation(w.ubkt, received_on=D(2025, 6, 2), content="A", denouncer_name="B",
                                          subject_member=w.full)
    start = today()
    while add_working_days(start, 90) > add_working_days(today(), 5):
        start -= dt.timedelta(days=1)
    soon = services.register_denunciation(w.ubkt, received_on=start, content="C", denouncer_name="D",
                                          subject_member=w.full)
    c = client(w.ubkt)
    body = c.get("/ky-luat/to-cao/").content.decode()
    assert "quá hạn" in body and "sắp đến hạn" in body
    assert "Đã quá hạn giải quyết" in c.get(f"/ky-luat/to-cao/{late.pk}/").content.decode()
    assert "Sắp đến hạn giải quyết" in c.get(f"/ky-luat/to-cao/{soon.pk}/").content.decode()


def test_deadline_warning_follows_the_rule_data(w, monkeypatch):
    """The 'near the deadline' window is rule data: shorten it and a deadline 5 working days away is no longer warned."""
    from dangvu.core.dates import add_working_days, today
    from dangvu.discipline import rulesets

    start = today()
    while add_working_days(start, 90) > add_working_days(today(), 5):
        start -= dt.timedelta(days=1)
    soon = services.register_denunciation(w.ubkt, received_on=start, content="C", denouncer_name="D",
                                          subject_member=w.full)
    c = client(w.ubkt)
    assert "Sắp đến hạn giải quyết" in c.get(f"/ky-luat/to-cao/{soon.pk}/").content.decode()
    in_force = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force",
                        lambda day, which="discipline": {**in_force(day, which), "warn_working_days_before": 2})
    assert "Sắp đến hạn giải quyết" not in c.get(f"/ky-luat/to-cao/{soon.pk}/").content.decode()
    assert "sắp đến hạn" not in c.get("/ky-luat/to-cao/").content.decode()


def test_decision_states_the_complaint_window_of_the_rule_data(w, cases, monkeypatch):
    from dangvu.core import partydoc
    from dangvu.discipline import rulesets

    disc, _, _ = cases
    text = partydoc.docx_text(client(w.ubkt).get(f"/ky-luat/{disc.pk}/quyet-dinh.docx").content)
    assert "Trong thời hạn 1 tháng kể từ ngày nhận quyết định" in text and "10/07/2024" in text
    in_force = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force",
                        lambda day, which="discipline": {**in_force(day, which), "complaint_window_months": 2})
    text = partydoc.docx_text(client(w.ubkt).get(f"/ky-luat/{disc.pk}/quyet-dinh.docx").content)
    assert "Trong thời hạn 2 tháng kể từ ngày nhận quyết định" in text and "10/08/2024" in text


def test_create_forms_pick_by_search_and_refuse_out_of_reach(w):
    """The discipline and denunciation forms search members and organisations (no option list of the reach);
    a member or organisation outside the commission's reach gets the field's Vietnamese message, nothing written."""
    c = client(w.ubkt)
    for url, names in (("/ky-luat/them/", ("member", "organization", "decided_by")),
                       ("/ky-luat/to-cao/them/", ("subject_member", "subject_organization", "handled_by"))):
        page = c.get(url).content.decode()
        assert all(f'data-name="{n}"' in page for n in names)
        assert "Chi bộ Khác" not in page and "Lê Minh Châu" not in page and "Nguyễn Văn An" not in page
    found = c.get("/to-chuc/chon/", {"muc-dich": "discipline.case", "q": "chi bo"}).content.decode()
    assert "Chi bộ Văn phòng" in found and "Chi bộ Khác" not in found
    found = c.get("/dang-vien/chon/", {"muc-dich": "discipline.subject", "q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in found
    r = c.post("/ky-luat/them/", {"member": w.other_member.pk, "form": "reprimand", "violation_on": "2026-01-02",
                                  "decided_on": "2026-02-02"})
    assert "Đảng viên bị kỷ luật: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    r = c.post("/ky-luat/to-cao/them/", {"received_on": "2026-01-05", "anonymous": "on", "content": "Đơn",
                                         "subject_organization": w.t["other_cell"].pk})
    assert "hoặc tổ chức đảng bị tố cáo: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Discipline.objects.count() == 0 and Denunciation.objects.count() == 0
    page = c.get("/ky-luat/them/", {"member": w.full.pk}).content.decode()
    assert f'name="member" value="{w.full.pk}"' in page and "Nguyễn Văn An" in page  # preselected from the profile
