"""The results grid: one stage entered for every member of a chi bộ (or of the organisation the user assesses) on
one page, saved all-or-nothing by services.record_stage_bulk, with the live quota of "excellent"."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core.errors import ConflictError
from dangvu.organizations.access import access_organization, reach

from . import queries, rulesets, services
from .access import access_cycle, can_write_stage
from .grid_rows import rows_html
from .models import STAGES, Assessment, QuotaStats
from .stats import group_of

LIMIT = 500
STAGE_TITLES = {"self": "Tự đánh giá", "collective": "Tập thể chi bộ đánh giá", "decision": "Cấp ủy quyết định xếp loại"}
SHORT_LEVELS = {"excellent": "Xuất sắc", "good": "Tốt", "completed": "Hoàn thành", "not_completed": "Không hoàn thành"}


def _grid_org(request, user, cycle):
    raw = request.POST.get("to-chuc") or request.GET.get("to-chuc")
    if raw:
        org = access_organization(user, raw)
        if not org.path.startswith(cycle.organization.path):
            raise Http404
        return org
    r = reach(user)
    if r.can(cycle.organization, "view"):
        return cycle.organization
    for g in r.grants_for({"office", "secretary"}):
        if g.path.startswith(cycle.organization.path):
            return access_organization(user, g.organization_id)
    raise Http404


def _row_state(subject, stage, done, user):
    """(editable, why-not) of the subject's row at this stage."""
    if not subject.eligible:
        return False, f"Không xếp loại ({subject.get_reason_display().lower()})"
    if not can_write_stage(user, subject, stage):
        return False, "Không thuộc quyền ghi của bạn"
    idx = STAGES.index(stage)
    later = [s for s in STAGES[idx + 1:] if s in done]
    if later:
        return False, "Đã khóa: bước sau đã ghi kết quả"
    if idx > 0 and STAGES[idx - 1] not in done:
        return False, "Chưa có kết quả bước trước"
    return True, ""


