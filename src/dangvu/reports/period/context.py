"""What every section builder receives: the organisation, its direct children, the period and the
same period a year earlier, and how to name the page of the records behind a figure."""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass
from functools import lru_cache, reduce
from urllib.parse import urlencode

from django.db.models import F, Q, Value
from django.db.models.functions import StrIndex, Substr
from django.urls import get_script_prefix, get_urlconf, reverse

from dangvu.organizations.models import Organization

from .types import Figure


def year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year - 1, day=28)


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _records_path_of(section: str, prefix: str, urlconf) -> tuple[str, str]:
    head, _, tail = reverse("reports:records", args=[section, "k"]).rpartition("/k/")
    return head + "/", "/" + tail


def _records_path(section: str, key: str) -> str:
    """reverse("reports:records", args=[section, key]), the section's path reversed once (a report has ~100
    figures)."""
    if not (_SLUG.fullmatch(section) and _SLUG.fullmatch(key)):
        return reverse("reports:records", args=[section, key])
    head, tail = _records_path_of(section, get_script_prefix(), get_urlconf())
    return head + key + tail


def _filtered(aggregate, q: Q):
    """The aggregate over the rows that also meet q (its own filter, if any, and q)."""
    out = aggregate.copy()
    out.filter = q if aggregate.filter is None else aggregate.filter & q
    return out


@dataclass
class Context:
    user: object
    organization: Organization
    children: list[Organization]
    date_from: dt.date
    date_to: dt.date
    compare: bool = True
    tables: bool = True  # False: the figures only (the checker)

    @property
    def previous(self) -> tuple[dt.date, dt.date]:
        return year_earlier(self.date_from), year_earlier(self.date_to)

    def periods(self):
        """(date_from, date_to) of the period, then of the previous one when compared."""
        yield self.date_from, self.date_to
        if self.compare:
            yield self.previous

    def records_url(self, section: str, key: str, **extra) -> str:
        params = {"organization_id": self.organization.pk, "date_from": self.date_from.isoformat(),
                  "date_to": self.date_to.isoformat(), **extra}
        return _records_path(section, key) + "?" + urlencode(params)

    def child_of(self, path: str) -> int | None:
        """The direct child whose sub-tree holds path (None: the organisation itself or outside)."""
        cut = len(self.organization.path)
        if len(path) <= cut or not path.startswith(self.organization.path):
            return None
        head = path[: path.index(".", cut) + 1]
        return self._child_ids.get(head)

    @property
    def _child_ids(self) -> dict[str, int]:
        cached = getattr(self, "_child_cache", None)
        if cached is None:
            cached = self._child_cache = {c.path: c.pk for c in self.children}
        return cached

    def figure(self, key, label, value, previous=None, by_child=None, *, unit="", records=True, url=None,
               **url_extra) -> Figure:
        """A figure; by_child is {child id: value} (children absent count as 0 when value is a count,
        as None when value itself is None)."""
        by_child = by_child or {}
        rows = [(c.pk, by_child.get(c.pk, None if value is None else 0)) for c in self.children]
        if url is None and records:
            url = self.records_url_for(key, **url_extra)
        return Figure(key=key, label=label, value=value, previous=previous if self.compare else None,
                      by_child=rows, records_url=url, unit=unit)

    section_key: str = ""
    record_keys: frozenset | None = None  # the figures of the section that have a records page

    def child_key(self, path_field: str):
        """An expression: the part of the row's path below the organisation's up to the next dot, i.e. the
        direct child's id and its dot ("" for a row of the organisation itself). Grouping on it makes as many
        groups as children, with two string functions per row whatever the number of children."""
        start = len(self.organization.path) + 1
        rest = Substr(F(path_field), start)
        return Substr(F(path_field), start, StrIndex(rest, Value(".")))

    def grouped(self, qs, path_field: str, **aggregates) -> tuple[dict, dict[int, dict]]:
        """Aggregates of qs's rows in the sub-tree (path_field: the path of the row's organisation), in total
        and per direct child (key 0: rows of the organisation itself): one GROUP BY, as many groups as children."""
        rows = (qs.filter(**{f"{path_field}__subtree": self.organization.path})
                .annotate(_child=self.child_key(path_field)).values("_child").annotate(**aggregates).order_by())
        total: dict = {}
        by_child: dict[int, dict] = {}
        ids = self._child_ids
        root = self.organization.path
        for row in rows:
            key = row.pop("_child") or ""
            child = ids.get(root + key, 0) if key else 0
            if child in by_child:  # a sub-organisation closed before the period: its rows count in the total only
                for k, v in row.items():
                    by_child[child][k] = (by_child[child][k] or 0) + (v or 0)
            else:
                by_child[child] = row
            for k, v in row.items():
                total[k] = (total.get(k) or 0) + (v or 0)
        for k in aggregates:
            total.setdefault(k, 0)
        return total, by_child

    def count_figures(self, qs_for, path_field: str, specs, *, unit="", within: str | None = None) -> list[Figure]:
        """Figures counted by aggregates: specs are (key, label, aggregate) or (key, label, aggregate, unit).
        With within (the rows' date field), qs_for is the rows' queryset and the period and the previous one are
        read in one GROUP BY (each aggregate filtered by its period); without it, qs_for(date_from, date_to) is the
        queryset of a period, two GROUP BYs."""
        aggs = {spec[0]: spec[2] for spec in specs}
        if within is None:
            total, by_child = self.grouped(qs_for(self.date_from, self.date_to), path_field, **aggs)
            previous = self.grouped(qs_for(*self.previous), path_field, **aggs)[0] if self.compare else {}
        else:
            periods = list(self.periods())
            spans = [Q(**{f"{within}__range": span}) for span in periods]
            both = {key: _filtered(agg, spans[0]) for key, agg in aggs.items()}
            if self.compare:
                both.update({f"_p_{key}": _filtered(agg, spans[1]) for key, agg in aggs.items()})
            total, by_child = self.grouped(qs_for.filter(reduce(operator.or_, spans)), path_field, **both)
            previous = {key: total.get(f"_p_{key}") for key in aggs}
        out = []
        for spec in specs:
            key, label = spec[0], spec[1]
            out.append(self.figure(key, label, total.get(key) or 0, previous.get(key) or 0,
                                   {pk: (row.get(key) or 0) for pk, row in by_child.items()},
                                   unit=spec[3] if len(spec) > 3 else unit))
        return out

    def records_url_for(self, key, **extra) -> str | None:
        if self.record_keys is not None and key not in self.record_keys:
            return None
        return self.records_url(self.section_key, key, **extra)
