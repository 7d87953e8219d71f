"""Legacy 8-bit encodings of Vietnamese (TCVN3, VNI): detection and conversion to Unicode."""

import functools
import re
import unicodedata

# Legacy 8-bit encodings: TCVN3 (ABC, the ".VnTime" fonts) and VNI Windows ("VNI-Times").
#
# Text typed in those fonts was stored as Windows-1252 characters: a spreadsheet cell shows "NguyÔn V¨n An"
# (TCVN3) or "Nguyeãn Vaên An" (VNI) where the font drew "Nguyễn Văn An". The tables below give, for every
# Vietnamese letter, the characters the legacy font used for it. Sources, checked against each other (code
# points only, no code taken): TCVN 5712:1993 "VN3" in xvnkb's tcvn.h and VNI Windows in its vni.h
# (github.com/lamdao/xvnkb), the X11 TCVN-5712 table (xc/lib/X11/lcUniConv/tcvn.h) for the small letters,
# and src/charsets.ts of github.com/duydev/vietnamese-conversion. tests/core/test_vntext.py holds a copy
# typed apart.
#
# TCVN3 support: the ".VnTime" set (small letters) with its seven capitals Ă Â Ê Ô Ơ Ư Đ. Capitals with a
# tone have no code of their own in VN3: the ".VnTimeH" fonts draw the small letters' codes as capitals. The
# font is lost in a spreadsheet, so a cell with no small ASCII letter and a capital inside a word ("NGUYÔN")
# is taken as ".VnTimeH" and converted to capitals; any other cell as ".VnTime". The full TCVN 5712 "VN1"
# capitals (codes 0x01-0x17 and 0x80-0x9F) are not supported. See docs/cleaning.md.

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


def _vni_code(vowel: str, tone: int) -> str:
    base, marks = _VNI_VOWELS[vowel]
    if marks is _VNI_TONES:
        return base + (marks[tone - 1] if tone else "")
    return base + marks[tone]


def _tables() -> tuple[dict, dict]:
    """(ENCODE, DECODE): {"tcvn3": {Unicode letter: code}, "vni": ...} and {"tcvn3": {code: letter}, ...},
    for the letters outside ASCII. TCVN3 encodes a capital with a tone as its small letter's code (".VnTimeH")
    and decodes the code to the small letter; VNI decodes a base and mark of different cases as the base's."""
    tcvn3, vni = dict(_TCVN3_OTHERS), {}
    for vowel in _VOWELS:
        for tone in range(6):
            letter = _letter(vowel, tone)
            tcvn3[letter] = _TCVN3_VOWELS[vowel][tone]
            if vowel != "i":
                vni[letter] = _vni_code(vowel, tone)
    vni.update(_VNI_SINGLE)
    vni.update({letter.upper(): code.upper() for letter, code in vni.items()})
    tcvn3_decode = {code: letter for letter, code in tcvn3.items()}
    for letter, code in list(tcvn3.items()):
        tcvn3.setdefault(letter.upper(), code)
    vni_decode = {code: letter for letter, code in vni.items()}
    for code, letter in list(vni_decode.items()):
        if len(code) == 2:
            vni_decode.setdefault(code[0] + code[1].swapcase(), letter)
    encode = {"tcvn3": tcvn3, "vni": vni}
    decode = {"tcvn3": tcvn3_decode, "vni": vni_decode}
    return (
        {enc: {k: v for k, v in table.items() if not k.isascii()} for enc, table in encode.items()},
        {enc: {k: v for k, v in table.items() if not k.isascii()} for enc, table in decode.items()},
    )


ENCODE, DECODE = _tables()
# Characters that only Unicode Vietnamese has (ă đ ơ ư ĩ ũ, the Latin Extended Additional letters,
# combining marks): a cell holding one is Unicode already.
_UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")

