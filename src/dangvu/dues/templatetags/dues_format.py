"""Amounts of đồng and months as the dues pages show them: «1.234.000 đ», «11/2026»."""

import datetime as dt

from django import template

register = template.Library()


def dong(value) -> str:
    """1234000 -> "1.234.000 đ" (the Vietnamese thousands separator is the dot, a no-break space before đ); None -> ""."""
    if value is None or value == "":
        return ""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{n:,}".replace(",", ".") + "\u00a0đ"  # never "đ" alone on the next line


def month(value) -> str:
    """A month (a date holding its first day) -> "11/2026"."""
    return value.strftime("%m/%Y") if isinstance(value, dt.date) else (value or "")


register.filter("dong", dong)
register.filter("month", month)
