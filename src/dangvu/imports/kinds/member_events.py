"""Member history: lifecycle steps with their dates and decision numbers, written by the members app's lifecycle
services in the order of the file. A step already recorded (same member, kind and day) is unchanged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import vntext
from dangvu.members import services as member_services
from dangvu.members.models import EventKind, Member, MemberEvent

from .. import cleaners
from .base import Result, RowContext, RowError, from_iso, iso, refusals

EVENTS = {vntext.search_key(label): value for value, label in EventKind.choices}
EVENTS.update({vntext.search_key(v): v for v in EventKind.values})
EVENTS.update({"chuyen chinh thuc": EventKind.CONFIRMATION, "cong nhan chinh thuc": EventKind.CONFIRMATION,
               "ket nap dang": EventKind.ADMISSION, "chuyen sinh hoat": EventKind.TRANSFER,
               "chuyen sinh hoat den": EventKind.TRANSFER_IN, "mien sinh hoat": EventKind.EXEMPTION,
               "mien cong tac": EventKind.EXEMPTION, "het mien sinh hoat": EventKind.EXEMPTION_END,
               "chet": EventKind.DEATH, "tu tran": EventKind.DEATH, "qua doi": EventKind.DEATH})
SIMPLE = {
    EventKind.EXEMPTION: member_services.exempt_member, EventKind.EXEMPTION_END: member_services.end_exemption,
    EventKind.REMOVAL: member_services.remove_member, EventKind.EXPULSION: member_services.expel_member,
    EventKind.DEATH: member_services.record_death,
}


class MemberEventsKind:
    chunk = None  # a member's later step builds on the earlier ones: one dry run for the whole file

    def __init__(self, ctx: RowContext):
        self.ctx = ctx

    def _member(self, values) -> Member:
        ctx = self.ctx
        raw_id, raw_card = ctx.value(values, "national_id"), ctx.value(values, "card_number")
        m = None
        try:
            if raw_id not in ("", None):
                which, digits = cleaners.identity_number(raw_id)
                field = "national_id" if which == "cccd" else "former_id"
                m = next(iter(Member.objects.select_related("organization").filter(**{field: digits}).order_by()[:1]), None)
            elif raw_card not in ("", None):
                card = cleaners.card_number(raw_card)
                m = next(iter(Member.objects.select_related("organization").filter(card_number=card).order_by()[:1]), None)
            else:
                raise RowError(ctx.label("national_id"), "Ghi số CCCD hoặc số thẻ đảng viên để nhận ra đảng viên.")
        except cleaners.CleanError as exc:
            raise RowError(ctx.label("national_id" if raw_id not in ("", None) else "card_number"), exc.message) from None
        column = ctx.label("national_id" if raw_id not in ("", None) else "card_number")
        if m is None:
            raise RowError(column, "Không tìm thấy đảng viên có số này trong cơ sở dữ liệu: nhập đảng viên trước "
                                   "(loại dữ liệu «Đảng viên»).")
        if not ctx.in_scope(m.organization):
            raise RowError(column, f"Đảng viên “{m.full_name}” sinh hoạt ở tổ chức ngoài phạm vi của bạn.")
        name = cleaners.person_name(ctx.value(values, "full_name")) if ctx.mapped("full_name") else ""
        if name and vntext.search_key(name) != m.search_key:
            raise RowError(ctx.label("full_name"), f"Họ và tên “{name}” không khớp lý lịch (“{m.full_name}”).")
        return m

    def _clean(self, values) -> dict:
        ctx = self.ctx
        m = self._member(values)
        text = ctx.text(values, "event", required=True)
        kind = EVENTS.get(vntext.search_key(text))
        if kind is None or kind == EventKind.MERGE:
            raise RowError(ctx.label("event"), f"Sự kiện: “{text}” không phải sự kiện đã biết.")
        partial = ctx.date(values, "on", required=True)
        if partial.precision != "day":
            raise RowError(ctx.label("on"), "Ngày: cần đủ ngày, tháng, năm cho một sự kiện của quá trình sinh hoạt.")
        data = {"member_id": m.pk, "kind": kind, "on": iso(partial.first_day()),
                "decision": ctx.text(values, "decision")[:100], "note": ctx.text(values, "note")[:500]}
        if kind == EventKind.TRANSFER:
            ref = ctx.text(values, "organization")
            if not ref:
                raise RowError(ctx.label("organization"), "Chi bộ chuyển đến: không được để trống khi chuyển sinh hoạt nội bộ.")
            data["organization_id"] = ctx.find_org(ref, ctx.label("organization")).pk
        if kind == EventKind.TRANSFER_OUT:
            data["destination"] = ctx.text(values, "destination")[:400]
        return data

    def check(self, number, values) -> Result:
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        m = Member.objects.get(pk=data["member_id"])
        on = from_iso(data["on"])
        if data["kind"] == EventKind.ADMISSION:
            if m.admitted_on == on:
                return Result("unchanged", target_id=m.pk, data=data)
            return Result("refused", errors=[{"column": self.ctx.label("on"), "message": (
                f"Ngày kết nạp khác ngày vào Đảng trong lý lịch ({m.admitted_on:%d/%m/%Y}): sửa lý lịch đảng viên.")}])
        if data["kind"] == EventKind.TRANSFER_IN:
            return Result("refused", errors=[{"column": self.ctx.label("event"), "message": (
                "Chuyển sinh hoạt đến từ ngoài hệ thống: nhập đảng viên trong danh sách đảng viên "
                "(loại dữ liệu «Đảng viên») với chi bộ mới.")}])
        if MemberEvent.objects.filter(member=m, kind=data["kind"], on=on).exists():
            return Result("unchanged", target_id=m.pk, data=data)
        try:
            with transaction.atomic():
                self._write(m, data)
        except ValidationError as exc:
            return Result("refused", errors=refusals(exc, lambda f: self.ctx.label(
                {"to_organization": "organization", "destination": "destination"}.get(f, "on"))))
        return Result("create", target_id=m.pk, data=data)

    def _write(self, m, data):
        # an imported event is a past step registered as history (live=False): its deadlines and the
        # official-membership review's checklist are not asked of records kept in Excel before dangvu
        actor, on, kind = self.ctx.actor, from_iso(data["on"]), data["kind"]
        decision = data.get("decision", "")
        if kind == EventKind.CONFIRMATION:
            return member_services.confirm_member(actor, m, on=on, decision=decision, live=False)
        if kind == EventKind.TRANSFER:
            from dangvu.organizations.models import Organization

            return member_services.transfer_member(actor, m, on=on, decision=decision,
                                                   to_organization=Organization.objects.get(pk=data["organization_id"]),
                                                   live=False)
        if kind == EventKind.TRANSFER_OUT:
            return member_services.transfer_out(actor, m, on=on, decision=decision,
                                                destination=data.get("destination", ""), live=False)
        return SIMPLE[kind](actor, m, on=on, decision=decision, note=data.get("note", ""))

    def apply(self, row, decision, reason=""):
        m = Member.objects.get(pk=row.target_id)
        self._write(m, row.data)
