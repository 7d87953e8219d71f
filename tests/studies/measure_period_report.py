"""Figures, not a test: `.venv/bin/pytest -q -s tests/studies/measure_period_report.py`.

Builds a grassroots committee with 40 chi bộ of 50 members (2,000), records 60 "all members" study sessions
(120,000 attendance rows, 2 submissions per member present), then times the period report, the session list
page and the .xlsx/.docx exports. Prints the figures and, last, one JSON line.
"""

import datetime as dt
import json
import time

import pytest
from django.test import Client

from dangvu.organizations.models import Kind
from dangvu.studies import exports, queries, services
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant

CELLS, PER_CELL, SESSIONS = 40, 50, 60


@pytest.mark.django_db
def test_measure_period_report():
    root = OrganizationFactory(name="Đảng bộ Khối Đo", kind=Kind.UPPER)
    committee = OrganizationFactory(name="Đảng bộ Đo", kind=Kind.GRASSROOTS_COMMITTEE, parent=root)
    ids = []
    for i in range(CELLS):
        cell = OrganizationFactory(name=f"Chi bộ Đo {i}", kind=Kind.ATTACHED_CELL, parent=committee)
        ids += [MemberFactory(organization=cell, full_name=f"Nguyễn Văn Đo {i} {j}").pk for j in range(PER_CELL)]
    office = UserFactory(username="do")
    grant(office, "office", committee)
    t0 = time.perf_counter()
    for k in range(SESSIONS):
        services.record_session(office, organization=committee, title=f"Nghị quyết {k}", format="online",
                                held_on=dt.date(2024, 1, 1) + dt.timedelta(days=k * 5), organizer=root,
                                attendee_ids=ids[: len(ids) * 9 // 10])
    record = (time.perf_counter() - t0) / SESSIONS
    queries.period_report(office, committee, dt.date(2024, 1, 1), dt.date(2024, 1, 2))  # warm up
    t0 = time.perf_counter()
    rep = queries.period_report(office, committee, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    report = time.perf_counter() - t0
    t0 = time.perf_counter()
    exports.period_xlsx(rep)
    xlsx = time.perf_counter() - t0
    t0 = time.perf_counter()
    exports.period_docx(rep)
    docx = time.perf_counter() - t0
    c = Client()
    c.force_login(office)
    c.get("/")  # warm up: URL configuration and templates
    t0 = time.perf_counter()
    assert c.get(f"/hoc-tap/?organization={committee.pk}").status_code == 200
    page = time.perf_counter() - t0
    figures = {"members": len(ids), "sessions": SESSIONS, "attendance_rows": len(ids) * SESSIONS,
               "record_session_s": round(record, 3), "period_report_s": round(report, 3),
               "xlsx_s": round(xlsx, 3), "docx_s": round(docx, 3), "list_page_s": round(page, 3)}
    for k, v in figures.items():
        print(f"{k}: {v}")
    print(json.dumps(figures))
