"""Section "organizations": the sub-organisations by kind at the start and the end, those created, merged and
dissolved in the period, and the committees' terms (congresses held, terms running at the end)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from dangvu.organizations.models import Kind, Organization, OrgStatus, Term

from .context import Context
from .records import RecordList
from .types import Section

TITLE = "Tổ chức đảng"


def alive_q(day: dt.date, prefix: str = "") -> Q:
    """Organisations that existed at the end of day (established by then, not yet ended)."""
    return ((Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": day}))
            & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})))


def _subs(ctx: Context):
    return Organization.objects.exclude(pk=ctx.organization.pk)


def build(ctx: Context) -> Section:
    start = ctx.date_from - dt.timedelta(days=1)
    specs = []
    for kind in Kind:
        specs.append((f"kind_{kind.value}_start", f"{kind.label} (đầu kỳ)",
                      Count("pk", filter=alive_q(start) & Q(kind=kind))))
        specs.append((f"kind_{kind.value}_end", f"{kind.label} (cuối kỳ)",
                      Count("pk", filter=alive_q(ctx.date_to) & Q(kind=kind))))

    figures = []
    # the kinds are a state, not a flow: the previous value is the state a year earlier
    total, by_child = ctx.grouped(_subs(ctx), "path", **{s[0]: s[2] for s in specs})
    prev = {}
    if ctx.compare:
        pf, pt = ctx.previous
        prev_specs = {}
        for kind in Kind:
            prev_specs[f"kind_{kind.value}_start"] = Count("pk", filter=alive_q(pf - dt.timedelta(days=1)) & Q(kind=kind))
            prev_specs[f"kind_{kind.value}_end"] = Count("pk", filter=alive_q(pt) & Q(kind=kind))
        prev = ctx.grouped(_subs(ctx), "path", **prev_specs)[0]
    for key, label, _ in specs:
        if not total.get(key) and not prev.get(key):
            continue  # a kind that does not occur under this organisation
        figures.append(ctx.figure(key, label, total[key], prev.get(key, 0) if ctx.compare else None,
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="tổ chức",
                                  records=False))

    def flows(df, dt_):
        return _subs(ctx).filter(Q(established_on__range=(df, dt_)) | Q(ended_on__range=(df, dt_)))

    pf, pt = ctx.previous

    def flow_specs(df, dt_):
        return [
            ("created", "Thành lập mới", Count("pk", filter=Q(established_on__range=(df, dt_)))),
            ("merged", "Hợp nhất (chấm dứt do hợp nhất vào tổ chức khác)",
             Count("pk", filter=Q(status=OrgStatus.MERGED, ended_on__range=(df, dt_)))),
            ("dissolved", "Giải thể", Count("pk", filter=Q(status=OrgStatus.DISSOLVED, ended_on__range=(df, dt_)))),
        ]

    total, by_child = ctx.grouped(flows(ctx.date_from, ctx.date_to), "path",
                                  **{k: a for k, _, a in flow_specs(ctx.date_from, ctx.date_to)})
    prev = ctx.grouped(flows(pf, pt), "path", **{k: a for k, _, a in flow_specs(pf, pt)})[0] if ctx.compare else {}
    for key, label, _ in flow_specs(ctx.date_from, ctx.date_to):
        figures.append(ctx.figure(key, label, total[key], prev.get(key, 0),
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="tổ chức"))

    def terms(df, dt_):
        return Term.objects.filter(Q(started_on__lte=dt_) & (Q(ended_on__isnull=True) | Q(ended_on__gte=df)))

    def term_specs(df, dt_):
        return [
            ("congresses", "Đại hội, bắt đầu nhiệm kỳ mới", Count("pk", filter=Q(started_on__range=(df, dt_)))),
            ("terms_running", "Cấp ủy có nhiệm kỳ đang hoạt động cuối kỳ",
             Count("pk", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=dt_))),
        ]

    total, by_child = ctx.grouped(terms(ctx.date_from, ctx.date_to), "organization__path",
                                  **{k: a for k, _, a in term_specs(ctx.date_from, ctx.date_to)})
    prev = (ctx.grouped(terms(pf, pt), "organization__path", **{k: a for k, _, a in term_specs(pf, pt)})[0]
            if ctx.compare else {})
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
