"""Organisations: code, name, kind, parent (code or name path), established date; keyed by code, or by name
under the same parent when the file has no code. Written by the organisations app's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import vntext
from dangvu.organizations import services as org_services
from dangvu.organizations.models import Kind, Organization

from .base import Result, RowContext, RowError, from_iso, iso, refusals

KIND_BY_KEY = {vntext.search_key(label): value for value, label in Kind.choices}
KIND_BY_KEY.update({vntext.search_key(value): value for value in Kind.values})
KIND_BY_KEY.update({"dang uy": Kind.UPPER, "dang bo tinh": Kind.PROVINCIAL, "dang bo huyen": Kind.UPPER,
                    "chi bo": Kind.ATTACHED_CELL})


class OrganizationsKind:
    chunk = None  # one dry run for the whole file: a row's parent may be created by an earlier row
    FIELDS = {"name": "name", "kind": "kind", "parent": "parent", "established_on": "established_on", "code": "code"}

    def __init__(self, ctx: RowContext):
        self.ctx = ctx
        self.codes_seen: dict[str, int] = {}

    def _clean(self, values) -> dict:
        ctx = self.ctx
        data = {"code": ctx.text(values, "code"), "name": ctx.text(values, "name", required=True)}
        kind_text = ctx.text(values, "kind", required=True)
        kind = KIND_BY_KEY.get(vntext.search_key(kind_text))
        if kind is None:
            raise RowError(ctx.label("kind"), f"Loại tổ chức: “{kind_text}” không phải loại đã biết "
                           "(Đảng bộ cơ sở, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ trực thuộc, …).")
        data["kind"] = kind
        parent_ref = ctx.text(values, "parent")
        parent = ctx.find_org(parent_ref, ctx.label("parent")) if parent_ref else ctx.scope
        data["parent_id"] = parent.pk  # for the check only: a parent created by the file gets its id at apply
        data["parent_ref"] = parent_ref
        if ctx.mapped("established_on"):
            partial = ctx.date(values, "established_on")
            data["established_on"] = iso(partial.first_day()) if partial else None
        return data

    def _existing(self, data) -> Organization | None:
        if data["code"]:
            return Organization.objects.filter(code=data["code"]).first()
        return Organization.objects.filter(parent_id=data["parent_id"], search_key=vntext.search_key(data["name"])).first()

    def check(self, number, values) -> Result:
        ctx = self.ctx
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        code = data["code"]
        if code and code in self.codes_seen:
            return Result("refused", errors=[{"column": ctx.label("code"),
                                              "message": f"Mã “{code}” trùng với dòng {self.codes_seen[code]} trong tệp."}])
        if code:
            self.codes_seen[code] = number
        existing = self._existing(data)
        if existing is not None:
            if not ctx.in_scope(existing):
                return Result("refused", errors=[{"column": ctx.label("code") if code else ctx.label("name"),
                                                  "message": f"Tổ chức “{existing.name}” nằm ngoài phạm vi của bạn."}])
            changes = self._changes(existing, data)
            if existing.parent_id != data["parent_id"]:
                return Result("refused", errors=[{"column": ctx.label("parent"), "message": (
                    f"Tổ chức “{existing.name}” đang trực thuộc tổ chức khác: chuyển cấp trên bằng chức năng "
                    "«Chuyển tổ chức», không qua nhập dữ liệu.")}])
            if existing.kind != data["kind"]:
                return Result("refused", errors=[{"column": ctx.label("kind"), "message": (
                    f"Tổ chức “{existing.name}” đã có với loại “{existing.get_kind_display()}”: không đổi loại khi nhập.")}])
            if not changes:
                return Result("unchanged", target_id=existing.pk, data=data)
            try:
                with transaction.atomic():
                    org_services.update_organization(ctx.actor, existing, version=existing.version, **self._typed(changes))
            except ValidationError as exc:
                return Result("refused", errors=refusals(exc, ctx.label))
            return Result("update", target_id=existing.pk, data=data)
        try:
            with transaction.atomic():  # the dry run: kept until the whole check is rolled back
                self._create(data)
        except ValidationError as exc:
            return Result("refused", errors=refusals(exc, self._label))
        return Result("create", data=data)

    def _label(self, name):
        return self.ctx.label({"parent": "parent", "code": "code", "established_on": "established_on"}.get(name, "name"))

    def _changes(self, org, data) -> dict:
        out = {}
        if org.name != data["name"]:
            out["name"] = data["name"]
        if "established_on" in data and iso(org.established_on) != data["established_on"]:
            out["established_on"] = data["established_on"]
        return out

    @staticmethod
    def _typed(changes):
        return {k: from_iso(v) if k == "established_on" else v for k, v in changes.items()}

    def _create(self, data):
        ref = data.get("parent_ref")
        try:
            parent = self.ctx.find_org(ref, self.ctx.label("parent")) if ref else self.ctx.scope
        except RowError as e:
            raise ValidationError({"parent": e.message}) from None
        return org_services.create_organization(
            self.ctx.actor, name=data["name"], kind=data["kind"], parent=parent,
            established_on=from_iso(data.get("established_on")), code=data["code"] or None,
        )

    def _create_parent_id(self, data):
        try:
            return self.ctx.find_org(data["parent_ref"], self.ctx.label("parent")).pk
        except RowError as e:
            raise ValidationError({"parent": e.message}) from None

    def apply(self, row, decision, reason=""):
        data = row.data
        if row.action == "create":
            if data.get("parent_ref"):
                data = dict(data, parent_id=self._create_parent_id(data))
            existing = self._existing(data)
            if existing is not None:  # created by someone else since the check
                raise ValidationError(f"Tổ chức “{data['name']}” đã được tạo sau khi kiểm tra tệp.")
            self._create(data)
        elif row.action == "update":
            org = Organization.objects.get(pk=row.target_id)
            changes = self._changes(org, data)
            if changes:
                org_services.update_organization(self.ctx.actor, org, version=org.version, **self._typed(changes))
