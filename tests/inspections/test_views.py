"""Pages under /kiem-tra/: every page for each role inside and outside its scope (404 outside), the
confidentiality of inspection files, bad input on the forms (Vietnamese message, nothing written),
the remedy dashboard and the subject's own view, programmes (planned against done), the report and its
.xlsx export."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.core.models import Attachment
from dangvu.inspections import nav, services
from dangvu.inspections.models import Conclusion, Inspection, Programme, ProgrammeItem, Remedy, TeamMember
from dangvu.organizations.access import reach
from tests.factories import OrganizationFactory

from .conftest import D

CONCLUDED_ON = dt.date(2025, 9, 20)


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def _conclude(users, t, case, shortcomings=None):
    if shortcomings is None:
        shortcomings = [
            {"text": "Sinh hoạt chuyên đề chưa đều", "owner_organization_id": t["committee"].pk,
             "due_on": dt.date(2025, 12, 31)},
            {"text": "Sổ biên bản thiếu kết luận của bí thư", "owner_organization_id": t["cell_a"].pk,
             "due_on": dt.date(2025, 10, 31)},
        ]
    return services.conclude(users["ubkt"], case, text="Đảng ủy hoàn thành tốt nhiệm vụ.",
                             strengths=["Lãnh đạo tốt nhiệm vụ chính trị"], shortcomings=shortcomings,
                             score=94, concluded_on=CONCLUDED_ON, rating="Hoàn thành tốt nhiệm vụ")


def _counts():
    return (Inspection.objects.count(), TeamMember.objects.count(), Conclusion.objects.count(),
            Remedy.objects.count(), Attachment.objects.count())


# ------------------------------------------------------------------------------ case pages by role


@pytest.mark.parametrize("who, status", [
    ("admin", 200), ("ubkt", 200), ("dept_ubkt", 200), ("teamer", 200),
    ("other_ubkt", 404), ("office", 404), ("secretary", 404), ("member", 404), ("outsider", 404),
])
def test_case_detail_is_confidential(users, case, who, status):
    r = client_for(users[who]).get(reverse("inspections:detail", args=[case.pk]))
    assert r.status_code == status
    if status == 200:
        assert "Đoàn công tác" in r.content.decode()


@pytest.mark.parametrize("who, listed", [("admin", True), ("ubkt", True), ("teamer", True), ("other_ubkt", False)])
def test_case_list_shows_only_cases_in_reach(users, case, who, listed):
    r = client_for(users[who]).get(reverse("inspections:index"))
    assert r.status_code == 200
    assert (reverse("inspections:detail", args=[case.pk]) in r.content.decode()) is listed


def test_case_list_sends_remedy_roles_to_their_view_and_others_away(users, case):
    r = client_for(users["office"]).get(reverse("inspections:index"))
    assert r.status_code == 302 and r.url == reverse("inspections:remedies")
    assert client_for(users["member"]).get(reverse("inspections:index")).status_code == 404
    assert client_for(users["outsider"]).get(reverse("inspections:index")).status_code == 404


def test_case_list_query_count_does_not_grow_with_rows(users, t, case, django_assert_max_num_queries):
    for _ in range(6):
        services.open_inspection(users["ubkt"], kind="finance", conducted_by=t["bloc"], subject_organization=t["cell_b"],
                                 decided_on=D, period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    c = client_for(users["ubkt"])
    with django_assert_max_num_queries(14):
        r = c.get(reverse("inspections:index"))
    assert r.content.decode().count("Kiểm tra tài chính đảng") >= 6


# ----------------------------------------------------------------------------------- creating a case


def _create_data(t, **kw):
    data = {"kind": "task_implementation", "conducted_by": t["bloc"].pk, "subject_organization": t["committee"].pk,
            "decided_on": "2025-09-01", "period_from": "2024-01-01", "period_to": "2024-12-31",
            "decision_number": "15-QĐ/ĐUK", "title": "Thực hiện Chỉ thị 05"}
    data.update(kw)
    return data


def test_create_case_by_commission_computes_deadline(users, t):
    r = client_for(users["ubkt"]).post(reverse("inspections:create"), _create_data(t))
    assert r.status_code == 302
    i = Inspection.objects.get()
    assert r.url == reverse("inspections:detail", args=[i.pk])
    assert i.due_on == dt.date(2025, 9, 21)  # bloc = directly above grassroots: 20 days (296-QĐ/TW)


@pytest.mark.parametrize("field, value, words", [
    ("period_from", "2020-08-31", "không quá 5 năm"),
    ("period_to", "2025-09-02", "không được kết thúc sau ngày quyết định"),
    ("subject_organization", "other_cell", "không phải tổ chức đảng cấp dưới"),
])
def test_create_case_bad_input_writes_nothing(users, t, field, value, words):
    if value in t:
        value = t[value].pk
        users["ubkt"].is_superuser = True  # the other branch must be in the choices to reach the service
        users["ubkt"].save()
    before = _counts()
    r = client_for(users["ubkt"]).post(reverse("inspections:create"), _create_data(t, **{field: value}))
    assert r.status_code == 200
    assert words in r.content.decode()
    assert _counts() == before


def test_create_case_shows_the_fields_and_the_rules_errors_in_one_round(users, t):
    """A day that does not exist (the form's error) and a period ending after the decision (the service's) in the
    same answer, not the second only after the first is fixed."""
    before = _counts()
    r = client_for(users["ubkt"]).post(reverse("inspections:create"),
                                       _create_data(t, period_from="31/02/2024", period_to="2025-09-02"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "không được kết thúc sau ngày quyết định" in html
    assert "ngày không hợp lệ" in html.lower() or "không hợp lệ" in html
    assert _counts() == before


def test_create_case_pickers_search_and_refuse_out_of_reach(users, t):
    """Bodies, subjects and the subject member are searched (no list of every organisation in the page); an
    organisation or member outside the commission's reach gets the field's Vietnamese message, nothing written."""
    from tests.factories import MemberFactory

    c = client_for(users["ubkt"])
    page = c.get(reverse("inspections:create")).content.decode()
    assert 'data-name="conducted_by"' in page and 'data-name="subject_member"' in page
    assert "Chi bộ Kế toán" not in page and "Đảng bộ Sở Thử nghiệm" not in page  # no organisation option list
    found = c.get(reverse("organizations:pick"), {"muc-dich": "inspections.case", "q": "chi bo"}).content.decode()
    assert "Chi bộ Kế toán" in found and "Chi bộ Khác" not in found
    before = _counts()
    r = c.post(reverse("inspections:create"), _create_data(t, subject_organization=t["other_cell"].pk))
    assert "Tổ chức đảng được kiểm tra: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    stranger = MemberFactory(organization=t["other_cell"])
    r = c.post(reverse("inspections:create"), _create_data(t, subject_organization="", subject_member=stranger.pk))
    assert "hoặc đảng viên được kiểm tra: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert _counts() == before
    inside = MemberFactory(organization=t["cell_a"])
    r = c.post(reverse("inspections:create"), _create_data(t, subject_organization="", subject_member=inside.pk))
    assert r.status_code == 302 and Inspection.objects.get().subject_member == inside


@pytest.mark.parametrize("who", ["office", "secretary", "member", "outsider"])
def test_create_case_refused_to_non_commission_roles(users, t, who):
    c = client_for(users[who])
    assert c.get(reverse("inspections:create")).status_code == 404
    assert c.post(reverse("inspections:create"), _create_data(t)).status_code == 404
    assert Inspection.objects.count() == 0


# ------------------------------------------------------------------------------------ steps, team


def test_team_member_records_session_and_step_but_cannot_steer(users, case):
    c = client_for(users["teamer"])
    r = c.post(reverse("inspections:action", args=[case.pk, "session"]), {
        "held_on": "2025-09-10", "place": "Hội trường Sở", "team_attendees": "Trưởng đoàn và 3 thành viên",
        "subject_attendees": "Ban Thường vụ Đảng ủy Sở; bí thư các chi bộ"})
    assert r.status_code == 302
    assert case.sessions.count() == 1
    r = c.post(reverse("inspections:action", args=[case.pk, "step"]),
               {"step": "outline_sent_on", "on": "2025-09-02", "version": Inspection.objects.get().version})
    assert r.status_code == 302
    assert Inspection.objects.get().outline_sent_on == dt.date(2025, 9, 2)
    # steering the case (team, extension, conclusion) belongs to the commission
    assert c.post(reverse("inspections:action", args=[case.pk, "extend"]),
                  {"days": 3, "reason": "Bổ sung hồ sơ"}).status_code == 404
    assert c.get(reverse("inspections:conclude", args=[case.pk])).status_code == 404


def test_session_before_decision_gets_message_and_writes_nothing(users, case):
    c = client_for(users["ubkt"])
    r = c.post(reverse("inspections:action", args=[case.pk, "session"]), {
        "held_on": "2025-08-31", "place": "Sở", "team_attendees": "Đoàn", "subject_attendees": "Đảng ủy"}, follow=True)
    assert "không được trước ngày quyết định thành lập đoàn" in r.content.decode()
    assert case.sessions.count() == 0


def test_extension_over_one_third_refused_on_page(users, case):
    c = client_for(users["ubkt"])
    v = Inspection.objects.get().version
    r = c.post(reverse("inspections:action", args=[case.pk, "extend"]),
               {"days": 7, "reason": "Bổ sung hồ sơ", "version": v}, follow=True)
    assert "không quá 6 ngày" in r.content.decode()
    r = c.post(reverse("inspections:action", args=[case.pk, "extend"]),
               {"days": 6, "reason": "Bổ sung hồ sơ", "version": v}, follow=True)
    assert Inspection.objects.get().due_on == dt.date(2025, 9, 27)


def test_add_team_member_via_page(t, users, case, make_user):
    """A team member is picked from the registry (search by name, no diacritics needed) and resolved to the
    member's account; a member outside the commission's reach or without an account is refused in Vietnamese."""
    from tests.factories import MemberFactory

    u = make_user("thanhvien2", full_name="Phạm Thị Thu")
    inside = MemberFactory(organization=t["cell_b"], user=u, full_name="Phạm Thị Thu")
    outside = MemberFactory(organization=t["other_cell"], user=make_user("nguoingoai"), full_name="Phạm Thị Thuận")
    no_account = MemberFactory(organization=t["cell_a"], full_name="Lê Văn Chưa")
    c = client_for(users["ubkt"])
    page = c.get(reverse("inspections:detail", args=[case.pk])).content.decode()
    assert 'data-picker data-name="team-member"' in page and "Phạm Thị Thuận" not in page  # no option list
    r = c.get(reverse("members:pick"), {"muc-dich": "inspections.team", "q": "pham thi thu"})
    assert "Phạm Thị Thu" in r.content.decode() and "Phạm Thị Thuận" not in r.content.decode()
    r = c.post(reverse("inspections:action", args=[case.pk, "team"]),
               {"team-member": outside.pk, "team-role": "member", "team-position": ""}, follow=True)
    assert "ngoài phạm vi của bạn" in r.content.decode()
    assert not case.team.filter(user=outside.user).exists()
    r = c.post(reverse("inspections:action", args=[case.pk, "team"]),
               {"team-member": no_account.pk, "team-role": "member"}, follow=True)
    assert "Đồng chí Lê Văn Chưa chưa có tài khoản; hãy tạo tài khoản trước" in r.content.decode()
    r = c.post(reverse("inspections:action", args=[case.pk, "team"]),
               {"team-member": inside.pk, "team-role": "member", "team-position": "Ủy viên UBKT"})
    assert r.status_code == 302
    assert case.team.filter(user=u).exists()
    # a second leader is refused with a message
    leader = MemberFactory(organization=t["cell_a"], user=users["office"])
    r = c.post(reverse("inspections:action", args=[case.pk, "team"]),
               {"team-member": leader.pk, "team-role": "leader"}, follow=True)
    assert "đã có trưởng đoàn" in r.content.decode()
    assert not case.team.filter(user=users["office"]).exists()
    assert client_for(users["office"]).get(reverse("inspections:user_options")).status_code == 404


def test_attachment_upload_and_download_follow_confidentiality(users, case):
    c = client_for(users["teamer"])
    f = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf")
    r = c.post(reverse("inspections:action", args=[case.pk, "attach"]), {"purpose": "session", "file": f, "note": ""})
    assert r.status_code == 302
    att = Attachment.objects.get()
    url = reverse("inspections:attachment", args=[case.pk, att.pk])
    assert c.get(url).status_code == 200
    assert client_for(users["ubkt"]).get(url).status_code == 200
    for who in ("office", "secretary", "other_ubkt", "member"):
        assert client_for(users[who]).get(url).status_code == 404


def test_attachment_of_wrong_kind_refused(users, case):
    f = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all", content_type="application/pdf")
    r = client_for(users["ubkt"]).post(reverse("inspections:action", args=[case.pk, "attach"]),
                                       {"purpose": "session", "file": f}, follow=True)
    assert "không phải tệp" in r.content.decode()
    assert Attachment.objects.count() == 0


# ------------------------------------------------------------------------------------- conclusion


def _conclusion_post(t, **kw):
    data = {"number": "45-TB/ĐUK", "concluded_on": "2025-09-20", "text": "Đảng ủy Sở hoàn thành tốt nhiệm vụ.",
            "strengths": "Lãnh đạo tốt nhiệm vụ chính trị\nXây dựng kế hoạch cụ thể", "recommendations": "",
            "score": "94", "score_max": "100", "rating": "Hoàn thành tốt nhiệm vụ",
            "sc-TOTAL_FORMS": "2", "sc-INITIAL_FORMS": "0", "sc-MIN_NUM_FORMS": "0", "sc-MAX_NUM_FORMS": "30",
            "sc-0-text": "Sinh hoạt chuyên đề chưa phong phú", "sc-0-owner_organization": "",
            "sc-0-due_on": "2025-12-31",
            "sc-1-text": "Công tác kiểm tra của chi bộ chưa sâu sát", "sc-1-owner_organization": t["cell_a"].pk,
            "sc-1-due_on": "2025-11-30"}
    data.update(kw)
    return data


def test_conclusion_page_creates_remedies_and_docx(users, t, case):
    c = client_for(users["ubkt"])
    assert c.get(reverse("inspections:conclude", args=[case.pk])).status_code == 200
    r = c.post(reverse("inspections:conclude", args=[case.pk]), _conclusion_post(t))
    assert r.status_code == 302
    conclusion = Conclusion.objects.get()
    assert conclusion.score == 94 and conclusion.strengths == ["Lãnh đạo tốt nhiệm vụ chính trị",
                                                               "Xây dựng kế hoạch cụ thể"]
    owners = dict(Remedy.objects.values_list("text", "owner_organization"))
    assert owners["Sinh hoạt chuyên đề chưa phong phú"] == t["committee"].pk  # blank owner: the subject
    assert owners["Công tác kiểm tra của chi bộ chưa sâu sát"] == t["cell_a"].pk
    page = c.get(reverse("inspections:detail", args=[case.pk])).content.decode()
    assert "94/100" in page
    r = c.get(reverse("inspections:conclusion_docx", args=[case.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(users["teamer"]).get(reverse("inspections:conclusion_docx", args=[case.pk])).status_code == 200
    for who in ("office", "secretary", "other_ubkt"):
        assert client_for(users[who]).get(reverse("inspections:conclusion_docx", args=[case.pk])).status_code == 404


def test_conclusion_remedy_due_before_conclusion_refused(users, t, case):
    before = _counts()
    r = client_for(users["ubkt"]).post(reverse("inspections:conclude", args=[case.pk]),
                                       _conclusion_post(t, **{"sc-1-due_on": "2025-09-19"}))
    assert r.status_code == 200
    assert "hạn khắc phục không được trước ngày kết luận" in r.content.decode()
    assert _counts() == before


def test_conclusion_owner_is_searched_inside_the_case_scope(users, t, case):
    """A remedy's owner is picked by search (no list of the sub-tree per row); one outside the case's scope gets
    the field's Vietnamese message and nothing is written."""
    c = client_for(users["ubkt"])
    page = c.get(reverse("inspections:conclude", args=[case.pk])).content.decode()
    assert 'data-name="sc-0-owner_organization"' in page and "Chi bộ Kế toán" not in page
    before = _counts()
    for outside in (t["other_cell"], t["bloc"]):  # another branch; above the case's subject
        r = c.post(reverse("inspections:conclude", args=[case.pk]),
                   _conclusion_post(t, **{"sc-1-owner_organization": outside.pk}))
        assert r.status_code == 200
        assert "Tổ chức khắc phục: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert _counts() == before


