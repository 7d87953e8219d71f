"""Seed 000: the period report 01/2016–05/2019 of the centre's party committee, reproduced from its data."""

import datetime as dt

import pytest

from dangvu.core import partydoc
from dangvu.organizations.models import Kind
from dangvu.studies import exports, queries, seed000
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    central = OrganizationFactory(name="Đảng bộ Khối các cơ quan Trung ương", kind=Kind.PROVINCIAL)
    ministry = OrganizationFactory(name="Đảng bộ Bộ Lao động – Thương binh và Xã hội", kind=Kind.UPPER,
                                   parent=central)
    centre = OrganizationFactory(name="Đảng bộ Trung tâm Kiểm định Kỹ thuật An toàn khu vực II",
                                 kind=Kind.GRASSROOTS_COMMITTEE, parent=ministry)
    members = []
    for i, size in enumerate([12, 10, 10, 9], 1):  # 4 chi bộ, 41 members
        cell = OrganizationFactory(name=f"Chi bộ {i}", kind=Kind.ATTACHED_CELL, parent=centre)
        members += [MemberFactory(organization=cell, full_name=f"Nguyễn Văn Số {i}{j:02d}",
                                  admitted_on=dt.date(2010, 1, 1)) for j in range(size)]
    # one member admitted in 2017: not called to the 2016 conferences
    late = MemberFactory(organization=cell, full_name="Trần Thị Mới", admitted_on=dt.date(2017, 3, 1),
                         official_on=dt.date(2018, 3, 1))
    office = UserFactory(username="vp")
    grant(office, "office", ministry)
    seed000.load_sessions(office, centre=centre, ministry=ministry, bloc=central)
    return {"centre": centre, "ministry": ministry, "central": central, "office": office, "late": late}


EXPECTED = [
    ("25/05/2016", "Nghị quyết Đại hội Đảng khóa XII", "Trực tiếp", "Đảng bộ Khối các cơ quan Trung ương", 5,
     "5 đảng viên được cử"),
    ("07/06/2016", "Nghị quyết Đại hội XII của Đảng", "Trực tuyến", "Đảng bộ Bộ Lao động", 41,
     "Toàn thể đảng viên (41/41 có mặt)"),
    ("19/10/2016", "Chỉ thị 05-CT/TW", "Trực tuyến", "Đảng bộ Bộ Lao động", 41, "Toàn thể đảng viên (41/41 có mặt)"),
    ("10/01/2017", "Nghị quyết Trung ương 4 khóa XII", "Trực tuyến", "Đảng bộ Bộ Lao động", 41,
     "Toàn thể đảng viên (41/41 có mặt)"),
    ("18/08/2017", "Nghị quyết Trung ương 5 khóa XII", "Trực tuyến", "Đảng bộ Bộ Lao động", 42,
     "Toàn thể đảng viên (42/42 có mặt)"),
    ("19/10/2017", "Nghị quyết 07, 08 của Đảng ủy Khối", "Trực tiếp", "Đảng bộ Bộ Lao động", 3, "3 đảng viên được cử"),
    ("22/12/2017", "Nghị quyết Trung ương 6 khóa XII", "Trực tuyến", "Đảng bộ Bộ Lao động", 42,
     "Toàn thể đảng viên (42/42 có mặt)"),
]


def test_seed000_period_report_lists_every_conference(centre):
    rep = queries.period_report(centre["office"], centre["centre"], dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    got = [(r["held_on"].strftime("%d/%m/%Y"), r["title"], r["format"], r["organizer"], r["present"], r["audience"])
           for r in rep["sessions"]]
    assert len(got) == 7
    for row, (day, title, fmt, organizer, present, audience) in zip(got, EXPECTED, strict=True):
        assert row[:3] == (day, title, fmt)
        assert row[3].startswith(organizer)
        assert row[4:] == (present, audience)
    assert "Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức" in got[1][3]
    # every member present owes a study report and a commitment: none handed in yet
    assert rep["totals"]["commitment"] == [0, 5 + 41 * 3 + 42 + 3 + 42]
    # Chỉ thị 05 and NQ TW4 are linked to the register
    assert rep["sessions"][2]["session"].resolution.number == "05-CT/TW"
    assert rep["sessions"][3]["session"].resolution.number == "04-NQ/TW"


def test_seed000_period_bounds(centre):
    rep = queries.period_report(centre["office"], centre["centre"], dt.date(2016, 6, 7), dt.date(2017, 1, 10))
    assert [r["held_on"] for r in rep["sessions"]] == [dt.date(2016, 6, 7), dt.date(2016, 10, 19), dt.date(2017, 1, 10)]


def test_seed000_one_chi_bo_counts_its_own_members(centre):
    cell = centre["late"].organization
    rep = queries.period_report(centre["office"], cell, dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    by_day = {r["held_on"]: r for r in rep["sessions"]}
    assert by_day[dt.date(2016, 6, 7)]["present"] == 9
    assert by_day[dt.date(2017, 12, 22)]["present"] == 10
    assert dt.date(2016, 5, 25) not in by_day  # the five sent to the bloc's conference came from chi bộ 1


def test_seed000_exports(centre):
    rep = queries.period_report(centre["office"], centre["centre"], dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    text = partydoc.docx_text(exports.period_docx(rep, issued_on=dt.date(2019, 6, 14)))
    assert "BÁO CÁO" in text and "Chỉ thị 05-CT/TW" in text and "19/10/2016" in text
    assert "Toàn thể đảng viên (41/41 có mặt)" in text
    import io

    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(exports.period_xlsx(rep)))
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "Nghị quyết Trung ương 6 khóa XII" in values and "22/12/2017" in values


def test_period_report_includes_meetings_and_visits(centre, monkeypatch):
    # the real meetings.queries.period_summary when present: one row per chi bộ
    rep = queries.period_report(centre["office"], centre["centre"], dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    if rep["meetings"] is not None:
        assert len(rep["meetings"]["meetings"]) == 4
    fake = {"meetings": [{"organization_id": 1, "organization_name": "Chi bộ 1", "regular": 11, "thematic": 2,
                          "total": 12, "missed_months": ["2019-02"]}],
            "visits": [{"organization_id": 1, "organization_name": "Chi bộ 1", "visited_on": dt.date(2019, 3, 5),
                        "visitor_name": "Đồng chí Trưởng đoàn", "remarks": "Sinh hoạt nền nếp"}]}
    monkeypatch.setattr(queries, "period_summary_of_meetings", lambda *a: fake)
    rep = queries.period_report(centre["office"], centre["centre"], dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    text = partydoc.docx_text(exports.period_docx(rep))
    assert "Chi bộ 1" in text and "05/03/2019" in text and "1 lượt" in text and "Sinh hoạt nền nếp" in text
