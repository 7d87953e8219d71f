"""Opening, closing and reopening a review cycle; listing its subjects when it opens."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.dates import add_months, format_date
from dangvu.core.services import bump, check_version
from dangvu.members.models import EventKind, Status
from dangvu.members.queries import roll_on_day
from dangvu.organizations.access import access_organization
from dangvu.organizations.models import CommitteeMember, Organization, OrgStatus

from .. import rulesets, stats
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
        rs = rulesets.get(ruleset_code)
        if rs is None:
            errors.add("ruleset_code", f"Bộ quy tắc “{ruleset_code}” không có trong dữ liệu quy định.")
        elif not _is_admin(actor):
            auto = _ruleset_for(end)
            if auto is None or auto["code"] != ruleset_code:
                errors.add("ruleset_code", "Chỉ quản trị hệ thống được chọn bộ quy tắc khác bộ có hiệu lực của kỳ.")
    else:
        rs = _ruleset_for(end)
        if rs is None:
            errors.add("period", f"Không có bộ quy tắc nào có hiệu lực ngày {format_date(end)} (dữ liệu quy tắc về "
                                 f"đánh giá, xếp loại có từ ngày {format_date(rulesets.earliest())}).")
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
        return rulesets.in_force(day)
    except Exception:
        return None


def _in(name: str, codes) -> tuple[str, dict]:
    """An SQL list of named parameters for these codes, and the parameters: ("%(st0)s, %(st1)s", {...})."""
    params = {f"{name}{i}": str(code) for i, code in enumerate(codes)}
    return ", ".join(f"%({key})s" for key in params), params


def _role_groups(rs) -> list[dict]:
    spec = (rs["quota"].get("role_groups") or {}) if rs["quota"].get("group") == "role_group" else {}
    return spec.get("groups") or []


def _default_role_groups(cycle, groups, day) -> None:
    """Members holding a committee post on the roll's day go to that group (the others were inserted in the
    "otherwise" group): QĐ 124's groups of similar roles, which the office adjusts afterwards."""
    cycle.role_groups = [{"code": g["code"], "label": g["label"]} for g in groups]
    cycle.save(update_fields=["role_groups"])
    for g in groups:
        if g.get("default_when") == "committee_member":
            holders = CommitteeMember.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day,
            ).filter(Q(term__ended_on__isnull=True) | Q(term__ended_on__gte=day)).values("member_id")
            (Subject.objects.filter(cycle=cycle, subject_type="member", member_id__in=holders)
             .update(quota_group=g["code"]))


def populate(cycle: ReviewCycle) -> dict:
    """Insert every subject of the cycle with its eligibility (set-based SQL), then the roll-ups.

    The subjects are the members and organisations of the sub-tree on the period's last day, or today
    while the period runs (cycle.members_as_of), rebuilt from placements and status changes for a past
    period: reviewing 2020 in 2026 lists the members of 2020, not today's.
    """
    rs = rulesets.get(cycle.ruleset_code)
    root = cycle.organization
    today = dates.today()
    day = min(cycle.ends_on, today)
    cycle.members_as_of = day
    cycle.save(update_fields=["members_as_of"])
    nc = rs["not_classified"]
    groups = _role_groups(rs)
    source, params = roll_on_day(root.path, day)
    params |= {"cycle": cycle.pk, "end": cycle.ends_on,
               "fw": rulesets.default_framework(rs, "member"),
               "group": next((g["code"] for g in groups if g.get("default_when") == "otherwise"), "")}
    cases = []
    if "exempt" in nc:
        cases.append("WHEN x.st = %(st_exempt)s THEN 'exempt'")
        params["st_exempt"] = str(Status.EXEMPT)
    if "new_member" in nc:
        cases.append("WHEN x.admitted_on > %(new_cut)s THEN 'new_member'")
        params["new_cut"] = add_months(cycle.ends_on, -int(nc["new_member"]["months"]))
    if nc.get("transferred_in"):
        cases.append("WHEN EXISTS (SELECT 1 FROM members_memberevent e WHERE e.member_id = x.mid "
                     "AND e.kind = %(ev_transfer_in)s AND e.\"on\" > %(moved_cut)s AND e.\"on\" <= %(end)s) "
                     "THEN 'transferred_in'")
        params["ev_transfer_in"] = str(EventKind.TRANSFER_IN)
        params["moved_cut"] = add_months(cycle.ends_on, -int(nc["transferred_in"]["months"]))
    reason = f"CASE {' '.join(cases)} ELSE '' END" if cases else "''"
    statuses, status_params = _in("st_active", Status.active())
    params |= status_params
    sql = (
        "INSERT INTO reviews_subject (cycle_id, subject_type, member_id, organization_id, org_path, name, sort_key,"
        " eligible, reason, reason_note, framework, quota_group, sick_leave_months, self_level, collective_level,"
        " decided_level, current_level, version) "
        f"SELECT %(cycle)s, 'member', x.mid, x.oid, x.path, x.full_name, x.sort_key, ({reason}) = '', {reason}, '',"
        f" %(fw)s, %(group)s, 0, '', '', '', '', 1 FROM ({source}) x"
        f" WHERE x.st IN ({statuses}) AND x.admitted_on <= %(end)s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        n_members = cur.rowcount
    _default_role_groups(cycle, groups, day)
    orgs = list(Organization.objects.filter(path__startswith=root.path).values_list(
        "id", "path", "kind", "status", "name", "sort_key", "established_on", "ended_on"))
    ofw = rulesets.default_framework(rs, "organization")
    subjects = [
        Subject(cycle=cycle, subject_type="organization", organization_id=oid, org_path=path, name=name,
                sort_key=skey, framework=ofw)
        for oid, path, kind, status, name, skey, founded, ended in orgs
        if kind in REVIEWED_ORG_KINDS and (founded is None or founded <= day)
        and (status == OrgStatus.ACTIVE or (ended is not None and ended > day))
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
    _managed_cycle(actor, cycle)  # out of reach answers 404 before a stale version answers 409
    check_version(cycle, version)
    if not cycle.is_open:
        _fail("status", "Kỳ đánh giá đã kết thúc.")
    from ..queries import quota_groups, stats_row

    row = stats_row(cycle)
    over = [g for g in quota_groups(cycle, decided=True, limit=100000) if not g["ok"]] if row and row.q_over else []
    if over:
        rs = rulesets.get(cycle.ruleset_code)
        _fail("status", f"Không thể kết thúc kỳ: {over[0]['name']} có {over[0]['excellent']} đảng viên hoàn thành "
                        f"xuất sắc nhiệm vụ, vượt tỷ lệ cho phép ({over[0]['limit']}) theo {rs['quota']['citation']}.")
    before = audit.snapshot(cycle)
    cycle.status = CycleStatus.CLOSED
    bump(cycle, ["status"])
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
    if cycle.historical:
        _fail("status", "Kỳ đánh giá đã qua, kết quả ghi lại từ hồ sơ: không mở lại để đánh giá.")
    before = audit.snapshot(cycle)
    cycle.status = CycleStatus.OPEN
    bump(cycle, ["status"])
    audit.record(actor, cycle, "reopen_cycle", before=before, after=audit.snapshot(cycle), note=reason.strip())
    return cycle
