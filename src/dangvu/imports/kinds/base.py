"""What every kind shares: the result of a row's check, the importer's scope, organisation look-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from dangvu.core import vntext
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization

from .. import cleaners, reading


@dataclass
class Result:
    action: str  # create | update | unchanged | refused | duplicate
    target_id: int | None = None
    data: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # [{"column", "message"}]
    why: str = ""


class RowError(Exception):
    """A refusal of one row, on one column."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


class RowContext:
    """The batch being read: its kind's fields, the column of each field, the importer and the scope."""

    def __init__(self, batch, actor, headers: list[str]):
        self.batch, self.actor = batch, actor
        self.scope = batch.organization
        self.reach = reach(actor)
        self.spec = {f["name"]: f for f in reading.spec(batch.kind)["fields"]}
        self.column_of = {fname: headers.index(h) for h, fname in batch.mapping.items() if h in headers}
        self.header_of = {fname: h for h, fname in batch.mapping.items()}
        self._orgs: dict = {}

    def label(self, name: str) -> str:
        return self.header_of.get(name) or self.spec[name]["label"]

    def mapped(self, name: str) -> bool:
        return name in self.column_of

    def value(self, values, name):
        i = self.column_of.get(name)
        return values[i] if i is not None and i < len(values) else ""

    # ---------------------------------------------------------------- cleaning, with the column named

    def text(self, values, name, *, required=False) -> str:
        value = cleaners.text(self.value(values, name))
        if required and not value:
            raise RowError(self.label(name), f"{self.spec[name]['label']}: không được để trống.")
        return value

    def date(self, values, name, *, required=False):
        raw = self.value(values, name)
        try:
            partial = cleaners.date_value(raw)
        except cleaners.CleanError as exc:
            message = exc.message[:1].lower() + exc.message[1:]
            raise RowError(self.label(name), f"{self.spec[name]['label']}: {message}") from None
        if partial is None and required:
            raise RowError(self.label(name), f"{self.spec[name]['label']}: không được để trống.")
        return partial

    def in_scope(self, org: Organization) -> bool:
        return org.path.startswith(self.scope.path) and self.reach.can(org, "change")

    # ---------------------------------------------------------------- organisations by code or name path

    def find_org(self, ref: str, column: str) -> Organization:
        """The organisation a cell names, by code or by the name path "A > B > C"; RowError when missing,
        ambiguous or outside the importer's scope."""
        ref = vntext.nfc(ref) or ""
        if ref not in self._orgs:
            self._orgs[ref] = self._lookup(ref)
        found = self._orgs[ref]
        if isinstance(found, str):
            raise RowError(column, found)
        if not self.in_scope(found):
            raise RowError(column, f"“{ref}” nằm ngoài phạm vi “{self.scope.name}” mà bạn được nhập dữ liệu.")
        return found

    def prefetch_orgs(self, refs) -> None:
        """Read at once the organisations these cells name by code (a chunk's chi bộ: one query instead of one
        per distinct code); what is not a code is looked up by ``find_org`` as before. ``code`` is unique, so
        this finds exactly what ``_lookup``'s first query would."""
        want = {vntext.nfc(r) or "" for r in refs if r} - self._orgs.keys()
        want.discard("")
        if want:
            self._orgs.update({o.code: o for o in Organization.objects.filter(code__in=sorted(want))})

    def forget(self, ref: str):
        self._orgs.pop(vntext.nfc(ref) or "", None)

    def _lookup(self, ref: str):
        by_code = Organization.objects.filter(code=ref).first()
        if by_code is not None:
            return by_code
        parts = [p.strip() for p in ref.replace("›", ">").split(">") if p.strip()]
        if not parts:
            return f"Không tìm thấy tổ chức “{ref}”."
        keys = [vntext.search_key(p) for p in parts]
        candidates = list(Organization.objects.filter(search_key=keys[-1]).only("id", "path", "name")[:50])
        matches = []
        for c in candidates:
            ids = [int(x) for x in c.path.strip(".").split(".")]
            names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "search_key"))
            chain = [names.get(i, "") for i in ids]
            if chain[-len(keys):] == keys:
                matches.append(c)
        if not matches:
            return f"Không tìm thấy tổ chức có mã hoặc tên “{ref}”."
        if len(matches) > 1:
            inside = [m for m in matches if self.in_scope(m)]
            if len(inside) == 1:
                return Organization.objects.get(pk=inside[0].pk)
            return (f"Có {len(matches)} tổ chức tên “{parts[-1]}”: hãy ghi mã tổ chức hoặc đường dẫn đầy đủ "
                    "“Đảng bộ … > Chi bộ …”.")
        return Organization.objects.get(pk=matches[0].pk)


def refusals(exc: ValidationError, label_of) -> list[dict]:
    """A service's ValidationError as row errors: each message with the column of its field."""
    out = []
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            for e in errs:
                for message in e.messages:
                    out.append({"column": label_of(name), "message": message})
    else:
        out = [{"column": "", "message": m} for m in exc.messages]
    return out


def iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def from_iso(value):
    return dt.date.fromisoformat(value) if value else None
