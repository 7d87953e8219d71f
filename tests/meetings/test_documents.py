import datetime as dt

from dangvu.core import partydoc
from dangvu.meetings import documents, services


def test_minutes_book_has_every_part(world, held_meeting):
    sec = world["users"]["secretary"]
    ms = world["members"]
    m = services.save_minutes(sec, held_meeting, content="Đánh giá nhiệm vụ tháng 2", chair_id=ms[0].pk,
                              note_taker_id=ms[1].pk, resolutions="Hoàn thành báo cáo quý I",
                              conclusion="Chi bộ thống nhất triển khai.", close=True,
                              opinions=[{"member_id": ms[1].pk, "text": "Đề nghị tăng cường kiểm tra"}])
    services.amend_minutes(sec, m, field="place", text="Phòng họp số 2", reason="Ghi nhầm phòng")
    text = partydoc.docx_text(documents.minutes_book_docx(world["t"]["cell_a"], dt.date(2026, 1, 1),
                                                          dt.date(2026, 12, 31)))
    for needle in ("SỔ GHI BIÊN BẢN SINH HOẠT CHI BỘ", "NGÀY 10/03/2026", "14 giờ 00", "15 giờ 30", "90 phút",
                   ms[0].full_name, "Đi công tác", "Vắng không có lý do", "Đề nghị tăng cường kiểm tra",
                   "Hoàn thành báo cáo quý I", "Chi bộ thống nhất triển khai.", "Phòng họp số 2", "Ghi nhầm phòng"):
        assert needle in text, needle


def test_minutes_book_empty_period(world, held_meeting):
    text = partydoc.docx_text(documents.minutes_book_docx(world["t"]["cell_a"], dt.date(2025, 1, 1),
                                                          dt.date(2025, 12, 31)))
    assert "Không có cuộc sinh hoạt nào" in text
