"""A document's term is the one its date falls in (an open term ends with the year in its name), and the Word
"Nơi nhận" list ends with a full stop, never ".,"."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from dangvu.core import partydoc
from dangvu.documents import services
from dangvu.documents.models import Document, NumberSequence

D = dt.date


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)


def issue(w, org, **kw):
    fields = {"type_code": "KH", "summary": "Kế hoạch kiểm tra", "issued_on": D(2020, 10, 23)}
    fields.update(kw)
    return services.issue_document(w.admin, org, **fields)


def test_a_document_after_an_open_terms_last_year_is_not_filed_under_it(w):
    # the committee's 2020–2025 term was never closed: 05/12/2026 is after it, 31/12/2025 still in it
    assert issue(w, w.committee, issued_on=D(2025, 12, 31)).term.name == "2020–2025"
    with pytest.raises(ValidationError) as exc:
        issue(w, w.committee, issued_on=D(2026, 12, 5))
    msg = exc.value.message_dict["issued_on"][0]
    assert "05/12/2026" in msg and "2020–2025" in msg and "nhiệm kỳ mới" in msg
    assert Document.objects.filter(issued_on=D(2026, 12, 5)).count() == 0
    assert NumberSequence.objects.filter(term__organization=w.committee).count() == 1


def test_a_document_dated_in_the_new_term_is_filed_there(w):
    doc = issue(w, w.bloc, issued_on=D(2026, 12, 5))
    assert doc.term == w.new_term and doc.number == "01-KH/ĐUK"


def test_term_without_years_in_its_name_lasts_five_years(w):
    from dangvu.documents.services.register import nominal_end
    from dangvu.organizations.models import Term

    term = Term(organization=w.committee, name="khóa IX", started_on=D(2020, 7, 10))
    assert nominal_end(term) == D(2025, 12, 31)


@pytest.mark.parametrize("typed, lines", [
    (["Các chi bộ trực thuộc", "Lưu Văn phòng."], ["- Các chi bộ trực thuộc,", "- Lưu Văn phòng."]),
    (["- Như trên,", "  - Ban Thường vụ;", "Lưu VP,"], ["- Như trên,", "- Ban Thường vụ,", "- Lưu VP."]),
    (["Lưu", "", " , "], ["- Lưu."]),
])
def test_recipient_lines_end_with_commas_and_one_full_stop(typed, lines):
    assert partydoc.recipient_lines(typed) == lines


def test_word_output_of_a_document_has_no_dot_comma(w, client):
    from docx import Document as Docx

    doc = issue(w, w.bloc, recipients_text="Các đảng bộ, chi bộ cơ sở\nLưu Văn phòng.")
    client.force_login(w.office)
    resp = client.get(f"/van-ban/{doc.pk}/word/")
    assert resp.status_code == 200
    text = "\n".join(p.text for t in Docx(io.BytesIO(b"".join(resp.streaming_content if resp.streaming else
                                                             [resp.content]))).tables
                     for row in t.rows for c in row.cells for p in c.paragraphs)
    assert "- Lưu Văn phòng." in text and ".," not in text
    assert "- Các đảng bộ, chi bộ cơ sở," in text
