"""Importing member history: lifecycle steps in file order, through the lifecycle services."""

import datetime as dt

from dangvu.members.models import Member, MemberEvent
from tests.factories import MemberFactory

from .conftest import run, xlsx

HEADERS = ["Số CCCD", "Họ và tên", "Sự kiện", "Ngày", "Số quyết định", "Chi bộ chuyển đến", "Nơi chuyển đến"]


def test_history_in_order_then_reimport(world):
    m = MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_a"], national_id="001085001234")
    other = MemberFactory(full_name="Trần Văn Bình", organization=world["other_cell"], national_id="001085005678")
    rows = [HEADERS,
            ["001085001234", "Nguyễn Văn An", "Kết nạp", "02/03/2010", "", "", ""],
            ["001085001234", "Nguyễn Văn An", "Miễn công tác và sinh hoạt", "10/01/2020", "12-QĐ/ĐU", "", ""],
            ["001085001234", "Nguyễn Văn An", "Trở lại sinh hoạt", "10/01/2021", "15-QĐ/ĐU", "", ""],
            ["001085001234", "", "Chuyển sinh hoạt nội bộ", "01/02/2022", "20-QĐ/ĐU", "Chi bộ Kế toán", ""],
            ["001085001234", "", "Từ trần", "05/05/2024", "", "", ""],
            ["001085005678", "", "Từ trần", "05/05/2024", "", "", ""],
            ["001085009999", "", "Từ trần", "05/05/2024", "", "", ""],
            ["001085001234", "", "Xóa tên", "2024", "", "", ""]]
    batch = run(world["office"], world["committee"], "member_events", xlsx(rows))
    assert batch.status == "done", (batch.error, list(batch.rows.values("number", "errors")))
    assert batch.counts == {"create": 4, "update": 0, "unchanged": 1, "refused": 3}, \
        list(batch.rows.values("number", "action", "errors"))
    m.refresh_from_db()
    assert m.status == "deceased" and m.organization == world["cell_b"]
    assert MemberEvent.objects.filter(member=m, kind="exemption", decision="12-QĐ/ĐU").exists()
    messages = {r.number: r.errors[0]["message"] for r in batch.rows.filter(action="refused")}
    assert "ngoài phạm vi" in messages[7]
    assert "Không tìm thấy đảng viên" in messages[8]
    assert "đủ ngày, tháng, năm" in messages[9]
    other.refresh_from_db()
    assert other.status == "full"
    events = MemberEvent.objects.count()
    again = run(world["office"], world["committee"], "member_events", xlsx(rows))
    assert again.counts["create"] == 0 and again.counts["unchanged"] == 5
    assert MemberEvent.objects.count() == events
    assert Member.objects.get(pk=m.pk).version == m.version


def test_a_step_the_lifecycle_refuses(world):
    MemberFactory(full_name="Lê Văn Cường", organization=world["cell_a"], national_id="001085001111",
                  admitted_on=dt.date(2015, 1, 1), official_on=dt.date(2016, 1, 1))
    rows = [HEADERS, ["001085001111", "", "Trở lại sinh hoạt", "10/01/2021", "", "", ""]]
    batch = run(world["office"], world["committee"], "member_events", xlsx(rows), apply=False)
    assert batch.counts["refused"] == 1
    assert "không thể cho trở lại sinh hoạt" in batch.rows.get().errors[0]["message"]


def test_a_past_confirmation_imported_without_its_forms(world):
    """An imported official-membership review is history: its 10-KNĐ … 15-KNĐ checklist and its deadline are not
    asked of a record kept in Excel (the page and the API ask them of a review recorded as it happens)."""
    m = MemberFactory(full_name="Phạm Thị Dung", organization=world["cell_a"], national_id="001085002222",
                      status="probationary", admitted_on=dt.date(2019, 3, 1), official_on=None)
    rows = [HEADERS, ["001085002222", "", "Chuyển đảng chính thức", "01/06/2020", "30-QĐ/ĐU", "", ""]]
    batch = run(world["office"], world["committee"], "member_events", xlsx(rows))
    assert batch.status == "done" and batch.counts["create"] == 1, list(batch.rows.values("number", "errors"))
    m.refresh_from_db()
    assert m.status == "full"
    assert MemberEvent.objects.get(member=m, kind="confirmation").late_reason == ""
