"""Vietnamese text: NFC on the way in, diacritic-free search keys, Vietnamese name order.

Names are written family name first ("Nguyễn Văn An"); lists order people by given name, then
middle name, then family name. `sort_key` encodes that order in [0-9a-z] only, so that it sorts
the same under SQLite's BINARY collation and under any PostgreSQL collation.
"""

import re
import unicodedata

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


def has_nul(value) -> bool:
    """Whether a text holds a NUL character: input layers refuse it with a message rather than drop it."""
    return isinstance(value, str) and "\x00" in value


def nfc(value):
    """`clean`, then trim and fold runs of white space (one-line fields, names). None stays None."""
    if value is None:
        return None
    return _SPACES.sub(" ", clean(value)).strip()


def fold(value: str) -> str:
    """Lowercase without diacritics: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = unicodedata.normalize("NFD", nfc(value) or "").lower().replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z ]", " ", text)).strip()


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


def sort_key(full_name: str) -> str:
    """Key ordering people by given name, middle name, family name, in Vietnamese alphabet."""
    family, middle, given = split_name(full_name)
    # One slot per part, an empty middle name included, so that "Xa An" comes before "Lê Văn An".
    parts = ["0".join(k for k in (_syllable_key(w) for w in part.split()) if k) for part in (given, middle, family)]
    return "0".join(parts)[:250]


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


# --------------------------------------------------------------------------------------------
# Legacy 8-bit encodings: TCVN3 (ABC, the ".VnTime" fonts) and VNI Windows ("VNI-Times").
#
# Text typed in those fonts was stored as Windows-1252 characters: a spreadsheet cell shows "NguyÔn V¨n An"
# (TCVN3) or "Nguyeãn Vaên An" (VNI) where the font drew "Nguyễn Văn An". The tables below give, for every
# Vietnamese letter, the characters the legacy font used for it. Sources, checked against each other:
# TCVN 5712:1993 "VN3" as in xvnkb's tcvn.h and VNI Windows as in xvnkb's vni.h (github.com/lamdao/xvnkb,
# Dao Hai Lam, GPL: the code points only, not the code), and the X11 TCVN-5712 table of
# xc/lib/X11/lcUniConv/tcvn.h for the letters VN3 shares with the full TCVN 5712.
#
# TCVN3 support: the ".VnTime" (lower-case) set with its seven capitals Ă Â Ê Ô Ơ Ư Đ. Capitals with a tone
# have no code of their own in VN3: the ".VnTimeH" fonts draw the lower-case codes as capitals. A cell's font
# is lost in the spreadsheet, so a cell whose ASCII letters are all capitals (two at least, no small letter)
# is taken as ".VnTimeH" and converted to capitals; any other cell as ".VnTime". The full TCVN 5712 "VN1"
# capitals (codes 0x01-0x17 and 0x80-0x9F) are not supported.

_VOWELS = "a ă â e ê i o ô ơ u ư y".split()
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # ngang, sắc, huyền, hỏi, ngã, nặng

# TCVN3 (VN3) code, as the Windows-1252 character, of each vowel with each tone, in _TONE_MARKS order.
_TCVN3_VOWELS = {
    "a": "a\xb8\xb5\xb6\xb7\xb9", "ă": "\xa8\xbe\xbb\xbc\xbd\xc6", "â": "\xa9\xca\xc7\xc8\xc9\xcb",
    "e": "e\xd0\xcc\xce\xcf\xd1", "ê": "\xaa\xd5\xd2\xd3\xd4\xd6", "i": "i\xdd\xd7\xd8\xdc\xde",
    "o": "o\xe3\xdf\xe1\xe2\xe4", "ô": "\xab\xe8\xe5\xe6\xe7\xe9", "ơ": "\xac\xed\xea\xeb\xec\xee",
    "u": "u\xf3\xef\xf1\xf2\xf4", "ư": "\xad\xf8\xf5\xf6\xf7\xf9", "y": "y\xfd\xfa\xfb\xfc\xfe",
}
_TCVN3_OTHERS = {"đ": "\xae", "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7"}

# VNI Windows: a base letter followed by a mark character (tone, or circumflex/breve with a tone); i and ỵ
# with a tone, ơ, ư and đ are single characters.
_VNI_TONES = "\xf9\xf8\xfb\xf5\xef"  # ù ø û õ ï: sắc, huyền, hỏi, ngã, nặng
_VNI_CIRCUMFLEX = "\xe2\xe1\xe0\xe5\xe3\xe4"  # â á à å ã ä: ^, ^ sắc, ^ huyền, ^ hỏi, ^ ngã, ^ nặng
_VNI_BREVE = "\xea\xe9\xe8\xfa\xfc\xeb"  # ê é è ú ü ë: breve, then with each tone
_VNI_VOWELS = {
    "a": ("a", _VNI_TONES), "â": ("a", _VNI_CIRCUMFLEX), "ă": ("a", _VNI_BREVE), "e": ("e", _VNI_TONES),
    "ê": ("e", _VNI_CIRCUMFLEX), "o": ("o", _VNI_TONES), "ô": ("o", _VNI_CIRCUMFLEX),
    "ơ": ("\xf4", _VNI_TONES), "u": ("u", _VNI_TONES), "ư": ("\xf6", _VNI_TONES), "y": ("y", _VNI_TONES),
}
_VNI_SINGLE = {"í": "\xed", "ì": "\xec", "ỉ": "\xe6", "ĩ": "\xf3", "ị": "\xf2", "ỵ": "\xee", "đ": "\xf1"}


def _letter(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


def _build_tables() -> dict[str, dict[str, str]]:
    """{"tcvn3": {unicode letter: legacy}, "vni": {...}}: every lower-case letter and its capital (VNI)."""
    tcvn3, vni = {}, {}
    for vowel in _VOWELS:
        for tone in range(6):
            tcvn3[_letter(vowel, tone)] = _TCVN3_VOWELS[vowel][tone]
            if vowel == "i":
                continue
            base, marks = _VNI_VOWELS[vowel]
            vni[_letter(vowel, tone)] = base + (marks[tone - 1] if marks is _VNI_TONES and tone else
                                                "" if marks is _VNI_TONES else marks[tone])
    for letter, code in _VNI_SINGLE.items():
        vni[letter] = code
    tcvn3.update(_TCVN3_OTHERS)
    for letter, code in list(vni.items()):
        vni[letter.upper()] = code.upper()
    return {enc: {k: v for k, v in table.items() if not k.isascii()} for enc, table in (("tcvn3", tcvn3), ("vni", vni))}


ENCODE = _build_tables()
# Capitals with a tone in TCVN3: written with the lower-case codes (the ".VnTimeH" convention).
for _lower, _code in list(ENCODE["tcvn3"].items()):
    ENCODE["tcvn3"].setdefault(_lower.upper(), _code)
DECODE = {
    "tcvn3": {code: letter for letter, code in ENCODE["tcvn3"].items() if letter.islower() or letter in _TCVN3_OTHERS},
    "vni": {code: letter for letter, code in ENCODE["vni"].items()},
}
# A VNI base letter in one case followed by its mark in the other still makes the letter (the base decides).
for _code, _letter_ in list(DECODE["vni"].items()):
    if len(_code) == 2:
        DECODE["vni"].setdefault(_code[0] + _code[1].swapcase(), _letter_)
DECODE["vni"] = {k: v for k, v in DECODE["vni"].items() if len(k) > 1 or not k.isascii()}
DECODE["tcvn3"] = {k: v for k, v in DECODE["tcvn3"].items() if not k.isascii()}
# Characters that only a legacy font writes: every non-ASCII character of each encoding.
_LEGACY_CHARS = {enc: {c for code in table for c in code if not c.isascii()} for enc, table in DECODE.items()}
# Characters that only Unicode Vietnamese has (ă đ ơ ư ĩ ũ, the Latin Extended Additional letters,
# combining marks): a cell holding one is Unicode already.
_UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx]"
_NUCLEUS = "|".join(sorted(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi "
    "ươ ưu yê iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu".split(), key=len, reverse=True))
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{_NUCLEUS})(?:ch|ng|nh|[cmnptk])?")
_TOKENS = re.compile(r"[^\s,.;:!?()\[\]{}\"/\\|+=*&%$#@<>~^_`-]+")


def is_syllable(word: str) -> bool:
    """Whether a word is shaped like one Vietnamese syllable (onset, vowels, final, at most one tone)."""
    letters = unicodedata.normalize("NFD", word.lower())
    tones = sum(letters.count(mark) for mark in _TONE_MARKS[1:])
    base = unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONE_MARKS[1:]))
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def _decode(s: str, encoding: str) -> tuple[str, bool]:
    """(s converted, whether every legacy character was part of a code)."""
    table = DECODE[encoding]
    out, i, complete = [], 0, True
    while i < len(s):
        pair = s[i:i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        ch = s[i]
        if ch in table:
            out.append(table[ch])
        else:
            out.append(ch)
            if "\xa1" <= ch <= "\xff" and ch not in "\xd7\xf7":
                complete = False
        i += 1
    text = "".join(out)
    if encoding == "tcvn3":
        ascii_letters = [c for c in s if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
            text = text.upper()  # ".VnTimeH": capitals drawn from the lower-case codes
    return text, complete


def _score(text: str) -> tuple[int, int]:
    """(words shaped like Vietnamese syllables, other words) among the words with an ASCII letter and a
    letter outside ASCII (the only ones that tell an encoding from another)."""
    good = bad = 0
    for word in _TOKENS.findall(text):
        if word.isascii() or not any(c.isascii() and c.isalpha() for c in word):
            continue
        if is_syllable(word.strip("'")):
            good += 1
        else:
            bad += 1
    return good, -bad


def detect_legacy(s, hint: str | None = None) -> str | None:
    """"tcvn3", "vni" or None (Unicode or plain ASCII) for one cell, decided by the characters present: a
    legacy reading wins only when every legacy character is part of a code and it makes more words
    Vietnamese syllables than the text read as it is. A tie keeps the text as it is, unless `hint` (the
    encoding most cells of the same file were found in) names the legacy reading that ties."""
    if not s or s.isascii() or _UNICODE_ONLY.search(s):
        return None
    scores = {None: _score(s)}
    for encoding in ("tcvn3", "vni"):
        text, complete = _decode(s, encoding)
        if complete:
            scores[encoding] = _score(text)
    best = max(scores.values())
    if scores[None] == best and scores.get(hint) != best:
        return None
    if best[0] == 0:
        return None
    if hint in scores and scores[hint] == best:
        return hint
    return next(enc for enc in ("tcvn3", "vni") if scores.get(enc) == best)


def legacy_to_unicode(s: str, encoding: str) -> str:
    """s, read as TCVN3 ("tcvn3") or VNI Windows ("vni") text, in Unicode NFC."""
    if encoding not in DECODE:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return unicodedata.normalize("NFC", _decode(s, encoding)[0])


def unicode_to_legacy(s: str, encoding: str) -> str:
    """The inverse of `legacy_to_unicode` (test data, templates): letters without a code stay as they are."""
    table = ENCODE[encoding]
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", s))