@login_required
@require_http_methods(["GET", "POST"])
def stage_grid(request, pk):
    user = request.user
    cycle = access_cycle(user, pk)
    org = _grid_org(request, user, cycle)
    rs = rulesets.get(cycle.ruleset_code)
    subjects = list(queries.member_subjects_under(user, cycle, org).select_related("organization")
                    .order_by("sort_key", "id")[:LIMIT + 1])
    too_many = len(subjects) > LIMIT
    subjects = subjects[:LIMIT]
    writable = [s for s in STAGES if any(can_write_stage(user, subj, s) for subj in subjects)]
    if not writable:
        raise Http404("Không tìm thấy.")
    done_by = {}
    for a in Assessment.objects.filter(subject__in=subjects):
        done_by.setdefault(a.subject_id, {})[a.stage] = a
    stage = request.POST.get("buoc") or request.GET.get("buoc")
    if stage not in writable:
        pending = [s for s in writable if any(s not in done_by.get(subj.pk, {}) and
                                              _row_state(subj, s, done_by.get(subj.pk, {}), user)[0]
                                              for subj in subjects)]
        stage = pending[0] if pending else writable[-1]
    rows, errors = [], {}
    for subj in subjects:
        done = done_by.get(subj.pk, {})
        editable, why = _row_state(subj, stage, done, user) if cycle.is_open else (False, "Kỳ đã kết thúc")
        mine = done.get(stage)
        prev = done.get(STAGES[STAGES.index(stage) - 1]) if stage != "self" else None
        scoring = services.scoring_for(subj, cycle, rs) if editable else None
        rows.append({"subject": subj, "editable": editable, "why": why, "current": mine, "prev": prev,
                     "prev_short": SHORT_LEVELS.get(prev.level, "") if prev else "",
                     "current_short": SHORT_LEVELS.get(mine.level, "") if mine else "",
                     "level": mine.level if mine else "", "score": mine.score if mine else None,
                     "version": mine.version if mine else "", "scored": bool(scoring and scoring["criteria"])})
    editable_rows = [r for r in rows if r["editable"]]
    if request.method == "POST":
        if not cycle.is_open or not editable_rows:
            raise Http404
        payload = []
        for r in editable_rows:
            sid = r["subject"].pk
            r["level"] = request.POST.get(f"level_{sid}", "")
            r["score"] = request.POST.get(f"score_{sid}", "").strip().replace(",", ".") if r["scored"] else None
            payload.append({"member_id": r["subject"].member_id, "level": r["level"],
                            "score": r["score"] or None, "version": request.POST.get(f"v_{sid}") or None})
        try:
            result = services.record_stage_bulk(user, cycle, stage=stage, rows=payload)
        except ValidationError as exc:
            errors = exc.message_dict
        except ConflictError:
            errors = {"__all__": [ConflictError.message]}
        else:
            messages.success(request, f"Đã ghi kết quả {services.STAGE_LABELS[stage]} cho {result.saved} đảng viên"
                             + (f" ({result.unchanged} không thay đổi)" if result.unchanged else "") + ".")
            for w in result.warnings:
                messages.warning(request, w)
            return redirect(f"{request.path}?to-chuc={org.pk}&buoc={stage}")
        for i, r in enumerate(editable_rows):
            r["errors"] = errors.get(f"rows.{i}", [])
    show_quota = stage != "self"
    groups = _quota_groups(cycle, rs, rows, stage) if show_quota else []
    levels = [(lv["code"], SHORT_LEVELS.get(lv["code"], lv["label"]), lv["label"]) for lv in rs["levels"]]
    show_org = any(r["subject"].organization_id != org.pk for r in rows)
    show_score = any(r["scored"] for r in editable_rows)
    for r, html in zip(rows, rows_html(rows, cycle=cycle, stage=stage, levels=levels, show_org=show_org,
                                       show_score=show_score), strict=True):
        r["html"] = html
    return render(request, "reviews/grid.html", {
        "cycle": cycle, "org": org, "stage": stage, "stage_title": STAGE_TITLES[stage], "rs": rs,
        "stages": [(s, STAGE_TITLES[s]) for s in writable], "rows": rows, "editable": editable_rows,
        "levels": levels, "show_org": show_org, "too_many": too_many, "limit": LIMIT, "show_score": show_score,
        "groups": groups, "groups_json": json.dumps(groups, ensure_ascii=False),
        "ratio_permille": int(Decimal(str(rs["quota"]["ratio"])) * 1000),
        "base_kind": rs["quota"].get("base", "good"), "on_exceed": rs["quota"].get("on_exceed", "warn"),
        "top_errors": [m for k, msgs in errors.items() if not k.startswith("rows.") for m in msgs],
        "row_errors": [m for k, msgs in sorted(errors.items()) if k.startswith("rows.") for m in msgs],
    })


def _quota_groups(cycle, rs, rows, stage):
    """The quota groups of the rows, each with its counts outside the grid's editable rows (the page adds the
    levels being chosen to them as the user types)."""
    keys, paths = {}, {}
    for r in rows:
        s = r["subject"]
        if s.org_path not in paths:
            paths[s.org_path] = group_of(cycle, s.org_path)[0]
        r["group"] = f"{paths[s.org_path]}:{s.quota_group}"
        keys.setdefault((paths[s.org_path], s.quota_group), []).append(r)
    labels = {g["code"]: g["label"] for g in cycle.role_groups or []}
    out = []
    stats = QuotaStats.objects.filter(cycle=cycle, organization_id__in={g for g, _ in keys}).select_related("organization")
    for q in stats.order_by("organization__path", "role_group"):
        mine = keys.get((q.organization_id, q.role_group))
        if mine is None:
            continue
        excellent, good = q.c_excellent, q.c_good
        for r in mine:
            if not r["editable"]:
                continue
            cur = r["subject"].current_level
            excellent -= cur == "excellent"
            good -= cur == "good"
            # what the row counts while nothing is chosen in it: at the decision stage, the collective's proposal
            r["fallback"] = r["subject"].collective_level if stage == "decision" and r["current"] is None else ""
        name = q.organization.name + (f" – {labels.get(q.role_group, q.role_group)}" if q.role_group else "")
        now_limit, _ = rulesets.quota_limit(rs["quota"], q.c_excellent, q.c_good)
        out.append({"key": f"{q.organization_id}:{q.role_group}", "name": name, "excellent": excellent,
                    "good": good, "now_excellent": q.c_excellent, "now_limit": now_limit,
                    "now_over": q.c_excellent > now_limit})
    return out
