"""One stage entered for a whole chi bộ at once (the results grid): every row is checked by the same rules as a
single entry, and either every row is saved or none is. Errors name the member (or organisation) of the row."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from dangvu.core.errors import ConflictError

from .. import rulesets
from ..access import can_write_stage, subjects_for
from ..models import STAGES, Assessment, QuotaStats, ReviewCycle, Subject
from ._common import STAGE_LABELS, Errors, _dec, _fail, _int
from .assess import LEVEL_MISSING, record_assessment

MAX_ROWS = 2000


@dataclass
class BulkResult:
    saved: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    quota: list[dict] = field(default_factory=list)


def _row_subject(row, by_member, by_org):
    if row.get("member_id") not in (None, "") and row.get("organization_id") in (None, ""):
        return by_member.get(_int(row["member_id"])), "member"
    if row.get("organization_id") not in (None, "") and row.get("member_id") in (None, ""):
        return by_org.get(_int(row["organization_id"])), "organization"
    return None, ""


def _same(existing, level, score) -> bool:
    """True when the row asks for what the stage already holds (nothing to save, nothing to audit)."""
    if existing is None or existing.level != level:
        return False
    return (existing.score is None and score is None) or (existing.score is not None and score is not None
                                                            and existing.score == score)


@transaction.atomic
def record_stage_bulk(actor, cycle: ReviewCycle, *, stage, rows) -> BulkResult:
    """Record one stage for many subjects: rows = [{"member_id" | "organization_id", "level", "score"?, "note"?,
    "version"?}]. Each row needs a level (or a score the scheme turns into one). All rows are saved, or, when
    any row is refused, none is and every refusal comes back under `rows.<index>` naming the subject.
    Going past the quota of "excellent" warns or refuses as the rule set's `quota.on_exceed` says."""
    cycle = ReviewCycle.objects.select_related("organization", "scoring_scheme").get(pk=cycle.pk)
    if stage not in STAGES:
        _fail("stage", "Bước đánh giá không hợp lệ; chấp nhận: self, collective, decision.")
    if not cycle.is_open:
        _fail("stage", "Kỳ đánh giá đã kết thúc: không ghi thêm kết quả (mở lại kỳ nếu cần đính chính).")
    if not isinstance(rows, list | tuple) or not rows:
        _fail("rows", "Danh sách kết quả trống: chọn mức xếp loại cho từng đảng viên.")
    if len(rows) > MAX_ROWS:
        _fail("rows", f"Mỗi lần ghi tối đa {MAX_ROWS} dòng; chọn một tổ chức nhỏ hơn.")
    rs = rulesets.get(cycle.ruleset_code)
    rows = [dict(r) if isinstance(r, dict) else {} for r in rows]
    visible = subjects_for(actor, cycle) if actor is not None else Subject.objects.filter(cycle=cycle)
    member_ids = [_int(r.get("member_id")) for r in rows if r.get("member_id") not in (None, "")]
    org_ids = [_int(r.get("organization_id")) for r in rows if r.get("organization_id") not in (None, "")]
    by_member = {s.member_id: s for s in visible.filter(subject_type="member", member_id__in=member_ids)}
    by_org = {s.organization_id: s for s in visible.filter(subject_type="organization", organization_id__in=org_ids)}
    existing = {a.subject_id: a for a in Assessment.objects.filter(
        subject__in=[*by_member.values(), *by_org.values()], stage=stage)}
    errors = Errors()
    seen: set[int] = set()
    plan = []
    result = BulkResult()
    for i, row in enumerate(rows):
        key = f"rows.{i}"
        subject, kind = _row_subject(row, by_member, by_org)
        if subject is None:
            if not kind:
                errors.add(key, f"Dòng {i + 1}: ghi đúng một trong hai: member_id (đảng viên) hoặc organization_id "
                                "(tổ chức đảng).")
            else:
                ident = row.get("member_id") if kind == "member" else row.get("organization_id")
                what = "đảng viên" if kind == "member" else "tổ chức"
                errors.add(key, f"Dòng {i + 1}: {what} mã {ident} không có trong danh sách đánh giá của kỳ "
                                f"{cycle.period} mà bạn được xem.")
            continue
        name = subject.name
        if subject.pk in seen:
            errors.add(key, f"{name}: ghi hai lần trong cùng một lần nhập.")
            continue
        seen.add(subject.pk)
        if actor is not None and not can_write_stage(actor, subject, stage):
            errors.add(key, f"{name}: bạn không được ghi bước {STAGE_LABELS[stage]} của đối tượng này.")
            continue
        level = str(row.get("level") or "").strip()
        score = row.get("score")
        if subject.eligible and not level and score in (None, ""):
            errors.add(key, f"{name}: chưa chọn mức xếp loại.")
            continue
        probe = Errors()
        score_d = _dec(score, "score", probe)
        if not probe and not row.get("note") and _same(existing.get(subject.pk), level, score_d):
            result.unchanged += 1
            continue
        plan.append((key, subject, level, score, row))
    saved = []
    for key, subject, level, score, row in plan:
        target = {"member_id": subject.member_id} if subject.is_member else {"organization_id": subject.organization_id}
        try:
            record_assessment(actor, cycle, stage=stage, **target, level=level, score=score,
                              note=str(row.get("note") or ""), version=row.get("version") or None)
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    errors.add(key, f"{subject.name}: chưa chọn mức xếp loại." if m == LEVEL_MISSING
                               else f"{subject.name} – {m}")
        except ConflictError:
            errors.add(key, f"{subject.name}: kết quả vừa được người khác sửa; tải lại trang rồi nhập lại.")
        except Http404:
            errors.add(key, f"{subject.name}: bạn không được ghi bước {STAGE_LABELS[stage]} của đối tượng này.")
        else:
            saved.append(subject)
    errors.raise_if_any()
    result.saved = len(saved)
    if stage != "self":
        result.quota = groups_of(cycle, saved)
        over = [g for g in result.quota if not g["ok"]]
        if over and rs["quota"].get("on_exceed") == "refuse":
            for g in over:
                errors.add("quota", quota_message(rs, g))
            errors.raise_if_any()
        result.warnings = [quota_message(rs, g) for g in over]
    return result


