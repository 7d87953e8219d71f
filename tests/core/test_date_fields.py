"""Every date and date-time input of every form is the project's own: typed dd/mm/yyyy (HH:MM), never
the browser's native picker (which follows the browser's language: "mm/dd/yyyy")."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import dangvu
from dangvu.core import forms as core_forms

pytestmark = pytest.mark.django_db


def _form_modules():
    for info in pkgutil.walk_packages(dangvu.__path__, "dangvu."):
        name = info.name
        if ".migrations" in name or ".management" in name or name.endswith((".settings", ".wsgi", ".__main__")):
            continue
        if ".forms" in name or ".views" in name or name.endswith(".api") or ".api." in name:
            yield importlib.import_module(name)


def _form_classes():
    seen = {}
    for module in _form_modules():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__.startswith("dangvu."):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return seen


def _instantiate(cls):
    """A bound-less instance; forms whose __init__ needs context get stand-ins for what it asks."""
    try:
        return cls()
    except Exception:
        pass
    params = inspect.signature(cls.__init__).parameters
    kwargs = {}
    for name, p in params.items():
        if name in ("self", "args", "kwargs") or p.default is not inspect.Parameter.empty:
            continue
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        kwargs[name] = None
    try:
        return cls(**kwargs)
    except Exception:
        return None


def _date_fields(form_or_cls):
    fields = form_or_cls.fields if hasattr(form_or_cls, "fields") else form_or_cls.base_fields
    return {n: f for n, f in fields.items() if isinstance(f, forms.DateField | forms.DateTimeField)}


def test_every_form_of_every_app_is_found():
    classes = _form_classes()
    apps = {name.split(".")[1] for name in classes}
    assert {"members", "organizations", "meetings", "documents", "inspections", "discipline", "studies",
            "reviews"} <= apps
    total = sum(len(_date_fields(cls)) for cls in classes.values())
    assert total >= 40, total


def test_every_date_input_of_every_form_takes_dd_mm_yyyy():
    checked = []
    for name, cls in sorted(_form_classes().items()):
        fields = dict(_date_fields(cls))
        form = _instantiate(cls)
        if form is not None:
            fields.update(_date_fields(form))
        for field_name, field in fields.items():
            where = f"{name}.{field_name}"
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field, core_forms.DateTimeField), f"{where}: not dangvu.core.forms.DateTimeField"
                assert isinstance(field.widget, core_forms.DateTimeInput), where
                assert field.widget.input_type == "text" and field.widget.attrs["data-date-input"] == "datetime"
                value = field.clean("05/12/2026 14:30")
                assert (value.day, value.month, value.year, value.hour, value.minute) == (5, 12, 2026, 14, 30), where
                assert field.widget.format_value(value) == "05/12/2026 14:30", where
            else:
                assert isinstance(field, core_forms.DateField), f"{where}: not dangvu.core.forms.DateField"
                assert isinstance(field.widget, core_forms.DateInput), where
                assert field.widget.input_type == "text" and field.widget.attrs["data-date-input"] == "date"
                assert field.clean("05/12/2026") == dt.date(2026, 12, 5), where
                assert field.widget.format_value(dt.date(2026, 12, 5)) == "05/12/2026", where
            checked.append(where)
    assert len(checked) >= 40, checked
    print(f"{len(checked)} date inputs checked")


def test_no_template_or_form_uses_the_browsers_native_date_picker_or_djangos_own_date_fields():
    from pathlib import Path

    root = Path(dangvu.__file__).parent
    offenders = [
        str(p.relative_to(root)) for p in root.glob("*/templates/**/*.html")
        if any(bad in p.read_text(encoding="utf-8") for bad in ('type="date"', "type='date'", "datetime-local"))
    ]
    offenders += [
        str(p.relative_to(root)) for p in root.glob("*/**/*.py")
        if "migrations" not in p.parts and any(bad in p.read_text(encoding="utf-8")
               for bad in ("forms.DateField(", "forms.DateTimeField(", "forms.DateInput(", "forms.DateTimeInput("))
    ]
    assert offenders == []


def test_a_wrong_date_names_the_field_in_vietnamese_and_keeps_the_typed_text():
    class F(core_forms.BaseForm):
        on = core_forms.DateField(label="Ngày quyết định")
        at = core_forms.DateTimeField(label="Thời gian bắt đầu", required=False)

    form = F(data={"on": "31/02/2026", "at": "12/05/2026 25:00"})
    assert not form.is_valid()
    assert form.errors["on"] == ["Ngày quyết định: ngày không hợp lệ (nhập theo dạng dd/mm/yyyy, ví dụ 28/02/1990)."]
    assert form.errors["at"][0].startswith("Thời gian bắt đầu: ngày giờ không hợp lệ (nhập theo dạng dd/mm/yyyy hh:mm")
    assert 'value="31/02/2026"' in str(form["on"])
    assert F(data={"on": ""}).errors["on"] == ["Ngày quyết định: không được để trống."]
    # the old ISO form still parses (links and scripts written before)
    assert F(data={"on": "2026-12-05", "at": "2026-12-05T14:30"}).is_valid()


def test_datetime_is_read_in_local_time():
    field = core_forms.DateTimeField(label="Lúc")
    value = field.clean("05/12/2026 14:30")
    assert value.utcoffset() == dt.timedelta(hours=7)
