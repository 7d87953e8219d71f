import datetime as dt
import io

import pytest
from docx import Document

from dangvu.core import partydoc


def _doc(**extra):
    fields = dict(
        superior="Đảng bộ tỉnh Đồng Nai", issuer="Đảng ủy Khối các cơ quan tỉnh", number="04-KH/ĐUK",
        place="Đồng Nai", issued_on=dt.date(2020, 10, 23), type_name="Kế hoạch",
        summary="kiểm tra công tác xây dựng Đảng năm 2020", signer_capacity="T/M Ban Thường vụ",
        signer_title="Phó Bí thư", signer_name="Trần Thị Mai", recipients=["Ban Thường vụ Tỉnh ủy", "Lưu Văn phòng"],
    )
    fields.update(extra)
    return partydoc.PartyDoc(**fields)


def test_place_date_writes_leading_zeros_the_party_way():
    assert partydoc.place_date("Đồng Nai", dt.date(2020, 12, 22)) == "Đồng Nai, ngày 22 tháng 12 năm 2020"
    assert partydoc.place_date("Hà Nội", dt.date(2019, 2, 7)) == "Hà Nội, ngày 07 tháng 02 năm 2019"
    assert partydoc.place_date("Hà Nội", dt.date(2019, 11, 10)) == "Hà Nội, ngày 10 tháng 11 năm 2019"
    assert partydoc.place_date("", dt.date(2021, 3, 1)) == "Ngày 01 tháng 3 năm 2021"


def test_rendered_document_has_header_number_type_body_signature_and_recipients():
    doc = _doc()
    doc.heading("I. MỤC ĐÍCH, YÊU CẦU").paragraph("Nắm tình hình.\nĐánh giá đúng.").bullets(["Một", "Hai"])
    doc.table(["STT", "Tổ chức"], [["1", "Chi bộ Văn phòng"]])
    text = partydoc.docx_text(doc.render())
    lines = text.splitlines()
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ TỈNH ĐỒNG NAI", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
                     "Số 04-KH/ĐUK", "Đồng Nai, ngày 23 tháng 10 năm 2020", "KẾ HOẠCH",
                     "kiểm tra công tác xây dựng Đảng năm 2020", "I. MỤC ĐÍCH, YÊU CẦU", "Nắm tình hình.",
                     "Đánh giá đúng.", "- Một", "Chi bộ Văn phòng", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ",
                     "Trần Thị Mai", "Nơi nhận:", "- Lưu Văn phòng."]:
        assert expected in lines, expected
    # body comes after the title and before the signature
    assert lines.index("KẾ HOẠCH") < lines.index("Nắm tình hình.") < lines.index("T/M BAN THƯỜNG VỤ")
    d = Document(io.BytesIO(doc.render()))
    section = d.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_office_template_is_filled_and_body_goes_where_the_placeholder_is():
    template = partydoc.default_template()
    assert {"co_quan", "so_ky_hieu", "noi_dung", "noi_nhan", "dia_danh_ngay"} <= partydoc.template_placeholders(
        template
    )
    doc = _doc()
    doc.paragraph("Nội dung chính của kế hoạch.")
    text = partydoc.docx_text(doc.render(template=template))
    assert "{{" not in text
    lines = text.splitlines()
    assert "Số 04-KH/ĐUK" in lines and "Đồng Nai, ngày 23 tháng 10 năm 2020" in lines
    assert lines.index("KẾ HOẠCH") < lines.index("Nội dung chính của kế hoạch.") < lines.index("Trần Thị Mai")


def test_official_letter_without_type_puts_summary_under_number():
    text = partydoc.docx_text(_doc(type_name="", number="125-CV/ĐUK", summary="triển khai đánh giá").render())
    assert "V/v triển khai đánh giá" in text.splitlines()


@pytest.mark.skipif(partydoc.libreoffice() is None, reason="LibreOffice is not installed here")
def test_pdf_copy_where_libreoffice_is_present():
    pdf = partydoc.to_pdf(_doc().render())
    assert pdf.startswith(b"%PDF")


def test_pdf_is_none_without_libreoffice(monkeypatch):
    monkeypatch.setattr(partydoc, "libreoffice", lambda: None)
    assert partydoc.to_pdf(_doc().render()) is None
