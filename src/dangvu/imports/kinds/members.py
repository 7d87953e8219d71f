"""Members: the CV fields of the registry, status, admission and official dates, card number, CCCD, chi bộ.

Keyed by CCCD, then card number; the same full name and birth date as a member of the registry (or an
earlier row) is a probable duplicate the user decides on. Written by the members app's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, vntext
from dangvu.members import rulesets as member_rulesets
from dangvu.members import services as member_services
from dangvu.members.models import Gender, Member, Status, TheoryLevel

from .. import cleaners
from .base import Result, RowContext, RowError, from_iso, iso, refusals

TEXTS = ("birth_place", "hometown", "residence", "ethnicity", "religion", "general_education", "qualification",
         "profession", "job_title")
DATES = ("birth_date", "admitted_on", "official_on")
GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE, "nu": Gender.FEMALE, "female": Gender.FEMALE,
           "f": Gender.FEMALE}
THEORY = {vntext.search_key(label): value for value, label in TheoryLevel.choices}
THEORY.update({"": TheoryLevel.NONE, "khong": TheoryLevel.NONE, "chua": TheoryLevel.NONE, "sc": TheoryLevel.SO_CAP,
               "tc": TheoryLevel.TRUNG_CAP, "cc": TheoryLevel.CAO_CAP, "cn": TheoryLevel.CU_NHAN})
STATUSES = {vntext.search_key(label): value for value, label in Status.choices}
STATUSES.update({"mien cong tac": Status.EXEMPT, "mien sinh hoat": Status.EXEMPT, "du bi": Status.PROBATIONARY,
                 "chinh thuc": Status.FULL})
CV = ("full_name", "birth_name", "gender", "birth_date", *TEXTS, "national_id", "theory_level", "admitted_on",
      "official_on", "card_number")


def _one(qs):
    """The first row found, without `.first()`'s ORDER BY id (which lets PostgreSQL walk the primary key of a
    large table instead of the filter's index)."""
    return next(iter(qs.select_related("organization").order_by()[:1]), None)


