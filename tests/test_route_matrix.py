"""The scope matrix, generated from the routes: every page (Django's URL resolver) and every API
operation (the OpenAPI of /api/v1/) has a case here or a written exemption, so a new route without
one fails ``test_every_route_has_a_case_or_an_exemption``.

A case says, for one route, what each role gets for an object inside its scope (``expect``: the
statuses of admin, office, inspection, secretary, member and anonymous); the same route asked
about the same object by a user holding the same role on the other branch of the tree (outside
scope) answers 404, for reads and writes alike, and a refused write changes nothing (no audit
entry). The world is the demo data (``tests/route_matrix_world.py``).

Adding a route: add its case below (``C("200 200 200 404 404 302")``, with ``params`` when a
path parameter does not name its object by the usual name, ``query`` when it needs one, and
``method="POST"`` for a page that only takes POST), or an exemption with the reason.
"""

import json
from dataclasses import dataclass, field

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dangvu.core import partydoc
from dangvu.core.models import AuditEntry

from . import route_matrix_routes as R
from .route_matrix_world import NOW, ROLES, World, check_deferred_now

pytestmark = pytest.mark.django_db
CLOCK = NOW  # the world is built once at NOW; every test runs then too (tests/conftest.py `_clock`)
SCOPED_ROLES = ("office", "inspection", "secretary", "member")
PDF = partydoc.libreoffice() is not None  # the PDF routes answer by what the machine can make  # the roles that have an "outside"


@dataclass(frozen=True)
class C:
    expect: str  # in scope: admin office inspection secretary member anonymous
    params: dict = field(default_factory=dict)
    query: str = ""
    method: str = "GET"  # pages only: POST for the views that take nothing else
    scoped: bool | None = None  # None: scoped when the route has a path parameter
    body: dict = field(default_factory=dict)  # API writes: fields added to the minimal body
    leaks: tuple = ()  # roles whose answer is a known leak fixed on another branch (see test_known_leaks)


# -- exemptions -------------------------------------------------------------------------------------

EXEMPT_PREFIXES = {
    "/quan-tri/": "Django's admin site: staff only (is_staff), guarded by Django's own permission checks; "
    "only the demo's superuser is staff.",
}
EXEMPT = {
    "/api/v1/": "the API root answers the docs link; no data.",
    "/api/v1/docs": "interactive documentation page of the OpenAPI (no data).",
    "/api/v1/openapi.json": "the schema itself (no data); read by tests/api/test_schemathesis.py.",
    "/dang-xuat/": "log out: POST only for everyone (405 on GET), no object.",
    "POST /api/v1/auth/token": "the log-in endpoint (tests/api/test_auth.py); no scope.",
    "/api/v1/^(?P<rest>.*)$": "the JSON 404 for unknown paths under the API (tests/api/test_errors.py); no data.",
}

# -- pages ------------------------------------------------------------------------------------------

