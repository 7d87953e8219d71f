"""The rows of a checked import as the detail page lists them: what each row of the file will do (preview) or
did (result), by what it does — create, update, unchanged — a page of 50 at a time, with the record it touches.

A committee office wants to see *who* an import will add or change before it presses «Ghi dữ liệu», and what
was done afterwards; counts alone do not say it. The values are the cleaned ones (what will be written), read
from the stored ``ImportRow``s; a page costs a fixed number of queries whatever the file's size."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count

from dangvu.core.pages import page_number

from .models import BatchStatus, Decision, ImportKind, RowAction

PAGE = 50
ACTION_PARAM, PAGE_PARAM, ANCHOR = "dong", "trang-dong", "cac-dong"
LISTED = (RowAction.CREATE, RowAction.UPDATE, RowAction.UNCHANGED, RowAction.DUPLICATE)
SHOWN = 6  # values of a row shown in the list (the first ones of the kind's fields)
# a member's row: who it is, the keys it is matched by, where it goes (the other columns are on the record)
MEMBER_FIELDS = ("full_name", "birth_date", "national_id", "card_number", "admitted_on", "official_on", "organization")


def _counts(b) -> dict:
    counts = {RowAction.CREATE: b.count_create, RowAction.UPDATE: b.count_update, RowAction.UNCHANGED: b.count_unchanged}
    if b.status != BatchStatus.READY:  # before the apply the probable duplicates have their own section, with choices
        counts[RowAction.DUPLICATE] = b.count_duplicate
    return counts


def _href(request, anchor, **params) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return ("?" + urlencode(sorted(query.items())) if query else "?") + f"#{anchor}"


def page_of(request, qs, *, param: str, size: int, count: int, anchor: str) -> dict:
    """One page of a list that shares its page with others: read from its own query parameter (any bad value:
    1; past the end: the last), its links keeping the other parameters and leading back to ``#anchor``."""
    pages = max(1, -(-count // size))
    page = min(page_number(request.GET.get(param)), pages)
    return {"items": list(qs[(page - 1) * size: page * size]), "count": count, "page": page, "pages": pages,
            "prev": _href(request, anchor, **{param: page - 1}) if page > 1 else "",
            "next": _href(request, anchor, **{param: page + 1}) if page < pages else ""}


def listing(request, b, kind, labels) -> dict | None:
    """{"tabs", "action", "items", "page", "pages", "count", "prev", "next", "done"} for the detail page, or None
    when the batch has no row to list. ``?dong=`` chooses the action (an unknown one: the first with rows),
    ``?trang-dong=`` the page."""
    counts = _counts(b)
    if not any(counts.values()):
        return None
    asked = request.GET.get(ACTION_PARAM)
    action = asked if asked in counts and counts[asked] else next(a for a in LISTED if counts.get(a))
    qs = b.rows.filter(action=action).order_by("number").only(
        "batch", "number", "action", "target_id", "data", "why", "decision", "reason")
    out = page_of(request, qs, param=PAGE_PARAM, size=PAGE, count=counts[action], anchor=ANCHOR)
    out["items"] = described(b, kind, out["items"], labels, brief=True)
    out.update(action=action, done=b.status == BatchStatus.DONE, tabs=[
        {"label": RowAction(a).label, "count": counts[a], "current": a == action,
         "href": _href(request, ANCHOR, **{ACTION_PARAM: a, PAGE_PARAM: None})} for a in LISTED if counts.get(a)])
    return out


def described(b, kind, rows, labels, *, brief: bool = False) -> list[dict]:
    """Each row with its values as a user reads them, the member it points at (members' imports), what an update
    changes and what a probable duplicate was made to do: a fixed number of queries for the rows. ``brief``: a
    member's row by the fields that say who it is (``MEMBER_FIELDS``), another kind's by its first ``SHOWN``."""
    members = b.kind == ImportKind.MEMBERS
    orgs, targets = {}, {}
    if members:
        from dangvu.members.models import Member
        from dangvu.organizations.models import Organization

        org_ids = {r.data.get("organization_id") for r in rows} - {None}
        orgs = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
        target_ids = [r.target_id for r in rows if r.target_id]
        targets = {m.pk: m for m in Member.objects.filter(pk__in=target_ids).select_related("organization")}
    wanted = {kind.ctx.spec[n]["label"] for n in MEMBER_FIELDS if n in kind.ctx.spec} if members else set()
    out = []
    for r in rows:
        if members:
            values = kind.shown(r.data, orgs=orgs)
        elif hasattr(kind, "shown"):
            values = kind.shown(r.data)
        else:
            values = [(labels[k], v) for k, v in r.data.items() if k in labels]
        if brief:
            values = [(label, value) for label, value in values if value and (not members or label in wanted)]
            values = values if members else values[:SHOWN]
        target = targets.get(r.target_id)
        changed = kind.changed(target, r.data) if target is not None and r.action == RowAction.UPDATE else []
        decided = ""
        if r.action == RowAction.DUPLICATE:
            decided = Decision(r.decision or Decision.SKIP).label + (f" (lý do: {r.reason})" if r.reason else "")
        out.append({"row": r, "values": values, "target": target, "changed": changed, "decided": decided})
    return out


def apply_counts(b, duplicates_query, on_page) -> dict:
    """What «Ghi dữ liệu» will write: the rows checked to create or update, plus the probable duplicates whose
    choice is saved (create anyway, update the record). ``base_*``: the same without the rows of the page shown
    (``on_page``), whose choices the page's script adds as the user changes them, before they are saved."""
    saved = dict(duplicates_query.exclude(decision="").order_by().values_list("decision").annotate(n=Count("id")))
    page = {Decision.CREATE: 0, Decision.UPDATE: 0}
    for r in on_page:
        if r.decision in page:
            page[r.decision] += 1
    create = b.count_create + saved.get(Decision.CREATE, 0)
    update = b.count_update + saved.get(Decision.UPDATE, 0)
    return {"create": create, "update": update, "decided": sum(saved.values()),
            "base_create": create - page[Decision.CREATE], "base_update": update - page[Decision.UPDATE]}
