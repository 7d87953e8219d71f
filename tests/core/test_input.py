"""Input, once for all: one cleaning of text (vntext.clean) behind every form, API schema and service;
integers bounded by their column; Office uploads checked with bounded memory and time before storing."""

import io
import time
import unicodedata
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError as PydanticValidationError

from dangvu.core import files, services, vntext
from dangvu.core.forms import BaseForm
from dangvu.core.models import Attachment, AuditEntry
from dangvu.core.partydoc import PartyDoc
from dangvu.core.schemas import Schema
from dangvu.organizations.models import Organization, Role
from dangvu.organizations.services import create_organization
from tests.factories import UserFactory, grant, tree

CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)])


def is_clean(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and not any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text
    )


# ---------------------------------------------------------------- the one cleaning


def test_clean_composes_nfc_and_drops_control_characters_but_newline_and_tab():
    assert vntext.clean("Nguye\u0302\u0303n\x00\x01 Va\u0306n\x7f\x85 A\u0300n") == "Nguyễn Văn Àn"
    assert vntext.clean("dòng 1\r\ndòng 2\rdòng 3\tcột") == "dòng 1\ndòng 2\ndòng 3\tcột"
    assert vntext.clean("x\ud800y") == "xy"  # a lone surrogate no database stores
    assert vntext.clean(None) is None


def test_services_text_and_nfc_use_the_same_cleaning():
    assert services.clean_text("  Chi bo\u0302\u0323\x00  Mo\u031b\u0301i \x1f ") == "Chi bộ Mới"
    assert vntext.nfc("Chi\x0b bộ") == "Chi bộ"
    errors = services.Errors()
    assert services.text(errors, "name", "Tên", "\x00\x01 ", 10, required=True) == ""
    assert errors.errors == {"name": ["Tên: không được để trống."]}


# ---------------------------------------------------------------- forms


class NoteForm(BaseForm):
    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False, strip=False)
    count = forms.IntegerField(required=False)


