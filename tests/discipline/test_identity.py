"""A denouncer's identity: encrypted at rest, read by the commission in scope only, each reading audited."""

import datetime as dt
import importlib
import io
import types
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings

from dangvu.core import crypto
from dangvu.core.models import AuditEntry
from dangvu.discipline import services

D = dt.date
NAME, ADDRESS, CONTACT = "Phạm Văn Tố", "Số 9 phố Bí Mật", "lienhe@vi.du"
LABEL = "xem danh tính người tố cáo"  # as the history sentence reads it: "… <who> xem danh tính người tố cáo"


@pytest.fixture(autouse=True)
def _early_march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def den(w):
    d = services.register_denunciation(
        w.ubkt, received_on=D(2026, 1, 5), content="Nội dung tố cáo", denouncer_name=NAME,
        denouncer_address=ADDRESS, denouncer_contact=CONTACT, subject_member=w.full,
    )
    services.assign_handler(w.ubkt, d, w.handler)
    return d


def readings(d):
    return list(AuditEntry.objects.filter(action="read_identity", app_label="discipline", model="denunciation",
                                          object_id=str(d.pk)).order_by("id"))


def raw_identities():
    with connection.cursor() as cur:
        cur.execute("SELECT name, address, contact FROM discipline_denouncer ORDER BY id")
        return cur.fetchall()


def client(user):
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------------------------ at rest


def test_identity_is_encrypted_in_the_raw_column(den):
    [(name, address, contact)] = raw_identities()
    for token, plain in ((name, NAME), (address, ADDRESS), (contact, CONTACT)):
        assert token.startswith("gAAAAA") and plain not in token
        assert crypto.decrypt(token) == plain


def test_database_dump_does_not_reveal_identity(den):
    out = io.StringIO()
    call_command("dumpdata", "discipline", "core.auditentry", stdout=out)
    dump = out.getvalue()
    assert "denouncer" in dump
    for plain in (NAME, ADDRESS, CONTACT, "Ph\\u1ea1m V\\u0103n T\\u1ed1"):
        assert plain not in dump


def test_migration_encrypts_plain_identities_and_back(den, w):
    migration = importlib.import_module("dangvu.discipline.migrations.0002_denouncer_encrypted")
    editor = types.SimpleNamespace(connection=connection)
    migration.decrypt_identities(None, editor)
    assert raw_identities() == [(NAME, ADDRESS, CONTACT)]  # as before the migration
    with connection.cursor() as cur:
        cur.execute("UPDATE discipline_denouncer SET contact = ''")
    migration.encrypt_identities(None, editor)
    [(name, address, contact)] = raw_identities()
    assert name.startswith("gAAAAA") and address.startswith("gAAAAA") and contact == ""
    migration.encrypt_identities(None, editor)  # run twice: nothing encrypted twice
    assert raw_identities() == [(name, address, contact)]
    assert services.read_identity(w.ubkt, den).name == NAME


# ------------------------------------------------------------------------------------ pages


def test_commission_in_scope_reads_identity_on_the_page_and_it_is_audited(w, den):
    c = client(w.ubkt)
    body = c.get(f"/ky-luat/to-cao/{den.pk}/").content.decode()
    assert NAME not in body and "Xem danh tính</button>" in body
    assert readings(den) == []  # a plain visit reads nothing
    r = c.post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/")
    assert r.status_code == 200
    body = r.content.decode()
    assert NAME in body and ADDRESS in body and CONTACT in body and LABEL in body
    [entry] = readings(den)
    assert entry.actor == w.ubkt and entry.before is None and entry.after is None
    assert NAME not in entry.object_repr + entry.note
    c.post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/")
    assert len(readings(den)) == 2


def test_identity_hidden_from_everyone_else_on_pages(w, den):
    for user in (w.admin, w.handler):  # may open the denunciation, not the identity
        c = client(user)
        body = c.get(f"/ky-luat/to-cao/{den.pk}/").content.decode()
        assert NAME not in body and "Được bảo mật" in body and "Xem danh tính</button>" not in body
        assert c.post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/").status_code == 404
    for user in (w.office, w.secretary, w.member_user, w.ubkt_other):
        c = client(user)
        assert c.get(f"/ky-luat/to-cao/{den.pk}/").status_code == 404
        assert c.post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/").status_code == 404
    assert readings(den) == []


def test_readings_show_in_the_history_to_whoever_sees_it(w, den):
    client(w.ubkt).post(f"/ky-luat/to-cao/{den.pk}/danh-tinh/")
    for user in (w.admin, w.handler):
        body = client(user).get(f"/ky-luat/to-cao/{den.pk}/").content.decode()
        assert LABEL in body and str(w.ubkt) in body and NAME not in body


