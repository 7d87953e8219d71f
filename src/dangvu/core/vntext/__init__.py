"""Vietnamese text: NFC on the way in, diacritic-free search keys, Vietnamese name order.

Names are written family name first ("Nguyễn Văn An"); lists order people by given name, then
middle name, then family name. `sort_key` encodes that order in [0-9a-z] only, so that it sorts
the same under SQLite's BINARY collation and under any PostgreSQL collation.
"""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# Tone marks (combining characters) in the order of Vietnamese dictionaries:
# ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}
# Vowel modifiers that make a letter of its own: ă, â, ê, ô, ơ, ư (and đ, handled apart).
_MODIFIERS = {"\u0306": 2, "\u0302": 3, "\u031b": 3}


# Control characters (Unicode Cc) but tab and newline, and lone surrogates (Cs: no database stores them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value):
    """The one cleaning of every text coming in (forms, API schemas, services, imports): NFC, line ends as
    newlines, no control character but tab and newline (NUL included), no lone surrogate. White space is
    kept as typed; None stays None."""
    if value is None:
        return None
    value = str(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", value))


NUL_MESSAGE = "Không được chứa ký tự NUL (\\x00)."

_NAME_FORBIDDEN = re.compile("[<>\x00-\x1f\x7f-\x9f]")
NAME_MESSAGE = "không được chứa ký tự < hoặc > hay ký tự điều khiển (xuống dòng, tab…)."


def name_problem(value, label: str, max_length: int | None = None) -> str | None:
    """What is wrong with a name (a person's or an organisation's) as typed, or None: markup characters and
    control characters are refused, not dropped; over-long names are answered with the limit. The one check of
    names for forms, API schemas and services."""
    if not isinstance(value, str):
        return None
    if _NAME_FORBIDDEN.search(value):
        return f"{label}: {NAME_MESSAGE}"
    if max_length is not None and len(nfc(value)) > max_length:
        return f"{label}: tối đa {max_length} ký tự (đã nhập {len(nfc(value))})."
    return None


def has_nul(value) -> bool:
    """Whether a text holds a NUL character: input layers refuse it with a message rather than drop it."""
    return isinstance(value, str) and "\x00" in value


def nfc(value):
    """`clean`, then trim and fold runs of white space (one-line fields, names). None stays None."""
    if value is None:
        return None
    if type(value) is str and len(value) <= _CACHED_LENGTH:
        return _nfc_str(value)
    return _SPACES.sub(" ", clean(value)).strip()


# An import computes the same keys of the same texts several times (a name at check and at apply, the chi bộ
# code and the gender of every row): pure functions of a str, remembered for the last few thousand short texts
# (names, codes; a long text such as minutes is not kept: a server lives long).
_CACHED_LENGTH = 256
@lru_cache(maxsize=16384)
def _nfc_str(value: str) -> str:
    return _SPACES.sub(" ", clean(value)).strip()


def fold(value: str) -> str:
    """Lowercase without diacritics: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    if type(value) is str and len(value) <= _CACHED_LENGTH:
        return _fold_str(value)
    return _fold(value)


def _fold(value) -> str:
    text = unicodedata.normalize("NFD", nfc(value) or "").lower().replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z ]", " ", text)).strip()


_fold_str = lru_cache(maxsize=16384)(_fold)


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name."""
    parts = (nfc(full_name) or "").split(" ")
    parts = [p for p in parts if p]
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def _syllable_key(word: str) -> str:
    # pure: a syllable (short) is remembered, as names draw on a few thousand of them
    return _cached_syllable_key(word) if len(word) <= 16 else _syllable_key_of(word)


def _syllable_key_of(word: str) -> str:
    letters = []
    tone = "1"
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _MODIFIERS and letters:
            base = letters[-1][0]
            # ê = 2 (only one modifier on e); ô = 2 and ơ = 3; â = 3 after ă = 2; ư = 2.
            rank = _MODIFIERS[ch]
            if base in "eu" or (base == "o" and ch == "\u0302"):
                rank = 2
            letters[-1] = base + str(rank)
        elif ch == "đ":
            letters.append("d2")
        elif "a" <= ch <= "z" or "0" <= ch <= "9":
            letters.append(ch + "1")
    return "".join(letters) + tone if letters else ""


_cached_syllable_key = lru_cache(maxsize=16384)(_syllable_key_of)


def sort_key(full_name: str) -> str:
    """Key ordering people by given name, middle name, family name, in Vietnamese alphabet."""
    if type(full_name) is str:  # pure: a name is remembered, as names repeat (an import of a province's list)
        return _cached_sort_key(full_name)
    return _sort_key(full_name)


def _sort_key(full_name) -> str:
    family, middle, given = split_name(full_name)
    # One slot per part, an empty middle name included, so that "Xa An" comes before "Lê Văn An".
    parts = ["0".join(k for k in (_syllable_key(w) for w in part.split()) if k) for part in (given, middle, family)]
    return "0".join(parts)[:250]


_cached_sort_key = lru_cache(maxsize=16384)(_sort_key)


def collation_key(text: str) -> str:
    """Key ordering any text (organisation names) in the Vietnamese alphabet, word by word."""
    return "0".join(k for k in (_syllable_key(w) for w in (nfc(text) or "").split()) if k)[:250]


def search_key(value: str) -> str:
    """What search compares against: folded, in the written order."""
    return fold(value)[:250]


def org_name_keys(name: str) -> dict:
    """An organisation's search_key and sort_key, the one way: `Organization(name=n, **org_name_keys(n))`."""
    return {"search_key": search_key(name), "sort_key": collation_key(name)}


def person_name_keys(full_name: str) -> dict:
    """A person's search_key and sort_key (ordered by given name), the one way to derive them:
    `m.search_key, m.sort_key = person_name_keys(m.full_name).values()`."""
    return {"search_key": search_key(full_name), "sort_key": sort_key(full_name)}


from .legacy import (  # noqa: E402,F401  (the legacy encodings, in their own part)
    _UNICODE_ONLY,
    DECODE,
    ENCODE,
    _common_words,
    detect_legacy,
    file_legacy,
    is_syllable,
    legacy_to_unicode,
    unicode_to_legacy,
)