def test_form_text_is_cleaned_and_nul_refused_in_vietnamese():
    form = NoteForm({"title": "Chi bo\u0302\u0323\x01", "body": "a\r\nb\x0c", "secret": " Mật\u0301 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Chi bộ"
    assert form.cleaned_data["body"] == "a\nb"
    assert form.cleaned_data["secret"] == " Mật\u0301 "  # passwords are kept as typed
    form = NoteForm({"title": "Chi bộ\x00"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Không được chứa ký tự NUL (\\x00)."]


def test_form_integers_are_bounded_by_their_column():
    form = NoteForm({"title": "x", "count": "99999999999999999999"})
    assert not form.is_valid()
    assert "count" in form.errors
    assert NoteForm({"title": "x", "count": "2147483647"}).is_valid()


@pytest.mark.django_db
def test_login_form_refuses_nul_without_500(client):
    response = client.post("/dang-nhap/", {"username": "a\x00", "password": "x"})
    assert response.status_code == 200
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_organization_form_page_refuses_nul_and_stores_nothing(client):
    t = tree()
    office = UserFactory(username="vanphong")
    grant(office, Role.OFFICE, t["bloc"])
    client.force_login(office)
    before = Organization.objects.count(), AuditEntry.objects.count()
    response = client.post(f"/to-chuc/{t['committee'].pk}/sua/", {"name": "Đảng bộ\x00", "version": 1})
    assert response.status_code == 200  # the form again, with the message beside the field
    assert "Không được chứa ký tự NUL" in response.content.decode()
    assert (Organization.objects.count(), AuditEntry.objects.count()) == before
    t["committee"].refresh_from_db()
    assert "\x00" not in t["committee"].name


@pytest.mark.django_db
def test_member_export_survives_control_characters_stored_before_cleaning(client):
    from django.db import connection
    from openpyxl import load_workbook

    from dangvu.members.models import Member
    from tests.factories import MemberFactory

    t = tree()
    member = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn An")
    dirty = "Nguyễn\x01 Văn\x1f An" + ("\x00" if connection.vendor == "sqlite" else "")
    Member.objects.filter(pk=member.pk).update(full_name=dirty, hometown="Hà\x0bNội")
    office = UserFactory(username="vanphong")
    grant(office, Role.OFFICE, t["bloc"])
    client.force_login(office)
    response = client.get("/dang-vien/xuat-excel/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    values = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn An" in values


# ---------------------------------------------------------------- schemas


class NoteIn(Schema):
    title: str
    tags: list[str] = []
    password: str = ""
    count: int = 0
    organization_id: int | None = None


def _validate(data):
    return NoteIn.model_validate(data, context={"request": object()})


def test_schema_cleans_text_and_refuses_nul_naming_the_field():
    note = _validate({"title": "Chi bo\u0302\u0323\x01", "tags": ["a\x7f", "b\r\nc"], "password": " p\u0301 "})
    assert (note.title, note.tags, note.password) == ("Chi bộ", ["a", "b\nc"], " p\u0301 ")
    with pytest.raises(PydanticValidationError) as exc:
        _validate({"title": "a\x00", "tags": ["b\x00"]})
    assert {e["loc"][0] for e in exc.value.errors()} == {"title", "tags"}
    assert exc.value.errors()[0]["msg"] == "Không được chứa ký tự NUL (\\x00)."


def test_schema_bounds_integers_by_their_column():
    with pytest.raises(PydanticValidationError) as exc:
        _validate({"title": "x", "count": 2**31, "organization_id": 2**64})
    assert {e["loc"][0]: e["type"] for e in exc.value.errors()} == {
        "count": "int_too_large", "organization_id": "int_too_large"}
    assert _validate({"title": "x", "count": 2**31 - 1, "organization_id": 2**63 - 1}).count == 2**31 - 1


def test_schema_answers_are_left_as_they_are():
    out = NoteIn.model_validate({"title": "a\x00"}, context={"request": object(), "response_status": 200})
    assert out.title == "a\x00"


def test_schema_openapi_is_unchanged_by_the_base():
    class Plain(Schema):
        name: str
        count: int

    assert Plain.model_json_schema()["properties"] == {
        "name": {"title": "Name", "type": "string"}, "count": {"title": "Count", "type": "integer"}}


# ---------------------------------------------------------------- hypothesis: never a 500, stored clean

wild_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(CONTROL + "\u0300\u0301\u0323\u0302\u031b")),
                    min_size=1, max_size=40)


@given(title=wild_text)
@settings(max_examples=60, deadline=None)
def test_random_text_through_a_form_is_refused_or_clean(title):
    form = NoteForm({"title": title})
    if form.is_valid():
        assert is_clean(form.cleaned_data["title"])
    else:
        assert "\x00" in title or not title.strip() or form.errors["title"]


@given(title=wild_text, tags=st.lists(wild_text, max_size=3))
@settings(max_examples=60, deadline=None)
def test_random_text_through_a_schema_is_refused_or_clean(title, tags):
    try:
        note = _validate({"title": title, "tags": tags})
    except PydanticValidationError as exc:
        assert all(e["type"] == "text_nul" for e in exc.errors())
        return
    assert is_clean(note.title) and all(is_clean(t) for t in note.tags)


@pytest.mark.django_db
@given(name=wild_text)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_text_through_a_service_and_the_api_stores_clean_nfc(api_client, name):
    admin = UserFactory()
    grant(admin, Role.ADMIN)
    try:
        org = create_organization(admin, name=name, kind="upper")
    except ValidationError:
        pass
    else:
        org.refresh_from_db()
        assert is_clean(org.name) and org.name
    api_client.raise_request_exception = False
    api_client.auth(admin)
    response = api_client.post("/api/v1/organizations", {"name": name, "kind": "upper"})
    assert response.status_code in (201, 422), response.content[:200]
    if response.status_code == 201:
        assert is_clean(Organization.objects.get(pk=response.json()["id"]).name)
    else:
        assert "name" in response.json()["errors"]


# ---------------------------------------------------------------- Office uploads

def _package(parts: dict, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in parts.items():
            if callable(content):
                with z.open(name, "w", force_zip64=True) as w:
                    content(w)
            else:
                z.writestr(name, content)
    return buf.getvalue()


def _many_paragraphs(count):
    def write(w):
        w.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        chunk = b"<w:p/>" * 10_000
        for _ in range(count // 10_000):
            w.write(chunk)
        w.write(b"</w:body></w:document>")
    return write


@pytest.fixture(scope="module")
def paragraph_bomb():
    """About 100 KB of .docx holding 8 million empty paragraphs (48 MB of XML once decompressed)."""
    return _package({
        "[Content_Types].xml": "<Types/>", "word/document.xml": _many_paragraphs(8_000_000),
    })


@pytest.fixture(scope="module")
def zip_bomb():
    """About 1 MB expanding to 1 GiB of zeros."""
    zeros = bytes(1024 * 1024)

    def write(w):
        for _ in range(1024):
            w.write(zeros)
    return _package({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/media/x.bin": write})


def test_docx_with_millions_of_empty_paragraphs_is_refused(paragraph_bomb):
    assert len(paragraph_bomb) < 200_000
    with pytest.raises(ValidationError) as exc:
        files.check_upload(SimpleUploadedFile("mau.docx", paragraph_bomb), field="template", kinds=("docx",))
    message = exc.value.message_dict["template"][0]
    assert "mau.docx" in message and "bị từ chối" in message


def test_docx_with_too_many_elements_within_the_size_limits_is_refused():
    data = _package({"[Content_Types].xml": "<Types/>", "word/document.xml": _many_paragraphs(300_000)})
    with pytest.raises(ValidationError) as exc:
        files.check_upload(SimpleUploadedFile("mau.docx", data), kinds=("docx",))
    assert "phần tử" in exc.value.message_dict["file"][0]


def test_zip_bomb_is_refused_without_reading_it_all(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 2 * 1024 * 1024
    read = []
    original = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original(self, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    with pytest.raises(ValidationError) as exc:
        files.check_upload(SimpleUploadedFile("bom.docx", zip_bomb), kinds=("docx",), max_bytes=5 * 1024 * 1024)
    assert "khi giải nén vượt giới hạn" in exc.value.message_dict["file"][0]
    assert sum(read) <= files.ZIP_MAX_TOTAL_BYTES


def test_zip_bomb_in_an_xlsx_is_refused_too(zip_bomb):
    data = zip_bomb.replace(b"word/", b"xl/xx")  # same sizes, an Excel package's names
    with pytest.raises(ValidationError):
        files.check_upload(SimpleUploadedFile("bang.xlsx", data), kinds=("xlsx",), max_bytes=5 * 1024 * 1024)


def test_real_documents_still_pass():
    assert files.check_upload(SimpleUploadedFile("van-ban.docx", PartyDoc(issuer="Chi bộ A").render())) == "docx"


@pytest.mark.django_db
def test_template_upload_refuses_the_paragraph_bomb_and_stores_nothing(paragraph_bomb):
    from dangvu.documents.services.profiles import save_template

    t = tree()
    admin = UserFactory()
    grant(admin, Role.ADMIN)
    before = Attachment.objects.count(), AuditEntry.objects.count()
    started = time.monotonic()
    with pytest.raises(ValidationError) as exc:
        save_template(admin, t["committee"], SimpleUploadedFile("mau.docx", paragraph_bomb))
    assert "template" in exc.value.message_dict
    assert (Attachment.objects.count(), AuditEntry.objects.count()) == before
    assert time.monotonic() - started < 60  # generous: refused, not rendered (27 s and 3 GB before)
