"""The member export streams: bytes leave before every member is read, and the file is complete."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.core import xlsx_stream
from tests.factories import MemberFactory, UserFactory, tree

pytestmark = pytest.mark.django_db


def test_province_export_streams_and_is_complete(client):
    t = tree()
    for i in range(30):
        MemberFactory(full_name=f"Nguyễn Văn Thử {i:02d}", organization=t["cell_a" if i % 2 else "other_cell"])
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("members:export"), {"organization": t["province"].pk})
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as ctx:
        first = next(chunks)
    assert first.startswith(b"PK\x03\x04")  # the zip has begun before any member was read
    assert not any("members_member" in q["sql"] for q in ctx.captured_queries)
    data = first + b"".join(chunks)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "DANH SÁCH ĐẢNG VIÊN" and ws["A1"].font.b
    names = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(names) == 30 and names[0] == "Nguyễn Văn Thử 00"
    assert ws.freeze_panes == "B4"


def test_stream_yields_early_and_keeps_text_dates_and_formulas_as_typed():
    def rows():
        yield [("Tiêu đề", xlsx_stream.BOLD)]
        for i in range(2000):
            yield [i, f"=SUM(A{i})", dt.date(2026, 3, 1), None, " lề "]

    chunks = list(xlsx_stream.stream("Thử", rows(), widths=[6, 20], freeze="B2", flush_every=100))
    assert len(chunks) > 3  # not one blob at the end
    ws = load_workbook(io.BytesIO(b"".join(chunks))).active
    assert ws.title == "Thử" and ws["A1"].value == "Tiêu đề"
    assert ws["B2"].value == "=SUM(A0)" and ws["B2"].data_type == "s"  # text, never a formula
    assert ws["C2"].value.date() == dt.date(2026, 3, 1) and ws["C2"].number_format.lower() == "dd/mm/yyyy"
    assert ws["E2"].value == " lề " and ws["A2001"].value == 1999
    assert ws.column_dimensions["B"].width == 20
