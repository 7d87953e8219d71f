"""Where a member stands in the list's (sort_key, id) order: the cursors of «‹ Trang trước / Trang sau ›» and
the page read from one (as cheap deep in a list as at its start)."""

from __future__ import annotations

from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat

from .models import Member


def cursor(member: Member) -> str:
    """Where a member stands in the list's order, for `after`/`before` (its sort key and id)."""
    return f"{member.sort_key}.{member.pk}"


def parse_cursor(value) -> tuple[str, int] | None:
    """(sort_key, id) of a cursor; None for anything else (the page number is read instead)."""
    key, dot, pk = str(value or "").rpartition(".")
    if not dot or len(key) > 255 or not pk.isdigit() or len(pk) > 18:
        return None
    return key, int(pk)


def keyset_page(qs, key: tuple[str, int], size: int, forward: bool, *, few: bool = False) -> list[Member]:
    """The page after (forward) or before the cursor's position, in (sort_key, id) order. The range on
    sort_key alone is where the index walk starts; the pair decides between equal names.

    ``few``: qs is the members of a few organisations (SQLite): the name order and range are then kept out of
    the indexes, so that SQLite reads the few rows by their own indexes and sorts them, instead of walking the
    sort index from the cursor to the end of the registry for them (1 s at 200 000 members); the page's ids are
    chosen without the join, then read with their organisations."""
    k, pk = key
    if few:
        name = Concat("sort_key", Value(""), output_field=CharField())
        ids = qs.select_related(None).alias(unindexed_key=name)
        if forward:
            ids = ids.filter(unindexed_key__gte=k).filter(Q(unindexed_key__gt=k) | Q(id__gt=pk)).order_by(name, "id")
        else:
            ids = ids.filter(unindexed_key__lte=k).filter(Q(unindexed_key__lt=k) | Q(id__lt=pk)).order_by(
                name.desc(), "-id")
        items = list(Member.objects.filter(id__in=ids.values("id")[:size]).select_related("organization")
                     .order_by("sort_key", "id"))
        if forward or len(items) == size:
            return items
        return list(Member.objects.filter(id__in=qs.select_related(None).order_by(name, "id").values("id")[:size])
                    .select_related("organization").order_by("sort_key", "id"))
    if forward:
        qs = qs.filter(sort_key__gte=k).filter(Q(sort_key__gt=k) | Q(id__gt=pk)).order_by("sort_key", "id")
        return list(qs[:size])
    items = list(qs.filter(sort_key__lte=k).filter(Q(sort_key__lt=k) | Q(id__lt=pk))
                 .order_by("-sort_key", "-id")[:size])[::-1]
    if len(items) < size:  # fewer than a page before it (the list changed): the first page
        items = list(qs.order_by("sort_key", "id")[:size])
    return items
