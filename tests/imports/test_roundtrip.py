"""Round trip: the member export writes the members import template's columns, so that export → edit in a
spreadsheet → import updates the same members in place, and an unedited export imports as "nothing to do"."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.imports import reading, services, workbooks
from dangvu.members import columns
from dangvu.members.models import Member, Status
from tests.factories import MemberFactory

from .conftest import upload

HEADER_ROW = 3  # under the title and the scope line


@pytest.fixture
def members(world):
    cell = world["cell_a"]
    return {
        "an": MemberFactory(organization=cell, full_name="Nguyễn Văn An", national_id="001085001234",
                            card_number="00123456", birth_date=dt.date(1985, 5, 17), residence="Phường Một",
                            ethnicity="Kinh", religion="Không", theory_level="trung_cap", hometown="Xã Thử"),
        "binh": MemberFactory(organization=cell, full_name="Trần Thị Bình", national_id="079190004567",
                              admitted_on=dt.date(2010, 3, 1), official_on=dt.date(2011, 3, 1),
                              date_precision={"admitted_on": "month"}, residence="Phường Hai"),
        "chau": MemberFactory(organization=cell, full_name="Lê Minh Châu", national_id=None, former_id="012345678",
                              status=Status.PROBATIONARY, admitted_on=dt.date(2026, 1, 10), card_number="98765432"),
        "other_cell": MemberFactory(organization=world["cell_b"], full_name="Phạm Đức Dũng",
                                    national_id="001080009999"),
    }


def export(client, user, org) -> bytes:
    client.force_login(user)
    response = client.get(reverse("members:export"), {"organization": org.pk})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def edited(data: bytes, changes: dict) -> bytes:
    """The workbook with cells changed: {(full name, header): new value}."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    headers = [c.value for c in ws[HEADER_ROW]]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        for (name, header), value in changes.items():
            if row[0].value == name:
                row[headers.index(header)].value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def imported(user, org, data, run_jobs):
    """Upload, check and apply through the queue, as the worker would."""
    batch = services.start_import(user, organization=org, kind="members", upload=upload(data))
    run_jobs()
    batch.refresh_from_db()
    assert batch.status == "ready", (batch.error, list(batch.rows.values("action", "errors")))
    services.request_apply(user, batch)
    run_jobs()
    batch.refresh_from_db()
    return batch


def versions():
    return dict(Member.objects.values_list("pk", "version"))


def test_the_template_and_the_export_share_their_columns(world, members, client):
    template = openpyxl.load_workbook(io.BytesIO(workbooks.template("members")))["Mẫu nhập"]
    template_headers = [c.value for c in template[1]]
    ws = openpyxl.load_workbook(io.BytesIO(export(client, world["office"], world["cell_a"]))).active
    assert [c.value for c in ws[HEADER_ROW]] == template_headers == columns.LABELS
    # and every header of the export is read back as its own field
    assert [reading.field_for("members", h) for h in template_headers] == [c.field for c in columns.COLUMNS]


def test_values_are_in_the_forms_the_import_reads(world, members, client):
    ws = openpyxl.load_workbook(io.BytesIO(export(client, world["office"], world["cell_a"]))).active
    headers = [c.value for c in ws[HEADER_ROW]]
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert set(rows) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"}
    an, binh, chau = rows["Nguyễn Văn An"], rows["Trần Thị Bình"], rows["Lê Minh Châu"]
    assert an["Số CCCD"] == "001085001234" and an["Số thẻ đảng viên"] == "00123456"  # text, zeros kept
    assert an["Chi bộ"] == world["cell_a"].code
    assert an["Trạng thái"] == "Chính thức" and chau["Trạng thái"] == "Dự bị"
    assert an["Giới tính"] == "Nam" and an["Lý luận chính trị"] == "Trung cấp"
    assert an["Ngày sinh"].date() == dt.date(1985, 5, 17)
    assert ws.cell(row=HEADER_ROW + 1, column=headers.index("Ngày sinh") + 1).number_format.lower() == "dd/mm/yyyy"
    assert binh["Ngày vào Đảng"] == "03/2010"  # only the month is known: no invented day
    assert chau["Số CCCD"] == "012345678"  # the former CMND, which the import also keys on


def test_export_edit_import_updates_in_place(world, members, client, run_jobs):
    data = export(client, world["office"], world["cell_a"])
    data = edited(data, {("Nguyễn Văn An", "Nơi cư trú"): "Phường Mới, Thành phố Thử",
                         ("Trần Thị Bình", "Ngày chính thức"): "05/04/2011"})
    before, count, audits = versions(), Member.objects.count(), AuditEntry.objects.filter(model="member").count()
    batch = imported(world["office"], world["committee"], data, run_jobs)
    assert batch.status == "done", (batch.error, list(batch.rows.values("action", "errors")))
    assert (batch.counts["create"], batch.counts["update"], batch.counts["unchanged"], batch.counts["refused"]) \
        == (0, 2, 1, 0)
    assert Member.objects.count() == count
    an, binh = Member.objects.get(pk=members["an"].pk), Member.objects.get(pk=members["binh"].pk)
    assert an.residence == "Phường Mới, Thành phố Thử"
    assert binh.official_on == dt.date(2011, 4, 5)
    assert binh.date_precision == {"admitted_on": "month"}  # the month-only admission stays as it was
    after = versions()
    assert {pk for pk in after if after[pk] != before[pk]} == {an.pk, binh.pk}
    assert AuditEntry.objects.filter(model="member").count() == audits + 2  # through the services, audited


def test_unchanged_export_imports_as_nothing_to_do(world, members, client, run_jobs):
    data = export(client, world["office"], world["committee"])
    before, audits = versions(), AuditEntry.objects.filter(model="member").count()
    batch = imported(world["office"], world["committee"], data, run_jobs)
    assert batch.status == "done", (batch.error, list(batch.rows.values("action", "errors")))
    assert batch.counts["create"] == 0 and batch.counts["update"] == 0 and batch.counts["refused"] == 0
    assert batch.counts["unchanged"] == 4
    assert versions() == before
    assert AuditEntry.objects.filter(model="member").count() == audits  # no member written
