"""Recording the three stages of a subject (self, collective, decision), reopening them, eligibility."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates, vntext
from dangvu.core.errors import ConflictError
from dangvu.core.services import bump

from .. import rulesets, stats
from ..access import can_view_subject, can_write_stage
from ..models import STAGES, Assessment, ReviewCycle, Subject
from ._common import STAGE_LABELS, Errors, _dec, _fail, _int, format_decimal
from .evaluate import automatic_level, declared_flags, derived_conditions, scoring_for

LEVEL_MISSING = "Mức xếp loại: chưa chọn mức xếp loại (bắt buộc)."
SUBJECT_LOG_FIELDS = ["self_level", "collective_level", "decided_level", "self_score", "superior_score"]


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


def _refresh(subject) -> None:
    rows = {a.stage: a for a in subject.assessments.all()}
    subject.self_level = rows["self"].level if "self" in rows else ""
    subject.collective_level = rows["collective"].level if "collective" in rows else ""
    subject.decided_level = rows["decision"].level if "decision" in rows else ""
    subject.current_level = subject.decided_level or subject.collective_level
    subject.self_score = rows["self"].score if "self" in rows else None
    sup = rows.get("decision") if rows.get("decision") and rows["decision"].score is not None else rows.get("collective")
    subject.superior_score = sup.score if sup is not None else None


def _save_subject(subject, before_keys, before_group=None):
    bump(subject)
    stats.apply_change(subject.cycle_id, subject.org_path, before_keys, stats.subject_keys(subject),
                       cycle=subject.cycle, before_group=subject.quota_group if before_group is None else before_group,
                       after_group=subject.quota_group)


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
    rs = rulesets.get(cycle.ruleset_code)
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
    if level and level not in rulesets.level_codes(rs):
        errors.add("level", f"Mức xếp loại “{level}” không có trong {rs['name']}; chấp nhận: "
                            f"{', '.join(rulesets.level_codes(rs))}.")
        level = ""
    if sick_leave_months in ("", None):
        sick = subject.sick_leave_months
    else:
        try:
            sick = int(sick_leave_months)
        except (TypeError, ValueError):
            sick = -1
        if not 0 <= sick <= rulesets.sick_leave_max_months(rs):
            errors.add("sick_leave_months", "Số tháng nghỉ ốm phải là số nguyên từ 0 đến "
                                            f"{rulesets.sick_leave_max_months(rs)}.")
            sick = 0
    conditions = [str(c) for c in (conditions or [])]
    if framework:
        fws = rulesets.frameworks(rs, subject.subject_type)
        if not any(f["code"] == framework for f in fws):
            _fail("framework", f"Khung tiêu chí “{framework}” không có trong {rs['name']}"
                               + (f"; chấp nhận: {', '.join(f['code'] for f in fws)}." if fws else "."))
        if stage != "self":
            _fail("framework", "Khung tiêu chí chọn ở bước tự đánh giá.")
        subject.framework = framework
    # conditions: those the stage declares, those read from the data (which the user cannot overrule)
    scoring = scoring_for(subject, cycle, rs)
    flags = declared_flags(rs, subject.subject_type)
    band_conditions = (scoring or {}).get("conditions") or {}
    derived = derived_conditions(subject, cycle, rs) if band_conditions else {}
    unknown = [c for c in conditions if c not in band_conditions and c not in flags]
    if unknown:
        allowed = [*band_conditions, *flags]
        errors.add("conditions", f"Điều kiện không hợp lệ: {', '.join(unknown)}"
                                 + (f"; chấp nhận: {', '.join(allowed)}." if allowed else " (bộ quy tắc không có điều kiện)."))
    for code in conditions:
        if code in derived and not derived[code][0]:
            errors.add("conditions", f"Điều kiện “{band_conditions[code]}” chưa đạt theo dữ liệu: {derived[code][1]}")
    conditions = [c for c in dict.fromkeys(conditions) if c not in derived and c not in unknown]
    conditions += [c for c, (met, _why) in derived.items() if met]
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
        if score_d is not None and scoring["bands"] and "score" not in errors.errors:
            band = rulesets.band_level(scoring["bands"], score_d, set(conditions))
    if not subject.eligible and level:
        errors.add("level", f"Đối tượng không xếp loại ({subject.get_reason_display().lower()}): chỉ ghi nội dung "
                            "kiểm điểm, không ghi mức xếp loại.")
    errors.raise_if_any()
    if subject.eligible:
        if not level and band:
            level = band
        if band and level != band and not (override_reason or "").strip():
            errors.add("level", f"Mức “{rulesets.level_label(rs, level)}” khác mức theo thang điểm "
                                f"({score_d:g} điểm → {rulesets.level_label(rs, band)}, {scoring['source']}): "
                                "ghi lý do nếu xếp loại khác thang điểm.")
        if not level:
            errors.add("level", LEVEL_MISSING)
        if level:
            for cap in rs.get("caps") or []:
                if cap["code"] == "sick_leave" and subject.is_member and sick >= cap["min_months"] and \
                        rulesets.LEVEL_RANK[level] > rulesets.LEVEL_RANK[cap["max_level"]]:
                    errors.add("level", f"Mức xếp loại: {cap['label'].lower()} ({sick} tháng) thì không xếp trên "
                                        f"“{rulesets.level_label(rs, cap['max_level'])}” theo {cap['citation']}.")
            auto, why = automatic_level(subject, cycle, rs, flags=set(conditions) & set(flags))
            if auto and level != auto:
                errors.add("level", f"Mức xếp loại: tự động “{rulesets.level_label(rs, auto)}” – {why}.")
    errors.raise_if_any()
    before_keys = stats.subject_keys(subject)
    subject_before = audit.snapshot(subject, SUBJECT_LOG_FIELDS)
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
        a.recorded_at = dates.now()
        bump(a)
    if sick != subject.sick_leave_months:
        subject.sick_leave_months = sick
    _refresh(subject)
    _save_subject(subject, before_keys)
    audit.record(actor, a, "assess", before=before, after=audit.snapshot(a),
                 note=f"{STAGE_LABELS[stage]}: {subject.name}")
    # the subject's own log shows each stage recorded (the assessment row may be deleted by a reopening)
    audit.record(actor, subject, "assess", before=subject_before, after=audit.snapshot(subject, SUBJECT_LOG_FIELDS),
                 note=_stage_note(rs, stage, level, score_d))
    return a


def _stage_note(rs, stage, level, score) -> str:
    out = f"{STAGE_LABELS[stage][:1].upper()}{STAGE_LABELS[stage][1:]}"
    if level:
        out += f": {rulesets.level_label(rs, level)}"
    if score is not None:
        out += f" ({format_decimal(score)} điểm)"
    return out


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
    rs = rulesets.get(subject.cycle.ruleset_code)
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


