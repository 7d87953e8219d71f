"""Production settings come from the environment: `check --deploy` is clean with them, the server refuses
to start without a secret key outside DEBUG, the CSP header and the client address behind a proxy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client, RequestFactory

import dangvu
from dangvu.core.backends import client_ip

SRC = str(Path(dangvu.__file__).resolve().parents[1])
PRODUCTION = {
    "DANGVU_SECRET_KEY": secrets.token_urlsafe(50),
    "DANGVU_ALLOWED_HOSTS": "dangvu.example.vn",
    "DANGVU_HSTS_SECONDS": "31536000",
    "DANGVU_HSTS_PRELOAD": "1",
    "DANGVU_SSL_REDIRECT": "1",
    "DANGVU_SECURE_COOKIES": "1",
    "DANGVU_BEHIND_PROXY": "1",
    "DANGVU_FIELD_KEYS": Fernet.generate_key().decode(),
}


def dangvu_cmd(tmp_path, *args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DANGVU_", "DJANGO_", "DATABASE_URL"))}
    base["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH", "")) if p)
    base["DANGVU_VAR"] = str(tmp_path)
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "dangvu", *args], env=base, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_clean_with_the_production_environment(tmp_path):
    result = dangvu_cmd(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_each_missing_setting(tmp_path):
    result = dangvu_cmd(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", DANGVU_SECRET_KEY=PRODUCTION["DANGVU_SECRET_KEY"]
    )
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr + result.stdout


def test_server_refuses_to_start_without_a_secret_key_outside_debug(tmp_path):
    result = dangvu_cmd(tmp_path, "check", DANGVU_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DANGVU_SECRET_KEY" in result.stderr and "Chưa đặt khóa bí mật" in result.stderr


def test_debug_runs_with_a_development_key(tmp_path):
    result = dangvu_cmd(tmp_path, "check", DANGVU_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_secret_key_read_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(PRODUCTION["DANGVU_SECRET_KEY"] + "\n")
    env = {**PRODUCTION, "DANGVU_SECRET_KEY_FILE": str(key_file)}
    del env["DANGVU_SECRET_KEY"]
    result = dangvu_cmd(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    missing = dangvu_cmd(tmp_path, "check", DANGVU_SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert missing.returncode != 0 and "DANGVU_SECRET_KEY_FILE" in missing.stderr


@pytest.mark.django_db
def test_csp_header_follows_the_setting(settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'none'"
    assert Client().get("/dang-nhap/")["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in Client().get("/dang-nhap/")


def test_client_address_behind_a_proxy_is_the_one_the_proxy_appended(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.9"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, not-an-ip\x00")
    assert client_ip(forged) == "10.0.0.9"
