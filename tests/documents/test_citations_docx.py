"""Citation recognition on the seeds' citations; Word output in party format (and PDF where LibreOffice is)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.core import partydoc
from dangvu.documents import citations, services

from .conftest import docx_bytes

D = dt.date

SEED_004 = ("Qua kết quả kiểm tra, đánh giá của các Chi bộ trực thuộc theo Kế hoạch số 04-KH/ĐUK ngày 23/10/2020 "
            "của Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh về kiểm điểm, đánh giá, xếp loại chất lượng")
SEED_004_B = ("Về tự chấm điểm, đánh giá xếp loại Đảng bộ Sở theo Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019 của "
              "Ban Tổ chức Tỉnh ủy, với tiêu chí về xây dựng đảng")
SEED_000 = "Hội nghị học tập, quán triệt Chỉ thị 05-CT/TW vào ngày 19/10/2016 cho toàn thể đảng viên"


def test_seed_citations_are_recognised():
    assert citations.parse(SEED_004) == [{"type": "KH", "number": "04-KH/ĐUK", "issuer_symbol": "ĐUK",
                                          "issued_on": D(2020, 10, 23), "document_id": None}]
    assert citations.parse(SEED_004_B) == [{"type": "HD", "number": "29-HD/BTCTU", "issuer_symbol": "BTCTU",
                                            "issued_on": D(2019, 11, 7), "document_id": None}]
    # "vào ngày" is the date of the conference, not of the directive
    assert citations.parse(SEED_000) == [{"type": "CT", "number": "05-CT/TW", "issuer_symbol": "TW",
                                          "issued_on": None, "document_id": None}]


def test_several_citations_and_variants():
    text = "theo Nghị quyết 01–NQ/ĐH ngày 5 tháng 8 năm 2020 và Quy định số 66-QĐ/TW; 12/2020 không phải số"
    found = citations.parse(text)
    assert [c["number"] for c in found] == ["01-NQ/ĐH", "66-QĐ/TW"]
    assert found[0]["issued_on"] == D(2020, 8, 5)
    assert citations.parse("ngày 07/11/2019") == []


def test_citation_links_to_the_registered_document_the_user_may_see(w):
    doc = services.issue_document(w.office, w.bloc, type_code="KH", summary="Kiểm điểm năm 2020",
                                  issued_on=D(2020, 10, 23))
    assert doc.number == "01-KH/ĐUK"
    text = "Kế hoạch số 01-KH/ĐUK ngày 23/10/2020; Kế hoạch số 01-KH/ĐUK ngày 24/10/2020"
    found = citations.parse_and_link(w.office, text)
    assert [c["document_id"] for c in found] == [doc.pk, None]
    assert citations.parse_and_link(w.other_office, text)[0]["document_id"] is None


@pytest.fixture
def plan(w):
    return services.issue_document(
        w.office, w.bloc, type_code="KH", summary="kiểm điểm, đánh giá, xếp loại chất lượng năm 2020",
        issued_on=D(2020, 10, 23), body="I. MỤC ĐÍCH, YÊU CẦU\nĐánh giá đúng thực chất.\n- Chi bộ tự kiểm điểm",
        recipients_text="Các chi bộ trực thuộc\nLưu Văn phòng", signer_name="Lê Văn Ký",
    )


def test_docx_in_party_format(w, plan):
    text = partydoc.docx_text(services.render_docx(plan))
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ TỈNH THỬ NGHIỆM", "ĐẢNG ỦY KHỐI THỬ NGHIỆM",
                     "Số 01-KH/ĐUK", "Đồng Nai, ngày 23 tháng 10 năm 2020", "KẾ HOẠCH",
                     "kiểm điểm, đánh giá, xếp loại chất lượng năm 2020", "Đánh giá đúng thực chất.",
                     "Chi bộ tự kiểm điểm", "Lê Văn Ký", "Nơi nhận", "Các chi bộ trực thuộc"]:
        assert expected in text, expected


def test_office_template_is_used(w, plan):
    tpl = docx_bytes("{{co_quan}} – {{so_ky_hieu}} – {{dia_danh_ngay}}")
    import io

    from docx import Document as Docx

    d = Docx(io.BytesIO(tpl))
    d.add_paragraph("{{noi_dung}}")
    d.add_paragraph("Người ký: {{nguoi_ky}}")
    buf = io.BytesIO()
    d.save(buf)
    services.save_template(w.office, w.bloc, SimpleUploadedFile("mau.docx", buf.getvalue()))
    text = partydoc.docx_text(services.render_docx(plan))
    assert "ĐẢNG ỦY KHỐI THỬ NGHIỆM – Số 01-KH/ĐUK – Đồng Nai, ngày 23 tháng 10 năm 2020" in text
    assert "Đánh giá đúng thực chất." in text and "Người ký: Lê Văn Ký" in text


def test_template_without_body_placeholder_is_refused(w):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.save_template(w.office, w.bloc, SimpleUploadedFile("mau.docx", docx_bytes("{{co_quan}}")))
    assert "{{noi_dung}}" in exc.value.message_dict["template"][0]


@pytest.mark.skipif(partydoc.libreoffice() is None, reason="LibreOffice is not installed")
def test_pdf_copy_where_libreoffice_is_present(w, plan):
    pdf = partydoc.to_pdf(services.render_docx(plan))
    assert pdf is not None and pdf.startswith(b"%PDF-")


def test_roman_numbered_sections_are_headings_whatever_their_case(w):
    doc = services.issue_document(
        w.office, w.bloc, type_code="KH", summary="Kế hoạch", issued_on=dt.date(2020, 10, 23),
        body="I. Mục đích, yêu cầu\nNội dung một\nII. Nội dung\nIII. Tổ chức thực hiện\nIV. Kinh phí\n"
             "Việc II. nằm giữa câu")
    blocks = services.build_partydoc(doc)._blocks
    headings = [b[1] for b in blocks if b[0] == "heading"]
    assert headings == ["I. Mục đích, yêu cầu", "II. Nội dung", "III. Tổ chức thực hiện", "IV. Kinh phí"]
    assert ("paragraph", "Việc II. nằm giữa câu", False, False) in blocks
