import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.core import files
from dangvu.core.models import Attachment, AuditEntry
from dangvu.core.partydoc import PartyDoc
from tests.factories import OrganizationFactory, UserFactory


def _docx():
    return PartyDoc(issuer="Chi bộ Văn phòng").render()


def _xlsx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [("a.pdf", b"%PDF-1.7\n..."), ("b.docx", None), ("c.xlsx", None), ("d.png", b"\x89PNG\r\n\x1a\n...."),
     ("e.jpg", b"\xff\xd8\xff\xe0...."), ("f.txt", "Biên bản họp chi bộ".encode()),
     ("g.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....")],
)
def test_files_that_are_what_they_say_are_accepted(name, content):
    content = content or (_docx() if name.endswith("docx") else _xlsx())
    assert files.check_upload(SimpleUploadedFile(name, content)) == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    "name,content,message",
    [("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không phải tệp PDF"),
     ("bao-cao.docx", b"%PDF-1.4", "không phải tệp Word"),
     ("bang.xlsx", None, "không phải tệp Excel"),  # a Word file renamed .xlsx
     ("chay.exe", b"MZ", "chỉ nhận các loại tệp"),
     ("khong-duoi", b"abc", "chỉ nhận các loại tệp"),
     ("rong.pdf", b"", "rỗng")],
)
def test_files_that_lie_about_their_kind_are_refused_in_vietnamese(name, content, message):
    content = _docx() if content is None else content
    with pytest.raises(ValidationError) as exc:
        files.check_upload(SimpleUploadedFile(name, content), field="tep")
    assert message in exc.value.message_dict["tep"][0]


def test_too_large_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        files.check_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 2000), max_bytes=1024)
    assert "vượt giới hạn" in exc.value.message_dict["file"][0]


@pytest.mark.django_db
def test_attach_stores_file_on_any_record_and_audits_it():
    org, user = OrganizationFactory(), UserFactory()
    att = files.attach(user, org, SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7 body"), purpose="materials")
    assert list(files.attachments(org)) == [att]
    assert list(files.attachments(org, purpose="other")) == []
    assert att.name == "ke-hoach.pdf" and att.size == 13 and att.content_kind == "pdf"
    assert AuditEntry.objects.filter(action="attach", object_id=str(org.pk)).exists()
    response = files.download(att)
    assert b"".join(response.streaming_content) == b"%PDF-1.7 body"


@pytest.mark.django_db
def test_refused_attachment_writes_nothing():
    org, user = OrganizationFactory(), UserFactory()
    with pytest.raises(ValidationError):
        files.attach(user, org, SimpleUploadedFile("ke-hoach.pdf", b"not pdf"))
    assert Attachment.objects.count() == 0 and not AuditEntry.objects.filter(action="attach").exists()
