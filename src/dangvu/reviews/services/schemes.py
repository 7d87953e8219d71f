"""Provincial scoring schemes for organisations, entered as data by an administrator."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from dangvu.core import audit, vntext
from dangvu.core.services import bump, fail, lock
from dangvu.organizations.access import reach

from .. import rulesets
from ..access import can_manage_cycle
from ..models import Assessment, ReviewCycle, ScoringScheme, Subject
from ._common import Errors, _dec


def _clean(errors, *, name, regulation, effective_from, effective_to, max_total, criteria, bands, applies_to,
           confirmed, note) -> dict:
    """The scheme's fields, checked (criteria adding up to the total, bands decreasing), ready to save."""
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
        if not isinstance(b, dict) or b.get("level") not in rulesets.LEVEL_RANK:
            errors.add("bands", "Mỗi mức của thang xếp loại cần level là excellent, good, completed hoặc not_completed.")
            continue
        mn = _dec(b.get("min"), "bands", errors)
        if mn is None or mn < 0 or (total is not None and mn > total):
            errors.add("bands", f"Điểm tối thiểu của mức {b['level']} phải từ 0 đến tổng điểm.")
            continue
        clean_bands.append({"level": b["level"], "min": float(mn), "conditions": list(b.get("conditions") or [])})
    ranks = [rulesets.LEVEL_RANK[b["level"]] for b in sorted(clean_bands, key=lambda b: -b["min"])]
    if ranks != sorted(ranks, reverse=True) or len(set(ranks)) != len(ranks):
        errors.add("bands", "Thang xếp loại: điểm tối thiểu phải giảm dần từ xuất sắc đến không hoàn thành.")
    if not effective_from:
        errors.add("effective_from", "Ngày hiệu lực: bắt buộc.")
    elif effective_to and effective_to < effective_from:
        errors.add("effective_to", "Ngày hết hiệu lực phải sau ngày hiệu lực.")
    if applies_to not in ("organization", "member"):
        errors.add("applies_to", "Áp dụng cho: organization (tổ chức đảng) hoặc member (đảng viên).")
    return dict(name=vntext.nfc((name or "").strip()), regulation=vntext.nfc((regulation or "").strip()),
                applies_to=applies_to, effective_from=effective_from, effective_to=effective_to, max_total=total,
                criteria=clean, bands=sorted(clean_bands, key=lambda b: -b["min"]), confirmed=bool(confirmed),
                note=vntext.nfc(note or ""))


def _admin(actor):
    if actor is not None and not reach(actor).is_admin:
        raise Http404("Không tìm thấy.")


@transaction.atomic
def create_scheme(actor, *, code, name, regulation, effective_from, effective_to=None, max_total=100, criteria,
                  bands, applies_to="organization", confirmed=True, note="") -> ScoringScheme:
    _admin(actor)
    errors = Errors()
    code = (code or "").strip()
    if not code:
        errors.add("code", "Mã thang điểm: bắt buộc.")
    elif len(code) > 60:
        errors.add("code", "Mã thang điểm: tối đa 60 ký tự.")
    elif ScoringScheme.objects.filter(code=code).exists():
        errors.add("code", f"Đã có thang điểm mã “{code}”.")
    fields = _clean(errors, name=name, regulation=regulation, effective_from=effective_from, effective_to=effective_to,
                    max_total=max_total, criteria=criteria, bands=bands, applies_to=applies_to, confirmed=confirmed,
                    note=note)
    errors.raise_if_any()
    scheme = ScoringScheme.objects.create(code=code, **fields,
                                          created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor, scheme, "create", after=audit.snapshot(scheme))
    return scheme


def scored_with(scheme):
    """Organisation assessments already scored with the scheme (they fix it: edit a new scheme instead)."""
    return Assessment.objects.filter(subject__cycle__scoring_scheme=scheme, subject__subject_type="organization",
                                     score__isnull=False)


def used_codes() -> set[str]:
    """The codes of the schemes scored_with holds rows for, from the scores kept on the organisation subjects (an
    assessment's score is always on its subject: self_score, superior_score) of the cycles with a scheme: it reads
    their organisations, never the assessments of a province's members."""
    return set(Subject.objects.filter(cycle__scoring_scheme__isnull=False, subject_type="organization")
               .filter(Q(self_score__isnull=False) | Q(superior_score__isnull=False))
               .values_list("cycle__scoring_scheme__code", flat=True).distinct())


@transaction.atomic
def update_scheme(actor, scheme, *, version=None, name, regulation, effective_from, effective_to=None,
                  max_total=100, criteria, bands, applies_to="organization", confirmed=True, note="") -> ScoringScheme:
    """Correct a scheme nobody has scored with yet (a scheme in use is history: add a new one)."""
    _admin(actor)
    scheme = lock(ScoringScheme, scheme, version)
    errors = Errors()
    used = scored_with(scheme).select_related("subject__cycle").first()
    if used is not None:
        fail("code", f"Thang điểm “{scheme.code}” đã được dùng để chấm điểm trong kỳ {used.subject.cycle.period} "
                     "nên không sửa được; thêm thang điểm mới với mã khác.")
    fields = _clean(errors, name=name, regulation=regulation, effective_from=effective_from, effective_to=effective_to,
                    max_total=max_total, criteria=criteria, bands=bands, applies_to=applies_to, confirmed=confirmed,
                    note=note)
    errors.raise_if_any()
    before = audit.snapshot(scheme)
    for k, v in fields.items():
        setattr(scheme, k, v)
    bump(scheme)
    audit.record(actor, scheme, "update", before=before, after=audit.snapshot(scheme))
    return scheme


@transaction.atomic
def set_cycle_scheme(actor, cycle, scheme_code, *, version=None):
    """Choose (or remove, with an empty code) the organisations' scoring scheme of an open cycle, before any
    organisation is scored."""
    cycle = lock(ReviewCycle, cycle, version, related=("organization", "scoring_scheme"))
    if actor is not None and not can_manage_cycle(actor, cycle):
        raise Http404("Không tìm thấy kỳ đánh giá.")
    if not cycle.is_open:
        fail("scoring_scheme_code", "Kỳ đánh giá đã kết thúc.")
    scheme = None
    if scheme_code:
        scheme = ScoringScheme.objects.filter(code=scheme_code).first()
        if scheme is None:
            fail("scoring_scheme_code", f"Không có thang điểm mã “{scheme_code}”.")
        if scheme.applies_to != "organization":
            fail("scoring_scheme_code", f"Thang điểm “{scheme.code}” dùng cho đảng viên, không dùng cho tổ chức đảng.")
    if Assessment.objects.filter(subject__cycle=cycle, subject__subject_type="organization",
                                 score__isnull=False).exists():
        fail("scoring_scheme_code", "Đã có tổ chức được chấm điểm trong kỳ: mở lại các bước đã chấm trước khi đổi "
                                    "thang điểm.")
    before = audit.snapshot(cycle, ["scoring_scheme"])
    cycle.scoring_scheme = scheme
    bump(cycle, ["scoring_scheme"])
    audit.record(actor, cycle, "update", before=before, after=audit.snapshot(cycle, ["scoring_scheme"]))
    return cycle


