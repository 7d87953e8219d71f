"""The domain functions of reviews: one per state change, atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404

from dangvu.core import audit, vntext
from dangvu.core.dates import add_months, format_date
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES
from dangvu.organizations.access import access_organization, reach
from dangvu.organizations.models import Kind, Organization, OrgStatus

from . import ruledata, stats
from .access import can_manage_cycle, can_open, can_view_subject, can_write_stage
from .models import STAGES, Assessment, CycleStatus, ReviewCycle, ScoringScheme, Subject

audit.register_actions({
    "open_cycle": "Mở kỳ đánh giá",
    "assess": "Ghi kết quả đánh giá",
    "eligibility": "Thay đổi diện xếp loại",
    "close_cycle": "Kết thúc kỳ đánh giá",
    "reopen_cycle": "Mở lại kỳ đánh giá",
    "reopen_stage": "Mở lại bước đánh giá",
})

REVIEWED_ORG_KINDS = (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL, Kind.SUB_COMMITTEE, Kind.ATTACHED_CELL)
STAGE_LABELS = {"self": "tự đánh giá", "collective": "tập thể đánh giá", "decision": "quyết định xếp loại"}


class Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _fail(field, message):
    raise ValidationError({field: [message]})


def _is_admin(actor) -> bool:
    return actor is None or reach(actor).is_admin


# --------------------------------------------------------------------------- periods

def parse_period(period: str, kind: str | None = None, starts_on=None, ends_on=None):
    """(kind, start, end) of a period: "2020", "2025-Q3", a term "2020-2025", or ad hoc with dates."""
    period = (period or "").strip()
    if re.fullmatch(r"\d{4}", period):
        y = int(period)
        return kind or "year", dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period, re.IGNORECASE)
    if m:
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        return "quarter", start, add_months(start, 3) - dt.timedelta(days=1)
    m = re.fullmatch(r"(\d{4})-(\d{4})", period)
    if m and int(m[2]) > int(m[1]):
        return "term", dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31)
    if period and starts_on and ends_on:
        return "ad_hoc", starts_on, ends_on
    _fail("period", "Kỳ đánh giá: ghi năm (ví dụ 2020), quý (2025-Q3), nhiệm kỳ (2020-2025), hoặc tên kỳ đột xuất "
                    "kèm ngày bắt đầu và ngày kết thúc.")


# --------------------------------------------------------------------------- cycles

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
    from .queries import quota_groups, stats_row

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


# --------------------------------------------------------------------------- subjects and assessments

def find_subject(cycle, *, member_id=None, organization_id=None) -> Subject:
    """The subject of the cycle; 422 when it is not part of the cycle's sub-tree."""
    qs = Subject.objects.filter(cycle=cycle)
    if member_id is not None and organization_id is None:
        subject = qs.filter(subject_type="member", member_id=_int(member_id)).first()
        if subject is None:
            _fail("member_id", f"Đảng viên này không thuộc kỳ đánh giá {cycle.period} của {cycle.organization.name}.")
        return subject
    if organization_id is not None and member_id is None:
        subject = qs.filter(subject_type="organization", organization_id=_int(organization_id)).first()
        if subject is None:
            _fail("organization_id",
                  f"Tổ chức này không thuộc kỳ đánh giá {cycle.period} của {cycle.organization.name}.")
        return subject
    _fail("member_id", "Ghi đúng một trong hai: member_id (đảng viên) hoặc organization_id (tổ chức đảng).")


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return -1


def disciplines_for(member_id, start, end) -> list:
    """Discipline decisions of the member in the period, when the discipline app is present."""
    try:
        Discipline = apps.get_model("discipline", "Discipline")
    except LookupError:
        return []
    try:
        return list(Discipline.objects.filter(member_id=member_id, decided_on__gte=start, decided_on__lte=end)
                    .exclude(status="annulled").order_by("decided_on"))
    except Exception:  # the app's schema is not there yet
        return []


def automatic_level(subject, cycle, rs) -> tuple[str, str]:
    """(level, explanation) forced by the rule set for this subject, or ("", "")."""
    if subject.subject_type != "member":
        return "", ""
    for rule in rs.get("automatic") or []:
        if rule["code"] != "disciplined":
            continue
        for d in disciplines_for(subject.member_id, cycle.starts_on, cycle.ends_on):
            if rule.get("unless_self_remedied") and getattr(d, "self_detected_remedied", False):
                continue
            form = d.get_form_display() if hasattr(d, "get_form_display") else getattr(d, "form", "")
            return rule["level"], (
                f"{rule['label']}: quyết định {getattr(d, 'decision_number', '')} ngày "
                f"{format_date(d.decided_on)} ({form}) – theo {rule['citation']}"
            )
    return "", ""


