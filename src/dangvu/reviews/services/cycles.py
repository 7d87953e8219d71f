"""Opening, closing and reopening a review cycle; listing its subjects when it opens."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.http import Http404

from dangvu.core import audit
from dangvu.core.dates import add_months, format_date
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES
from dangvu.organizations.access import access_organization
from dangvu.organizations.models import Organization, OrgStatus

from .. import ruledata, stats
from ..access import can_manage_cycle, can_open
from ..models import CycleStatus, ReviewCycle, ScoringScheme, Subject
from ._common import REVIEWED_ORG_KINDS, Errors, _fail, _is_admin
from .periods import parse_period


@transaction.atomic
def open_cycle(actor, organization_id, period, *, ruleset_code=None, scoring_scheme_code=None, period_kind=None,
               starts_on=None, ends_on=None, plan_number="", plan_date=None) -> ReviewCycle:
    org = access_organization(actor, organization_id, "view") if actor is not None else \
        Organization.objects.get(pk=organization_id)
    if actor is not None and not can_open(actor, org):
        raise Http404("Không tìm thấy tổ chức đảng.")
    errors = Errors()
    kind, start, end = parse_period(period, period_kind, starts_on, ends_on)
    if end < start:
        errors.add("ends_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    if ruleset_code:
        rs = ruledata.get(ruleset_code)
        if rs is None:
            errors.add("ruleset_code", f"Bộ quy tắc “{ruleset_code}” không có trong dữ liệu quy định.")
        elif not _is_admin(actor):
            auto = _ruleset_for(end)
            if auto is None or auto["code"] != ruleset_code:
                errors.add("ruleset_code", "Chỉ quản trị hệ thống được chọn bộ quy tắc khác bộ có hiệu lực của kỳ.")
    else:
        rs = _ruleset_for(end)
        if rs is None:
            errors.add("period", f"Không có bộ quy tắc nào có hiệu lực ngày {format_date(end)}.")
    if rs is not None and kind not in rs.get("period_kinds", ["year"]):
        errors.add("period", f"{rs['regulation'].split(';')[0]} không quy định đánh giá theo kỳ này "
                             f"(chỉ: {', '.join(rs.get('period_kinds', ['year']))}).")
    scheme = None
    if scoring_scheme_code:
        scheme = ScoringScheme.objects.filter(code=scoring_scheme_code).first()
        if scheme is None:
            errors.add("scoring_scheme_code", f"Không có thang điểm mã “{scoring_scheme_code}”.")
    period = period.strip()
    if ReviewCycle.objects.filter(organization=org, period=period).exists():
        errors.add("period", f"{org.name} đã có kỳ đánh giá {period}: mỗi tổ chức chỉ mở một kỳ cho một giai đoạn.")
    errors.raise_if_any()
    cycle = ReviewCycle.objects.create(
        organization=org, period=period, period_kind=kind, starts_on=start, ends_on=end, ruleset_code=rs["code"],
        ruleset_overridden=bool(ruleset_code) and ruleset_code != (_ruleset_for(end) or {}).get("code"),
        scoring_scheme=scheme, plan_number=(plan_number or "").strip(), plan_date=plan_date,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    counts = populate(cycle)
    audit.record(actor, cycle, "open_cycle", after=audit.snapshot(cycle),
                 note=f"{counts['members']} đảng viên, {counts['organizations']} tổ chức")
    return cycle


def _ruleset_for(day):
    try:
        return ruledata.for_day(day)
    except Exception:
        return None


def populate(cycle: ReviewCycle) -> dict:
    """Insert every subject of the cycle with its eligibility (set-based SQL), then the roll-ups."""
    rs = ruledata.get(cycle.ruleset_code)
    root = cycle.organization
    nc = rs["not_classified"]
    new_cut = add_months(cycle.ends_on, -int(nc["new_member"]["months"])) if "new_member" in nc else None
    moved = nc.get("transferred_in")
    moved_cut = add_months(cycle.ends_on, -int(moved["months"])) if moved else None
    fw = ruledata.default_framework(rs, "member")
    cases, params = [], []
    if "exempt" in nc:
        cases.append("WHEN m.status = 'exempt' THEN 'exempt'")
    if new_cut:
        cases.append("WHEN m.admitted_on > %s THEN 'new_member'")
        params.append(new_cut)
    if moved_cut:
        cases.append("WHEN EXISTS (SELECT 1 FROM members_memberevent e WHERE e.member_id = m.id "
                     "AND e.kind = 'transfer_in' AND e.\"on\" > %s AND e.\"on\" <= %s) THEN 'transferred_in'")
        params += [moved_cut, cycle.ends_on]
    reason = f"CASE {' '.join(cases)} ELSE '' END" if cases else "''"
    statuses = ", ".join(f"'{s}'" for s in ACTIVE_STATUSES)
    sql = (
        "INSERT INTO reviews_subject (cycle_id, subject_type, member_id, organization_id, org_path, name, sort_key,"
        " eligible, reason, reason_note, framework, quota_group, sick_leave_months, self_level, collective_level,"
        " decided_level, current_level, version) "
        f"SELECT %s, 'member', m.id, m.organization_id, m.org_path, m.full_name, m.sort_key, ({reason}) = '', "
        f"{reason}, '', %s, '', 0, '', '', '', '', 1 FROM members_member m "
        f"WHERE m.org_path LIKE %s AND m.status IN ({statuses}) AND m.admitted_on <= %s"
    )
    all_params = [cycle.pk, *params, *params, fw, root.path + "%", cycle.ends_on]
    with connection.cursor() as cur:
        cur.execute(sql, all_params)
        n_members = cur.rowcount
    orgs = list(Organization.objects.filter(path__startswith=root.path).values_list("id", "path", "kind", "status",
                                                                                    "name", "sort_key"))
    ofw = ruledata.default_framework(rs, "organization")
    subjects = [
        Subject(cycle=cycle, subject_type="organization", organization_id=oid, org_path=path, name=name,
                sort_key=skey, framework=ofw)
        for oid, path, kind, status, name, skey in orgs
        if kind in REVIEWED_ORG_KINDS and status == OrgStatus.ACTIVE
    ]
    Subject.objects.bulk_create(subjects, batch_size=2000)
    stats.build(cycle, {oid: path for oid, path, *_ in orgs})
    return {"members": n_members, "organizations": len(subjects)}


def _managed_cycle(actor, cycle):
    if actor is not None and not can_manage_cycle(actor, cycle):
        raise Http404("Không tìm thấy kỳ đánh giá.")


@transaction.atomic
def close_cycle(actor, cycle: ReviewCycle, *, version=None) -> ReviewCycle:
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    _managed_cycle(actor, cycle)
    if version is not None and version != cycle.version:
        raise ConflictError()
    if not cycle.is_open:
        _fail("status", "Kỳ đánh giá đã kết thúc.")
    from ..queries import quota_groups, stats_row

    row = stats_row(cycle)
    over = [g for g in quota_groups(cycle, decided=True, limit=100000) if not g["ok"]] if row and row.q_over else []
    if over:
        rs = ruledata.get(cycle.ruleset_code)
        _fail("status", f"Không thể kết thúc kỳ: {over[0]['name']} có {over[0]['excellent']} đảng viên hoàn thành "
                        f"xuất sắc nhiệm vụ, vượt tỷ lệ cho phép ({over[0]['limit']}) theo {rs['quota']['citation']}.")
    before = audit.snapshot(cycle)
    cycle.status = CycleStatus.CLOSED
    cycle.version += 1
    cycle.save(update_fields=["status", "version"])
    audit.record(actor, cycle, "close_cycle", before=before, after=audit.snapshot(cycle))
    return cycle


@transaction.atomic
def reopen_cycle(actor, cycle: ReviewCycle, *, reason: str) -> ReviewCycle:
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    _managed_cycle(actor, cycle)
    if not (reason or "").strip():
        _fail("reason", "Lý do mở lại: bắt buộc.")
    if cycle.is_open:
        _fail("status", "Kỳ đánh giá đang mở.")
    before = audit.snapshot(cycle)
    cycle.status = CycleStatus.OPEN
    cycle.version += 1
    cycle.save(update_fields=["status", "version"])
    audit.record(actor, cycle, "reopen_cycle", before=before, after=audit.snapshot(cycle), note=reason.strip())
    return cycle



def timed_open(actor, organization_id, period, **kw):
    """open_cycle with its duration (for the bench)."""
    t = time.perf_counter()
    cycle = open_cycle(actor, organization_id, period, **kw)
    return cycle, time.perf_counter() - t
