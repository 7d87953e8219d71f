"""Fields encrypted at rest (a denouncer's identity): Fernet with keys from the environment.

`DANGVU_FIELD_KEYS` holds comma-separated Fernet keys (settings.FIELD_KEYS): the first encrypts,
every one decrypts (`MultiFernet`), so a key is rotated by putting a new one first, running
`dangvu rotate_field_keys` (re-encrypts every protected value with the first key) and then
removing the old one. A database dump or backup holds only Fernet tokens.

Without a key, DEBUG and the test suite fall back to `DEV_KEY`, a published constant: it protects
nothing and exists only so that a developer's machine and the tests run without set-up. Anywhere
else a missing or malformed key is a system check error (the server and `migrate` refuse to start)
and any encryption raises ImproperlyConfigured.

A protected column is an `EncryptedTextField`: it holds the token, never the plain text, and does
no conversion on load, so that nothing can render the identity by accident: callers decrypt
explicitly with `decrypt` (and audit the reading). Empty text stays empty (an anonymous
denunciation has no identity to hide). Tokens are not deterministic: a protected column cannot be
searched or compared, only read back.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

ENV = "DANGVU_FIELD_KEYS"
GENERATE = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
# INSECURE, for DEBUG and tests only: anyone can derive it from this line.
DEV_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"dangvu: insecure development field key").digest()).decode()
TOKEN_PREFIX = "gAAAAA"  # every Fernet token (version byte 0x80) starts so in url-safe base64

__all__ = ["EncryptedTextField", "decrypt", "encrypt", "rotate", "InvalidToken"]


def under_test() -> bool:
    """Django's test environment is set up (pytest-django and `manage.py test` install mail.outbox)."""
    from django.core import mail

    return hasattr(mail, "outbox")


def dev_key_allowed() -> bool:
    return bool(settings.DEBUG) or under_test()


def configured_keys() -> list[str]:
    return [k.strip() for k in getattr(settings, "FIELD_KEYS", None) or [] if k and k.strip()]


def _problems(keys: list[str], dev_allowed: bool) -> list[checks.CheckMessage]:
    hint = (f"Tạo một khóa bằng lệnh: {GENERATE} rồi đặt {ENV}=<khóa> trong môi trường của máy chủ "
            f"(nhiều khóa cách nhau bằng dấu phẩy, khóa đầu tiên dùng để mã hóa). Giữ kín khóa và sao lưu "
            f"riêng, không cùng chỗ với bản sao lưu cơ sở dữ liệu: mất khóa là mất danh tính người tố cáo.")
    if not keys:
        if dev_allowed:
            return []
        return [checks.Error(
            f"Thiếu khóa mã hóa {ENV}: danh tính người tố cáo được mã hóa khi lưu và không thể lưu "
            f"hay đọc khi chưa có khóa (chỉ chế độ DEBUG và bộ kiểm thử dùng khóa phát triển, không an toàn).",
            hint=hint, id="crypto.E001",
        )]
    out = []
    for n, key in enumerate(keys, 1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            out.append(checks.Error(
                f"Khóa thứ {n} trong {ENV} không phải khóa Fernet hợp lệ (32 byte mã hóa base64 url-safe).",
                hint=hint, id="crypto.E002",
            ))
    return out


@checks.register(checks.Tags.security)
def check_field_keys(app_configs=None, **kwargs):
    return _problems(configured_keys(), dev_key_allowed())


@lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    """The MultiFernet of the configured keys (or the development key where allowed)."""
    keys = configured_keys()
    problems = _problems(keys, dev_key_allowed())
    if problems:
        raise ImproperlyConfigured(f"{problems[0].msg} {problems[0].hint}")
    return _multi(tuple(keys) or (DEV_KEY,))


def encrypt(text: str) -> str:
    """A Fernet token of the text with the first key; empty text stays empty."""
    if not text:
        return ""
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def _raw(token: str) -> bytes:
    try:
        return token.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidToken from None  # plain text, not a token


def decrypt(token: str) -> str:
    """The plain text of a token (any configured key); raises InvalidToken if no key opens it."""
    if not token:
        return ""
    return fernet().decrypt(_raw(token)).decode("utf-8")


def rotate(token: str) -> str:
    """The same plain text encrypted again with the first key (raises InvalidToken if no key opens it)."""
    if not token:
        return ""
    return fernet().rotate(_raw(token)).decode("ascii")


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


class EncryptedTextField(models.TextField):
    """A column holding a Fernet token (see `encrypt`), never plain text; read it with `decrypt`.

    Saving plain text is refused (ValueError), so that a forgotten `encrypt` cannot store an
    identity in clear. `dangvu rotate_field_keys` finds every field of this class.
    """

    description = "Văn bản được mã hóa (Fernet)"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value and not is_token(value):
            raise ValueError(f"{self.model.__name__}.{self.name}: only an encrypted token may be stored "
                             f"(dangvu.core.crypto.encrypt).")
        return value


def encrypted_fields():
    """[(model, [field names])] of every installed model with an EncryptedTextField."""
    from django.apps import apps

    out = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            out.append((model, names))
    return out