_ONSETS = ("", *"b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split())
_CODAS = ("", *"c ch k m n ng nh p t".split())
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi "
    "ươ ưu yê iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu".split()
)
_MODIFIED = set("ăâêôơư")
_SAC_NANG = {"\u0301", "\u0323"}
# Abbreviations in capitals with a Vietnamese letter: QĐ, ĐU, TƯ, HĐND.
_ABBREVIATION = re.compile("(?=[A-Z]*[ĐƯƠĂÂÊÔ])[A-ZĐƯƠĂÂÊÔ]{2,6}")
_TOKENS = re.compile(r"[^\s,.;:!?()\[\]{}\"'/\\|+=*&%$#@<>~^_`-]+")


def _letters(word: str) -> tuple[str, int | None, str]:
    """(the word's letters without tone, index of the letter bearing the tone or None, the tone mark)."""
    letters, tone_at, tone = [], None, ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_MARKS[1:]:
            if tone or not letters:
                return "", -1, ""  # two tones, or a tone on nothing
            tone_at, tone = len(letters) - 1, ch
        elif unicodedata.combining(ch) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return "".join(letters), tone_at, tone


def _tone_placed(nucleus: str, coda: str, at: int) -> bool:
    """Whether a tone on the nucleus's letter `at` is where Vietnamese spelling puts it (old and new styles)."""
    modified = [i for i, ch in enumerate(nucleus) if ch in _MODIFIED]
    if modified:
        return at == modified[-1]
    if len(nucleus) == 1:
        return at == 0
    if coda:
        return at == len(nucleus) - 1
    if len(nucleus) == 3:
        return at == 1
    return at == 0 or nucleus in ("oa", "oe", "uy")