def scoring_for(subject, cycle, rs) -> dict | None:
    """{"criteria": [...], "max_total", "bands", "source"} for the subject, or None (no scoring)."""
    if subject.subject_type == "organization" and cycle.scoring_scheme_id:
        s = cycle.scoring_scheme
        return {"criteria": s.criteria, "max_total": Decimal(s.max_total), "bands": s.bands,
                "source": s.regulation, "conditions": {}}
    fw = ruledata.framework(rs, subject.subject_type, subject.framework)
    if fw is None:
        return None
    return {"criteria": fw["criteria"], "max_total": Decimal(sum(c["max"] for c in fw["criteria"])),
            "bands": rs.get("bands") or [], "source": rs["regulation"].split(";")[0],
            "conditions": rs.get("conditions") or {}}


def _dec(value, field, errors):
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, "Điểm phải là một số.")
        return None
    if not d.is_finite():
        errors.add(field, "Điểm phải là một số.")
        return None
    return d


def _refresh(subject) -> None:
    rows = {a.stage: a for a in subject.assessments.all()}
    subject.self_level = rows["self"].level if "self" in rows else ""
    subject.collective_level = rows["collective"].level if "collective" in rows else ""
    subject.decided_level = rows["decision"].level if "decision" in rows else ""
    subject.current_level = subject.decided_level or subject.collective_level
    subject.self_score = rows["self"].score if "self" in rows else None
    sup = rows.get("decision") if rows.get("decision") and rows["decision"].score is not None else rows.get("collective")
    subject.superior_score = sup.score if sup is not None else None


def _save_subject(subject, before_keys):
    subject.version += 1
    subject.save()
    stats.apply_change(subject.cycle_id, subject.org_path, before_keys, stats.subject_keys(subject),
                       cycle=subject.cycle)


