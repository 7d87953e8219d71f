"""Discipline decisions of the past, against a member or an organisation, written by the discipline app's history
service (the rules of the decision's date). Imported by the inspection commission in its scope (or an admin): the
rows' subjects are checked against what the commission handles, not what an office changes. A decision already
recorded (same subject and decision number; without a number, same day and form) is unchanged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from dangvu.core import vntext
from dangvu.discipline import services as discipline_services
from dangvu.discipline.queries import can_handle
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from .. import reading
from .base import Result, RowContext, RowError, from_iso, iso, refusals
from .subjects import about_member, aliases, find_member, find_organization

COLUMNS = {"member_id": "national_id", "organization_id": "organization", "form": "form", "post_held": "post_held",
           "decided_on": "decided_on", "violation_on": "violation_on", "decided_by_id": "decided_by",
           "decision_number": "decision_number"}


class DisciplinesKind:
    chunk = None  # an expulsion changes the member the next rows name: one dry run for the whole file

    def __init__(self, ctx: RowContext):
        self.ctx = ctx
        self.forms = aliases(reading.spec("disciplines")["forms"])
        ctx.in_scope = self._in_scope  # the commission's reach, not the office's (RowContext asks for "change")

    def _in_scope(self, org) -> bool:
        return org.path.startswith(self.ctx.scope.path) and can_handle(self.ctx.actor, org)

    def _day(self, values, name, *, required=False):
        partial = self.ctx.date(values, name, required=required)
        if partial is None:
            return None
        if partial.precision != "day":
            raise RowError(self.ctx.label(name), f"{self.ctx.spec[name]['label']}: cần đủ ngày, tháng, năm.")
        return partial.first_day()

    def _issuer(self, values):
        ref = vntext.nfc(self.ctx.text(values, "decided_by")) or ""
        if not ref:
            return None
        found = self.ctx._lookup(ref)  # the issuing body may be above the importer's scope: no scope check here
        if isinstance(found, str):
            raise RowError(self.ctx.label("decided_by"), found)
        return found.pk

    def _clean(self, values) -> dict:
        ctx = self.ctx
        text = ctx.text(values, "form", required=True)
        form = self.forms.get(vntext.search_key(text)) or self.forms.get(vntext.search_key(text).replace(" ", ""))
        if form is None:
            raise RowError(ctx.label("form"), f"Hình thức kỷ luật: “{text}” không phải hình thức đã biết (khiển "
                                              "trách, cảnh cáo, cách chức, khai trừ, giải tán).")
        data = {"form": form, "decided_on": iso(self._day(values, "decided_on", required=True)),
                "violation_on": iso(self._day(values, "violation_on")),
                "decision_number": ctx.text(values, "decision_number")[:100], "decided_by_id": self._issuer(values),
                "post_held": ctx.text(values, "post_held")[:200]}
        violation, reason = ctx.text(values, "violation"), ctx.text(values, "reason")
        data["violation"] = "\n".join(p for p in (violation, f"Lý do kỷ luật: {reason}" if reason else "") if p)
        if about_member(ctx, values):
            data["member_id"] = find_member(ctx, values).pk
        else:
            data["organization_id"] = find_organization(ctx, values).pk
        return data

    def _existing(self, data):
        return discipline_services.existing_decision(
            member=Member(pk=data["member_id"]) if data.get("member_id") else None,
            organization=Organization(pk=data["organization_id"]) if data.get("organization_id") else None,
            decision_number=data["decision_number"], decided_on=from_iso(data["decided_on"]), form=data["form"])

    def _write(self, data):
        return discipline_services.record_past_discipline(
            self.ctx.actor, member=data.get("member_id"), organization=data.get("organization_id"), form=data["form"],
            decided_on=from_iso(data["decided_on"]), violation_on=from_iso(data["violation_on"]),
            decision_number=data["decision_number"], decided_by=data["decided_by_id"],
            violation=data["violation"], post_held=data["post_held"])

    def check(self, number, values) -> Result:
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        target = data.get("member_id") or data.get("organization_id")
        found = self._existing(data)
        if found is not None:
            if found.form == data["form"] and found.decided_on == from_iso(data["decided_on"]):
                return Result("unchanged", target_id=target, data=data)
            return Result("refused", errors=[{"column": self.ctx.label("decision_number"), "message": (
                f"Quyết định số {data['decision_number']} đã được ghi cho đối tượng này với nội dung khác "
                f"({found.get_form_display().lower()}, ngày {found.decided_on:%d/%m/%Y}): sửa trên trang kỷ luật.")}])
        try:
            with transaction.atomic():
                self._write(data)
        except ValidationError as exc:
            return Result("refused", errors=refusals(exc, lambda f: self.ctx.label(COLUMNS.get(f, "decided_on"))))
        except Http404:
            return Result("refused", errors=[{"column": self.ctx.label("national_id"),
                                              "message": "Đối tượng nằm ngoài phạm vi bạn được ghi kỷ luật."}])
        why = "" if data["violation_on"] != data["decided_on"] or self.ctx.value(values, "violation_on") else \
            "Không ghi ngày vi phạm: lấy ngày quyết định."
        return Result("create", target_id=target, data=data, why=why)

    def apply(self, row, decision, reason=""):
        self._write(row.data)

    def shown(self, data) -> list:
        return [("Hình thức kỷ luật", data.get("form")), ("Số quyết định", data.get("decision_number")),
                ("Ngày quyết định", data.get("decided_on"))]
