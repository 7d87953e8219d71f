"""Section "dues": party dues of the period — owed, collected, still to collect, sent up to the upper level and
received (confirmed) from the sub-organisations, summed over the period's months, and at the period's last month
the members exempt, with a reduction, and not paid in full. Read from the dues app's maintained totals
(``DuesTotal``: one row per organisation and month for its whole sub-tree), so a province's year is a few dozen rows,
not a sum over its payments."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from dangvu.dues.models import DuesTotal

from .context import Context
from .types import Section

TITLE = "Thu, nộp đảng phí"
AMOUNTS = [
    ("owed", "Đảng phí phải thu"),
    ("paid", "Đảng phí đã thu"),
    ("outstanding", "Còn phải thu"),
    ("remitted", "Đã nộp lên cấp trên"),
    ("received", "Cấp dưới đã nộp lên (đã xác nhận)"),
]
COUNTS = [
    ("exempt", "Đảng viên được miễn đóng đảng phí"),
    ("reduced", "Đảng viên được giảm đảng phí"),
    ("unpaid", "Đảng viên chưa nộp đủ đảng phí"),
]


def _months(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The first days of the period's first and last months."""
    return date_from.replace(day=1), date_to.replace(day=1)


def _sums(ids: list[int], date_from: dt.date, date_to: dt.date) -> dict[int, dict]:
    first, last = _months(date_from, date_to)
    rows = (DuesTotal.objects.filter(organization_id__in=ids, month__range=(first, last))
            .values("organization_id").annotate(owed=Sum("owed"), paid=Sum("paid"), remitted=Sum("remitted"),
                                                received=Sum("received")))
    out = {}
    for r in rows:
        owed, paid = r["owed"] or 0, r["paid"] or 0
        out[r["organization_id"]] = {"owed": owed, "paid": paid, "outstanding": max(0, owed - paid),
                                     "remitted": r["remitted"] or 0, "received": r["received"] or 0}
    return out


def _last_month(ids: list[int], date_to: dt.date) -> dict[int, dict]:
    rows = DuesTotal.objects.filter(organization_id__in=ids, month=date_to.replace(day=1)).values(
        "organization_id", *(k for k, _ in COUNTS))
    return {r["organization_id"]: r for r in rows}


def build(ctx: Context) -> Section:
    org = ctx.organization
    ids = [org.pk] + [c.pk for c in ctx.children]
    now = _sums(ids, ctx.date_from, ctx.date_to)
    before = _sums([org.pk], *ctx.previous) if ctx.compare else {}
    figures = []
    # a month without a sheet has no total row: no figure («chưa có số liệu»), never a 0 that was not counted
    mine, earlier = now.get(org.pk), before.get(org.pk)
    for key, label in AMOUNTS:
        figures.append(ctx.figure(key, label, mine[key] if mine else None, earlier[key] if earlier else None,
                                  {c.pk: now[c.pk][key] if c.pk in now else None for c in ctx.children}, unit="đồng",
                                  records=False))
    last = _last_month(ids, ctx.date_to)
    for key, label in COUNTS:
        figures.append(ctx.figure(key, f"{label} (tháng {ctx.date_to:%m/%Y})",
                                  last[org.pk][key] if org.pk in last else None, None,
                                  {c.pk: last[c.pk][key] if c.pk in last else None for c in ctx.children},
                                  unit="đảng viên", records=False))
    notes = ["Số liệu lấy từ sổ thu đảng phí của các chi bộ (tổng hợp theo tháng); «còn phải thu» là số phải thu trừ "
             "số đã thu của các tháng trong kỳ. Tháng chưa lập sổ thu không có số liệu."]
    return Section(key="dues", title=TITLE, figures=figures, notes=notes)