def test_conclusion_before_team_refused(users, t):
    i = services.open_inspection(users["ubkt"], kind="finance", conducted_by=t["bloc"],
                                 subject_organization=t["committee"], decided_on=D,
                                 period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    before = _counts()
    r = client_for(users["ubkt"]).post(reverse("inspections:conclude", args=[i.pk]), _conclusion_post(t))
    assert r.status_code == 200
    assert "chưa có đoàn kiểm tra" in r.content.decode()
    assert _counts() == before


# --------------------------------------------------------------------------------------- remedies


@pytest.mark.parametrize("who, visible", [
    ("admin", 2), ("ubkt", 2), ("office", 2), ("teamer", 2), ("secretary", 1), ("dept_ubkt", 2), ("other_ubkt", 0),
])
def test_remedy_dashboard_per_role(users, t, case, who, visible):
    _conclude(users, t, case)
    r = client_for(users[who]).get(reverse("inspections:remedies"))
    if who == "other_ubkt":
        assert r.status_code == 200 and "Không có nội dung nào" in r.content.decode()
        return
    body = r.content.decode()
    shown = sum(text in body for text in ("Sinh hoạt chuyên đề chưa đều", "Sổ biên bản thiếu kết luận"))
    assert shown == visible


def test_remedies_refused_to_plain_member_and_outsider(users):
    assert client_for(users["member"]).get(reverse("inspections:remedies")).status_code == 404
    assert client_for(users["outsider"]).get(reverse("inspections:remedies")).status_code == 404


def test_remedy_dashboard_counts_overdue_per_subtree(users, t, case, set_today):
    _conclude(users, t, case)
    import dangvu.inspections.queries as q

    set_today(dt.date(2025, 11, 15))
    rows = q.remedy_dashboard(users["office"], t["committee"])
    by_org = {r["owner_organization_id"]: r for r in rows}
    assert by_org[t["cell_a"].pk]["overdue"] == 1 and by_org[t["committee"].pk]["overdue"] == 0
    assert q.remedy_dashboard(users["office"], t["cell_b"]) == []
    r = client_for(users["office"]).get(reverse("inspections:remedies"), {"organization": t["committee"].pk,
                                                                           "state": "overdue"})
    body = r.content.decode()
    assert "Sổ biên bản thiếu kết luận" in body and "Sinh hoạt chuyên đề chưa đều" not in body


def test_subject_secretary_reports_remedy_done(users, t, case):
    _conclude(users, t, case)
    rem = Remedy.objects.get(owner_organization=t["committee"])
    c = client_for(users["secretary"])
    url = reverse("inspections:remedy", args=[rem.pk])
    r = c.post(url, {"status": "done", "done_on": "2025-09-19", "evidence": "Đã tổ chức", "version": rem.version})
    assert r.status_code == 200 and "không được trước ngày kết luận" in r.content.decode()
    assert Remedy.objects.get(pk=rem.pk).status == "open"
    f = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    r = c.post(url, {"status": "done", "done_on": "2025-10-15", "evidence": "Đã tổ chức sinh hoạt chuyên đề",
                     "version": rem.version, "file": f})
    assert r.status_code == 302
    rem.refresh_from_db()
    assert rem.status == "done" and rem.on_time
    assert Attachment.objects.filter(object_id=rem.pk, purpose="remedy").count() == 1
    # the cell_a remedy is outside the committee secretary's reach (no sub-tree)
    other = Remedy.objects.get(owner_organization=t["cell_a"])
    assert c.get(reverse("inspections:remedy", args=[other.pk])).status_code == 404
    # the subject sees the remedy but not the confidential case file behind it
    assert c.get(reverse("inspections:detail", args=[case.pk])).status_code == 404


def test_remedy_stale_version_conflict(users, t, case):
    _conclude(users, t, case)
    rem = Remedy.objects.get(owner_organization=t["committee"])
    services.update_remedy(users["office"], rem, status="in_progress", evidence="Đang làm", version=rem.version)
    r = client_for(users["secretary"]).post(reverse("inspections:remedy", args=[rem.pk]), {
        "status": "done", "done_on": "2025-10-01", "evidence": "Xong", "version": rem.version})
    assert r.status_code == 200 and "người khác sửa" in r.content.decode()
    assert Remedy.objects.get(pk=rem.pk).status == "in_progress"


# ------------------------------------------------------------------------------------- programmes


def test_programme_forms_pick_organisations_by_search(users, t):
    """The programme's organisation and an item's subject are searched, not listed; one outside the reach (or
    not below the programme's organisation) gets the field's Vietnamese message and nothing is written."""
    c = client_for(users["ubkt"])
    page = c.get(reverse("inspections:programmes")).content.decode()
    assert 'data-name="organization"' in page and "Chi bộ Kế toán" not in page
    r = c.post(reverse("inspections:programmes"), {"organization": t["other"].pk, "year": 2025, "title": "CT"})
    assert "Cấp ủy, ủy ban kiểm tra: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Programme.objects.count() == 0
    assert c.post(reverse("inspections:programmes"), {"organization": t["committee"].pk, "year": 2025,
                                                      "title": "CT"}).status_code == 302
    p = Programme.objects.get()
    for outside in (t["committee"], t["other_cell"]):  # itself, and another branch
        r = c.post(reverse("inspections:programme", args=[p.pk]), {
            "subject_organization": outside.pk, "kind": "finance", "content": "Đảng phí", "month": 9})
        assert "Đối tượng: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert ProgrammeItem.objects.count() == 0


def test_programme_planned_against_done(users, t, case):
    c = client_for(users["ubkt"])
    r = c.post(reverse("inspections:programmes"), {"organization": t["bloc"].pk, "year": 2025,
                                                     "title": "Chương trình kiểm tra, giám sát năm 2025"})
    assert r.status_code == 302
    p = Programme.objects.get()
    r = c.post(reverse("inspections:programme", args=[p.pk]), {
        "subject_organization": t["committee"].pk, "kind": "task_implementation", "content": "Chỉ thị 05",
        "month": 9})
    assert r.status_code == 302
    r = c.post(reverse("inspections:programme", args=[p.pk]), {
        "subject_organization": t["cell_b"].pk, "kind": "finance", "content": "Thu, nộp đảng phí", "month": 13})
    assert r.status_code == 200 and ProgrammeItem.objects.count() == 1
    item = ProgrammeItem.objects.get()
    i = services.open_inspection(users["ubkt"], kind="task_implementation", conducted_by=t["bloc"],
                                 subject_organization=t["committee"], decided_on=D, programme_item=item,
                                 period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    body = c.get(reverse("inspections:programme", args=[p.pk])).content.decode()
    assert "1 nội dung theo kế hoạch · 1 đã tiến hành · 0 đã kết luận" in body
    services.add_team_member(users["ubkt"], i, user=users["ubkt"], role="leader")
    services.conclude(users["ubkt"], i, text="Kết luận", concluded_on=CONCLUDED_ON)
    body = c.get(reverse("inspections:programme", args=[p.pk])).content.decode()
    assert "1 đã kết luận" in body
    # office of the bloc reads and writes programmes; secretary and the other branch do not see it
    assert client_for(users["office"]).get(reverse("inspections:programme", args=[p.pk])).status_code == 200
    for who in ("secretary", "other_ubkt", "member"):
        assert client_for(users[who]).get(reverse("inspections:programme", args=[p.pk])).status_code == 404


# ---------------------------------------------------------------------------------------- reports


def test_report_counts_organisations_inspected_and_exports_xlsx(users, t, case):
    # seed 001 reports "17 organisations inspected": 17 distinct subject organisations in the period
    orgs = [OrganizationFactory(name=f"Chi bộ số {n}", kind="attached_cell", parent=t["committee"])
            for n in range(16)]
    for o in orgs:
        services.open_inspection(users["ubkt"], kind="task_implementation", conducted_by=t["bloc"],
                                 subject_organization=o, decided_on=D, period_from=dt.date(2024, 1, 1),
                                 period_to=dt.date(2024, 12, 31))
    services.open_inspection(users["ubkt"], kind="finance", conducted_by=t["bloc"], subject_organization=orgs[0],
                             decided_on=D, period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    _conclude(users, t, case)
    params = {"organization": t["bloc"].pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    c = client_for(users["ubkt"])
    body = c.get(reverse("inspections:report"), params).content.decode()
    assert "<b>18</b><span>cuộc kiểm tra, giám sát</span>" in body
    assert "<b>17</b><span>tổ chức đảng được kiểm tra, giám sát</span>" in body
    r = c.get(reverse("inspections:report_export"), params)
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    flat = {row[0]: row[1:] for row in rows if row and row[0]}
    assert flat["Số tổ chức đảng được kiểm tra, giám sát"][0] == 17
    assert flat["Kiểm tra việc thực hiện nhiệm vụ"][:4] == (16, 0, 0, 16)
    assert flat["Đoàn công tác, khảo sát"][:4] == (0, 0, 1, 1)
    assert flat["Tổng số nội dung phải khắc phục"][0] == 2
    cases = list(wb["Danh sách cuộc"].iter_rows(values_only=True))
    assert len(cases) == 1 + 18
    assert any(row[8] == 94 for row in cases[1:])
    # another branch's commission counts nothing of this branch; office has no report
    r = client_for(users["other_ubkt"]).get(reverse("inspections:report_export"), params)
    assert r.status_code == 302 and r.url == reverse("inspections:report")  # not in its choices: no file
    assert client_for(users["office"]).get(reverse("inspections:report"), params).status_code == 404


def test_report_bad_period_message(users, t):
    r = client_for(users["ubkt"]).get(reverse("inspections:report"), {
        "organization": t["bloc"].pk, "date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert r.status_code == 200 and "Đến ngày: phải sau hoặc bằng Từ ngày." in r.content.decode()


# ------------------------------------------------------------------------------------ menu, cards


def test_menu_and_cards_per_role(users, t, case, rf):
    _conclude(users, t, case)
    assert [u for u, _ in nav.items(users["ubkt"], reach(users["ubkt"]))] == [
        "inspections:index", "inspections:remedies", "inspections:programmes"]
    assert [u for u, _ in nav.items(users["secretary"], reach(users["secretary"]))] == ["inspections:remedies"]
    assert [u for u, _ in nav.items(users["teamer"], reach(users["teamer"]))] == [
        "inspections:index", "inspections:remedies"]
    assert nav.items(users["member"], reach(users["member"])) == []
    request = rf.get("/")
    request.user = users["office"]
    cards = nav.cards(request, reach(users["office"]))
    assert [c["title"] for c in cards] == ["Nội dung khắc phục chưa xong"] and cards[0]["value"] == 2


def test_case_list_warns_as_deadline_approaches(users, t, set_today):
    i = services.open_inspection(users["ubkt"], kind="finance", conducted_by=t["bloc"], subject_organization=t["cell_b"],
                                 decided_on=D, period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    assert i.due_on == dt.date(2025, 9, 21)
    c = client_for(users["ubkt"])
    for day, expected in [(dt.date(2025, 9, 15), ""), (dt.date(2025, 9, 16), "sắp đến hạn"),
                          (dt.date(2025, 9, 21), "sắp đến hạn"), (dt.date(2025, 9, 22), "quá hạn")]:
        set_today(day)
        body = c.get(reverse("inspections:index")).content.decode()
        assert ("sắp đến hạn" in body) == (expected == "sắp đến hạn"), day
        assert (">quá hạn<" in body) == (expected == "quá hạn"), day


def test_remedy_list_query_count_does_not_grow_with_rows(users, t, case, django_assert_max_num_queries):
    _conclude(users, t, case, shortcomings=[
        {"text": f"Hạn chế {n}", "owner_organization_id": t["cell_b"].pk, "due_on": dt.date(2025, 12, 31)}
        for n in range(12)])
    c = client_for(users["office"])
    with django_assert_max_num_queries(12):
        r = c.get(reverse("inspections:remedies"))
    assert r.content.decode().count("Hạn chế ") >= 12
