"""The period's parameters as the pages and the API take them: checks with Vietnamese messages, and the
report as JSON (the API's answer, also what reppage's files read)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from dangvu.core import dates

MAX_YEARS = 5


def clean_period(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """(date_from, date_to) checked: both given, from ≤ to, at most MAX_YEARS years, from not after today."""
    errors = {}
    if date_from is None:
        errors["date_from"] = ["Từ ngày: không được để trống."]
    if date_to is None:
        errors["date_to"] = ["Đến ngày: không được để trống."]
    if not errors:
        if date_from > date_to:
            errors["date_from"] = [f"Từ ngày ({date_from:%d/%m/%Y}) phải trước hoặc bằng đến ngày "
                                   f"({date_to:%d/%m/%Y})."]
        elif dates.add_months(date_from, 12 * MAX_YEARS) <= date_to:
            errors["date_to"] = [f"Kỳ báo cáo dài nhất {MAX_YEARS} năm."]
        elif date_from > dates.today():
            errors["date_from"] = [f"Từ ngày: không được sau ngày hôm nay ({dates.today():%d/%m/%Y})."]
        elif date_from.year < 1930:
            errors["date_from"] = ["Từ ngày: không được trước năm 1930."]
    if errors:
        raise ValidationError(errors)
    return date_from, date_to


def as_json(report) -> dict:
    return {
        "organization": {"id": report.organization.pk, "name": report.organization.name},
        "date_from": report.date_from,
        "date_to": report.date_to,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "notes": list(s.notes),
                "figures": [
                    {"key": f.key, "label": f.label, "value": f.value, "previous": f.previous, "unit": f.unit,
                     "by_child": [{"organization_id": pk, "value": v} for pk, v in f.by_child],
                     "records_url": f.records_url}
                    for f in s.figures
                ],
                "tables": [{"key": t.key, "title": t.title, "columns": t.columns, "rows": t.rows} for t in s.tables],
            }
            for s in report.sections
        ],
    }
