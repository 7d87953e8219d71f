"""Dues payments from a bank or portal statement (or a chi bộ's own list): one row a member and month, matched to
the member by CCCD or card number (the name, when given, must match), written by the dues app's
``record_payment`` in the order of the file. The preview shows what matched (to record), what did not (refused:
no such member, outside the scope, a month before admission…) and what differs from the amount owed (recorded,
said on the row). A payment already recorded (same member, month, amount and day) is unchanged, so the same
statement imported twice writes nothing."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import vntext
from dangvu.dues import access as dues_access
from dangvu.dues import services as dues_services
from dangvu.dues.models import DuesLine, DuesPayment, Method
from dangvu.members.models import Member

from .base import Result, RowContext, RowError, from_iso, iso, refusals
from .subjects import find_member

METHODS = {vntext.search_key(label): value for value, label in Method.choices}
METHODS.update({vntext.search_key(v): v for v in Method.values})
METHODS.update({k: Method.CASH for k in ("tien mat", "nop tien mat", "truc tiep", "thu truc tiep")})
METHODS.update({k: Method.PORTAL for k in ("cong dich vu cong", "dich vu cong", "dvc", "dvcqg", "vneid")})
METHODS.update({k: Method.BANK for k in ("chuyen khoan", "ngan hang", "ck", "internet banking", "qr")})
# the service's fields as the file's columns
COLUMNS = {"month": "month", "amount": "amount", "paid_on": "paid_on", "method": "method", "note": "note",
           "member": "national_id"}
_GROUPED = re.compile(r"\d{1,3}([.,\s]\d{3})+")  # 150.000 / 150,000 / 1 250 000


def money(value) -> int:
    """An amount of đồng as a statement writes it: a number cell, «150.000», «150,000», «150.000 đ»,
    «150,000.00» (no fraction of a đồng)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        return int(value)
    text = re.sub(r"(?i)\s*(vnđ|vnd|đồng|đ|d)\.?\s*$", "", str(value).strip())
    cents = re.fullmatch(r"(.+?)[.,](\d{2})", text)
    if cents and not _GROUPED.fullmatch(text):  # 150,000.00: a fraction must be zero
        if int(cents.group(2)):
            raise ValueError
        text = cents.group(1)
    if _GROUPED.fullmatch(text):
        text = re.sub(r"[.,\s]", "", text)
    if not text.isdigit():
        raise ValueError
    return int(text)


class DuesPaymentsKind:
    chunk = None  # a second payment of a member's month is judged after the first: one dry run for the whole file

    def __init__(self, ctx: RowContext):
        self.ctx = ctx
        ctx.in_scope = self._in_scope  # who manages dues there (a chi bộ's secretary too), not who edits the registry

    def _in_scope(self, org) -> bool:
        return org.path.startswith(self.ctx.scope.path) and dues_access.can(self.ctx.actor, org, "manage")

    def _month(self, values) -> dt.date:
        ctx = self.ctx
        raw = ctx.value(values, "month")
        found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(raw)) if isinstance(raw, str) else None
        if found and 1 <= int(found.group(2)) <= 12:
            return dt.date(int(found.group(1)), int(found.group(2)), 1)
        partial = ctx.date(values, "month", required=True)
        if partial.precision == "year":
            raise RowError(ctx.label("month"), "Tháng: ghi tháng và năm (VD 11/2026).")
        return partial.first_day().replace(day=1)

    def _clean(self, values) -> dict:
        ctx = self.ctx
        m = find_member(ctx, values)
        month = self._month(values)
        raw = ctx.value(values, "amount")
        if raw in ("", None):
            raise RowError(ctx.label("amount"), "Số tiền: không được để trống.")
        try:
            amount = money(raw)
        except (TypeError, ValueError):
            raise RowError(ctx.label("amount"), f"Số tiền: “{raw}” không phải một số đồng nguyên.") from None
        partial = ctx.date(values, "paid_on", required=True)
        if partial.precision != "day":
            raise RowError(ctx.label("paid_on"), "Ngày nộp: cần đủ ngày, tháng, năm.")
        text = ctx.text(values, "method")
        method = METHODS.get(vntext.search_key(text)) if text else Method.BANK
        if method is None:
            raise RowError(ctx.label("method"), f"Hình thức nộp: “{text}” không phải hình thức đã biết (tiền mặt, "
                                                "cổng dịch vụ công, chuyển khoản).")
        return {"member_id": m.pk, "month": iso(month), "amount": amount, "paid_on": iso(partial.first_day()),
                "method": method, "note": ctx.text(values, "note")[:500]}

    def check(self, number, values) -> Result:
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        month, paid_on = from_iso(data["month"]), from_iso(data["paid_on"])
        if DuesPayment.objects.filter(line__member_id=data["member_id"], line__month=month, amount=data["amount"],
                                      paid_on=paid_on, cancelled=False).exists():
            return Result("unchanged", target_id=data["member_id"], data=data)
        try:
            with transaction.atomic():
                self._write(data)
        except ValidationError as exc:
            return Result("refused", errors=refusals(exc, lambda f: self.ctx.label(COLUMNS.get(f, "amount"))))
        line = DuesLine.objects.filter(member_id=data["member_id"], month=month).first()
        why = ""
        if line is not None and data["amount"] != line.owed:
            why = (f"Số tiền {dues_money(data['amount'])} khác số phải nộp tháng {month:%m/%Y} "
                   f"({dues_money(line.owed)}): ghi nhận số đã nộp.")
        return Result("create", target_id=data["member_id"], data=data, why=why)

    def _write(self, data):
        return dues_services.record_payment(
            self.ctx.actor, Member.objects.get(pk=data["member_id"]), month=from_iso(data["month"]),
            amount=data["amount"], paid_on=from_iso(data["paid_on"]), method=data["method"], note=data["note"])

    def apply(self, row, decision, reason=""):
        self._write(row.data)


def dues_money(n: int) -> str:
    return f"{int(n):,}".replace(",", ".") + " đ"