@transaction.atomic
def record_assessment(actor, cycle: ReviewCycle, *, stage, member_id=None, organization_id=None, level="",
                      score=None, criteria_scores=None, sick_leave_months=None, conditions=None, note="", text="",
                      override_reason="", version=None, framework=None) -> Assessment:
    cycle = ReviewCycle.objects.select_related("organization", "scoring_scheme").get(pk=cycle.pk)
    subject = find_subject(cycle, member_id=member_id, organization_id=organization_id)
    if actor is not None and not can_view_subject(actor, subject):
        raise Http404("Không tìm thấy đối tượng đánh giá.")
    if stage not in STAGES:
        _fail("stage", "Bước đánh giá không hợp lệ; chấp nhận: self, collective, decision.")
    if actor is not None and not can_write_stage(actor, subject, stage):
        raise Http404("Không tìm thấy đối tượng đánh giá.")
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    rs = ruledata.get(cycle.ruleset_code)
    errors = Errors()
    if not cycle.is_open:
        _fail("stage", "Kỳ đánh giá đã kết thúc: không ghi thêm kết quả (mở lại kỳ nếu cần đính chính).")
    existing = {a.stage: a for a in subject.assessments.all()}
    idx = STAGES.index(stage)
    later = [s for s in STAGES[idx + 1:] if s in existing]
    if later:
        _fail("stage", f"Bước {STAGE_LABELS[stage]} đã khóa vì bước {STAGE_LABELS[later[0]]} đã ghi kết quả; "
                       "muốn sửa phải mở lại bước này (có ghi lý do).")
    if idx > 0 and STAGES[idx - 1] not in existing:
        _fail("stage", f"Chưa thể {STAGE_LABELS[stage]}: bước {STAGE_LABELS[STAGES[idx - 1]]} chưa có kết quả.")
    old = existing.get(stage)
    if old is not None and version is not None and int(version) != old.version:
        raise ConflictError()
    level = (level or "").strip()
    if level and level not in ruledata.level_codes(rs):
        errors.add("level", f"Mức xếp loại “{level}” không có trong {rs['name']}; chấp nhận: "
                            f"{', '.join(ruledata.level_codes(rs))}.")
        level = ""
    if sick_leave_months in ("", None):
        sick = subject.sick_leave_months
    else:
        try:
            sick = int(sick_leave_months)
        except (TypeError, ValueError):
            sick = -1
        if not 0 <= sick <= 12 * 5:
            errors.add("sick_leave_months", "Số tháng nghỉ ốm phải là số nguyên từ 0 trở lên.")
            sick = 0
    conditions = [str(c) for c in (conditions or [])]
    if framework:
        fws = ruledata.frameworks(rs, subject.subject_type)
        if not any(f["code"] == framework for f in fws):
            _fail("framework", f"Khung tiêu chí “{framework}” không có trong {rs['name']}"
                               + (f"; chấp nhận: {', '.join(f['code'] for f in fws)}." if fws else "."))
        if stage != "self":
            _fail("framework", "Khung tiêu chí chọn ở bước tự đánh giá.")
        subject.framework = framework
    # scores
    scoring = scoring_for(subject, cycle, rs)
    score_d = _dec(score, "score", errors)
    crit = criteria_scores or {}
    if not isinstance(crit, dict):
        errors.add("criteria_scores", "Điểm từng tiêu chí phải là một đối tượng {mã tiêu chí: điểm}.")
        crit = {}
    crit_clean = {}
    band = ""
    if (score_d is not None or crit) and scoring is None:
        errors.add("score", f"{rs['name']} không chấm điểm {'đảng viên' if subject.is_member else 'tổ chức'}"
                            f"{'' if subject.is_member else ' (chưa chọn thang điểm cho kỳ)'}: bỏ trống điểm.")
    elif scoring is not None:
        maxima = {c["code"]: Decimal(str(c["max"])) for c in scoring["criteria"]}
        names = {c["code"]: c["name"] for c in scoring["criteria"]}
        for code, raw in crit.items():
            if code not in maxima:
                errors.add("criteria_scores", f"Tiêu chí “{code}” không có trong {scoring['source']}; chấp nhận: "
                                              f"{', '.join(maxima)}.")
                continue
            v = _dec(raw, "criteria_scores", errors)
            if v is None:
                continue
            if v < 0 or v > maxima[code]:
                errors.add("criteria_scores", f"Điểm tiêu chí “{names[code]}” phải từ 0 đến {maxima[code]:g} "
                                              f"theo {scoring['source']} (đã ghi {v:g}).")
                continue
            crit_clean[code] = v
        if score_d is not None and (score_d < 0 or score_d > scoring["max_total"]):
            errors.add("score", f"Tổng điểm phải từ 0 đến {scoring['max_total']:g} theo {scoring['source']}.")
        if crit_clean and "criteria_scores" not in errors.errors:
            total = sum(crit_clean.values(), Decimal(0))
            if score_d is None:
                score_d = total
            elif total != score_d:
                errors.add("score", f"Tổng điểm {score_d:g} không khớp với cộng điểm các tiêu chí ({total:g}).")
        unknown = [c for c in conditions if c not in (scoring.get("conditions") or {})]
        if unknown and scoring.get("conditions"):
            errors.add("conditions", f"Điều kiện không hợp lệ: {', '.join(unknown)}.")
        if score_d is not None and scoring["bands"] and "score" not in errors.errors:
            band = ruledata.band_level(scoring["bands"], score_d, set(conditions))
    if not subject.eligible and level:
        errors.add("level", f"Đối tượng không xếp loại ({subject.get_reason_display().lower()}): chỉ ghi nội dung "
                            "kiểm điểm, không ghi mức xếp loại.")
    errors.raise_if_any()
    if subject.eligible:
        if not level and band:
            level = band
        if band and level != band and not (override_reason or "").strip():
            errors.add("level", f"Mức “{ruledata.level_label(rs, level)}” khác mức theo thang điểm "
                                f"({score_d:g} điểm → {ruledata.level_label(rs, band)}, {scoring['source']}): "
                                "ghi lý do nếu xếp loại khác thang điểm.")
        if not level and stage != "self":
            errors.add("level", "Mức xếp loại: bắt buộc.")
        if level:
            for cap in rs.get("caps") or []:
                if cap["code"] == "sick_leave" and subject.is_member and sick >= cap["min_months"] and \
                        ruledata.LEVEL_RANK[level] > ruledata.LEVEL_RANK[cap["max_level"]]:
                    errors.add("level", f"Mức xếp loại: {cap['label'].lower()} ({sick} tháng) thì không xếp trên "
                                        f"“{ruledata.level_label(rs, cap['max_level'])}” theo {cap['citation']}.")
            auto, why = automatic_level(subject, cycle, rs)
            if auto and level != auto:
                errors.add("level", f"Mức xếp loại: tự động “{ruledata.level_label(rs, auto)}” – {why}.")
    errors.raise_if_any()
    before_keys = stats.subject_keys(subject)
    if score_d is not None:
        score_d = score_d.quantize(Decimal("0.01"))
    values = dict(level=level, score=score_d, criteria_scores={k: str(v) for k, v in crit_clean.items()},
                  conditions=conditions, band_level=band, override_reason=(override_reason or "").strip()[:500],
                  text=vntext.nfc(text or ""), note=vntext.nfc(note or "")[:500],
                  recorded_by=actor if getattr(actor, "pk", None) else None)
    if old is None:
        a = Assessment.objects.create(subject=subject, stage=stage, **values)
        before = None
    else:
        a = old
        before = audit.snapshot(a)
        for k, v in values.items():
            setattr(a, k, v)
        a.version += 1
        from django.utils import timezone

        a.recorded_at = timezone.now()
        a.save()
    if sick != subject.sick_leave_months:
        subject.sick_leave_months = sick
    _refresh(subject)
    _save_subject(subject, before_keys)
    audit.record(actor, a, "assess", before=before, after=audit.snapshot(a),
                 note=f"{STAGE_LABELS[stage]}: {subject.name}")
    return a


