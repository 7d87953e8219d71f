"""Section "organizations": the sub-organisations by kind at the start and the end, those created, merged and
dissolved in the period, and the committees' terms (congresses held, terms running at the end)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from dangvu.organizations.models import Kind, Organization, OrganizationStats, OrgStatus, Term

from .context import Context, _filtered
from .records import RecordList
from .types import Section

TITLE = "Tổ chức đảng"


def alive_q(day: dt.date, prefix: str = "") -> Q:
    """Organisations that existed at the end of day (established by then, not yet ended)."""
    return ((Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": day}))
            & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})))


def _subs(ctx: Context):
    return Organization.objects.exclude(pk=ctx.organization.pk)


def _states(ctx: Context, days: dict[str, dt.date]) -> tuple[dict, dict[int, dict]]:
    """{"kind_<kind>_<edge>": n} of the organisations below ctx's alive at the end of each day in days ({edge:
    day}), in total and per direct child, from the roll-up (OrganizationStats: the active organisations of each
    sub-tree by kind, one row each for the organisation and its children) corrected by the organisations whose
    state differs at those days: the active ones not yet established or already ended then, and the ended ones
    still alive then. Those are the few that changed; the grouped query reads only them."""
    first = min(days.values())
    stats = {row.pop("organization_id"): row for row in OrganizationStats.objects.filter(
        organization_id__in=[ctx.organization.pk, *(c.pk for c in ctx.children)]).values(
        "organization_id", *(f"kind_{k.value}" for k in Kind))}
    active = Q(status=OrgStatus.ACTIVE)
    changed = _subs(ctx).filter(~active | Q(established_on__gt=first) | Q(ended_on__isnull=False))
    # one GROUP BY (direct child, kind, status) with one count per day: an active organisation not alive at a day is
    # one "out", an ended one alive at a day one "in" (five aggregates, not two per kind and day)
    rows = (changed.filter(path__subtree=ctx.organization.path).annotate(_child=ctx.child_key("path"))
            .values("_child", "kind", "status")
            .annotate(_n=Count("pk"), **{f"_alive_{edge}": Count("pk", filter=alive_q(day)) for edge, day in days.items()})
            .order_by())
    kinds = {k.value for k in Kind}
    ids, root = ctx._child_ids, ctx.organization.path
    total: dict = {}
    by_child: dict[int, dict] = {}
    for row in rows:
        if row["kind"] not in kinds:
            continue
        key = row["_child"] or ""
        child = ids.get(root + key, 0) if key else 0
        for edge in days:
            if row["status"] == OrgStatus.ACTIVE:
                name, n = f"out_{row['kind']}_{edge}", row["_n"] - row[f"_alive_{edge}"]
            else:
                name, n = f"in_{row['kind']}_{edge}", row[f"_alive_{edge}"]
            for target in (total, by_child.setdefault(child, {})):
                target[name] = target.get(name, 0) + n

    def values(row_stats, row, own_kind=None):
        out = {}
        for edge in days:
            for kind in Kind:
                n = (row_stats or {}).get(f"kind_{kind.value}") or 0
                if own_kind == kind.value:
                    n -= 1  # the roll-up counts the organisation itself
                n += -(row.get(f"out_{kind.value}_{edge}") or 0) + (row.get(f"in_{kind.value}_{edge}") or 0)
                out[f"kind_{kind.value}_{edge}"] = n
        return out

    org = ctx.organization
    own_kind = org.kind if org.status == OrgStatus.ACTIVE else None
    return (values(stats.get(org.pk), total, own_kind),
            {c.pk: values(stats.get(c.pk), by_child.get(c.pk) or {}) for c in ctx.children})


def build(ctx: Context) -> Section:
    start = ctx.date_from - dt.timedelta(days=1)
    days = {"start": start, "end": ctx.date_to}
    if ctx.compare:
        pf, pt = ctx.previous
        days.update(prev_start=pf - dt.timedelta(days=1), prev_end=pt)
    states, by_child = _states(ctx, days)
    figures = []
    # the kinds are a state, not a flow: the previous value is the state a year earlier
    for kind in Kind:
        for edge, label in (("start", "đầu kỳ"), ("end", "cuối kỳ")):
            key = f"kind_{kind.value}_{edge}"
            prev = states.get(f"kind_{kind.value}_prev_{edge}", 0)
            if not states[key] and not prev:
                continue  # a kind that does not occur under this organisation
            figures.append(ctx.figure(key, f"{kind.label} ({label})", states[key], prev if ctx.compare else None,
                                      {pk: row[key] for pk, row in by_child.items()}, unit="tổ chức",
                                      records=False))

    def flows_q(df, dt_):
        return Q(established_on__range=(df, dt_)) | Q(ended_on__range=(df, dt_))

    def flows(df, dt_):
        return _subs(ctx).filter(flows_q(df, dt_))

    pf, pt = ctx.previous

    def flow_specs(df, dt_):
        return [
            ("created", "Thành lập mới", Count("pk", filter=Q(established_on__range=(df, dt_)))),
            ("merged", "Hợp nhất (chấm dứt do hợp nhất vào tổ chức khác)",
             Count("pk", filter=Q(status=OrgStatus.MERGED, ended_on__range=(df, dt_)))),
            ("dissolved", "Giải thể", Count("pk", filter=Q(status=OrgStatus.DISSOLVED, ended_on__range=(df, dt_)))),
        ]

    # the period and the previous one in one GROUP BY: each aggregate is filtered by its own period
    aggs = {k: a for k, _, a in flow_specs(ctx.date_from, ctx.date_to)}
    rows = flows(ctx.date_from, ctx.date_to)
    if ctx.compare:
        aggs.update({f"_p_{k}": a for k, _, a in flow_specs(pf, pt)})
        rows = _subs(ctx).filter(flows_q(ctx.date_from, ctx.date_to) | flows_q(pf, pt))
    total, by_child = ctx.grouped(rows, "path", **aggs)
    prev = {k: total.get(f"_p_{k}", 0) for k in aggs if not k.startswith("_p_")} if ctx.compare else {}
    for key, label, _ in flow_specs(ctx.date_from, ctx.date_to):
        figures.append(ctx.figure(key, label, total[key], prev.get(key, 0),
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="tổ chức"))

    def terms_q(df, dt_):
        return Q(started_on__lte=dt_) & (Q(ended_on__isnull=True) | Q(ended_on__gte=df))

    def term_specs(df, dt_):
        return [
            ("congresses", "Đại hội, bắt đầu nhiệm kỳ mới", Count("pk", filter=Q(started_on__range=(df, dt_)))),
            ("terms_running", "Cấp ủy có nhiệm kỳ đang hoạt động cuối kỳ",
             Count("pk", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=dt_))),
        ]

    # the terms of the period and of the previous one in one GROUP BY, each aggregate within its period's terms
    span = terms_q(ctx.date_from, ctx.date_to)
    aggs = {k: _filtered(a, span) for k, _, a in term_specs(ctx.date_from, ctx.date_to)}
    if ctx.compare:
        span |= terms_q(pf, pt)
        aggs.update({f"_p_{k}": _filtered(a, terms_q(pf, pt)) for k, _, a in term_specs(pf, pt)})
    total, by_child = ctx.grouped(Term.objects.filter(span), "organization__path", **aggs)
    prev = {k: total.get(f"_p_{k}", 0) for k, _, _ in term_specs(pf, pt)} if ctx.compare else {}
    for key, label, _ in term_specs(ctx.date_from, ctx.date_to):
        figures.append(ctx.figure(key, label, total[key], prev.get(key, 0),
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="cấp ủy",
                                  records=key == "congresses"))
    return Section(key="organizations", title=TITLE, figures=figures)


def _orgs(title, q_for):
    def lister(ctx: Context) -> RecordList:
        from dangvu.organizations.access import organizations_for

        qs = (organizations_for(ctx.user).filter(path__subtree=ctx.organization.path)
              .exclude(pk=ctx.organization.pk).filter(q_for(ctx)).order_by("path"))
        return RecordList(title=title, columns=["Tổ chức đảng", "Loại", "Ngày thành lập", "Ngày kết thúc"],
                          queryset=qs,
                          row=lambda o: [o.name, o.get_kind_display(), o.established_on and f"{o.established_on:%d/%m/%Y}",
                                         o.ended_on and f"{o.ended_on:%d/%m/%Y}"],
                          link=lambda o: reverse("organizations:detail", args=[o.pk]))
    return lister


def _congresses(ctx: Context) -> RecordList:
    qs = (Term.objects.filter(organization__path__subtree=ctx.organization.path,
                              started_on__range=(ctx.date_from, ctx.date_to))
          .select_related("organization").order_by("started_on", "id"))
    return RecordList(title="Đại hội, bắt đầu nhiệm kỳ mới", columns=["Tổ chức đảng", "Nhiệm kỳ", "Ngày đại hội"],
                      queryset=qs, row=lambda t: [t.organization.name, t.name, f"{t.started_on:%d/%m/%Y}"],
                      link=lambda t: reverse("organizations:detail", args=[t.organization_id]))


RECORDS = {
    "created": _orgs("Tổ chức đảng thành lập mới", lambda c: Q(established_on__range=(c.date_from, c.date_to))),
    "merged": _orgs("Tổ chức đảng hợp nhất", lambda c: Q(status=OrgStatus.MERGED,
                                                           ended_on__range=(c.date_from, c.date_to))),
    "dissolved": _orgs("Tổ chức đảng giải thể", lambda c: Q(status=OrgStatus.DISSOLVED,
                                                              ended_on__range=(c.date_from, c.date_to))),
    "congresses": _congresses,
}