ATT = {"att_id": None}  # placeholder replaced per route below
ACC = {"user_id": "account"}  # the member user's account (tests/route_matrix_world.py)
IMP = {"pk": "import_batch"}  # a checked import of branch A (tests/route_matrix_world.py)
JOB = {"job_id": "job"}  # background jobs: a finished export of the office user of branch A
PAGES = {
    "/phat-trien-dang-vien/": C("200 200 404 200 404 302"),
    "/phat-trien-dang-vien/them/": C("200 200 404 200 404 302"),
    "/phat-trien-dang-vien/chi-tieu/": C("200 200 404 200 404 302"),
    "/phat-trien-dang-vien/<int:pk>/": C("200 200 404 200 404 302"),
    "/phat-trien-dang-vien/<int:pk>/sua/": C("200 200 404 200 404 302"),
    "/phat-trien-dang-vien/<int:pk>/buoc/": C("422 422 404 422 404 302", method="POST"),
    "/phat-trien-dang-vien/<int:pk>/ket-nap/": C("422 422 404 404 404 302", method="POST"),
    "/phat-trien-dang-vien/<int:pk>/ho-so/": C("422 422 404 422 404 302", method="POST"),
    "/phat-trien-dang-vien/<int:pk>/tep/<int:att_id>/": C("200 200 404 200 404 302",
                                                          params={"att_id": "prospect_attachment"}),
    "/tai-khoan/": C("200 200 404 404 404 302"),
    "/tai-khoan/<int:user_id>/": C("200 200 404 404 404 302", params=ACC),
    "/tai-khoan/<int:user_id>/dat-lai-mat-khau/": C("200 200 404 404 404 302", params=ACC),
    "/tai-khoan/<int:user_id>/khoa-mo/": C("200 200 404 404 404 302", params=ACC),
    "/tai-khoan/<int:user_id>/phan-quyen/": C("200 200 404 404 404 302", params=ACC),
    "/tai-khoan/<int:user_id>/phan-quyen/<int:ra_id>/thu-hoi/": C(
        "200 200 404 404 404 302", params={**ACC, "ra_id": "account_ra"}),
    "/tai-khoan/dang-vien/<int:member_id>/tao/": C("200 200 404 404 404 302", params={"member_id": "free_member"}),
    "/tai-khoan/doi-mat-khau/": C("200 200 200 200 200 302"),
    "/tai-khoan/mat-khau-ban-dau.xlsx": C("302 302 404 404 404 302", method="POST"),
    "/tai-khoan/tao-hang-loat/": C("200 200 404 404 404 302"),
    "/": C("200 200 200 200 200 302"),
    "/bao-cao/": C("200 200 200 404 404 302", query="organization={dept}&period=custom&date_from=01/01/2026&date_to=28/02/2026", scoped=True),
    "/bao-cao/doan-kiem-tra/": C("200 200 200 404 404 302", query="organization={dept}", scoped=True),
    "/bao-cao/doi-chieu/": C("200 200 200 404 404 302"),
    "/bao-cao/doan-kiem-tra/<int:inspection_id>/lap/": C(
        "302 302 404 404 404 302", method="POST", params={"inspection_id": "report_case"}),
    "/bao-cao/du-thao/": C("200 200 200 404 404 302", query="organization={dept}", scoped=True),
    "/bao-cao/du-thao/<int:draft_id>/": C("200 200 200 404 404 302", params={"draft_id": "report_draft"}),
    "/bao-cao/du-thao/<int:draft_id>/cap-nhat-so-lieu/": C(
        "302 302 404 404 404 302", method="POST", params={"draft_id": "report_draft"}),
    # issuing is refused in the demo (its department's term 2020–2025 is over): 400 with the message, nothing written
    "/bao-cao/du-thao/<int:draft_id>/phat-hanh/": C(
        "400 400 404 404 404 302", method="POST", params={"draft_id": "report_draft"}),
    "/bao-cao/du-thao/<int:draft_id>/xuat-excel/": C("200 200 200 404 404 302", params={"draft_id": "report_draft"}),
    "/bao-cao/du-thao/<int:draft_id>/xuat-word/": C("200 200 200 404 404 302", params={"draft_id": "report_draft"}),
    "/bao-cao/du-thao/lap/": C("302 302 404 404 404 302", method="POST"),
    "/bao-cao/so-lieu/<slug:section>/<slug:key>/": C(  # reports (repfig): the records behind a figure
        "200 200 200 404 404 302", params={"section": "members", "key": "admitted"},
        query="organization_id={dept}&date_from=2025-01-01&date_to=2026-02-28", scoped=True),
    "/bao-cao/xuat-excel/": C("200 200 200 404 404 302", query="organization={dept}&period=custom&date_from=01/01/2026&date_to=28/02/2026", scoped=True),
    "/bao-cao/xuat-word/": C("200 200 200 404 404 302", query="organization={dept}&period=custom&date_from=01/01/2026&date_to=28/02/2026", scoped=True),
    "/cong-viec/": C("200 200 200 200 200 302"),
    "/viec-can-lam/": C("200 200 200 200 200 302"),
    "/cong-viec/<int:job_id>/": C("200 200 404 404 404 302", params=JOB),
    "/cong-viec/<int:job_id>/chay-lai/": C("302 302 404 404 404 302", params=JOB, method="POST"),
    "/cong-viec/<int:job_id>/tai-ve/": C("200 200 404 404 404 302", params=JOB),
    "/bao-cao/tong-quan/": C("200 200 200 404 404 302", query="organization_id={dept}", scoped=True),
    "/chat-luong-du-lieu/": C("200 200 200 200 404 302", query="organization_id={org}", scoped=True),
    "/chat-luong-du-lieu/<str:key>/": C(
        "200 200 200 200 404 302", params={"key": "national_id_missing"}, query="organization_id={org}", scoped=True),
    "/chat-luong-du-lieu/tinh-lai/": C("302 302 404 404 404 302", method="POST", scoped=False),
    "/dang-nhap/": C("302 302 302 302 302 200"),
    "/dang-vien/": C("200 200 200 200 200 302"),
    "/dang-vien/<int:pk>/": C("200 200 200 200 200 302"),
    "/dang-vien/<int:pk>/<slug:action>/": C("200 200 404 404 404 302", params={"action": "mien-sinh-hoat"}),
    "/dang-vien/<int:pk>/sua/": C("200 200 404 404 404 302"),
    "/dang-vien/<int:pk>/ho-so-chinh-thuc/": C("200 200 200 200 200 302"),
    "/dang-vien/<int:pk>/ho-so-chinh-thuc/tep/<int:att_id>/": C(
        "200 200 200 200 200 302", params={"att_id": "confirmation_form_attachment"}),
    "/dang-vien/<int:pk>/tam-thoi/": C("200 200 404 404 404 302"),
    "/dang-vien/<int:pk>/tam-thoi/<int:tt_id>/tro-ve/": C("200 200 404 404 404 302"),
    "/dang-vien/<int:pk>/giay-gioi-thieu/<int:letter_id>/nop/": C("200 200 404 404 404 302"),
    "/dang-vien/den-han-chinh-thuc/": C("200 200 200 404 404 302", query="organization={dept}", scoped=True),
    "/dang-vien/giay-gioi-thieu-chua-nop/": C("200 200 200 404 404 302", query="organization={dept}", scoped=True),
    "/dang-vien/sinh-hoat-tam-thoi/": C("200 200 200 404 404 302", query="organization={dept}", scoped=True),
    "/dang-vien/hop-nhat-to-chuc/<int:source_id>/": C("200 200 404 404 404 302"),
    "/dang-vien/them/": C("200 200 404 404 404 302"),
    "/dang-vien/chon/": C("200 200 200 200 200 302", query="muc-dich=documents.distribute&q=nguyen"),
    "/dang-vien/xuat-excel/": C("200 200 200 200 200 302"),
    "/danh-gia/": C("200 200 200 200 200 302"),
    "/danh-gia/<int:pk>/": C("200 200 200 302 302 302"),
    "/danh-gia/<int:pk>/doi-tuong/": C("200 200 200 200 200 302"),
    "/danh-gia/<int:pk>/doi-tuong/<int:sid>/": C("200 200 200 200 200 302"),
    "/danh-gia/<int:pk>/doi-tuong/<int:sid>/ban-kiem-diem.docx": C("200 200 200 200 200 302"),
    "/danh-gia/<int:pk>/ket-thuc/": C("302 302 404 404 404 302", method="POST"),
    "/danh-gia/<int:pk>/mau-01.docx": C("200 200 200 404 404 302"),
    "/danh-gia/<int:pk>/nhap-ket-qua/": C("200 200 404 200 404 302"),
    "/danh-gia/<int:pk>/nhom/them/": C("302 302 404 404 404 302", method="POST"),
    "/danh-gia/<int:pk>/nhom/xep/": C("302 302 404 404 404 302", method="POST"),
    "/danh-gia/<int:pk>/thang-diem/": C("302 302 404 404 404 302", method="POST"),
    "/danh-gia/<int:pk>/xuat-excel/": C("200 200 200 404 404 302"),
    "/danh-gia/so-sanh/<int:org_id>/": C("200 200 200 200 404 302"),
    "/danh-gia/thang-diem/": C("200 200 200 200 200 302"),
    "/hoc-tap/": C("200 200 200 200 200 302"),
    "/hoc-tap/<int:pk>/": C("200 200 200 200 200 302"),
    "/hoc-tap/<int:pk>/co-mat/": C("200 200 404 404 404 302"),
    "/hoc-tap/<int:pk>/hoc-bu/": C("200 200 404 404 404 302"),
    "/hoc-tap/<int:pk>/sua/": C("200 200 404 404 404 302"),
    "/hoc-tap/bai-viet/<int:pk>/": C("200 200 404 200 200 302"),
    "/hoc-tap/bai-viet/<int:pk>/tep/<int:att_id>/": C("200 200 200 200 200 302", params={"att_id": "submission_attachment"}),
    "/hoc-tap/bao-cao/": C("200 200 200 200 404 302"),
    "/hoc-tap/bao-cao/xuat-excel/": C("200 200 200 200 404 302"),
    "/hoc-tap/bao-cao/xuat-word/": C("200 200 200 200 404 302"),
    "/hoc-tap/boi-duong/": C("200 200 200 200 404 302"),
    "/hoc-tap/boi-duong/<int:pk>/": C("200 200 200 200 404 302"),
    "/hoc-tap/chi-thi-05/": C("200 200 200 200 404 302"),
    "/hoc-tap/chi-thi-05/<int:pk>/danh-gia/": C("302 302 404 302 404 302", method="POST"),
    "/hoc-tap/chua-hoc-bu/": C("200 200 200 200 404 302"),
    "/hoc-tap/cua-toi/": C("404 404 404 200 200 302"),
    "/hoc-tap/ghi-nhan/": C("404 404 404 404 404 302"),
    "/hoc-tap/hoc-vien/<int:pk>/<slug:action>/": C("302 302 404 404 404 302", method="POST", params={"action": "hoan-thanh"}),
    "/hoc-tap/khen-thuong/": C("200 200 200 200 404 302"),
    "/hoc-tap/so-nghi-quyet/": C("200 200 200 200 200 302"),
    "/kiem-tra/": C("200 302 200 302 404 302"),
    "/kiem-tra/<int:pk>/": C("200 404 200 404 404 302"),
    "/kiem-tra/<int:pk>/<slug:name>/": C("302 404 302 404 404 302", method="POST", params={"name": "extend"}),
    "/kiem-tra/<int:pk>/ket-luan/": C("302 404 302 404 404 302"),
    "/kiem-tra/<int:pk>/tep/<int:att_id>/": C("200 404 200 404 404 302", params={"att_id": "inspection_attachment"}),
    "/kiem-tra/<int:pk>/thong-bao-ket-luan.docx": C("200 404 200 404 404 302"),
    "/kiem-tra/bao-cao/": C("200 404 200 404 404 302"),
    "/kiem-tra/bao-cao/xuat-excel/": C("302 404 302 404 404 302"),
    "/kiem-tra/chuong-trinh/": C("200 200 200 404 404 302"),
    "/kiem-tra/chuong-trinh/<int:pk>/": C("200 200 200 404 404 302"),
    "/kiem-tra/khac-phuc/": C("200 200 200 200 404 302"),
    "/kiem-tra/khac-phuc/<int:pk>/": C("200 200 200 404 404 302"),
    "/kiem-tra/khac-phuc/<int:pk>/tep/<int:att_id>/": C("200 200 200 404 404 302", params={"att_id": "remedy_attachment"}),
    "/kiem-tra/them/": C("200 404 200 404 404 302"),
    "/kiem-tra/tim-dang-vien/": C("200 404 200 404 404 302"),
    "/kiem-tra/tim-nguoi-dung/": C("200 404 200 404 404 302"),
    "/ky-luat/": C("200 404 200 302 302 302"),
    "/ky-luat/<int:pk>/": C("200 404 200 404 404 302"),
    "/ky-luat/<int:pk>/khieu-nai/": C("200 404 200 404 404 302"),
    "/ky-luat/<int:pk>/quyet-dinh.docx": C("200 404 200 404 404 302"),
    "/ky-luat/<int:pk>/sua/": C("200 404 200 404 404 302"),
    "/ky-luat/bao-cao/": C("200 404 200 404 404 302"),
    "/ky-luat/bao-cao/xuat-excel/": C("200 404 200 404 404 302"),
    "/ky-luat/cua-toi/": C("404 404 404 200 200 302"),
    "/ky-luat/khieu-nai/": C("200 404 200 404 404 302"),
    "/ky-luat/khieu-nai/<int:pk>/": C("200 404 200 404 404 302"),
    "/ky-luat/phan-cong/<slug:kind>/<int:pk>/": C("302 404 302 404 404 302", method="POST", params={"kind": "ky-luat", "pk": "discipline"}),
    "/ky-luat/tep/<slug:kind>/<int:pk>/": C("302 404 302 404 404 302", method="POST", params={"kind": "ky-luat", "pk": "discipline"}),
    "/ky-luat/tep/<slug:kind>/<int:pk>/<int:att_id>/": C(
        "200 404 200 404 404 302", params={"kind": "ky-luat", "pk": "discipline", "att_id": "discipline_attachment"}),
    "/ky-luat/them/": C("200 404 200 404 404 302"),
    "/ky-luat/tim-dang-vien/": C("200 404 200 404 404 302"),
    "/ky-luat/to-cao/": C("200 404 200 404 404 302"),
    "/ky-luat/to-cao/<int:pk>/": C("200 404 200 404 404 302"),
    "/ky-luat/to-cao/<int:pk>/<slug:action>/": C("200 404 200 404 404 302", params={"action": "gia-han"}),
    "/ky-luat/to-cao/them/": C("200 404 200 404 404 302"),
    "/nhap-du-lieu/": C("200 200 200 200 404 302"),  # inspection: discipline decisions; secretary: dues paid
    "/nhap-du-lieu/<int:pk>/": C("200 200 404 404 404 302", params=IMP),
    "/nhap-du-lieu/<int:pk>/dong-bi-tu-choi.xlsx": C("200 200 404 404 404 302", params=IMP),
    "/nhap-du-lieu/<int:pk>/ghep-cot/": C("302 302 404 404 404 302", method="POST", params=IMP),
    "/nhap-du-lieu/<int:pk>/chon/": C("302 302 404 404 404 302", method="POST", params=IMP),
    "/nhap-du-lieu/<int:pk>/ghi/": C("302 302 404 404 404 302", method="POST", params=IMP),
    "/nhap-du-lieu/<int:pk>/xoa/": C("302 302 404 404 404 302", method="POST", params=IMP),
    "/nhap-du-lieu/<int:pk>/luu-mau/": C("302 302 404 404 404 302", method="POST", params=IMP),
    "/nhap-du-lieu/<int:pk>/tien-do/": C("302 302 404 404 404 302", params=IMP),
    "/nhap-du-lieu/mau/<str:kind>.xlsx": C("200 200 404 404 404 302", params={"kind": "members"}, scoped=False),
    # dues (dues/demo.py: the focal chi bộ's sheets of 12/2025 … 03/2026); a member is sent to his own page
    "/dang-phi/": C("200 200 200 200 302 302"),
    "/dang-phi/cua-toi/": C("404 404 404 200 200 302"),
    "/dang-phi/khong-nop/": C("200 200 200 200 404 302"),
    "/dang-phi/bao-cao/": C("200 200 200 200 404 302"),
    "/dang-phi/bien-lai/<int:payment_id>/": C("200 200 200 200 404 302"),
    "/dang-phi/so-thu/<int:org_id>/<str:month>/": C("200 200 200 200 404 302"),
    "/dang-phi/so-thu/<int:org_id>/<str:month>/lap-so/": C("302 302 404 302 404 302", method="POST"),
    "/dang-phi/so-thu/<int:org_id>/<str:month>/nop-du/": C("422 422 404 422 404 302", method="POST"),
    "/dang-phi/so-thu/<int:org_id>/<str:month>/xlsx/": C("200 200 200 200 404 302"),
    "/dang-phi/so-thu/<int:org_id>/<str:month>/word/": C("200 200 200 200 404 302"),
    "/dang-phi/nop-cap-tren/<int:org_id>/<str:month>/": C("302 302 404 302 404 302", method="POST"),
    "/dang-phi/nop-cap-tren/xac-nhan/<int:pk>/": C("302 302 404 404 404 302", method="POST"),
    "/dang-phi/dang-vien/<int:pk>/": C("200 200 200 200 200 302"),
    "/dang-phi/dang-vien/<int:pk>/ly-do/": C("422 422 404 422 404 302", method="POST"),
    "/dang-phi/dang-vien/<int:pk>/nop/": C("422 422 404 422 404 302", method="POST"),
    "/dang-phi/dang-vien/<int:pk>/huy/": C("302 302 404 302 404 302", method="POST"),
    # the member reports his own basis (an empty form: 422), the chi bộ confirms it
    "/dang-phi/dang-vien/<int:pk>/can-cu/": C("422 422 404 422 422 302", method="POST"),
    "/dang-phi/dang-vien/<int:pk>/can-cu/<int:basis_id>/xac-nhan/": C("302 302 404 302 404 302", method="POST"),
    "/dang-phi/dang-vien/<int:pk>/mien-giam/": C("422 422 404 422 404 302", method="POST"),
    "/dai-hoi/": C("200 200 200 200 404 302"),
    "/dai-hoi/them/": C("200 200 404 200 404 302"),
    "/dai-hoi/den-han/": C("200 200 200 200 404 302"),
    "/dai-hoi/khuyet/": C("200 200 200 200 404 302"),
    "/dai-hoi/to-chuc/<int:org_id>/": C("200 200 200 200 404 302"),
    "/dai-hoi/<int:pk>/": C("200 200 200 200 404 302"),
    "/dai-hoi/<int:pk>/sua/": C("200 200 404 200 404 302"),
    "/dai-hoi/<int:pk>/ket-qua/": C("200 200 404 404 404 302"),
    "/dai-hoi/<int:pk>/phieu-bau/": C("200 200 404 404 404 302", params={"pk": "congress_held"}),
    "/dai-hoi/<int:pk>/chi-dinh-bi-thu/": C("200 200 404 404 404 302", params={"pk": "congress_held"}),
    "/sinh-hoat/": C("200 200 200 200 200 302"),
    "/sinh-hoat/<int:pk>/": C("200 200 200 200 200 302"),
    "/sinh-hoat/<int:pk>/bien-ban/": C("302 404 404 302 404 302"),
    "/sinh-hoat/<int:pk>/diem-danh/": C("302 404 404 302 404 302"),
    "/sinh-hoat/<int:pk>/dinh-chinh/": C("200 404 404 200 404 302"),
    "/sinh-hoat/<int:pk>/gui-giay-moi/": C("302 404 404 302 404 302", method="POST"),
    "/sinh-hoat/<int:pk>/huy/": C("302 404 404 302 404 302", method="POST"),
    "/sinh-hoat/<int:pk>/sua/": C("302 404 404 302 404 302"),
    "/sinh-hoat/<int:pk>/tai-lieu/": C("302 404 404 302 404 302", method="POST"),
    "/sinh-hoat/<int:pk>/tai-lieu/<int:att_id>/": C("200 200 200 200 200 302", params={"att_id": "meeting_attachment"}),
    "/sinh-hoat/du-sinh-hoat/": C("200 200 200 200 404 302"),
    "/sinh-hoat/du-sinh-hoat/<int:visit_id>/xoa/": C("302 302 404 404 404 302", method="POST"),
    "/sinh-hoat/so-bien-ban/": C("200 200 200 200 200 302"),
    "/sinh-hoat/them/": C("200 404 404 200 404 302"),
    "/sinh-hoat/vang-sinh-hoat/": C("200 200 200 200 404 302"),
    "/to-chuc/": C("200 200 200 200 200 302"),
    "/to-chuc/chon/": C("200 200 200 200 200 302", query="muc-dich=reviews.open&q=chi+bo"),
    "/to-chuc/<int:pk>/": C("200 200 200 200 404 302"),
    "/to-chuc/<int:pk>/chuyen/": C("200 200 404 404 404 302"),
    "/to-chuc/<int:pk>/doan-the/them/": C("200 200 404 404 404 302"),
    "/to-chuc/<int:pk>/giai-the/": C("200 200 404 404 404 302"),
    "/to-chuc/<int:pk>/nhiem-ky/them/": C("200 200 404 404 404 302"),
    "/to-chuc/<int:pk>/phan-quyen/them/": C("200 200 200 404 404 302"),
    "/to-chuc/<int:pk>/sua/": C("200 200 404 404 404 302"),
    "/to-chuc/<int:pk>/them-truc-thuoc/": C("200 200 404 404 404 302", params={"pk": "dept"}),
    "/to-chuc/cap-uy-vien/<int:cm_id>/phan-cong/them/": C("200 200 404 404 404 302"),
    "/to-chuc/cap-uy-vien/<int:cm_id>/thoi-giu-chuc-vu/": C("200 200 404 404 404 302"),
    "/to-chuc/doan-the/<int:mass_id>/sua/": C("200 200 404 404 404 302"),
    "/to-chuc/doan-the/<int:mass_id>/xoa/": C("200 200 404 404 404 302"),
    "/to-chuc/moi/": C("200 404 404 404 404 302"),
    "/to-chuc/nhiem-ky/<int:term_id>/cap-uy-vien/them/": C("200 200 404 404 404 302"),
    "/to-chuc/nhiem-ky/<int:term_id>/ket-thuc/": C("200 200 404 404 404 302"),
    "/to-chuc/nhiem-ky/<int:term_id>/sua/": C("200 200 404 404 404 302"),
    "/to-chuc/phan-cong/<int:assignment_id>/ket-thuc/": C("200 200 404 404 404 302"),
    "/to-chuc/phan-quyen/<int:ra_id>/thu-hoi/": C("200 200 404 404 404 302"),
    "/to-chuc/phan-quyen/nhat-ky/": C("200 200 200 404 404 302"),
    "/van-ban/": C("200 200 200 200 200 302"),
    "/van-ban/<int:pk>/": C("200 200 200 404 404 302"),
    "/van-ban/<int:pk>/gui/": C("200 200 404 404 404 302"),
    "/van-ban/<int:pk>/nhac/": C("302 302 404 404 404 302", method="POST"),
    # with LibreOffice the PDF itself, without it back to the document with the reason
    "/van-ban/<int:pk>/pdf/": C("200 200 200 404 404 302" if PDF else "302 302 302 404 404 302"),
    "/van-ban/<int:pk>/tep/": C("302 302 302 404 404 302", method="POST"),
    "/van-ban/<int:pk>/tinh-trang/": C("200 200 200 404 404 302"),
    "/van-ban/<int:pk>/word/": C("200 200 200 404 404 302"),
    "/van-ban/co-quan/<int:org_id>/": C("200 200 404 404 404 302", params={"org_id": "bloc"}),
    "/van-ban/co-quan/<int:org_id>/mau/": C("302 302 404 404 404 302", method="POST", params={"org_id": "bloc"}),
    "/van-ban/den/them/": C("200 200 404 404 404 302"),
    "/van-ban/di/them/": C("200 200 404 404 404 302"),
    "/van-ban/hop-thu/": C("200 200 200 200 200 302"),
    "/van-ban/hop-thu/<int:item_id>/": C("302 302 302 200 404 302"),
    "/van-ban/hop-thu/<int:item_id>/bao-cao/": C("302 302 302 302 404 302", method="POST"),
    "/van-ban/hop-thu/<int:item_id>/xac-nhan/": C("302 302 302 302 404 302", method="POST"),
    "/van-ban/mau-mac-dinh/": C("200 200 404 404 404 302"),
    "/van-ban/sinh-hoat/<int:meeting_id>/gui-tai-lieu/": C("200 200 404 200 404 302"),
    "/van-ban/tep/<int:att_id>/": C("200 200 200 404 404 302", params={"att_id": "document_attachment"}),
    "/van-ban/trich-dan/": C("200 200 200 200 200 302"),
}

