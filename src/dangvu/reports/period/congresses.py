"""Section "congresses" (Đại hội, kiện toàn cấp ủy): congresses held in the period, organisations whose congress was
overdue or due within six months at its end, committees without a secretary at its end.

"At its end" is measured on the terms as they were on ``date_to`` (the latest term begun by then), each by the term
rule in force when it began (organizations/rulesets/terms.json), not by the stored current state, so that a past
period reads the same whatever happened afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from dangvu.congresses.models import Congress, CongressStatus
from dangvu.core import dates, rules
from dangvu.organizations import terms as term_rules
from dangvu.organizations.models import CommitteeMember, OrgStatus, Position, Term

from .context import Context
from .records import RecordList
from .types import Section

TITLE = "Đại hội, kiện toàn cấp ủy"
SOON_MONTHS = 6


def _ended_before(day: dt.date) -> Q:
    """Terms whose end by their rule (start + months of the rule in force at the start, by kind) falls before day."""
    q = Q(pk__in=[])
    for rs in rules.load(str(term_rules.FILE)):
        start, stop = rs["effective_from"], rs["effective_to"] or dt.date.max
        by_months: dict[int, list[str]] = {}  # the kinds of the same length in one condition
        for kind, months in rs["term_months"].items():
            by_months.setdefault(int(months), []).append(kind)
        for months, kinds in by_months.items():
            q |= Q(organization__kind__in=kinds, started_on__range=(start, stop),
                   started_on__lt=dates.add_months(day, -months))
    return q


def terms_at(day: dt.date):
    """The term of each organisation in force on day (its latest begun by then), organisations active on day."""
    later = Term.objects.filter(organization=OuterRef("organization"), started_on__gt=OuterRef("started_on"),
                                started_on__lte=day)
    return (Term.objects.filter(started_on__lte=day).exclude(Exists(later))
            .filter(Q(organization__status=OrgStatus.ACTIVE) | Q(organization__ended_on__gt=day)))


def _no_secretary(day: dt.date) -> Q:
    serving = CommitteeMember.objects.filter(term=OuterRef("pk"), position=Position.SECRETARY, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    return (Q(ended_on__isnull=True) | Q(ended_on__gt=day)) & ~Q(Exists(serving))


def build(ctx: Context) -> Section:
    figures = []

    figures += ctx.count_figures(Congress.objects.filter(status=CongressStatus.HELD), "organization__path", [
        ("held", "Đại hội đã tổ chức trong kỳ", Count("pk")),
        ("held_delegates", "— trong đó đại hội đại biểu", Count("pk", filter=Q(kind="delegates"))),
    ], unit="đại hội", within="held_on")

    def end_specs(day):
        soon = dates.add_months(day, SOON_MONTHS)
        return [
            ("overdue", "Tổ chức đảng quá hạn đại hội (cuối kỳ)", Count("pk", filter=_ended_before(day))),
            ("due_soon", f"Tổ chức đảng đến hạn đại hội trong {SOON_MONTHS} tháng sau kỳ",
             Count("pk", filter=_ended_before(soon) & ~_ended_before(day))),
            ("secretary_vacant", "Cấp ủy chưa có bí thư (cuối kỳ)", Count("pk", filter=_no_secretary(day))),
        ]

    specs = end_specs(ctx.date_to)
    total, by_child = ctx.grouped(terms_at(ctx.date_to), "organization__path", **{k: a for k, _, a in specs})
    previous = {}
    if ctx.compare:
        day = ctx.previous[1]
        previous = ctx.grouped(terms_at(day), "organization__path", **{k: a for k, _, a in end_specs(day)})[0]
    for key, label, _ in specs:
        figures.append(ctx.figure(key, label, total.get(key) or 0, previous.get(key) or 0,
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="tổ chức"))
    notes = [
        "Hạn đại hội tính từ ngày bắt đầu nhiệm kỳ theo quy định có hiệu lực khi đó (chi bộ: năm năm hai lần "
        "theo Điều lệ Đảng và Quy định 24-QĐ/TW; thí điểm 5 năm một lần theo Quy định 294-QĐ/TW từ 01/7/2025).",
        "Cấp ủy thiếu cấp ủy viên so với số lượng của nhiệm kỳ: xem danh sách “Cấp ủy còn khuyết” (tình hình hiện "
        "tại).",
    ]
    return Section(key="congresses", title=TITLE, figures=figures, notes=notes)


def _held(ctx: Context) -> RecordList:
    qs = (Congress.objects.filter(organization__path__subtree=ctx.organization.path, status=CongressStatus.HELD,
                                  held_on__range=(ctx.date_from, ctx.date_to))
          .select_related("organization").order_by("held_on", "id"))
    return RecordList(title="Đại hội đã tổ chức", columns=["Tổ chức đảng", "Nhiệm kỳ", "Ngày đại hội", "Hình thức"],
                      queryset=qs, row=lambda c: [c.organization.name, c.term_name, dates.format_date(c.held_on),
                                                  c.get_kind_display()],
                      link=lambda c: reverse("congresses:detail", args=[c.pk]))


def _terms(title, q_for):
    def lister(ctx: Context) -> RecordList:
        qs = (terms_at(ctx.date_to).filter(organization__path__subtree=ctx.organization.path).filter(q_for(ctx))
              .select_related("organization").order_by("started_on", "id"))
        return RecordList(title=title, columns=["Tổ chức đảng", "Nhiệm kỳ", "Bắt đầu", "Hết nhiệm kỳ"], queryset=qs,
                          row=lambda t: [t.organization.name, t.name, dates.format_date(t.started_on),
                                         _ends(t)],
                          link=lambda t: reverse("congresses:panel", args=[t.organization_id]))
    return lister


def _ends(term) -> str:
    due = term_rules.term_due(term.organization.kind, term.started_on)
    return dates.format_date(due.ends_on) if due else "—"


RECORDS = {
    "held": _held,
    "overdue": _terms("Tổ chức đảng quá hạn đại hội", lambda c: _ended_before(c.date_to)),
    "due_soon": _terms("Tổ chức đảng đến hạn đại hội", lambda c: _ended_before(dates.add_months(c.date_to, SOON_MONTHS))
                       & ~_ended_before(c.date_to)),
    "secretary_vacant": _terms("Cấp ủy chưa có bí thư", lambda c: _no_secretary(c.date_to)),
}
