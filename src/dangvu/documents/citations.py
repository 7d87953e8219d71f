"""Recognise citations of party documents in free text.

"Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019 của Ban Tổ chức Tỉnh ủy" →
``{"type": "HD", "number": "29-HD/BTCTU", "issuer_symbol": "BTCTU", "issued_on": date(2019, 11, 7),
"document_id": <id of the registered document, or None>}``.
"""

from __future__ import annotations

import datetime as dt
import re

from dangvu.core import vntext

from . import rulesets

_LETTER = r"A-Za-zĐđÀ-ỹ"
# 29-HD/BTCTU, 04-KH/ĐUK, 05-CT/TW, 123-CV/ĐUK, 01-NQ/ĐH, 12-QĐi/TW (hyphen or en dash)
NUMBER_RE = re.compile(
    rf"(?<![\w/])(?P<seq>\d{{1,5}})\s*[-–]\s*(?P<type>[{_LETTER}]{{1,5}})\s*/\s*(?P<issuer>[{_LETTER}0-9]{{1,12}}"
    rf"(?:\s*/\s*[{_LETTER}0-9]{{1,12}})?)(?![\w])"
)
_DATE_AFTER = re.compile(
    r"^[\s,]*(?:ngày|ngay)\s*(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*"
    r"(?P<y>\d{4})",
    re.IGNORECASE,
)


def parse_number(text: str) -> dict | None:
    """The parts of a number and symbol ("29-HD/BTCTU"), or None if text holds none."""
    m = NUMBER_RE.search(vntext.nfc(text or ""))
    if not m:
        return None
    return _parts(m)


def _parts(m) -> dict:
    seq, type_code = m.group("seq"), m.group("type")
    issuer = re.sub(r"\s+", "", m.group("issuer"))
    return {"type": type_code, "number": f"{seq}-{type_code}/{issuer}", "issuer_symbol": issuer.split("/")[0],
            "sequence": int(seq)}


def _type_for(code: str) -> str:
    """The canonical code of a type cited with any case ("Hd" -> "HD"), else the code as written."""
    for known, _name in rulesets.all_type_codes():
        if known == code:
            return known
    for known, _name in rulesets.all_type_codes():
        if known.lower() == code.lower():
            return known
    return code


def parse(text: str) -> list[dict]:
    """Every citation in text, in order: type, number, issuer symbol, issue date (when written after it)."""
    text = vntext.nfc(text or "")
    out = []
    for m in NUMBER_RE.finditer(text):
        parts = _parts(m)
        parts["type"] = _type_for(parts["type"])
        parts["number"] = f"{m.group('seq')}-{parts['type']}/{parts['number'].split('/', 1)[1]}"
        issued_on = None
        d = _DATE_AFTER.match(text[m.end():m.end() + 40])
        if d:
            try:
                issued_on = dt.date(int(d.group("y")), int(d.group("m")), int(d.group("d")))
            except ValueError:
                issued_on = None
        out.append({"type": parts["type"], "number": parts["number"], "issuer_symbol": parts["issuer_symbol"],
                    "issued_on": issued_on, "document_id": None})
    return out


def parse_and_link(user, text: str) -> list[dict]:
    """parse(), each citation linked to a registered document the user may see (same number, same date when
    the citation gives one)."""
    from .queries import documents_for

    found = parse(text)
    if not found:
        return found
    keys = {vntext.fold(c["number"]) for c in found}
    candidates = list(
        documents_for(user).filter(number_key__in=keys).order_by("-issued_on", "-id")
        .values("id", "number_key", "issued_on")
    )
    for c in found:
        key = vntext.fold(c["number"])
        for doc in candidates:
            if doc["number_key"] == key and (c["issued_on"] is None or doc["issued_on"] == c["issued_on"]):
                c["document_id"] = doc["id"]
                break
    return found