# -- API --------------------------------------------------------------------------------------------

API = {
    "GET /api/v1/prospects": C("200 200 200 200 200 401"),
    "GET /api/v1/prospects/{prospect_id}": C("200 200 404 200 404 401"),
    "PATCH /api/v1/prospects/{prospect_id}": C("200 200 404 200 404 401"),
    "POST /api/v1/prospects": C("422 422 422 422 422 401"),
    "POST /api/v1/prospects/{prospect_id}/steps": C("422 422 404 422 404 401"),
    "POST /api/v1/prospects/{prospect_id}/admit": C("422 422 404 404 404 401"),
    "POST /api/v1/prospects/{prospect_id}/dossier": C("422 422 404 422 404 401"),
    "GET /api/v1/prospects/{prospect_id}/files/{attachment_id}": C("200 200 404 200 404 401",
                                                                   params={"attachment_id": "prospect_attachment"}),
    # dues: the inspection commission reads (finance inspection), writes are the office's and the secretary's
    "GET /api/v1/dues/sheets": C("200 200 200 200 404 401", query="organization_id={org}&month=2026-02", scoped=True),
    "POST /api/v1/dues/payments": C("422 422 404 422 404 401", scoped=True, body={"month": "2026-02", "amount": 1000, "paid_on": "2026-02-20", "method": "cash"}),
    "POST /api/v1/dues/sheets/bulk": C("422 422 404 422 404 401", scoped=True, body={"month": "2026-02", "paid_on": "2026-02-20", "method": "cash", "member_ids": []}),
    "GET /api/v1/dues/summary": C("200 200 200 200 404 401", query="organization_id={org}&date_from=2026-01-01&date_to=2026-02-28", scoped=True),
    "GET /api/v1/dues/unpaid-flags": C("200 200 200 200 404 401", query="organization_id={org}&year=2026", scoped=True),
    "GET /api/v1/dues/members/{member_id}": C("200 200 200 200 200 401"),
    "GET /api/v1/members/{member_id}/dues-basis": C("200 200 200 200 200 401"),
    "PUT /api/v1/members/{member_id}/dues-basis": C("200 200 404 200 200 401", body={"group": "insured", "amount": 5000000, "from_month": "2026-02"}),
    "GET /api/v1/development-targets": C("200 200 200 200 200 401"),
    "POST /api/v1/development-targets": C("422 422 422 422 422 401"),
    "DELETE /api/v1/accounts/{user_id}/roles/{ra_id}": C(
        "204 204 404 404 404 401", params={**ACC, "ra_id": "account_ra"}),
    "GET /api/v1/accounts": C("200 200 404 404 404 401"),
    "GET /api/v1/accounts/{user_id}": C("200 200 404 404 404 401", params=ACC),
    "GET /api/v1/imports/templates/{kind}": C("200 200 404 404 404 401", params={"kind": "members"}, scoped=False),
    "GET /api/v1/imports/{batch_id}": C("200 200 404 404 404 401", params={"batch_id": "import_batch"}),
    "POST /api/v1/accounts/bulk": C("201 201 404 404 404 401", scoped=True),
    "POST /api/v1/accounts/me/password": C("422 422 422 422 422 401"),
    "POST /api/v1/accounts/members/{member_id}": C("201 201 404 404 404 401", params={"member_id": "free_member"}),
    "POST /api/v1/accounts/{user_id}/deactivate": C("200 200 404 404 404 401", params=ACC),
    "POST /api/v1/accounts/{user_id}/password-reset": C("200 200 404 404 404 401", params=ACC),
    "POST /api/v1/accounts/{user_id}/reactivate": C("422 422 404 404 404 401", params=ACC),
    "POST /api/v1/accounts/{user_id}/roles": C("422 422 404 404 404 401", params=ACC),
    "DELETE /api/v1/inspections/{inspection_id}/team/{member_id}": C(
        "422 404 422 404 404 401", params={"member_id": "team"}),
    "DELETE /api/v1/imports/{batch_id}": C("204 204 404 404 404 401", params={"batch_id": "import_batch"}),
    "DELETE /api/v1/meetings/visits/{visit_id}": C("204 204 404 404 404 401"),
    "DELETE /api/v1/meetings/{meeting_id}": C("422 404 404 422 404 401"),
    "DELETE /api/v1/organizations/{org_id}/mass-organizations/{mass_id}": C(
        "204 204 404 404 404 401", params={"org_id": "dept"}),
    "DELETE /api/v1/organizations/{org_id}/roles/{ra_id}": C("204 204 404 404 404 401"),
    "GET /api/v1/complaints": C("200 200 200 200 200 401"),
    "GET /api/v1/complaints/{complaint_id}": C("200 404 200 404 404 401"),
    "GET /api/v1/denunciations": C("200 200 200 200 200 401"),
    "GET /api/v1/denunciations/{denunciation_id}": C("200 404 200 404 404 401"),
    "GET /api/v1/disciplines": C("200 200 200 200 200 401"),
    "GET /api/v1/disciplines/mine": C("200 200 200 200 200 401"),
    "GET /api/v1/disciplines/{discipline_id}": C("200 404 200 404 404 401"),
    "GET /api/v1/documents": C("200 200 200 200 200 401"),
    "GET /api/v1/documents/types": C("200 200 200 200 200 401"),
    "GET /api/v1/documents/{document_id}": C("200 200 200 404 404 401"),
    "GET /api/v1/documents/{document_id}/distribution": C("200 200 200 404 404 401"),
    "GET /api/v1/documents/{document_id}/docx": C("200 200 200 404 404 401"),
    "GET /api/v1/documents/{document_id}/pdf": C("200 200 200 404 404 401" if PDF else "503 503 503 404 404 401"),
    "GET /api/v1/inbox": C("200 200 200 200 200 401"),
    "GET /api/v1/inbox/{item_id}": C("200 200 200 200 404 401"),
    "GET /api/v1/inspection-programmes": C("200 200 200 200 200 401"),
    "GET /api/v1/inspection-programmes/{programme_id}": C("200 200 200 404 404 401"),
    "GET /api/v1/inspections": C("200 200 200 200 200 401"),
    "GET /api/v1/inspections/{inspection_id}": C("200 404 200 404 404 401"),
    "GET /api/v1/inspections/{inspection_id}/attachments": C("200 404 200 404 404 401"),
    "GET /api/v1/inspections/{inspection_id}/attachments/{attachment_id}": C("200 404 200 404 404 401"),
    "GET /api/v1/inspections/{inspection_id}/conclusion": C("200 404 200 404 404 401"),
    "GET /api/v1/inspections/{inspection_id}/conclusion.docx": C("200 404 200 404 404 401"),
    "GET /api/v1/inspections/{inspection_id}/team": C("200 404 200 404 404 401"),
    "GET /api/v1/jobs": C("200 200 200 200 200 401"),
    "GET /api/v1/worklist": C("200 200 200 200 200 401"),
    "GET /api/v1/jobs/{job_id}": C("200 200 404 404 404 401", params=JOB),
    "GET /api/v1/jobs/{job_id}/file": C("200 200 404 404 404 401", params=JOB),
    "GET /api/v1/meetings": C("200 200 200 200 200 401"),
    "GET /api/v1/congresses": C("200 200 200 200 404 401"),
    "GET /api/v1/congresses/{congress_id}": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/congress-due": C("200 200 200 200 404 401", query="organization_id={org}", scoped=True),
    "GET /api/v1/meetings/absence-flags": C("200 200 200 200 404 401", query="organization_id={org}", scoped=True),
    "GET /api/v1/meetings/summary": C("200 200 200 200 404 401", query="organization_id={org}", scoped=True),
    "GET /api/v1/meetings/visits": C("200 200 200 200 200 401"),
    "GET /api/v1/meetings/{meeting_id}": C("200 200 200 200 200 401"),
    "GET /api/v1/members": C("200 200 200 200 200 401"),
    "GET /api/v1/members/export": C("200 200 200 404 404 401", query="organization_id={dept}", scoped=True),
    "GET /api/v1/members/pick": C("200 200 200 200 200 401", query="purpose=documents.distribute&q=nguyen"),
    "GET /api/v1/members/{member_id}": C("200 200 200 200 200 401"),
    "GET /api/v1/members/{member_id}/events": C("200 200 200 200 200 401"),
    "GET /api/v1/members/{member_id}/history": C("200 200 200 200 200 401"),
    "GET /api/v1/members/confirmation-due": C("200 200 200 404 404 401", query="organization_id={dept}", scoped=True),
    "GET /api/v1/members/transfer-letters": C("200 200 200 404 404 401", query="organization_id={dept}", scoped=True),
    "GET /api/v1/members/temporary-transfers": C("200 200 200 404 404 401", query="organization_id={dept}",
                                                 scoped=True),
    "GET /api/v1/members/{member_id}/confirmation-forms": C("200 200 200 200 200 401"),
    "GET /api/v1/members/{member_id}/transfer-letters": C("200 200 200 200 200 401"),
    "GET /api/v1/members/{member_id}/temporary-transfers": C("200 200 200 200 200 401"),
    "GET /api/v1/organizations": C("200 200 200 200 200 401"),
    "GET /api/v1/organizations/pick": C("200 200 200 200 200 401", query="purpose=reviews.open&q=chi+bo"),
    "GET /api/v1/organizations/{org_id}": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/{org_id}/committee": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/{org_id}/history": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/{org_id}/mass-organizations": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/{org_id}/roles": C("200 200 200 404 404 401"),
    "GET /api/v1/organizations/role-changes": C("200 200 200 404 404 401"),
    "GET /api/v1/organizations/{org_id}/stats": C("200 200 200 200 404 401"),
    "GET /api/v1/organizations/{org_id}/terms": C("200 200 200 200 404 401"),
    "GET /api/v1/quality": C("200 200 200 200 404 401", query="organization_id={org}", scoped=True),
    "GET /api/v1/quality/{check}": C(
        "200 200 200 200 404 401", params={"check": "national_id_missing"}, query="organization_id={org}", scoped=True),
    "GET /api/v1/remedies": C("200 200 200 200 200 401"),
    "GET /api/v1/remedies/{remedy_id}": C("200 200 200 404 404 401"),
    "GET /api/v1/remedies/{remedy_id}/evidence": C("200 200 200 404 404 401"),
    "GET /api/v1/remedies/{remedy_id}/evidence/{attachment_id}": C(
        "200 200 200 404 404 401", params={"attachment_id": "remedy_attachment"}),
    "GET /api/v1/reports/period": C(  # reports (repfig)
        "200 200 200 404 404 401", query="organization_id={dept}&date_from=2025-01-01&date_to=2026-02-28", scoped=True),
    "GET /api/v1/reports/period.docx": C("200 200 200 404 404 401", query="organization_id={dept}&date_from=2026-01-01&date_to=2026-02-28", scoped=True),
    "GET /api/v1/reports/period.xlsx": C("200 200 200 404 404 401", query="organization_id={dept}&date_from=2026-01-01&date_to=2026-02-28", scoped=True),
    "GET /api/v1/reviews": C("200 200 200 200 200 401"),
    "GET /api/v1/reviews/{cycle_id}": C("200 200 200 200 200 401"),
    "GET /api/v1/reviews/{cycle_id}/quota": C("200 200 200 200 200 401", leaks=("secretary", "member")),
    "GET /api/v1/reviews/{cycle_id}/subjects": C("200 200 200 200 200 401"),
    "GET /api/v1/reviews/{cycle_id}/summary": C("200 200 200 404 404 401"),
    "GET /api/v1/rulesets": C("200 200 200 200 200 401"),
    "GET /api/v1/scoring-schemes": C("200 200 200 200 200 401"),
    "GET /api/v1/studies/commendations": C("200 200 200 200 200 401"),
    "GET /api/v1/studies/pledges": C("200 200 200 200 200 401"),
    "GET /api/v1/studies/resolutions": C("200 200 200 200 200 401"),
    "GET /api/v1/study-sessions": C("200 200 200 200 200 401"),
    "GET /api/v1/study-sessions/period-report": C(
        "200 200 200 404 404 401", query="organization_id={dept}&from=2025-01-01&to=2025-12-31", scoped=True),
    "GET /api/v1/study-sessions/submissions/mine": C("200 200 200 200 200 401"),
    "GET /api/v1/study-sessions/{session_id}": C("200 200 200 200 200 401"),
    "GET /api/v1/study-sessions/{session_id}/submissions": C("200 200 200 200 200 401"),
    "GET /api/v1/trainings": C("200 200 200 200 200 401"),
    "GET /api/v1/trainings/below-required": C("200 200 200 404 404 401", query="organization_id={dept}", scoped=True),
    "GET /api/v1/trainings/{class_id}/enrollments": C("200 200 200 200 404 401"),
    "GET /api/v1/users": C("200 404 200 404 404 401"),
    "PATCH /api/v1/disciplines/{discipline_id}": C("200 404 200 404 404 401"),
    "PATCH /api/v1/meetings/{meeting_id}": C("422 404 404 422 404 401"),
    "PATCH /api/v1/members/{member_id}": C("200 200 404 404 404 401"),
    "PATCH /api/v1/organizations/{org_id}": C("200 200 404 404 404 401"),
    "PATCH /api/v1/organizations/{org_id}/terms/{term_id}": C("200 200 404 404 404 401"),
    "PATCH /api/v1/remedies/{remedy_id}": C("200 200 200 404 404 401"),
    "PATCH /api/v1/study-sessions/{session_id}": C("200 200 404 404 404 401"),
    "POST /api/v1/citations/parse": C("200 200 200 200 200 401"),
    "POST /api/v1/reports/check": C("200 200 200 404 404 401", scoped=True),
    "POST /api/v1/complaints": C("422 404 422 404 404 401"),
    "POST /api/v1/complaints/{complaint_id}/result": C("422 404 422 404 404 401"),
    "POST /api/v1/denunciations": C("422 422 422 422 422 401"),
    "POST /api/v1/denunciations/{denunciation_id}/conclusion": C("422 404 422 404 404 401"),
    "POST /api/v1/denunciations/{denunciation_id}/extend": C("200 404 200 404 404 401"),
    "POST /api/v1/denunciations/{denunciation_id}/handlers": C("201 404 201 404 404 401"),
    "POST /api/v1/denunciations/{denunciation_id}/notification": C("422 404 422 404 404 401"),
    "POST /api/v1/disciplines": C("422 422 422 422 422 401"),
    "POST /api/v1/disciplines/{discipline_id}/handlers": C("201 404 201 404 404 401"),
    "POST /api/v1/documents": C("422 404 404 404 404 401"),
    "POST /api/v1/documents/incoming": C("422 422 404 404 404 401"),
    "POST /api/v1/documents/{document_id}/distribution": C("422 422 404 404 404 401"),
    "POST /api/v1/documents/{document_id}/remind": C("422 422 404 404 404 401"),
    # inspection: 422, imports disciplines only; secretary: 422, imports dues payments only
    "POST /api/v1/imports": C("422 422 422 422 404 401", scoped=True),
    "POST /api/v1/imports/{batch_id}/apply": C("202 202 404 404 404 401", params={"batch_id": "import_batch"}),
    "POST /api/v1/inbox/{item_id}/acknowledge": C("422 422 422 200 404 401"),
    "POST /api/v1/inbox/{item_id}/reply": C("422 422 422 200 404 401"),
    "POST /api/v1/inspection-programmes": C("422 422 422 404 404 401"),
    "POST /api/v1/inspection-programmes/{programme_id}/items": C("201 201 201 404 404 401"),
    "POST /api/v1/inspections": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/attachments": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/conclusion": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/extension": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/sessions": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/steps": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/team": C("422 404 422 404 404 401"),
    "POST /api/v1/inspections/{inspection_id}/verification": C("422 404 422 404 404 401"),
    "POST /api/v1/meetings": C("201 404 404 201 404 401"),
    # Chi bộ I has a congress in preparation already: a second one is refused (422) for those who prepare
    "POST /api/v1/congresses": C("422 422 404 422 404 401"),
    "POST /api/v1/congresses/{congress_id}/result": C("200 200 404 404 404 401"),
    # the member of the body is not in the bloc office's chi bộ: refused with the message (422) for the office
    "POST /api/v1/congresses/{congress_id}/appoint-secretary": C(
        "422 422 404 404 404 401", params={"congress_id": "congress_held"}, body={"version": 2}),
    "POST /api/v1/meetings/visits": C("201 201 404 404 404 401"),
    "POST /api/v1/meetings/{meeting_id}/amendments": C("422 404 404 422 404 401"),
    "POST /api/v1/meetings/{meeting_id}/invite": C("422 404 404 422 404 401"),
    "POST /api/v1/meetings/{meeting_id}/materials": C("422 404 404 422 404 401"),
    "POST /api/v1/meetings/{meeting_id}/minutes": C("422 404 404 422 404 401"),
    "POST /api/v1/members": C("422 422 404 404 404 401"),
    "POST /api/v1/members/{member_id}/events": C("422 422 404 404 404 401"),
    "POST /api/v1/members/{member_id}/confirmation-forms": C("422 422 404 404 404 401"),
    "POST /api/v1/members/{member_id}/temporary-transfers": C("422 422 404 404 404 401"),
    "POST /api/v1/members/{member_id}/temporary-transfers/{transfer_id}/return": C("200 200 404 404 404 401"),
    "POST /api/v1/members/{member_id}/transfer-letters/{letter_id}/present": C("200 200 404 404 404 401"),
    "POST /api/v1/organizations": C("201 404 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/assignments/{assignment_id}/end": C(
        "200 200 404 404 404 401", params={"org_id": "dept"}),
    "POST /api/v1/organizations/{org_id}/committee/{cm_id}/assignments": C("422 422 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/committee/{cm_id}/end": C("200 200 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/dissolve": C("422 422 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/mass-organizations": C("201 201 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/move": C("422 422 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/roles": C("422 422 422 404 404 401"),
    "POST /api/v1/organizations/{org_id}/terms": C("422 422 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/terms/{term_id}/close": C("200 200 404 404 404 401"),
    "POST /api/v1/organizations/{org_id}/terms/{term_id}/committee": C("422 422 404 404 404 401"),
    "POST /api/v1/quality/refresh": C("422 422 404 404 404 401", scoped=False),  # the demo computed one just now
    "POST /api/v1/remedies/{remedy_id}/evidence": C("201 201 201 404 404 401"),
    "POST /api/v1/reviews": C("422 422 404 404 404 401"),
    "POST /api/v1/reviews/{cycle_id}/assessments": C("422 422 422 422 422 401"),
    "POST /api/v1/reviews/{cycle_id}/close": C("200 200 404 404 404 401"),
    "POST /api/v1/reviews/{cycle_id}/eligibility": C("422 422 404 404 404 401"),
    "POST /api/v1/reviews/{cycle_id}/reopen": C("422 422 422 422 422 401"),
    "POST /api/v1/reviews/{cycle_id}/role-groups": C("422 422 404 404 404 401"),
    "POST /api/v1/reviews/{cycle_id}/stages/{stage}/bulk": C("422 422 422 422 422 401", params={"stage": "self"}),
    "POST /api/v1/reviews/{cycle_id}/role-groups/assign": C("422 422 404 404 404 401"),
    "POST /api/v1/reviews/{cycle_id}/scheme": C("422 422 404 404 404 401"),
    "POST /api/v1/scoring-schemes": C("422 404 404 404 404 401"),
    "POST /api/v1/studies/commendations": C("422 422 404 404 404 401"),
    "POST /api/v1/studies/pledges": C("422 422 404 422 422 401"),
    "POST /api/v1/studies/pledges/{pledge_id}/assessment": C("422 422 404 422 404 401"),
    "POST /api/v1/studies/resolutions": C("201 422 422 422 422 401"),
    "POST /api/v1/study-sessions": C("422 422 404 404 404 401"),
    "POST /api/v1/study-sessions/submissions/{submission_id}": C("200 200 404 200 200 401"),
    "POST /api/v1/trainings": C("201 201 404 404 404 401"),
    "POST /api/v1/trainings/{class_id}/enrollments": C("422 422 404 404 404 401"),
    "POST /api/v1/trainings/{class_id}/enrollments/{enrollment_id}/complete": C("200 200 404 404 404 401"),
    "PUT /api/v1/meetings/{meeting_id}/attendance": C("422 404 404 422 404 401"),
    "PUT /api/v1/organizations/{org_id}/mass-organizations/{mass_id}": C(
        "200 200 404 404 404 401", params={"org_id": "dept"}),
    "PUT /api/v1/scoring-schemes/{code}": C("422 404 404 404 404 401"),
    "PUT /api/v1/study-sessions/{session_id}/attendance": C("422 422 404 404 404 401"),
}


# -- every route has a case -------------------------------------------------------------------------


def test_every_route_has_a_case_or_an_exemption():
    schema = R.openapi_schema()
    operations = set(R.api_operations(schema))
    api_paths = {op.split(" ", 1)[1] for op in operations}
    pages, outside_ninja = set(), set()
    for route in R.resolver_routes():
        if any(route.startswith(p) for p in EXEMPT_PREFIXES) or route in EXEMPT:
            continue
        if route.startswith(R.API_PREFIX):
            if R.api_route_of(route) not in api_paths:
                outside_ninja.add(route)  # an API URL that the OpenAPI does not describe
            continue
        pages.add(route)
    routes = pages | operations | outside_ninja
    missing = sorted(routes - set(PAGES) - set(API) - set(EXEMPT))
    stale = sorted((set(PAGES) | set(API)) - routes)
    assert not missing, (
        f"{len(missing)} route(s) without a case in tests/test_route_matrix.py (add one to PAGES or API, "
        "with the statuses of admin office inspection secretary member anonymous for an object in scope, "
        "or an exemption in EXEMPT with the reason):\n  " + "\n  ".join(missing))
    assert not stale, "cases for routes that no longer exist: " + ", ".join(stale)


# -- leaks found by the issue, each now closed ------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "member"])
def test_leak_closed_quota_answers_404_like_the_summary(world, role):
    url = f"/api/v1/reviews/{world.ids['cycle']}/quota"
    summary = request(world, "A", role, "GET", f"/api/v1/reviews/{world.ids['cycle']}/summary")[0]
    assert summary == 404
    assert request(world, "A", role, "GET", url)[0] == 404


def test_leak_closed_users_lists_only_users_in_scope(world):
    _, api = world.clients["B", "inspection"]
    found = api.get("/api/v1/users?q=matrix_member_a").json()
    assert found.get("count", 0) == 0, found


def test_leak_closed_member_list_filter_names_only_reachable_organisations(world, client):
    from dangvu.organizations.models import Organization, Role
    from tests.factories import UserFactory, grant

    user = UserFactory(username="matrix_dept_secretary")
    grant(user, Role.SECRETARY, Organization.objects.get(pk=world.ids["dept"]), include_subtree=False)
    client.force_login(user)
    page = client.get(f"/dang-vien/?organization={world.ids['dept']}").content.decode()
    assert "Chi bộ II" not in page


# -- running a case ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo and the users, built once for the module inside a transaction rolled back at its end;
    each request runs in a savepoint rolled back after it (so a write cannot change the next case)."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            w = World()
            w.schema = R.openapi_schema()
            check_deferred_now()
            yield w
            transaction.set_rollback(True)


def _body_ids(body, ids):
    """Point the ids of a minimal body at the objects of branch A."""
    if not isinstance(body, dict):
        return body
    out = {}
    for key, value in body.items():
        if key in ("organization_id", "target_id", "subject_organization_id", "owner_organization_id"):
            value = ids["org"]
        elif key in ("parent_id", "conducted_by_id", "organizer_id"):
            value = ids["dept"]
        elif key in ("member_id", "subject_member_id"):
            value = ids["member"]
        elif key == "version":
            value = 1
        elif key in ("user_id", "discipline_id", "issuer_id"):  # id 1 of a fresh database: its first row
            value = ids[{"user_id": "first_user", "discipline_id": "first_discipline", "issuer_id": "first_org"}[key]]
        out[key] = value
    return out


def request(world, side, role, method, url, body=None, ctype=None):
    """(status, audit entries written) for one request, rolled back afterwards."""
    page, api = world.clients[side, role]
    client = api if url.startswith(R.API_PREFIX) else page
    with transaction.atomic():
        before = AuditEntry.objects.count()
        if method == "GET":
            response = client.get(url)
        elif ctype == "multipart" or not url.startswith(R.API_PREFIX):
            data = {k: SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf") if isinstance(v, bytes) else v
                    for k, v in (body or {}).items()}
            response = client.post(url, data) if method == "POST" else client.generic(method, url)
        else:
            payload = json.dumps(body) if body is not None else ""
            response = client.generic(method, url, payload, content_type="application/json")
        written = AuditEntry.objects.count() - before
        transaction.set_rollback(True)
    return response.status_code, written


def _target(world, key):
    """(method, url, body, content type, case) of a route key."""
    if key.startswith("/"):
        case = PAGES[key]
        url = R.build_url(key, world.ids, case.params, case.query.format(**world.ids))
        return case.method, url, {}, None, case
    case = API[key]
    method, path = key.split(" ", 1)
    url = R.build_url(path, world.ids, case.params, case.query.format(**world.ids))
    body, ctype = None, None
    if method != "GET":
        spec = world.schema["paths"][path][method.lower()]
        ctype, body = R.request_body(spec, world.schema["components"]["schemas"])
        body = _body_ids(body, world.ids)
        if case.body:
            body = {**body, **case.body}
    return method, url, body, ctype, case


def _scoped(key, case):
    if case.scoped is not None:
        return case.scoped
    return "<" in key or "{" in key


ALL_KEYS = sorted(PAGES) + sorted(API)



@pytest.mark.parametrize("key", ALL_KEYS)
def test_in_scope(world, key):
    method, url, body, ctype, case = _target(world, key)
    got = [request(world, "A", role, method, url, body, ctype)[0] for role in ROLES]
    expected = case.expect.split()
    shown = [str(g) if role not in case.leaks else e for g, e, role in zip(got, expected, ROLES, strict=True)]
    assert " ".join(shown) == case.expect, (
        f"{method} {url} ({key}) in scope, for {' '.join(ROLES)}:\n expected {case.expect}\n got      {' '.join(shown)}"
    )


OUT_KEYS = [k for k in ALL_KEYS if _scoped(k, PAGES.get(k) or API.get(k))]


@pytest.mark.parametrize("key", OUT_KEYS)
def test_out_of_scope_answers_404_and_changes_nothing(world, key):
    method, url, body, ctype, case = _target(world, key)
    got = {role: request(world, "B", role, method, url, body, ctype) for role in SCOPED_ROLES}
    if key.startswith("/") and method == "GET":  # a page's form: its POST is refused too
        got.update({f"{role} POST": request(world, "B", role, "POST", url) for role in SCOPED_ROLES})
    wrong = {who: answer for who, answer in got.items()
             if answer[1] or not (answer[0] == 404 or (who.endswith("POST") and answer[0] == 405))}
    assert not wrong, f"{method} {url} ({key}) outside scope, (status, audit entries written): {wrong}"
