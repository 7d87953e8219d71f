"""The only writers of congresses: plan and edit the preparation, record the result (which closes the old term and
opens the new one through the organisations' services), record the votes, appoint a secretary on the superior's
decision. Each function is atomic, locks its rows, checks the version the user read, and audits."""

import datetime as dt

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, check_version, lock, text
from dangvu.core.services import day as clean_day
from dangvu.core.services import name as clean_name
from dangvu.members.models import Member, Status
from dangvu.organizations import services as org_services
from dangvu.organizations import terms
from dangvu.organizations.models import CELL_KINDS, Organization, Position

from . import access, rulesets
from .models import Congress, CongressKind, CongressStatus, Elected

UNSET = object()
SEATS_MAX = 500
ELECTED_MAX = 200


def _day(value) -> str:
    return dates.format_date(value)


def _authorize(actor, org, action):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if not access.can(actor, org, action):
        raise Http404("Không tìm thấy đại hội.")


def _whole(errors, field, label, value, *, low=0, high=1_000_000):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            errors.add(field, f"{label}: phải là số nguyên.")
            return None
    if not low <= value <= high:
        errors.add(field, f"{label}: phải từ {low} đến {high}.")
        return None
    return value


def check_after_term(org, day, field, label, errors, *, exclude_term=None):
    """The congress's day must come after the start of the organisation's current term."""
    term = terms.current_term(org)
    if term is None or term == exclude_term or day is None:
        return
    if term.ended_on is not None and day <= term.ended_on:
        errors.add(field, f"{label}: phải sau ngày kết thúc {term} ({_day(term.ended_on)}).")
    elif day <= term.started_on:
        errors.add(field, (
            f"{label}: không được trước hoặc trùng ngày bắt đầu nhiệm kỳ hiện tại ({term}, từ "
            f"{_day(term.started_on)}); đại hội mở nhiệm kỳ sau."))


def _plan_fields(errors, org, *, kind, term_name, planned_on, seats, summoned, note, is_new=True):
    if kind not in CongressKind.values:
        errors.add("kind", "Hình thức: chọn đại hội đảng viên hoặc đại hội đại biểu.")
    elif kind == CongressKind.DELEGATES and org.kind in CELL_KINDS:
        errors.add("kind", "Hình thức: chi bộ tổ chức đại hội đảng viên, không tổ chức đại hội đại biểu.")
    term_name = clean_name(errors, "term_name", "Nhiệm kỳ mới", term_name, 100)
    planned_on = clean_day(errors, "planned_on", "Ngày dự kiến", planned_on, not_future=False)
    if planned_on is not None:
        check_after_term(org, planned_on, "planned_on", "Ngày dự kiến", errors)
    seats = _whole(errors, "seats", "Số lượng cấp ủy viên được bầu", seats, low=1, high=SEATS_MAX)
    rs = rulesets.in_force(planned_on) if planned_on else None
    if seats and rs and org.kind in CELL_KINDS and seats > rs["cell_committee_max"]:
        errors.add("seats", f"Số lượng cấp ủy viên được bầu: chi ủy không quá {rs['cell_committee_max']} "
                            f"đồng chí ({rs['regulation']}).")
    summoned = _whole(errors, "summoned", "Số đảng viên / đại biểu được triệu tập", summoned, low=1)
    note = text(errors, "note", "Ghi chú", note, 4000)
    return {"kind": kind, "term_name": term_name, "planned_on": planned_on, "seats": seats, "summoned": summoned,
            "note": note}


@transaction.atomic
def plan_congress(actor, organization, *, kind=CongressKind.MEMBERS, term_name, planned_on, seats=None, summoned=None,
                  note=""):
    org = lock(Organization, organization)
    _authorize(actor, org, "prepare")
    errors = Errors()
    if not org.is_active:
        errors.add("organization", f"Tổ chức đảng: “{org.name}” không còn hoạt động.")
    values = _plan_fields(errors, org, kind=kind, term_name=term_name, planned_on=planned_on, seats=seats,
                          summoned=summoned, note=note)
    if Congress.objects.filter(organization=org, status=CongressStatus.PLANNED).exists():
        errors.add("organization", f"Tổ chức đảng: “{org.name}” đã có một đại hội đang chuẩn bị; hãy sửa đại hội đó.")
    errors.raise_if_any()
    c = Congress.objects.create(organization=org, created_by=actor if getattr(actor, "pk", None) else None, **values)
    audit.record(actor, c, "create", after=audit.snapshot(c))
    return c


