"""The pages under /nhap-du-lieu/: what an office user sees and does, and who cannot."""

import io
import re

import openpyxl
import pytest

from dangvu.imports import engine
from dangvu.imports.models import ImportBatch, MappingTemplate
from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, upload, xlsx


@pytest.fixture
def office(client, world):
    client.force_login(world["office"])
    return client


def _upload(client, world, data=None, **extra):
    data = data or xlsx([MEMBER_HEADERS, member_row(), member_row("Lê Thị Cúc", "Nữ", cccd="001190000002", n=2),
                         member_row("Hà Văn Ngoài", cell="Chi bộ Khác", cccd="001190000003", n=3)])
    return client.post("/nhap-du-lieu/", {"kind": "members", "organization": str(world["committee"].pk),
                                          "file": upload(data), **extra})


def test_upload_preview_apply_result(office, world):
    r = _upload(office, world)
    batch = ImportBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/nhap-du-lieu/{batch.pk}/"
    page = office.get(r["Location"]).content.decode()
    assert "Đang chờ" in page and "hx-get" in page  # progress polled until the worker is done
    engine.check(batch.pk)
    page = office.get(f"/nhap-du-lieu/{batch.pk}/").content.decode()
    assert "Xem trước" in page and "Ghi dữ liệu (2 tạo mới, 0 cập nhật)" in re.sub(r"<[^>]+>", "", page)
    assert "nằm ngoài phạm vi" in page and "Dòng bị từ chối" in page
    r = office.post(f"/nhap-du-lieu/{batch.pk}/ghi/")
    assert r.status_code == 302
    engine.apply(batch.pk)
    page = office.get(f"/nhap-du-lieu/{batch.pk}/").content.decode()
    assert "Kết quả" in page and "Đã ghi" in page
    assert Member.objects.count() == 2
    listing = office.get("/nhap-du-lieu/").content.decode()
    assert "danh-sach.xlsx" in listing and "Đã ghi xong" in listing and str(world["office"]) in listing
    wb = openpyxl.load_workbook(io.BytesIO(office.get(f"/nhap-du-lieu/{batch.pk}/dong-bi-tu-choi.xlsx").content))
    assert [c.value for c in wb.active[1]][-1] == "Lỗi"


def test_bad_file_on_the_form(office, world):
    r = _upload(office, world, data=b"<html><body>x</body></html>")
    assert r.status_code == 200
    assert "trang HTML" in r.content.decode()
    assert ImportBatch.objects.count() == 0


def test_remap_and_save_template(office, world):
    _upload(office, world)
    batch = ImportBatch.objects.get()
    engine.check(batch.pk)
    data = {f"col-{i}": batch.mapping.get(h, "") for i, h in enumerate(batch.headers)}
    data["col-8"] = "full_name"  # "Chi bộ" mapped to the name too: refused
    r = office.post(f"/nhap-du-lieu/{batch.pk}/ghep-cot/", data, follow=True)
    assert "cùng được ghép" in r.content.decode()
    r = office.post(f"/nhap-du-lieu/{batch.pk}/luu-mau/", {"name": "Mẫu của Sở"}, follow=True)
    assert "Đã lưu mẫu ghép cột “Mẫu của Sở”" in r.content.decode()
    assert MappingTemplate.objects.get().mapping == batch.mapping
    assert "Mẫu của Sở" in office.get("/nhap-du-lieu/").content.decode()


def test_progress_fragment(office, world):
    _upload(office, world)
    batch = ImportBatch.objects.get()
    r = office.get(f"/nhap-du-lieu/{batch.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "hx-trigger" in r.content.decode()
    engine.check(batch.pk)
    r = office.get(f"/nhap-du-lieu/{batch.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert r["HX-Refresh"] == "true"


def test_template_download(office):
    r = office.get("/nhap-du-lieu/mau/organizations.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "Hướng dẫn" in wb.sheetnames
    assert office.get("/nhap-du-lieu/mau/nothing.xlsx").status_code == 404


def test_other_office_and_other_roles_get_404(client, world):
    client.force_login(world["office"])
    _upload(client, world)
    batch = ImportBatch.objects.get()
    client.force_login(world["other_office"])
    assert client.get(f"/nhap-du-lieu/{batch.pk}/").status_code == 404
    assert client.post(f"/nhap-du-lieu/{batch.pk}/ghi/").status_code == 404
    assert "danh-sach.xlsx" not in client.get("/nhap-du-lieu/").content.decode()
    client.force_login(world["admin"])
    assert client.get(f"/nhap-du-lieu/{batch.pk}/").status_code == 200


def test_menu_entry_for_office_only(client, world):
    client.force_login(world["office"])
    assert 'href="/nhap-du-lieu/"' in client.get("/").content.decode()
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert 'href="/nhap-du-lieu/"' not in client.get("/").content.decode()
    assert client.get("/nhap-du-lieu/").status_code == 404


def test_counts_read_as_vietnamese_numbers(office, world):
    """A province's file: the counts grouped by thousands with a dot (12.345), on the list, the preview, the
    button and the progress."""
    _upload(office, world)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status="checking", progress_done=12345, progress_total=100000)
    page = re.sub(r"<[^>]+>", "", office.get(f"/nhap-du-lieu/{batch.pk}/").content.decode())
    assert "12.345 / 100.000 dòng" in page
    ImportBatch.objects.filter(pk=batch.pk).update(status="ready", count_create=12345, count_update=1200,
                                                   count_unchanged=100000, count_refused=4321)
    page = re.sub(r"<[^>]+>", "", office.get(f"/nhap-du-lieu/{batch.pk}/").content.decode())
    assert "12.345" in page and "100.000" in page and "4.321" in page
    assert "Ghi dữ liệu (12.345 tạo mới, 1.200 cập nhật)" in page
    listing = re.sub(r"<[^>]+>", "", office.get("/nhap-du-lieu/").content.decode())
    assert "12.345" in listing and "1.200" in listing and "100.000" in listing and "4.321" in listing
