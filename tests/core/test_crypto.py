"""Fields encrypted at rest: keys from the environment, the start-up check, rotation of keys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from dangvu.core import crypto

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def outside_debug(monkeypatch):
    """As on a production server: DEBUG off and not under test."""
    monkeypatch.setattr(crypto, "under_test", lambda: False)
    with override_settings(DEBUG=False, FIELD_KEYS=[]):
        yield


def test_encrypt_gives_a_token_that_decrypts_to_the_text():
    token = crypto.encrypt("Phạm Văn Tố")
    assert token.startswith("gAAAAA") and "Phạm" not in token
    assert crypto.decrypt(token) == "Phạm Văn Tố"
    assert crypto.encrypt("Phạm Văn Tố") != token  # not deterministic: equal names do not show as equal
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_first_key_encrypts_every_key_decrypts():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_KEYS=[old]):
        token = crypto.encrypt("Số 9 phố Bí Mật")
    with override_settings(FIELD_KEYS=[new, old]):
        assert crypto.decrypt(token) == "Số 9 phố Bí Mật"
        rotated = crypto.rotate(token)
    with override_settings(FIELD_KEYS=[new]):
        assert crypto.decrypt(rotated) == "Số 9 phố Bí Mật"
        with pytest.raises(InvalidToken):
            crypto.decrypt(token)
        with pytest.raises(InvalidToken):
            crypto.decrypt("Phạm Văn Tố")  # plain text is no token


def test_missing_key_outside_debug_fails_the_check_with_how_to_generate_one(outside_debug):
    errors = crypto.check_field_keys()
    assert [e.id for e in errors] == ["crypto.E001"]
    assert "DANGVU_FIELD_KEYS" in errors[0].msg
    assert "Fernet.generate_key().decode()" in errors[0].hint
    with pytest.raises(SystemCheckError, match="crypto.E001"):
        call_command("check")
    with pytest.raises(ImproperlyConfigured, match="DANGVU_FIELD_KEYS"):
        crypto.encrypt("Phạm Văn Tố")


def test_malformed_key_fails_the_check(outside_debug):
    with override_settings(FIELD_KEYS=[Fernet.generate_key().decode(), "khong-phai-khoa"]):
        errors = crypto.check_field_keys()
    assert [e.id for e in errors] == ["crypto.E002"] and "thứ 2" in errors[0].msg


def test_a_valid_key_passes_the_check(outside_debug):
    with override_settings(FIELD_KEYS=[Fernet.generate_key().decode()]):
        assert crypto.check_field_keys() == []
        assert crypto.decrypt(crypto.encrypt("A")) == "A"


def test_debug_runs_on_the_development_key(outside_debug):
    with override_settings(DEBUG=True):
        assert crypto.check_field_keys() == []
        token = crypto.encrypt("A")
    with override_settings(FIELD_KEYS=[crypto.DEV_KEY]):
        assert crypto.decrypt(token) == "A"


def test_server_refuses_to_start_without_a_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGVU_")}
    env.update({"PYTHONPATH": str(SRC), "DANGVU_DEBUG": "0", "DANGVU_SECRET_KEY": Fernet.generate_key().decode() * 2})
    run = subprocess.run([sys.executable, "-m", "dangvu", "check"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0
    assert "crypto.E001" in run.stderr and "Fernet.generate_key()" in run.stderr
    env["DANGVU_FIELD_KEYS"] = Fernet.generate_key().decode()
    run = subprocess.run([sys.executable, "-m", "dangvu", "check"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert "crypto.E" not in run.stderr


def test_encrypted_field_refuses_plain_text(db):
    from dangvu.discipline.models import Denouncer

    field = Denouncer._meta.get_field("name")
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(crypto.encrypt("A")).startswith("gAAAAA")
    with pytest.raises(ValueError):
        field.get_prep_value("Phạm Văn Tố")