def groups_of(cycle, subjects) -> list[dict]:
    """The quota groups (live counts) the given member subjects belong to."""
    from ..queries import _group, role_group_labels
    from ..stats import group_of

    wanted, paths = set(), {}
    for s in subjects:
        if not s.is_member:
            continue
        if s.org_path not in paths:
            paths[s.org_path] = group_of(cycle, s.org_path)[0]
        wanted.add((paths[s.org_path], s.quota_group))
    if not wanted:
        return []
    quota = rulesets.get(cycle.ruleset_code)["quota"]
    labels = role_group_labels(cycle)
    rows = (QuotaStats.objects.filter(cycle=cycle, organization_id__in={g for g, _ in wanted})
            .select_related("organization").order_by("organization__path", "role_group"))
    return [_group(quota, r, labels, r.c_excellent, r.c_good) for r in rows
            if (r.organization_id, r.role_group) in wanted]


def quota_message(rs, group) -> str:
    """The refusal or warning when a group has more "excellent" than its quota allows."""
    quota = rs["quota"]
    pct = f"{quota['ratio'] * 100:g}%"
    base = "hoàn thành tốt nhiệm vụ trở lên" if quota.get("base") == "good_and_above" else "hoàn thành tốt nhiệm vụ"
    return (f"Vượt tỷ lệ xuất sắc: {group['name']} có {group['excellent']} đảng viên hoàn thành xuất sắc nhiệm vụ, "
            f"tối đa {group['limit']} ({pct} của {group['base']} đảng viên {base} theo "
            f"{quota['citation'].split(' (')[0]}). Kỳ đánh giá không kết thúc được khi còn nhóm vượt tỷ lệ.")
