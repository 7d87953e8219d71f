"""Workbooks built in the tests, a small tree with an office user, and a helper running an import's phases."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.imports import engine, services
from dangvu.organizations.models import Role
from tests.factories import UserFactory, grant, tree

MEMBER_HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ",
                  "CCCD", "Chi bộ"]


def xlsx(rows, *, title=None, sheet="Danh sách", before=(), hidden_first=False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "Ẩn"
        ws["A1"] = "Họ và tên"
        ws.sheet_state = "hidden"
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    for r in before:
        ws.append(r)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, *, encoding="utf-8-sig", delimiter=",") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode(encoding)


def upload(data: bytes, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def world(db):
    t = tree()
    office = UserFactory(username="vanphong")
    grant(office, Role.OFFICE, t["committee"])
    other_office = UserFactory(username="vanphongkhac")
    grant(other_office, Role.OFFICE, t["other"])
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    t.update(office=office, other_office=other_office, admin=admin)
    return t


def run(actor, org, kind, data, name="danh-sach.xlsx", mapping=None, decisions=None, reasons=None, apply=True):
    """Upload, check and (by default) apply an import as the worker would; returns the batch, refreshed."""
    batch = services.start_import(actor, organization=org, kind=kind, upload=upload(data, name), mapping=mapping)
    engine.check(batch.pk)
    batch.refresh_from_db()
    if apply and batch.status == "ready":
        services.request_apply(actor, batch, decisions=decisions, reasons=reasons)
        engine.apply(batch.pk)
        batch.refresh_from_db()
    return batch


def member_row(name="Nguyễn Văn An", gender="Nam", birth="17/05/1985", admitted="02/03/2012",
               official="02/03/2013", card="", cccd="001085001234", cell="Chi bộ Văn phòng", n=1):
    return [n, name, gender, birth, admitted, official, card, cccd, cell]


def ods(rows, sheet="Danh sách") -> bytes:
    """A minimal OpenDocument spreadsheet (no library writes .ods here): one sheet of text and number cells."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(v):
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}</table:table>'
        '</office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()
