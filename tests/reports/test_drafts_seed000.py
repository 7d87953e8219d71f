"""Seed 000: the centre's report to the delegation for 01/2016–05/2019, drafted from the records, lists each study
conference with its date, format, organiser and attendance (in the Word file and the workbook)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangvu.core import partydoc
from dangvu.inspections.models import Inspection
from dangvu.reports.models import DraftKind, ReportDraft
from tests.studies.test_seed000 import EXPECTED, centre  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_delegation_report_lists_every_study_conference(client, centre):  # noqa: F811
    case = Inspection.objects.create(
        kind="task_implementation", title="Việc lãnh đạo học tập, quán triệt nghị quyết", conducted_by=centre["ministry"],
        subject_organization=centre["centre"], scope_organization=centre["centre"], decided_on=dt.date(2019, 6, 3),
        period_from=dt.date(2016, 1, 1), period_to=dt.date(2019, 5, 31), level="upper", base_days=30,
        due_on=dt.date(2019, 7, 3), ruleset="test")
    client.force_login(centre["office"])
    assert "01/01/2016 – 31/05/2019" in client.get("/bao-cao/doan-kiem-tra/").content.decode()
    client.post(f"/bao-cao/doan-kiem-tra/{case.pk}/lap/")
    draft = ReportDraft.objects.get()
    assert draft.kind == DraftKind.DELEGATION
    text = partydoc.docx_text(client.get(f"/bao-cao/du-thao/{draft.pk}/xuat-word/").content)
    assert "từ ngày 01/01/2016 đến ngày 31/05/2019" in text
    lines = text.splitlines()
    for day, title, fmt, organizer, _present, audience in EXPECTED:
        i = lines.index(day)
        assert lines[i + 1:i + 3] == [title, fmt], day
        assert lines[i + 3].startswith(organizer) and lines[i + 4] == audience, day
    wb = load_workbook(io.BytesIO(client.get(f"/bao-cao/du-thao/{draft.pk}/xuat-excel/").content))
    sheet = next(ws for ws in wb.worksheets if ws["A1"].value and ws["A1"].value.startswith("Các hội nghị học tập"))
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert [r[1] for r in rows] == [e[0] for e in EXPECTED]
    page = client.get(f"/bao-cao/du-thao/{draft.pk}/").content.decode()
    assert "Nghị quyết Trung ương 6 khóa XII" in page and "22/12/2017" in page