@transaction.atomic
def reopen_stage(actor, subject: Subject, stage: str, *, reason: str) -> Subject:
    subject = Subject.objects.select_for_update().select_related("cycle").get(pk=subject.pk)
    if actor is not None and not (can_view_subject(actor, subject) and can_write_stage(actor, subject, stage)):
        raise Http404("Không tìm thấy đối tượng đánh giá.")
    if stage not in STAGES:
        _fail("stage", "Bước đánh giá không hợp lệ.")
    if not (reason or "").strip():
        _fail("reason", "Lý do mở lại: bắt buộc.")
    if not subject.cycle.is_open:
        _fail("stage", "Kỳ đánh giá đã kết thúc.")
    later = list(subject.assessments.filter(stage__in=STAGES[STAGES.index(stage) + 1:]))
    if not later:
        _fail("stage", f"Bước {STAGE_LABELS[stage]} chưa bị khóa.")
    before_keys = stats.subject_keys(subject)
    for a in later:
        audit.record(actor, a, "reopen_stage", before=audit.snapshot(a),
                     note=f"Mở lại bước {STAGE_LABELS[stage]} của {subject.name}: {reason.strip()}")
        a.delete()
    _refresh(subject)
    _save_subject(subject, before_keys)
    audit.record(actor, subject, "reopen_stage", note=f"Mở lại bước {STAGE_LABELS[stage]}: {reason.strip()}")
    return subject


@transaction.atomic
def set_eligibility(actor, subject: Subject, *, eligible: bool, reason: str = "", note: str = "") -> Subject:
    subject = Subject.objects.select_for_update().select_related("cycle__organization").get(pk=subject.pk)
    if actor is not None and not (can_view_subject(actor, subject) and can_write_stage(actor, subject, "decision")):
        raise Http404("Không tìm thấy đối tượng đánh giá.")
    rs = ruledata.get(subject.cycle.ruleset_code)
    if subject.subject_type != "member":
        _fail("eligible", "Chỉ đảng viên mới có diện không xếp loại.")
    if not subject.cycle.is_open:
        _fail("eligible", "Kỳ đánh giá đã kết thúc.")
    if subject.assessments.filter(stage__in=["collective", "decision"]).exists():
        _fail("eligible", "Đã có kết quả tập thể đánh giá: mở lại bước tự đánh giá trước khi đổi diện xếp loại.")
    allowed = set(rs["not_classified"]) | {"other"}
    if not eligible and reason not in allowed:
        _fail("reason", f"Lý do không xếp loại phải là một trong: {', '.join(sorted(allowed))}.")
    if not eligible and reason == "other" and not (note or "").strip():
        _fail("reason_note", "Ghi rõ lý do khác.")
    before_keys = stats.subject_keys(subject)
    before = audit.snapshot(subject, ["eligible", "reason", "reason_note"])
    subject.eligible = bool(eligible)
    subject.reason = "" if eligible else reason
    subject.reason_note = "" if eligible else vntext.nfc(note or "")[:255]
    _save_subject(subject, before_keys)
    audit.record(actor, subject, "eligibility", before=before,
                 after=audit.snapshot(subject, ["eligible", "reason", "reason_note"]))
    return subject


