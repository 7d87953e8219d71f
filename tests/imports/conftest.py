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