def test_downloading_the_letter_is_an_audited_reading(w, den):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.core import files

    c = client(w.ubkt)
    pdf = SimpleUploadedFile("don-to-cao.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    assert c.post(f"/ky-luat/tep/to-cao/{den.pk}/", {"file": pdf}).status_code == 302
    assert readings(den) == []
    att = files.attachments(den).get()
    assert c.get(f"/ky-luat/tep/to-cao/{den.pk}/{att.pk}/").status_code == 200
    [entry] = readings(den)
    assert entry.actor == w.ubkt and "don-to-cao.pdf" in entry.note
    assert client(w.handler).get(f"/ky-luat/tep/to-cao/{den.pk}/{att.pk}/").status_code == 404
    assert len(readings(den)) == 1


def test_list_pages_do_not_audit(w, den):
    for user in (w.ubkt, w.admin):
        assert NAME not in client(user).get("/ky-luat/to-cao/").content.decode()
    assert readings(den) == []


# ------------------------------------------------------------------------------------ API


def test_commission_in_scope_reads_identity_in_the_api_each_reading_audited(w, den, api_client):
    c = api_client.auth(w.ubkt)
    r = c.get(f"/api/v1/denunciations/{den.pk}")
    assert r.status_code == 200
    assert r.json()["denouncer"] == {"name": NAME, "address": ADDRESS, "contact": CONTACT}
    assert len(readings(den)) == 1
    c.get(f"/api/v1/denunciations/{den.pk}")
    assert [e.actor for e in readings(den)] == [w.ubkt, w.ubkt]
    assert NAME not in c.get("/api/v1/denunciations").content.decode()  # lists: no identity, no reading
    r = c.post(f"/api/v1/denunciations/{den.pk}/extend", {"days": 5, "reason": "Cần xác minh thêm"})
    assert r.status_code == 200 and r.json()["denouncer"] is None  # a write's answer is no reading
    assert len(readings(den)) == 2


def test_identity_hidden_from_everyone_else_in_the_api(w, den, api_client):
    for user in (w.admin, w.handler):
        r = api_client.auth(user).get(f"/api/v1/denunciations/{den.pk}")
        assert r.status_code == 200 and r.json()["denouncer"] is None
        assert NAME not in r.content.decode() and CONTACT not in r.content.decode()
    for user in (w.office, w.secretary, w.member_user, w.ubkt_other):
        r = api_client.auth(user).get(f"/api/v1/denunciations/{den.pk}")
        assert r.status_code == 404 and NAME not in r.content.decode()
    assert readings(den) == []


def test_anonymous_letter_has_nothing_to_read(w, api_client):
    d = services.register_denunciation(w.ubkt, received_on=D(2026, 1, 5), content="Đơn không ký tên",
                                       anonymous=True, subject_member=w.full)
    assert raw_identities() == [("", "", "")]
    r = api_client.auth(w.ubkt).get(f"/api/v1/denunciations/{d.pk}")
    assert r.json()["denouncer"] == {"name": "", "address": "", "contact": ""}
    assert "Xem danh tính</button>" not in client(w.ubkt).get(f"/ky-luat/to-cao/{d.pk}/").content.decode()
    assert readings(d) == []


# ------------------------------------------------------------------------------------ key rotation


def test_rotation_re_encrypts_so_the_old_key_can_be_dropped(w):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_KEYS=[old]):
        first = services.register_denunciation(
            w.ubkt, received_on=D(2026, 1, 5), content="A", denouncer_name=NAME, denouncer_contact=CONTACT,
            subject_member=w.full)
        second = services.register_denunciation(
            w.ubkt, received_on=D(2026, 1, 6), content="B", denouncer_name="Lê Thị Hoa", subject_member=w.full)
    before = raw_identities()
    with override_settings(FIELD_KEYS=[new]), pytest.raises(CommandError, match="không khóa nào"):
        call_command("rotate_field_keys", stdout=io.StringIO())  # the old key still needed: nothing changes
    assert raw_identities() == before
    out = io.StringIO()
    with override_settings(FIELD_KEYS=[new, old]):
        call_command("rotate_field_keys", "--dry-run", stdout=out)
        assert raw_identities() == before and "3 giá trị" in out.getvalue()
        call_command("rotate_field_keys", stdout=out)
    after = raw_identities()
    changed = [(a != b) for row_after, row_before in zip(after, before, strict=True)
               for a, b in zip(row_after, row_before, strict=True) if b]
    assert changed == [True, True, True]  # every value re-encrypted, the empty ones left empty
    assert "discipline.Denouncer: 3 giá trị" in out.getvalue()
    with override_settings(FIELD_KEYS=[new]):  # the old key removed
        assert services.read_identity(w.ubkt, first).contact == CONTACT
        assert services.read_identity(w.ubkt, second).name == "Lê Thị Hoa"
