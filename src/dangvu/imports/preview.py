"""The rows of a checked import as the detail page lists them: what each row of the file will do (preview) or
did (result), by what it does — create, update, unchanged — a page of 50 at a time, with the record it touches.

A committee office wants to see *who* an import will add or change before it presses «Ghi dữ liệu», and what
was done afterwards; counts alone do not say it. The values are the cleaned ones (what will be written), read
from the stored ``ImportRow``s; a page costs a fixed number of queries whatever the file's size."""

from __future__ import annotations

from urllib.parse import urlencode

from dangvu.core.pages import page_number

from .models import Decision, ImportKind, RowAction

PAGE = 50
ACTION_PARAM, PAGE_PARAM = "dong", "trang-dong"
LISTED = (RowAction.CREATE, RowAction.UPDATE, RowAction.UNCHANGED, RowAction.DUPLICATE)
SHOWN = 6  # values of a row shown in the list (the first ones of the kind's fields)
# a member's row: who it is, the keys it is matched by, where it goes (the other columns are on the record)
MEMBER_FIELDS = ("full_name", "birth_date", "national_id", "card_number", "admitted_on", "official_on", "organization")


def _counts(b) -> dict:
    counts = {RowAction.CREATE: b.count_create, RowAction.UPDATE: b.count_update, RowAction.UNCHANGED: b.count_unchanged}
    if b.status != "ready":  # before the apply the probable duplicates have their own section, with the choices
        counts[RowAction.DUPLICATE] = b.count_duplicate
    return counts


def _href(request, **params) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + urlencode(sorted(query.items())) + "#cac-dong" if query else "?#cac-dong"


def listing(request, b, kind, labels) -> dict | None:
    """{"tabs", "action", "rows", "page", "pages", "prev", "next", "done"} for the detail page, or None when the
    batch has no row to list (or is not checked yet). ``?dong=`` chooses the action (an unknown one: the first
    with rows), ``?trang-dong=`` the page (any bad value: 1; past the end: the last)."""
    counts = _counts(b)
    if not any(counts.values()):
        return None
    asked = request.GET.get(ACTION_PARAM)
    action = asked if asked in counts and counts[asked] else next(a for a in LISTED if counts.get(a))
    count = counts[action]
    pages = max(1, -(-count // PAGE))
    page = min(page_number(request.GET.get(PAGE_PARAM)), pages)
    rows = list(b.rows.filter(action=action).order_by("number")
                .only("batch", "number", "action", "target_id", "data", "why", "decision", "reason")[(page - 1) * PAGE: page * PAGE])
    items = _items(b, kind, rows, labels)
    done = b.status == "done"
    return {
        "tabs": [{"label": RowAction(a).label, "count": counts[a], "current": a == action,
                  "href": _href(request, **{ACTION_PARAM: a, PAGE_PARAM: None})} for a in LISTED if counts.get(a)],
        "action": action, "items": items, "page": page, "pages": pages, "count": count, "done": done,
        "prev": _href(request, **{PAGE_PARAM: page - 1}) if page > 1 else "",
        "next": _href(request, **{PAGE_PARAM: page + 1}) if page < pages else "",
    }


def _items(b, kind, rows, labels) -> list[dict]:
    members = b.kind == ImportKind.MEMBERS
    orgs, targets = {}, {}
    if members:
        from dangvu.members.models import Member
        from dangvu.organizations.models import Organization

        org_ids = {r.data.get("organization_id") for r in rows} - {None}
        orgs = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
        target_ids = [r.target_id for r in rows if r.target_id]
        targets = {m.pk: m for m in Member.objects.filter(pk__in=target_ids).select_related("organization")}
    wanted = {kind.ctx.spec[n]["label"] for n in MEMBER_FIELDS if n in kind.ctx.spec}
    out = []
    for r in rows:
        if members:
            values = [(label, value) for label, value in kind.shown(r.data, orgs=orgs) if label in wanted]
        elif hasattr(kind, "shown"):
            values = kind.shown(r.data)
        else:
            values = [(labels[k], v) for k, v in r.data.items() if k in labels and v not in (None, "")]
        target = targets.get(r.target_id)
        changed = kind.changed(target, r.data) if target is not None and r.action == RowAction.UPDATE else []
        decided = ""
        if r.action == RowAction.DUPLICATE:
            decided = Decision(r.decision or Decision.SKIP).label + (f" (lý do: {r.reason})" if r.reason else "")
        out.append({"row": r, "decided": decided, "values": [(label, value) for label, value in values if value][:len(wanted) if members else SHOWN],
                    "target": target, "changed": changed})
    return out
