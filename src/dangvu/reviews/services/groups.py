"""Role groups of a cycle: the groups of similar roles within which QĐ 124 counts the quota on "excellent".

The rule set names the default groups (members holding a committee post on the roll's day, the others);
the committee office may add a group and move members between groups while the cycle is open. Each move
carries the member's current and decided levels from one quota group to the other.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, vntext
from dangvu.core.services import Errors, bump, bump_all, clean_text, fail, lock

from .. import rulesets, stats
from ..access import can_manage_cycle
from ..models import ReviewCycle, Subject

audit.register_actions({
    "role_group": "Thêm nhóm đối tượng tính tỷ lệ",
    "assign_role_group": "Xếp đảng viên vào nhóm tính tỷ lệ",
})

MAX_ASSIGN = 5000


def _check(actor, cycle) -> dict:
    if actor is not None and not can_manage_cycle(actor, cycle):
        raise Http404("Không tìm thấy kỳ đánh giá.")
    if not cycle.is_open:
        fail("quota_group", "Kỳ đánh giá đã kết thúc: không đổi nhóm tính tỷ lệ (mở lại kỳ nếu cần đính chính).")
    rs = rulesets.get(cycle.ruleset_code)
    if rs["quota"].get("group") != "role_group":
        fail("quota_group", f"{rs['name']} tính tỷ lệ xuất sắc trong từng tổ chức cơ sở đảng, không theo nhóm "
                            f"đối tượng ({rs['quota']['citation']}).")
    return rs


def _code_for(label: str, taken: set[str]) -> str:
    base = "-".join(vntext.search_key(label).split())[:40] or "nhom"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def add_role_group(actor, cycle: ReviewCycle, *, label: str) -> dict:
    """A new, empty role group of the cycle: {"code", "label"}."""
    cycle = lock(ReviewCycle, cycle, related=("organization",))
    _check(actor, cycle)
    errors = Errors()
    label = clean_text(label)
    if not label:
        errors.add("label", "Tên nhóm: không được để trống.")
    elif len(label) > 150:
        errors.add("label", "Tên nhóm: tối đa 150 ký tự.")
    groups = list(cycle.role_groups or [])
    if label and any(vntext.search_key(g["label"]) == vntext.search_key(label) for g in groups):
        errors.add("label", f"Kỳ đánh giá đã có nhóm “{label}”.")
    errors.raise_if_any()
    before = {"role_groups": [g["label"] for g in groups]}
    group = {"code": _code_for(label, {g["code"] for g in groups}), "label": label}
    cycle.role_groups = [*groups, group]
    bump(cycle, ["role_groups"])
    stats.add_role_group(cycle, group["code"])
    audit.record(actor, cycle, "role_group", before=before,
                 after={"role_groups": [g["label"] for g in cycle.role_groups]}, note=label)
    return group


@transaction.atomic
def assign_role_group(actor, cycle: ReviewCycle, *, member_ids, group: str) -> int:
    """Move these members of the cycle into a role group; returns how many changed group."""
    cycle = ReviewCycle.objects.select_related("organization").get(pk=cycle.pk)
    _check(actor, cycle)
    labels = {g["code"]: g["label"] for g in cycle.role_groups or []}
    if group not in labels:
        fail("group", f"Nhóm “{group}” không có trong kỳ đánh giá; chọn một trong: "
                      f"{', '.join(f'{c} ({lb})' for c, lb in labels.items())}.")
    try:
        ids = sorted({int(m) for m in member_ids or []})
    except (TypeError, ValueError):
        fail("member_ids", "Danh sách đảng viên phải là các mã số.")
    if not ids:
        fail("member_ids", "Chọn ít nhất một đảng viên.")
    if len(ids) > MAX_ASSIGN:
        fail("member_ids", f"Mỗi lần xếp tối đa {MAX_ASSIGN} đảng viên.")
    subjects = list(Subject.objects.select_for_update()
                    .filter(cycle=cycle, subject_type="member", member_id__in=ids).order_by("id"))
    missing = set(ids) - {s.member_id for s in subjects}
    if missing:
        fail("member_ids", f"{len(missing)} đảng viên (mã {', '.join(str(m) for m in sorted(missing)[:10])}) không "
                           f"thuộc kỳ đánh giá {cycle.period} của {cycle.organization.name}.")
    moving = [sj for sj in subjects if sj.quota_group != group]
    # the quota rows move once per (grassroots organisation, former group), not once per member
    grassroots = {}
    deltas: dict[tuple, Counter] = defaultdict(Counter)
    for sj in moving:
        if sj.organization_id not in grassroots:
            grassroots[sj.organization_id] = stats.group_of(cycle, sj.org_path)
        deltas[(grassroots[sj.organization_id], sj.quota_group)].update(stats.quota_part(stats.subject_keys(sj)))
    quota = rulesets.get(cycle.ruleset_code)["quota"]
    for (org_group, before_group), part in deltas.items():
        stats.move_group(cycle, org_group, before_group, Counter({k: -v for k, v in part.items()}), quota)
        stats.move_group(cycle, org_group, group, part, quota)
    bump_all(Subject.objects.filter(pk__in=[sj.pk for sj in moving]), quota_group=group)
    audit.record_many(
        audit.entry(actor, sj, "assign_role_group", before={"quota_group": labels.get(sj.quota_group, "")},
                    after={"quota_group": labels[group]}, note=sj.name)
        for sj in moving
    )
    return len(moving)
