"""Results of past periods recorded from an office's records (the imports app): review levels of members and
organisations for a year (or a review cycle's period) that dangvu never ran.

Such results live in a *historical* cycle: closed from the start, created (or reused) for the importing office's
organisation and the period, with the rule set in force on the period's last day (rule data back to 2008). It
lists only the subjects whose results were recorded, each with its decided level (one "decision" assessment),
and rolls up into CycleStats like any cycle, so that the period report, the dashboard's "levels by year" and the
checker read the imported years. The rules of a live cycle (stages, quota, automatic levels) are not applied:
the level is what the competent body decided then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from dangvu.core import audit, dates, vntext
from dangvu.core.dates import format_date
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization

from .. import rulesets, stats
from ..models import Assessment, CycleStats, CycleStatus, ReviewCycle, Subject
from ._common import REVIEWED_ORG_KINDS, _fail
from .periods import parse_period

audit.register_actions({"record_past_result": "Ghi kết quả đánh giá của kỳ đã qua (từ hồ sơ)"})
HISTORY_NOTE = "Ghi lại từ hồ sơ (nhập dữ liệu)"


def past_period(period) -> tuple[str, str, dt.date, dt.date, dict]:
    """(period, kind, start, end, rule set) of a past period as an office writes it: "2020", "Năm 2020", 2020.0,
    "2025-Q3", "2020-2025"; ValidationError on "period" when it is not one, has not ended, or no rule data
    covers it."""
    text = vntext.nfc(str(period if period is not None else "")).strip()
    if re.fullmatch(r"\d{4}\.0+", text):
        text = text.split(".")[0]
    text = re.sub(r"^(năm|nam)\s+", "", text, flags=re.IGNORECASE)
    if not re.fullmatch(r"\d{4}(-[qQ][1-4]|-\d{4})?", text):
        _fail("period", f"Kỳ đánh giá “{text}”: ghi năm (ví dụ 2020), quý (2025-Q3) hoặc nhiệm kỳ (2020-2025).")
    text = text.upper()
    kind, start, end = parse_period(text)
    if end >= dates.today():
        _fail("period", f"Kỳ đánh giá {text} chưa kết thúc (đến {format_date(end)}): kết quả của kỳ đang diễn ra "
                        "được ghi trong kỳ đánh giá trên dangvu, không nhập từ hồ sơ.")
    try:
        rs = rulesets.in_force(end)
    except Exception:
        _fail("period", f"Kỳ đánh giá {text}: chưa có quy định về đánh giá, xếp loại áp dụng cho ngày "
                        f"{format_date(end)} trong dữ liệu quy tắc (dữ liệu có từ ngày "
                        f"{format_date(rulesets.earliest())}).")
    if kind not in rs.get("period_kinds", ["year"]):
        _fail("period", f"Kỳ đánh giá {text}: {rs['regulation'].split(';')[0]} chỉ quy định đánh giá theo năm.")
    return text, kind, start, end, rs


def existing_result(period: str, *, member=None, organization=None) -> Subject | None:
    """The subject already holding a result of that member (or organisation) for that period, in any cycle."""
    qs = Subject.objects.filter(cycle__period=period).select_related("cycle", "cycle__organization")
    if member is not None:
        return qs.filter(subject_type="member", member=member).order_by("-cycle__historical", "pk").first()
    return qs.filter(subject_type="organization", organization=organization).order_by("-cycle__historical", "pk").first()


def _member_org(member, root: Organization, end: dt.date) -> Organization:
    """The member's chi bộ on the period's last day (from placements) when it lies in root's sub-tree, else today's."""
    from dangvu.members.models import Placement

    p = (Placement.objects.filter(member=member, started_on__lte=end)
         .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=end))
         .filter(organization__path__startswith=root.path).select_related("organization")
         .order_by("-started_on").first())
    return p.organization if p is not None else member.organization


def _covering(org: Organization, period: str) -> ReviewCycle | None:
    ancestors = [int(x) for x in org.path.strip(".").split(".") if x]
    return (ReviewCycle.objects.select_for_update().filter(organization_id__in=ancestors, period=period)
            .order_by("-organization__depth").first())


def _historical_cycle(actor, scope, period, kind, start, end, rs) -> ReviewCycle:
    cycle = ReviewCycle.objects.create(
        organization=scope, period=period, period_kind=kind, starts_on=start, ends_on=end, ruleset_code=rs["code"],
        members_as_of=end, status=CycleStatus.CLOSED, historical=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    stats.build(cycle)
    audit.record(actor, cycle, "open_cycle", after=audit.snapshot(cycle),
                 note=f"Kỳ {period} đã qua: kết quả ghi lại từ hồ sơ theo {rs['name']}")
    return cycle


def _ensure_stats(cycle, path: str) -> None:
    """Roll-up rows of the subject's organisation and its ancestors inside the cycle (one created after it)."""
    ids = [int(x) for x in path.strip(".").split(".") if x]
    root = cycle.organization_id
    inside = ids[ids.index(root):] if root in ids else []
    have = set(CycleStats.objects.filter(cycle=cycle, organization_id__in=inside).values_list("organization_id", flat=True))
    CycleStats.objects.bulk_create([CycleStats(cycle=cycle, organization_id=i) for i in inside if i not in have])