@functools.lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether a word is spelled like one Vietnamese syllable: onset, vowels, final consonant, at most one
    tone, on the letter where spelling puts it (hòa and hoà both), sắc or nặng before c, ch, p, t."""
    letters, tone_at, tone = _letters(word)
    if tone_at == -1 or not letters:
        return False
    for onset in _ONSETS:
        if not letters.startswith(onset):
            continue
        for coda in _CODAS:
            if not letters.endswith(coda) or len(onset) + len(coda) >= len(letters):
                continue
            nucleus = letters[len(onset):len(letters) - len(coda)]
            if nucleus not in _NUCLEI or (onset == "q" or (onset == "gi" and nucleus[0] == "i")):
                continue
            if not coda and nucleus in ("iê", "yê", "uô", "ươ", "uyê"):
                continue  # these vowels always close: tiên, yêu, muốn, người, khuyên
            if coda in ("nh", "ch") and nucleus[-1] not in "aêiy":
                continue
            if coda in ("ng", "c") and (nucleus[-1] in "iy" or (nucleus[-1] == "ê" and nucleus[-2:-1] not in "iy")):
                continue
            if coda in ("c", "ch", "p", "t", "k") and tone not in _SAC_NANG:
                continue
            if tone_at is None or _tone_placed(nucleus, coda, tone_at - len(onset)):
                return True
    return False


@functools.cache
def _common_words() -> frozenset[str]:
    """Words of people's and organisations' names that a cell most often holds (a prior: of two readings
    of a cell that both spell Vietnamese, the one with more common words wins)."""
    from .. import names

    words = {w for w, _ in names.FAMILY_NAMES + names.MIDDLE_MALE + names.MIDDLE_FEMALE}
    words |= set(names.GIVEN_MALE + names.GIVEN_FEMALE)
    words |= set(
        "đảng bộ chi ủy ban cơ sở xã phường thị trấn huyện quận tỉnh thành phố trường công ty sở phòng đội tổ khối "
        "văn hóa hoá giáo dục y tế trung tâm bệnh viện nhân dân việt nam thôn ấp bản làng xóm khu đường số "
        "kinh tày thái mường khmer hoa nùng không phật thiên chúa cao đẳng đại học trung cấp thạc sĩ tiến "
        "đoàn hội cựu chiến binh nông dân phụ nữ thanh niên quân sự công an".split()
    )
    return frozenset(w.lower() for w in words)


def _capitals(s: str) -> bool:
    """Whether a cell is written in capitals (".VnTimeH"): no small ASCII letter, and a word with an ASCII
    capital after its first letter ("NGUYÔN", "HßA", "MAI B¸ CHI"), reference numbers such as "12-Q§/TU" not
    counted. "Lý Mü M¬" and "Sè 12-Q§/TU" are not in capitals."""
    if re.search("[a-z]", s):
        return False
    return any("/" not in word and re.search("[A-Z]", word[1:]) for word in s.split())


def _decode(s: str, encoding: str, capitals: bool | None = None) -> tuple[str, bool]:
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
    if encoding == "tcvn3" and (_capitals(s) if capitals is None else capitals):
        text = text.upper()  # ".VnTimeH": capitals drawn with the lower-case codes
    return text, complete


def _score(s: str, encoding: str | None) -> tuple[float, int] | None:
    """How well s reads in an encoding (None: as it is), or None if a legacy character is not part of a code:
    (its words spelled like Vietnamese syllables, a common word counting one and a half; minus its other
    words). Only the words that tell one reading from another count: those with a character outside
    ASCII and an ASCII letter or a second character. A word of mixed case (a capital after a small
    letter), or with a small letter in a cell written in capitals, is not a word of that reading."""
    good, bad = 0.0, 0
    capitals = _capitals(s)
    for token in _TOKENS.findall(s):
        if token.isascii() or (len(token) < 2 and not re.search("[A-Za-z]", token)):
            continue
        word = token
        if encoding:
            word, complete = _decode(token, encoding, capitals)
            if not complete:
                return None
        cased = word[1:] == word[1:].lower() or word == word.upper()
        if cased and not (capitals and any(c.islower() for c in word)) and is_syllable(word):
            good += 1.5 if word.lower() in _common_words() else 1
        elif _ABBREVIATION.fullmatch(word):
            good += 1
        else:
            bad += 1
    return good, -bad


@functools.lru_cache(maxsize=1 << 16)
def detect_legacy(s, hint: str | None = None) -> str | None:
    """"tcvn3", "vni" or None (Unicode or plain ASCII) for one cell, decided by the characters present: a
    legacy reading wins only when every legacy character is part of a code and it spells more of the
    cell's words as Vietnamese than the text read as it is. A tie keeps the text as it is, unless `hint`
    (the encoding most cells of the same file were found in) names a reading that is no worse."""
    if not s or s.isascii() or _UNICODE_ONLY.search(s):
        return None
    scores = {enc: _score(s, enc) for enc in (None, "tcvn3", "vni")}
    scores = {enc: score for enc, score in scores.items() if score is not None}
    best = max(scores.values())
    if hint and hint in scores and scores[hint] >= scores[None]:
        return hint
    if best[0] == 0:
        return None
    return next(enc for enc in (None, "tcvn3", "vni") if scores.get(enc) == best)


def file_legacy(cells) -> str | None:
    """The legacy encoding most of a file's text cells are in (None if none is): the `hint` that settles the
    cells reading as well both ways ("Hoàng" in a VNI file is "Hồng")."""
    counts = {"tcvn3": 0, "vni": 0}
    for cell in cells:
        if isinstance(cell, str):
            encoding = detect_legacy(cell)
            if encoding:
                counts[encoding] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def legacy_to_unicode(s: str, encoding: str) -> str:
    """s, read as TCVN3 ("tcvn3") or VNI Windows ("vni") text, in Unicode NFC."""
    if encoding not in DECODE:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return unicodedata.normalize("NFC", _decode(s, encoding)[0])


def unicode_to_legacy(s: str, encoding: str) -> str:
    """The inverse of `legacy_to_unicode` (test data, templates): letters without a code stay as they are."""
    table = ENCODE[encoding]
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", s))
