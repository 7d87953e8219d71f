"""Provincial scoring schemes for organisations, entered as data by an administrator."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, vntext
from dangvu.organizations.access import reach

from .. import ruledata
from ..models import ScoringScheme
from ._common import Errors, _dec


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


