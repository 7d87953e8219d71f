"""The shared service kernel: errors collected together, stale versions refused, text cleaned."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.core import services
from dangvu.core.errors import ConflictError
from dangvu.organizations.models import Organization


def test_errors_are_raised_together():
    errors = services.Errors()
    assert not errors
    errors.add("name", "Tên: không được để trống.")
    errors.add("name", "Tên: quá dài.")
    errors.add("day", "Ngày: không hợp lệ.")
    assert "name" in errors and errors
    with pytest.raises(ValidationError) as exc:
        errors.raise_if_any()
    assert exc.value.message_dict == {"name": ["Tên: không được để trống.", "Tên: quá dài."],
                                      "day": ["Ngày: không hợp lệ."]}


def test_fail_names_the_field():
    with pytest.raises(ValidationError) as exc:
        services.fail("level", "Mức xếp loại: bắt buộc.")
    assert exc.value.message_dict == {"level": ["Mức xếp loại: bắt buộc."]}


def test_clean_text_drops_control_characters_and_normalises():
    decomposed = "Nguye\u0302\u0303n\x00 "
    assert services.clean_text(decomposed) == "Nguyễn"
    assert services.clean_text(" dòng 1\r\ndòng\x07 2 ") == "dòng 1\ndòng 2"
    assert services.clean_text(None) == ""


def test_text_and_day_checks():
    errors = services.Errors()
    assert services.text(errors, "t", "Tiêu đề", "  ", 10, required=True) == ""
    services.text(errors, "u", "Ghi chú", "x" * 11, 10)
    assert services.day(errors, "d", "Ngày", "2020-13-01") is None
    assert services.day(errors, "e", "Ngày", dt.date(2999, 1, 1)) == dt.date(2999, 1, 1)
    assert services.day(errors, "f", "Ngày", "", required=False) is None
    assert services.day(errors, "g", "Ngày", "2020-02-29") == dt.date(2020, 2, 29)
    assert errors.errors == {
        "t": ["Tiêu đề: không được để trống."], "u": ["Ghi chú: tối đa 10 ký tự."], "d": ["Ngày: ngày không hợp lệ."],
        "e": [errors.errors["e"][0]],
    }
    assert errors.errors["e"][0].startswith("Ngày: không được sau ngày hôm nay")


@pytest.mark.django_db(transaction=False)
def test_lock_checks_the_version_and_bump_increments_it():
    org = Organization.objects.create(code="T1", name="Chi bộ thử", kind="grassroots_cell", path="", depth=0)
    org.path = f"{org.pk}."
    org.save()
    with pytest.raises(ConflictError):
        services.lock(Organization, org, version=org.version + 1)
    locked = services.lock(Organization, org.pk, version=str(org.version))
    locked.name = "Chi bộ đổi tên"
    services.bump(locked, ["name"])
    assert locked.version == 2
    assert Organization.objects.get(pk=org.pk).name == "Chi bộ đổi tên"
