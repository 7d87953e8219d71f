"""What every review service shares: audit labels, the organisation kinds reviewed, number parsing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from dangvu.core import audit
from dangvu.core.services import Errors, fail
from dangvu.organizations.access import reach
from dangvu.organizations.models import Kind

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

_fail = fail

__all__ = ["Errors", "REVIEWED_ORG_KINDS", "STAGE_LABELS"]


def _is_admin(actor) -> bool:
    return actor is None or reach(actor).is_admin


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return -1


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




def format_decimal(value) -> str:
    """A score as Vietnamese readers write it: 94 or 94,5 (decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