@transaction.atomic
def update_congress(actor, congress, *, version, kind=UNSET, term_name=UNSET, planned_on=UNSET, seats=UNSET,
                    summoned=UNSET, note=UNSET):
    c = lock(Congress, congress)
    _authorize(actor, c.organization, "prepare")
    check_version(c, version)
    errors = Errors()
    if c.is_held:
        errors.add("__all__", f"{c} đã tổ chức ngày {_day(c.held_on)}: không sửa phần chuẩn bị được nữa.")
        errors.raise_if_any()
    given = {"kind": kind, "term_name": term_name, "planned_on": planned_on, "seats": seats, "summoned": summoned,
             "note": note}
    merged = {k: getattr(c, k) if v is UNSET else v for k, v in given.items()}
    values = _plan_fields(errors, c.organization, **merged)
    errors.raise_if_any()
    before = audit.snapshot(c)
    for k, v in values.items():
        setattr(c, k, v)
    if audit.snapshot(c) == before:
        return c
    bump(c)
    audit.record(actor, c, "update", before=before, after=audit.snapshot(c))
    return c


# --------------------------------------------------------------------------- the result


def official_members(org) -> int:
    """Official members (chính thức) attached to the organisation itself (a chi bộ's own members)."""
    return Member.objects.filter(organization=org, status=Status.FULL).count()


def _check_elected(errors, org, held_on, rows, seats):
    """rows: [{"member", "position", "votes_for", "votes_total", "appointed", "decision"}]; the members already
    resolved in the organisation's sub-tree (None where the id named nobody there)."""
    rs = rulesets.in_force(held_on) if held_on else None
    seen, secretaries, deputies, clean = set(), 0, 0, []
    if len(rows) > ELECTED_MAX:
        errors.add("elected", f"Người trúng cử: tối đa {ELECTED_MAX} người.")
        return []
    for i, row in enumerate(rows, 1):
        i = row.get("line", i)  # the line of the page's form, when it skipped blank ones
        field = f"elected_{i}"
        member, position = row.get("member"), row.get("position")
        if member is None:
            errors.add(field, f"Người trúng cử dòng {i}: không có đảng viên này trong {org.name}.")
            continue
        if not member.is_active:
            errors.add(field, f"Người trúng cử dòng {i}: đồng chí {member} không còn sinh hoạt đảng.")
        if member.pk in seen:
            errors.add(field, f"Người trúng cử dòng {i}: đồng chí {member} có tên hai lần.")
        seen.add(member.pk)
        if position not in Position.values:
            errors.add(field, f"Người trúng cử dòng {i}: chức vụ không hợp lệ.")
            continue
        secretaries += position == Position.SECRETARY
        deputies += position == Position.DEPUTY_SECRETARY
        appointed = bool(row.get("appointed"))
        decision = text(errors, field, f"Người trúng cử dòng {i}: quyết định chỉ định", row.get("decision"), 200)
        if appointed and position != Position.SECRETARY:
            errors.add(field, f"Người trúng cử dòng {i}: chỉ bí thư mới do cấp trên chỉ định khi đại hội không bầu được.")
        if appointed and not decision:
            errors.add(field, f"Người trúng cử dòng {i}: ghi số, ngày quyết định chỉ định của cấp ủy cấp trên.")
        votes_for = _whole(errors, field, f"Người trúng cử dòng {i}: số phiếu bầu", row.get("votes_for"))
        votes_total = _whole(errors, field, f"Người trúng cử dòng {i}: tổng số phiếu", row.get("votes_total"), low=1)
        if votes_for is not None and votes_total is not None:
            if votes_for > votes_total:
                errors.add(field, f"Người trúng cử dòng {i}: số phiếu bầu ({votes_for}) lớn hơn tổng số phiếu "
                                  f"({votes_total}).")
            elif rs and rs["more_than_half"] and not appointed and votes_for * 2 <= votes_total:
                errors.add(field, f"Người trúng cử dòng {i}: {votes_for}/{votes_total} phiếu không quá một nửa; "
                                  "người trúng cử phải được quá một nửa số phiếu.")
        clean.append({"member": member, "position": position, "votes_for": votes_for, "votes_total": votes_total,
                      "appointed": appointed, "decision": decision, "order": i})
    if secretaries > 1:
        errors.add("elected", "Người trúng cử: chỉ có một bí thư.")
    if seats and len(clean) > seats:
        errors.add("elected", f"Người trúng cử: {len(clean)} người, nhiều hơn số lượng cấp ủy viên được bầu ({seats}).")
    if org.kind in CELL_KINDS and rs:
        full = official_members(org)
        if full < rs["cell_committee_min_full_members"]:
            if len(clean) > rs["small_cell_max_elected"] or any(
                    r["position"] not in (Position.SECRETARY, Position.DEPUTY_SECRETARY) for r in clean):
                errors.add("elected", (
                    f"Người trúng cử: chi bộ có {full} đảng viên chính thức (dưới "
                    f"{rs['cell_committee_min_full_members']}) không bầu chi ủy, chỉ bầu bí thư và phó bí thư (nếu "
                    f"cần) ({rs['regulation']})."))
        elif len(clean) > rs["cell_committee_max"]:
            errors.add("elected", f"Người trúng cử: chi ủy không quá {rs['cell_committee_max']} đồng chí "
                                  f"({rs['regulation']}).")
        if deputies > rs["cell_deputies_max"]:
            errors.add("elected", f"Người trúng cử: chi bộ bầu không quá {rs['cell_deputies_max']} phó bí thư.")
    return clean