class MembersKind:
    chunk = 500  # rows do not depend on one another (duplicates in the file are caught by the seen sets)

    def __init__(self, ctx: RowContext):
        self.ctx = ctx
        self.ids_seen: dict[str, int] = {}
        self.cards_seen: dict[str, int] = {}
        self.names_seen: dict[tuple, int] = {}
        self.created: set[int] = set()  # members the dry run created: not the registry's
        self.orgs: dict[int, object] = {}  # the chi bộ rows name, by id
        self.card_spec = member_rulesets.in_force()["card_number"]

    # ------------------------------------------------------------------------------------------ cleaning

    def _clean(self, values) -> dict:
        return self._place(*self._clean_fields(values))

    def _clean_fields(self, values) -> tuple[dict, dict, str]:
        """(the row's cleaned fields, the precision of its dates, the chi bộ as the cell names it): no query, so
        that a process of its own may do it (``engine``); RowError on the first field refused, the chi bộ's cell
        last, as ``_place`` looks it up."""
        ctx, data, precision = self.ctx, {}, {}
        data["full_name"] = cleaners.person_name(ctx.value(values, "full_name"))
        if not data["full_name"]:
            raise RowError(ctx.label("full_name"), "Họ và tên: không được để trống.")
        if ctx.mapped("birth_name") and (name := cleaners.person_name(ctx.value(values, "birth_name"))):
            data["birth_name"] = name
        gender = ctx.text(values, "gender", required=True)
        if vntext.search_key(gender) not in GENDERS:
            raise RowError(ctx.label("gender"), f"Giới tính: “{gender}” không hợp lệ; ghi Nam hoặc Nữ.")
        data["gender"] = GENDERS[vntext.search_key(gender)]
        for name in DATES:
            if not ctx.mapped(name):
                continue
            partial = ctx.date(values, name, required=name != "official_on")
            if partial is not None:
                data[name] = iso(partial.first_day())
                if partial.precision != "day":
                    precision[name] = partial.precision
        for name in TEXTS:
            if ctx.mapped(name) and (value := ctx.text(values, name)):
                data[name] = value
        raw_id = ctx.value(values, "national_id")
        if raw_id not in ("", None):
            try:
                which, digits = cleaners.identity_number(raw_id)
            except cleaners.CleanError as exc:
                raise RowError(ctx.label("national_id"), exc.message) from None
            data["national_id" if which == "cccd" else "former_id"] = digits
        raw_card = ctx.value(values, "card_number")
        if raw_card not in ("", None):
            try:
                data["card_number"] = cleaners.card_number(raw_card, spec=self.card_spec)
            except cleaners.CleanError as exc:
                raise RowError(ctx.label("card_number"), exc.message) from None
        if ctx.mapped("theory_level"):
            level = ctx.text(values, "theory_level")
            found = THEORY.get(vntext.search_key(level))
            if found is None:
                raise RowError(ctx.label("theory_level"), f"Lý luận chính trị: “{level}” không hợp lệ "
                               "(Sơ cấp, Trung cấp, Cao cấp, Cử nhân hoặc để trống).")
            if level:
                data["theory_level"] = found
        if ctx.mapped("status") and (status_text := ctx.text(values, "status")):
            status = STATUSES.get(vntext.search_key(status_text))
            if status is None:
                raise RowError(ctx.label("status"), f"Trạng thái: “{status_text}” không hợp lệ.")
            if status not in Status.active():
                raise RowError(ctx.label("status"), (
                    f"Trạng thái: “{status_text}”: đảng viên không còn sinh hoạt được nhập cùng quá trình sinh hoạt "
                    "(loại dữ liệu «Quá trình sinh hoạt đảng»), không nhập trong danh sách đảng viên."))
            data["status"] = status
        return data, precision, ctx.text(values, "organization", required=True)

    def _place(self, data: dict, precision: dict, ref: str) -> dict:
        """The cleaned row in its chi bộ (``find_org``: RowError when missing or outside the scope)."""
        org = self.ctx.find_org(ref, self.ctx.label("organization"))
        data["organization_id"] = org.pk
        self.orgs[org.pk] = org
        if precision:
            data["date_precision"] = precision
        return data

    # ------------------------------------------------------------------------------------------ matching

    def _match(self, data):
        """(member matched by key or None, member matched by name and birth date or None); RowError when the CCCD
        and the card number point at two different members."""
        registry = Member.objects.exclude(pk__in=self.created) if self.created else Member.objects.all()
        by_id = _one(registry.filter(national_id=data["national_id"])) if data.get("national_id") else None
        by_card = _one(registry.filter(card_number=data["card_number"])) if data.get("card_number") else None
        if by_id and by_card and by_id.pk != by_card.pk:
            raise RowError(self.ctx.label("card_number"), (
                f"Số CCCD thuộc đảng viên “{by_id.full_name}” nhưng số thẻ thuộc đảng viên “{by_card.full_name}”."))
        keyed = by_id or by_card
        if keyed is None and data.get("former_id"):
            keyed = _one(registry.filter(former_id=data["former_id"]))
        if keyed is not None:
            return keyed, None
        similar = _one(registry.filter(search_key=vntext.search_key(data["full_name"]),
                                       birth_date=from_iso(data["birth_date"])))
        return None, similar

    def _search_key(self, full_name: str) -> str:
        return vntext.search_key(full_name)

    def _changes(self, m: Member, data: dict) -> dict:
        out = {}
        for name in CV:
            if name in data:
                value = from_iso(data[name]) if name in DATES else data[name]
                if getattr(m, name) != value:
                    out[name] = value
        return out

    def _extra_changed(self, m: Member, data: dict) -> bool:
        precision = {k: v for k, v in (m.date_precision or {}).items()}
        wanted = dict(precision)
        for name in DATES:
            if name in data:
                wanted.pop(name, None)
        wanted.update(data.get("date_precision", {}))
        return wanted != precision or (data.get("former_id") and data["former_id"] != m.former_id)

    # ------------------------------------------------------------------------------------------ the check

    def check(self, number, values) -> Result:
        try:
            data = self._clean(values)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        return self._judge(number, data)

    def _judge(self, number, data) -> Result:
        """What a cleaned row does: keys seen earlier in the file, the registry's match (``_match``), then the
        services' checks (``_try_new``, ``_try_update``)."""
        ctx = self.ctx
        for key, seen, label in ((data.get("national_id"), self.ids_seen, "national_id"),
                                 (data.get("card_number"), self.cards_seen, "card_number")):
            if key and key in seen:
                return Result("refused", errors=[{"column": ctx.label(label), "message": (
                    f"{ctx.spec[label]['label']} “{key}” trùng với dòng {seen[key]} trong tệp.")}])
        try:
            existing, similar = self._match(data)
        except RowError as e:
            return Result("refused", errors=[{"column": e.column, "message": e.message}])
        for key, seen in ((data.get("national_id"), self.ids_seen), (data.get("card_number"), self.cards_seen)):
            if key:
                seen[key] = number
        name_key = (self._search_key(data["full_name"]), data["birth_date"])
        earlier = self.names_seen.setdefault(name_key, number)
        warn = ["Số CMND 9 chữ số: giữ làm số CMND cũ, cần bổ sung số CCCD."] if data.get("former_id") else []
        if existing is not None:
            return self._check_update(existing, data, warn)
        if similar is not None:
            return Result("duplicate", target_id=similar.pk, data=data, why=(
                f"Trùng họ tên và ngày sinh với đảng viên “{similar.full_name}” "
                f"({similar.organization.name}) đã có."))
        if earlier != number:
            return Result("duplicate", data=data, why=f"Trùng họ tên và ngày sinh với dòng {earlier} trong tệp.")
        errors = self._try_new(data)
        if errors:
            return Result("refused", errors=errors)
        return Result("create", data=data, why=" ".join(warn))

    def _try_new(self, data) -> list | None:
        """The refusals create_member would give, nothing written (a dry run would bloat the tables it rolls back)."""
        try:
            fields = {k: (from_iso(v) if k in DATES else v) for k, v in data.items() if k in CV}
            member_services.check_new_member(self.ctx.actor, organization=data["organization_id"],
                                             status=data.get("status"), **fields)
        except ValidationError as exc:
            return refusals(exc, self.ctx.label)
        return None

    def _try_update(self, m, data) -> list | None:
        """The refusals the update would give: tried through the services, rolled back by the caller."""
        try:
            with transaction.atomic():
                self._update(m, data)
        except ValidationError as exc:
            return refusals(exc, self.ctx.label)
        return None

    def _check_update(self, m: Member, data: dict, warn) -> Result:
        ctx = self.ctx
        if not ctx.in_scope(m.organization):
            return Result("refused", errors=[{"column": ctx.label("national_id") if data.get("national_id") else ctx.label("card_number"),
                                              "message": "Đảng viên này đang sinh hoạt ở tổ chức ngoài phạm vi của bạn."}])
        if m.organization_id != data["organization_id"]:
            return Result("refused", errors=[{"column": ctx.label("organization"), "message": (
                f"Đảng viên “{m.full_name}” đang sinh hoạt ở “{m.organization.name}”: đổi chi bộ bằng thủ tục chuyển "
                "sinh hoạt, không qua nhập dữ liệu.")}])
        if data.get("status") and data["status"] != m.status:
            return Result("refused", errors=[{"column": ctx.label("status"), "message": (
                f"Trạng thái: đảng viên “{m.full_name}” đang là “{m.get_status_display()}”; thay đổi trạng thái bằng "
                "các thao tác của quá trình sinh hoạt đảng.")}])
        changes = self._changes(m, data)
        if not changes and not self._extra_changed(m, data):
            return Result("unchanged", target_id=m.pk, data=data)
        errors = self._try_update(m, data)
        if errors:
            return Result("refused", errors=errors)
        return Result("update", target_id=m.pk, data=data, why=" ".join(warn))

    # ------------------------------------------------------------------------------------------ display

    def shown(self, data: dict, orgs: dict | None = None) -> list[tuple[str, str]]:
        """A row's cleaned values as a user reads them: labels, dd/mm/yyyy (or mm/yyyy, yyyy), Vietnamese words.
        ``orgs``: {id: name} of the chi bộ, read once for a page of rows (else one query here)."""
        from dangvu.organizations.models import Organization

        precision = data.get("date_precision", {})
        labels = {**dict(Gender.choices), **dict(TheoryLevel.choices), **dict(Status.choices)}
        out = []
        for name, f in self.ctx.spec.items():
            if name == "organization":
                if orgs is not None:
                    value = orgs.get(data.get("organization_id"), "")
                else:
                    org = Organization.objects.filter(pk=data.get("organization_id")).only("name").first()
                    value = org.name if org else ""
            elif name in data:
                value = data[name]
                if name in DATES:
                    d = from_iso(value)
                    value = {"year": f"{d:%Y}", "month": f"{d:%m/%Y}"}.get(precision.get(name), f"{d:%d/%m/%Y}")
                elif name in ("gender", "theory_level", "status"):
                    value = labels.get(value, value)
            elif name == "national_id" and data.get("former_id"):
                value = f"{data['former_id']} (CMND cũ)"
            else:
                continue
            out.append((f["label"], str(value)))
        return out

    def changed(self, m: Member, data: dict) -> list[str]:
        """What a row changes on member m, as a user reads it: «Quê quán: (trống) → Xã Yên Lạc»; a date's
        precision or the former CMND, by name."""
        labels = {**dict(Gender.choices), **dict(TheoryLevel.choices), **dict(Status.choices)}

        def shown(value) -> str:
            if value in (None, ""):
                return "(trống)"
            if hasattr(value, "strftime"):
                return f"{value:%d/%m/%Y}"
            text = str(labels.get(value, value))
            return text if len(text) <= 60 else text[:59] + "…"

        out = [f"{self.ctx.spec[name]['label']}: {shown(getattr(m, name))} → {shown(value)}"
               for name, value in self._changes(m, data).items() if name in self.ctx.spec]
        if self._extra_changed(m, data):
            out.append("Độ chính xác của ngày, số CMND cũ")
        return out

    # ------------------------------------------------------------------------------------------ the writes

    def _create(self, data, note=""):
        fields = {k: (from_iso(v) if k in DATES else v) for k, v in data.items() if k in CV}
        m = member_services.create_member(self.ctx.actor, organization=data["organization_id"],
                                          status=data.get("status"), **fields)
        if data.get("date_precision") or data.get("former_id"):
            member_services.record_import_details(self.ctx.actor, m, date_precision=data.get("date_precision"),
                                                  former_id=data.get("former_id"), note=note)
        return m

    def _details(self, m, data) -> tuple[dict, str]:
        """(date precision, former ID) of m once the row's are merged in."""
        precision = dict(m.date_precision or {})
        for name in DATES:
            if name in data:
                precision.pop(name, None)
        precision.update(data.get("date_precision", {}))
        return precision, data.get("former_id") or m.former_id

    def _update(self, m, data):
        changes = self._changes(m, data)
        if changes:
            member_services.update_member(self.ctx.actor, m, version=m.version, **changes)
        if self._extra_changed(m, data):
            precision, former = self._details(m, data)
            member_services.record_import_details(self.ctx.actor, m, date_precision=precision, former_id=former)

    def apply(self, row, decision, reason=""):
        if decision == "skip":
            return
        if decision == "update" and row.target_id:
            m = Member.objects.select_related("organization").get(pk=row.target_id)
            if m.organization_id != row.data["organization_id"]:
                raise ValidationError({"organization": (
                    f"Đảng viên “{m.full_name}” đang sinh hoạt ở “{m.organization.name}”: đổi chi bộ bằng thủ tục "
                    "chuyển sinh hoạt.")})
            self._update(m, row.data)
            return
        m = self._create(row.data)
        if row.action == "duplicate":
            audit.record(self.ctx.actor, m, "import_create_anyway", note=(
                f"Nhập dữ liệu: vẫn tạo mới dù {row.why[0].lower() + row.why[1:] if row.why else 'có thể trùng'} "
                f"Lý do: {reason or '(không ghi)'}"))
