"""Past results: review levels per member or per organisation for a period that has ended, written by the reviews
app's history service into a closed historical cycle (created or reused for the importer's organisation and the
period). A result already recorded (same member or organisation, same period, same level) is unchanged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import vntext
from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from dangvu.reviews import services as review_services

from .. import reading
from .base import Result, RowContext, RowError, refusals
from .subjects import about_member, aliases, find_member, find_organization

LEVEL_FIELD = {"period": "period", "level": "level", "member_id": "national_id", "organization_id": "organization"}


def levels() -> dict:
    return aliases(reading.spec("review_results")["levels"])


class ReviewResultsKind:
    chunk = None  # a row may create the historical cycle the next rows reuse: one dry run for the whole file

    def __init__(self, ctx: RowContext):
        self.ctx = ctx
        self.levels = levels()

    def _level(self, values) -> str:
        ctx = self.ctx
        text = ctx.text(values, "level", required=True)
        code = self.levels.get(vntext.search_key(text)) or self.levels.get(vntext.search_key(text).replace(" ", ""))
        if code is None:
            raise RowError(ctx.label("level"), f"Mức xếp loại: “{text}” không phải mức đã biết (Hoàn thành xuất sắc "
                                               "nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn "
                                               "thành nhiệm vụ, hoặc HTXSNV, HTTNV, HTNV, KHTNV).")
        return code

    def _clean(self, values) -> dict:
        ctx = self.ctx
        raw = ctx.value(values, "period")
        if raw in ("", None):
            raise RowError(ctx.label("period"), f"{ctx.spec['period']['label']}: không được để trống.")
        try:
            period = review_services.past_period(raw)[0]
        except ValidationError as exc:
            raise RowError(ctx.label("period"), " ".join(exc.messages)) from None
        data = {"period": period, "level": self._level(values), "note": ctx.text(values, "note")[:500]}
        if about_member(ctx, values):
            data["member_id"] = find_member(ctx, values).pk
        else:
            data["organization_id"] = find_organization(ctx, values).pk
        return data

    def _write(self, data):
        member = Member.objects.select_related("organization").get(pk=data["member_id"]) if "member_id" in data else None
        org = Organization.objects.get(pk=data["organization_id"]) if "organization_id" in data else None
        return review_services.record_past_result(self.ctx.actor, self.ctx.scope, period=data["period"],
                                                  level=data["level"], member=member, organization=org,
                                                  note=data.get("note", ""))

    def check(self, number, values) -> Result:
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        target = data.get("member_id") or data.get("organization_id")
        try:
            with transaction.atomic():
                _subject, created = self._write(data)
        except ValidationError as exc:
            return Result("refused", errors=refusals(exc, lambda f: self.ctx.label(LEVEL_FIELD.get(f, "level"))))
        return Result("create" if created else "unchanged", target_id=target, data=data)

    def apply(self, row, decision, reason=""):
        self._write(row.data)

    def shown(self, data) -> list:
        return [("Kỳ đánh giá", data.get("period")), ("Mức xếp loại", data.get("level"))]