# --------------------------------------------------------------------------- scoring schemes

@transaction.atomic
def create_scheme(actor, *, code, name, regulation, effective_from, effective_to=None, max_total=100, criteria,
                  bands, applies_to="organization", confirmed=True, note="") -> ScoringScheme:
    if actor is not None and not reach(actor).is_admin:
        raise Http404("Không tìm thấy.")
    errors = Errors()
    code = (code or "").strip()
    if not code:
        errors.add("code", "Mã thang điểm: bắt buộc.")
    elif ScoringScheme.objects.filter(code=code).exists():
        errors.add("code", f"Đã có thang điểm mã “{code}”.")
    for field, value in (("name", name), ("regulation", regulation)):
        if not (value or "").strip():
            errors.add(field, "Trường này là bắt buộc.")
    total = _dec(max_total, "max_total", errors)
    if total is not None and total <= 0:
        errors.add("max_total", "Tổng điểm tối đa phải lớn hơn 0.")
    clean = []
    if not isinstance(criteria, list) or not criteria:
        errors.add("criteria", "Cần ít nhất một nhóm tiêu chí (mã, tên, điểm tối đa).")
        criteria = []
    seen = set()
    for i, c in enumerate(criteria, 1):
        if not isinstance(c, dict) or not str(c.get("code", "")).strip() or not str(c.get("name", "")).strip():
            errors.add("criteria", f"Tiêu chí thứ {i}: cần mã và tên.")
            continue
        mx = _dec(c.get("max"), "criteria", errors)
        if mx is None or mx <= 0:
            errors.add("criteria", f"Tiêu chí thứ {i}: điểm tối đa phải lớn hơn 0.")
            continue
        if c["code"] in seen:
            errors.add("criteria", f"Tiêu chí thứ {i}: mã “{c['code']}” bị trùng.")
        seen.add(c["code"])
        clean.append({"code": str(c["code"]).strip(), "name": vntext.nfc(str(c["name"]).strip()), "max": float(mx)})
    if clean and total is not None and "criteria" not in errors.errors and \
            sum(Decimal(str(c["max"])) for c in clean) != total:
        errors.add("criteria", f"Điểm tối đa các tiêu chí cộng lại ({sum(c['max'] for c in clean):g}) phải bằng "
                               f"tổng điểm {total:g}.")
    clean_bands = []
    for b in bands or []:
        if not isinstance(b, dict) or b.get("level") not in ruledata.LEVEL_RANK:
            errors.add("bands", "Mỗi mức của thang xếp loại cần level là excellent, good, completed hoặc not_completed.")
            continue
        mn = _dec(b.get("min"), "bands", errors)
        if mn is None or mn < 0 or (total is not None and mn > total):
            errors.add("bands", f"Điểm tối thiểu của mức {b['level']} phải từ 0 đến tổng điểm.")
            continue
        clean_bands.append({"level": b["level"], "min": float(mn), "conditions": list(b.get("conditions") or [])})
    ranks = [ruledata.LEVEL_RANK[b["level"]] for b in sorted(clean_bands, key=lambda b: -b["min"])]
    if ranks != sorted(ranks, reverse=True) or len(set(ranks)) != len(ranks):
        errors.add("bands", "Thang xếp loại: điểm tối thiểu phải giảm dần từ xuất sắc đến không hoàn thành.")
    if not effective_from:
        errors.add("effective_from", "Ngày hiệu lực: bắt buộc.")
    elif effective_to and effective_to < effective_from:
        errors.add("effective_to", "Ngày hết hiệu lực phải sau ngày hiệu lực.")
    errors.raise_if_any()
    scheme = ScoringScheme.objects.create(
        code=code, name=vntext.nfc(name.strip()), regulation=vntext.nfc(regulation.strip()), applies_to=applies_to,
        effective_from=effective_from, effective_to=effective_to, max_total=total, criteria=clean,
        bands=sorted(clean_bands, key=lambda b: -b["min"]), confirmed=bool(confirmed), note=vntext.nfc(note or ""),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, scheme, "create", after=audit.snapshot(scheme))
    return scheme


def timed_open(actor, organization_id, period, **kw):
    """open_cycle with its duration (for the bench)."""
    t = time.perf_counter()
    cycle = open_cycle(actor, organization_id, period, **kw)
    return cycle, time.perf_counter() - t