def resolve_members(org, ids):
    """Members of org's sub-tree by id (None for an id that names nobody there)."""
    found = {m.pk: m for m in Member.objects.filter(pk__in=[i for i in ids if isinstance(i, int)],
                                                     org_path__startswith=org.path)}
    return [found.get(i) for i in ids]


@transaction.atomic
def hold_congress(actor, congress, *, version, held_on, attended=None, summoned=UNSET, elected=()):
    """Record that the congress was held: its day and attendance, the committee elected (with the votes), the
    secretary elected or appointed. Closes the current term the day before and opens the new one from ``held_on``
    with ``seats`` (the number to elect, or those elected), its committee members the people elected."""
    c = lock(Congress, congress)
    org = lock(Organization, c.organization_id)
    _authorize(actor, org, "record")
    check_version(c, version)
    errors = Errors()
    if c.is_held:
        errors.add("__all__", f"{c} đã được ghi kết quả (ngày {_day(c.held_on)}).")
        errors.raise_if_any()
    held_on = clean_day(errors, "held_on", "Ngày đại hội", held_on)
    if held_on is not None:
        check_after_term(org, held_on, "held_on", "Ngày đại hội", errors)
    summoned = c.summoned if summoned is UNSET else _whole(
        errors, "summoned", "Số đảng viên / đại biểu được triệu tập", summoned, low=1)
    attended = _whole(errors, "attended", "Số có mặt", attended)
    if attended is not None and summoned is not None and attended > summoned:
        errors.add("attended", f"Số có mặt: không được lớn hơn số được triệu tập ({summoned}).")
    rows = _check_elected(errors, org, held_on, list(elected), c.seats)
    errors.raise_if_any()
    before = audit.snapshot(c)
    previous = terms.current_term(org)
    if previous is not None and previous.ended_on is None:
        org_services.close_term(actor, previous, on=held_on - dt.timedelta(days=1))
    term = org_services.create_term(actor, org, name=c.term_name, started_on=held_on, seats=c.seats or len(rows) or None)
    for row in rows:
        Elected.objects.create(congress=c, appointed_on=held_on if row["appointed"] else None, **row)
        org_services.add_committee_member(actor, term, member=row["member"], position=row["position"],
                                          started_on=held_on)
    c.status, c.held_on, c.attended, c.summoned = CongressStatus.HELD, held_on, attended, summoned
    c.previous_term, c.term = previous, term
    bump(c)
    audit.record(actor, c, "update", before=before, after=audit.snapshot(c), note="Ghi kết quả đại hội")
    return c


