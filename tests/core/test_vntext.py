import re
import unicodedata

import pytest

from dangvu.core.vntext import fold, nfc, search_key, sort_key, split_name


def nfd(text):
    return unicodedata.normalize("NFD", text)


# nfc -------------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_input():
    decomposed = nfd("Nguyễn Thị Ánh Tuyết")
    assert decomposed != "Nguyễn Thị Ánh Tuyết"
    assert nfc(decomposed) == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_nfc_trims_and_folds_white_space():
    assert nfc("  Trần\t Văn \n  Ơn  ") == "Trần Văn Ơn"


def test_nfc_keeps_none_and_stringifies_other_values():
    assert nfc(None) is None
    assert nfc("") == ""
    assert nfc(2024) == "2024"


# fold / search_key -----------------------------------------------------------------------------


def test_fold_removes_diacritics_and_lowercases():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"


def test_fold_treats_decomposed_and_composed_input_alike():
    assert fold(nfd("Đặng Thị Ngọc Ánh")) == fold("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("ĐẢNG ỦY", "dang uy"),
        ("ă â ê ô ơ ư đ", "a a e o o u d"),
        ("Chi bộ 3 - Khối cơ quan", "chi bo 3 khoi co quan"),
        ("  Lê   Hồng  Phong ", "le hong phong"),
        ("", ""),
    ],
)
def test_fold_cases(text, folded):
    assert fold(text) == folded


def test_fold_of_none_is_empty():
    assert fold(None) == ""


def test_search_key_is_folded_in_written_order():
    assert search_key("Nguyễn Văn Đức") == "nguyen van duc"
    assert len(search_key("Ơ " * 300)) <= 250


# split_name ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "full_name, parts",
    [
        ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),
        ("Tôn Nữ Thị Ninh", ("Tôn", "Nữ Thị", "Ninh")),
        ("Lê An", ("Lê", "", "An")),
        ("An", ("", "", "An")),
        ("", ("", "", "")),
        ("  Trần   Thị  Án ", ("Trần", "Thị", "Án")),
    ],
)
def test_split_name_family_middle_given(full_name, parts):
    assert split_name(full_name) == parts


def test_split_name_normalises_to_nfc():
    assert split_name(nfd("Đỗ Đức Ân")) == ("Đỗ", "Đức", "Ân")


# sort_key --------------------------------------------------------------------------------------

VIETNAMESE_ORDER = [
    "Lê An",
    "Trần Thị Án",
    "Nguyễn Văn Anh",
    "Vũ Ăn",
    "Đỗ Đức Ân",
    "Bùi Bình",
]


def test_sort_key_orders_people_in_vietnamese_order():
    shuffled = [VIETNAMESE_ORDER[i] for i in (5, 2, 0, 4, 1, 3)]
    assert sorted(shuffled, key=sort_key) == VIETNAMESE_ORDER


def test_sort_key_uses_only_ascii_letters_and_digits():
    for name in [*VIETNAMESE_ORDER, "Đặng Thị Ngọc Ánh", "Ưng Hoàng Phúc"]:
        assert re.fullmatch(r"[0-9a-z]+", sort_key(name)), name


def test_sort_key_ignores_normalisation_case_and_spacing():
    assert sort_key(nfd("Đỗ Đức Ân")) == sort_key("Đỗ Đức Ân") == sort_key("  ĐỖ  ĐỨC ÂN ")


@pytest.mark.parametrize(
    "lower, higher",
    [
        ("a", "ă"),
        ("ă", "â"),
        ("a", "â"),
        ("d", "đ"),
        ("đ", "e"),
        ("e", "ê"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("o", "ơ"),
        ("u", "ư"),
        ("ư", "v"),
    ],
)
def test_sort_key_letters_in_vietnamese_alphabet(lower, higher):
    assert sort_key(f"Lê {lower}n") < sort_key(f"Lê {higher}n")


TONES = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng


def test_sort_key_tones_ngang_huyen_hoi_nga_sac_nang():
    keys = [sort_key(f"Lê {name}") for name in TONES]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(TONES)


def test_sort_key_tone_on_modified_vowel():
    # ặ decomposes as a + dot below + breve: the breve must still make it ă, the dot a nặng tone.
    assert sort_key("Lê Ăn") < sort_key("Lê Ặn") < sort_key("Lê Ân")
    assert sort_key("Lê Ơn") < sort_key("Lê Ợn") < sort_key("Lê Ưn")


def test_sort_key_tone_before_longer_syllable():
    assert sort_key("Lê Án") < sort_key("Lê Anh") < sort_key("Lê Ánh")


def test_sort_key_given_name_first_then_middle_then_family():
    assert sort_key("Trần Văn Bình") < sort_key("Nguyễn Văn Cường")  # given name decides
    assert sort_key("Trần Thị Bình") < sort_key("Lê Văn Bình")  # then the middle name
    assert sort_key("Lê Văn Bình") < sort_key("Trần Văn Bình")  # then the family name


def test_sort_key_missing_middle_name_sorts_before_any_middle_name():
    # (given, middle, family): ("An", "", "Xa") < ("An", "Văn", "Lê")
    assert sort_key("Xa An") < sort_key("Lê Văn An")