@transaction.atomic
def record_past_result(actor, scope: Organization, *, period, level: str, member=None, organization=None,
                       note: str = "") -> tuple[Subject, bool]:
    """Record one member's or organisation's level for a past period; (subject, created). The same level already
    recorded for that period is (subject, False) and writes nothing; another level is refused."""
    if actor is not None and not reach(actor).can(scope, "change"):
        raise Http404("Không tìm thấy tổ chức đảng.")
    if (member is None) == (organization is None):
        _fail("member_id", "Ghi đúng một trong hai: đảng viên hoặc tổ chức đảng.")
    period, kind, start, end, rs = past_period(period)
    if level not in rulesets.level_codes(rs):
        _fail("level", f"Mức xếp loại “{level}” không có trong {rs['name']}.")
    label = rulesets.level_label(rs, level)
    if member is not None:
        if not member.org_path.startswith(scope.path):
            _fail("member_id", f"Đảng viên {member.full_name} không thuộc {scope.name}.")
        if member.admitted_on > end:
            _fail("member_id", f"{member.full_name} vào Đảng ngày {format_date(member.admitted_on)}, sau kỳ {period} "
                               f"(đến {format_date(end)}): không có kết quả đánh giá kỳ này.")
        subject_org, name, sort_key = _member_org(member, scope, end), member.full_name, member.sort_key
    else:
        if not organization.path.startswith(scope.path):
            _fail("organization_id", f"{organization.name} không thuộc {scope.name}.")
        if organization.kind not in REVIEWED_ORG_KINDS:
            _fail("organization_id", f"{organization.name} ({organization.get_kind_display().lower()}) không thuộc diện "
                                     "đánh giá, xếp loại tổ chức cơ sở đảng.")
        if organization.established_on and organization.established_on > end:
            _fail("organization_id", f"{organization.name} thành lập ngày {format_date(organization.established_on)}, "
                                     f"sau kỳ {period}.")
        subject_org, name, sort_key = organization, organization.name, organization.sort_key
    found = existing_result(period, member=member, organization=organization)
    if found is not None:
        if found.decided_level == level:
            return found, False
        where = f"kỳ đánh giá {period} của {found.cycle.organization.name}"
        if found.decided_level:
            _fail("level", f"{name} đã có kết quả {period} khác trong {where} "
                           f"(«{rulesets.level_label(rs, found.decided_level)}»): sửa trong kỳ đó, không nhập đè.")
        _fail("level", f"{name} thuộc {where}, đang ghi trên dangvu: ghi kết quả trong kỳ đó.")
    cycle = _covering(subject_org, period)
    if cycle is not None and not cycle.historical:
        _fail("period", f"{cycle.organization.name} đã có kỳ đánh giá {period} trên dangvu: ghi kết quả trong kỳ đó.")
    if cycle is None:
        cycle = _historical_cycle(actor, scope, period, kind, start, end, rs)
    _ensure_stats(cycle, subject_org.path)
    subject = Subject.objects.create(
        cycle=cycle, subject_type="member" if member is not None else "organization", member=member,
        organization=subject_org, org_path=subject_org.path, name=name, sort_key=sort_key, eligible=True,
        framework=rulesets.default_framework(rs, "member" if member is not None else "organization"),
        decided_level=level, current_level=level,
    )
    note = vntext.nfc(note or "")[:500] or HISTORY_NOTE
    a = Assessment.objects.create(subject=subject, stage="decision", level=level, note=note,
                                  recorded_by=actor if getattr(actor, "pk", None) else None)
    stats.apply_change(cycle.pk, subject.org_path, Counter(), stats.subject_keys(subject), cycle=cycle,
                       before_group="", after_group="")
    audit.record(actor, a, "record_past_result", after=audit.snapshot(a),
                 note=f"{name}: {label} ({period}, {rs['name']})")
    return subject, True


@transaction.atomic
def record_past_results(actor, scope: Organization, results) -> list[tuple[Subject, bool]]:
    """Several past results at once (all or nothing): each a dict of record_past_result's keywords."""
    return [record_past_result(actor, scope, **r) for r in results]