@transaction.atomic
def record_votes(actor, congress, *, version, votes):
    """Votes recorded after the result: ``votes`` maps an Elected id to (votes_for, votes_total)."""
    c = lock(Congress, congress)
    _authorize(actor, c.organization, "record")
    check_version(c, version)
    errors = Errors()
    if not c.is_held:
        errors.add("__all__", f"{c} chưa được ghi kết quả.")
        errors.raise_if_any()
    rs = rulesets.in_force(c.held_on)
    rows = {e.pk: e for e in c.elected.select_related("member")}
    changed = []
    for pk, (votes_for, votes_total) in votes.items():
        e = rows.get(pk)
        field = f"votes_{pk}"
        if e is None:
            errors.add("votes", f"Phiếu bầu: không có người trúng cử mã {pk} trong đại hội này.")
            continue
        vf = _whole(errors, field, f"Phiếu bầu của đồng chí {e.member}", votes_for)
        vt = _whole(errors, field, f"Tổng số phiếu của đồng chí {e.member}", votes_total, low=1)
        if (vf is None) != (vt is None):
            errors.add(field, f"Phiếu bầu của đồng chí {e.member}: ghi cả số phiếu bầu và tổng số phiếu.")
        elif vf is not None and vf > vt:
            errors.add(field, f"Phiếu bầu của đồng chí {e.member}: số phiếu bầu ({vf}) lớn hơn tổng số phiếu ({vt}).")
        elif vf is not None and rs and rs["more_than_half"] and not e.appointed and vf * 2 <= vt:
            errors.add(field, f"Phiếu bầu của đồng chí {e.member}: {vf}/{vt} phiếu không quá một nửa; người trúng cử "
                              "phải được quá một nửa số phiếu.")
        changed.append((e, vf, vt))
    errors.raise_if_any()
    before = {e.pk: (e.votes_for, e.votes_total) for e in rows.values()}
    for e, vf, vt in changed:
        if (e.votes_for, e.votes_total) != (vf, vt):
            e.votes_for, e.votes_total = vf, vt
            e.save(update_fields=["votes_for", "votes_total"])
    after = {e.pk: (e.votes_for, e.votes_total) for e in rows.values()}
    if after != before:
        bump(c)
        audit.record(actor, c, "update", before={"votes": {str(k): v for k, v in before.items()}},
                     after={"votes": {str(k): v for k, v in after.items()}}, note="Ghi phiếu bầu")
    return c


@transaction.atomic
def appoint_secretary(actor, congress, *, version, member, decision, on):
    """The superior's committee appoints the secretary of a congress that elected none after the third vote."""
    c = lock(Congress, congress)
    org = lock(Organization, c.organization_id)
    _authorize(actor, org, "record")
    check_version(c, version)
    errors = Errors()
    if not c.is_held or c.term is None:
        errors.add("__all__", f"{c} chưa được ghi kết quả: bí thư được chỉ định sau khi đại hội không bầu được.")
        errors.raise_if_any()
    if c.term.ended_on is not None:
        errors.add("__all__", f"{c.term} đã kết thúc.")
    if c.term.committee_members.filter(position=Position.SECRETARY, ended_on__isnull=True).exists():
        errors.add("member", "Đảng viên: nhiệm kỳ đã có bí thư.")
    if member is None:
        errors.add("member", f"Đảng viên: chọn một đảng viên của {org.name}.")
    elif not member.is_active:
        errors.add("member", f"Đảng viên: đồng chí {member} không còn sinh hoạt đảng.")
    decision = text(errors, "decision", "Quyết định chỉ định", decision, 200, required=True)
    on = clean_day(errors, "on", "Ngày chỉ định", on)
    if on is not None and on < c.held_on:
        errors.add("on", f"Ngày chỉ định: không được trước ngày đại hội ({_day(c.held_on)}).")
    errors.raise_if_any()
    existing = c.elected.filter(member=member).first()
    serving = c.term.committee_members.filter(member=member, ended_on__isnull=True).first()
    if serving is not None:  # an elected committee member becomes the secretary
        org_services.end_committee_member(actor, serving, on=on - dt.timedelta(days=1) if on > serving.started_on
                                          else on)
    org_services.add_committee_member(actor, c.term, member=member, position=Position.SECRETARY, started_on=on)
    if existing is not None:
        existing.position, existing.appointed, existing.decision, existing.appointed_on = (
            Position.SECRETARY, True, decision, on)
        existing.save(update_fields=["position", "appointed", "decision", "appointed_on"])
    else:
        Elected.objects.create(congress=c, member=member, position=Position.SECRETARY, appointed=True,
                               decision=decision, appointed_on=on, order=0)
    before = audit.snapshot(c)
    bump(c)
    audit.record(actor, c, "update", before=before, after=audit.snapshot(c),
                 note=f"Cấp trên chỉ định bí thư: đồng chí {member} ({decision})")
    return c
