"""Bad input: each gets a Vietnamese message and nothing is written, never a 500."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from dangvu.imports import engine, services
from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, run, upload, xlsx


def refused(world, data, name):
    with pytest.raises(ValidationError) as exc:
        services.start_import(world["office"], organization=world["committee"], kind="members",
                              upload=upload(data, name))
    assert ImportBatch.objects.count() == 0
    return " ".join(exc.value.messages)


def test_not_a_spreadsheet(world):
    assert "chỉ nhận bảng tính" in refused(world, b"%PDF-1.4 ...", "ds.pdf")


@pytest.mark.parametrize("name", ["ds.xlsx", "ds.xls", "ds.ods"])
def test_renamed_html(world, name):
    assert "trang HTML" in refused(world, "<!DOCTYPE html><html><body><table><tr><td>Họ và tên</td></tr></table>".encode(), name)


def test_password_protected_xlsx(world):
    # Excel saves a password-protected workbook as an OLE container holding the encrypted package
    assert "mật khẩu" in refused(world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ds.xlsx")


def test_corrupt_workbooks(world):
    data = xlsx([MEMBER_HEADERS, member_row()])
    assert "hỏng" in refused(world, data[: len(data) // 2], "ds.xlsx")
    assert "hỏng" in refused(world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ds.xls")
    assert "rỗng" in refused(world, b"", "ds.xlsx")


def test_empty_sheet(world):
    assert "không có trang tính" in refused(world, xlsx([]), "ds.xlsx")


def test_hidden_sheet_is_skipped_and_said(world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, member_row()], hidden_first=True))
    assert batch.status == "done"
    assert batch.notes[0] == "Đã đọc trang tính “Danh sách”."
    assert "Bỏ qua trang tính ẩn “Ẩn”." in batch.notes


def test_only_hidden_sheets(world):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(MEMBER_HEADERS)
    ws.append(member_row())
    wb.create_sheet("Trống")  # the only visible sheet holds nothing
    ws.sheet_state = "hidden"
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    assert "trang tính ẩn" in refused(world, buf.getvalue(), "ds.xlsx")


def test_formulas_are_never_evaluated(world):
    headers = [*MEMBER_HEADERS, "Nghề nghiệp"]
    data = xlsx([headers, [*member_row(), "=1+1"]])  # openpyxl saves no cached value
    batch = run(world["office"], world["committee"], "members", data)
    assert batch.status == "done"
    assert any("công thức" in n for n in batch.notes)
    assert Member.objects.get().profession == ""


def test_file_over_the_size_limit(world):
    with override_settings(DANGVU_IMPORT_MAX_BYTES=1000):
        assert "vượt giới hạn" in refused(world, xlsx([MEMBER_HEADERS, member_row()]), "ds.xlsx")


def test_file_over_the_row_limit(world):
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người {i}", cccd=f"0010850300{i:02d}", n=i) for i in range(1, 5)])
    with override_settings(DANGVU_IMPORT_MAX_ROWS=3):
        batch = run(world["office"], world["committee"], "members", data)
    assert batch.status == "failed" and "vượt giới hạn" in batch.error
    assert Member.objects.count() == 0 and batch.rows.count() == 0


def test_zip_bomb(world):
    good = xlsx([MEMBER_HEADERS, member_row()])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/media/padding.bin", b"\x00" * (60 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with override_settings(DANGVU_IMPORT_MAX_UNPACKED_BYTES=50 * 1024 * 1024):
        assert "giải nén vượt giới hạn (50 MB mỗi thành phần" in refused(world, data, "ds.xlsx")


def test_a_sheet_past_a_documents_limit_is_taken(world, monkeypatch):
    """A province's sheet unpacks past what a Word or Excel attachment may (core.files: 20 MB a part): the import
    reads it as a stream and has its own limit (DANGVU_IMPORT_MAX_UNPACKED_BYTES)."""
    from dangvu.core import files

    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người {i}", cccd=f"001085{i:06d}", n=i) for i in range(1, 301)])
    monkeypatch.setattr(files, "ZIP_MAX_PART_BYTES", 20 * 1024)  # the sheet is larger than this
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert max(i.file_size for i in z.infolist()) > 20 * 1024
    with pytest.raises(ValidationError):  # an attachment of that size is refused
        files.check_package(io.BytesIO(data), name="ds.xlsx", ext="xlsx")
    batch = services.start_import(world["office"], organization=world["committee"], kind="members",
                                  upload=upload(data))
    assert batch.pk
    with override_settings(DANGVU_IMPORT_MAX_UNPACKED_BYTES=20 * 1024):
        ImportBatch.objects.all().delete()
        assert "giải nén vượt giới hạn" in refused(world, data, "ds.xlsx")


def test_data_rows_missing(world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS]))
    assert batch.status == "failed" and "không có dòng dữ liệu" in batch.error


def test_apply_twice_or_before_check_refused(world):
    batch = services.start_import(world["office"], organization=world["committee"], kind="members",
                                  upload=upload(xlsx([MEMBER_HEADERS, member_row()])))
    with pytest.raises(ValidationError, match="chưa ghi"):
        services.request_apply(world["office"], batch)
    engine.check(batch.pk)
    batch.refresh_from_db()
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    with pytest.raises(ValidationError, match="đã ghi xong"):
        services.request_apply(world["office"], batch)


def test_wrong_kind_is_named(world):
    with pytest.raises(ValidationError) as exc:
        services.start_import(world["office"], organization=world["committee"], kind="organizations",
                              upload=upload(xlsx([MEMBER_HEADERS, member_row()])))
    assert "có vẻ là danh sách “đảng viên”" in " ".join(exc.value.messages)
