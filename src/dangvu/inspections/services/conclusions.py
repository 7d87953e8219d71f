"""The conclusion notice: text, strengths, recommendations, score; each shortcoming becomes a remedy."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, clean_text, day
from dangvu.core.services import text as checked_text  # conclude's parameter `text` hides the name

from ..models import Conclusion, InspectionStatus, Remedy, TeamRole
from ._common import case, find_organization, labelled, long_text


def _scale(errors, value) -> Decimal:
    """The score's scale: positive, and small enough for its column (6 digits, 2 after the point)."""
    field = Conclusion._meta.get_field("score_max")
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    try:
        maximum = Decimal(str(value if value not in (None, "") else 100)).quantize(Decimal(1).scaleb(
            -field.decimal_places))
    except (InvalidOperation, ValueError):
        maximum = None
    if maximum is None or not maximum.is_finite() or not 0 < maximum < limit:
        errors.add("score_max", "Thang điểm: phải là số dương, nhỏ hơn " + f"{int(limit):,}.".replace(",", "."))
        return Decimal(100)
    return maximum


def _score(errors, value, maximum):
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add("score", "Điểm: phải là một số.")
        return None
    if not score.is_finite() or score < 0 or score > maximum:
        errors.add("score", f"Điểm: từ 0 đến {maximum:g}.")
        return None
    return score.quantize(Decimal("0.01"))


def _lines(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [t for t in (clean_text(v) for v in value) if t]


def _shortcoming(errors, i, s, obj, concluded_on):
    """(text, owner organisation, due date) of the i-th shortcoming; the owner defaults to the subject."""
    s = dict(s) if not isinstance(s, dict) else s
    field = f"shortcomings[{i}]"
    s_text = clean_text(s.get("text"))
    if not s_text:
        errors.add(f"{field}.text", f"Hạn chế thứ {i + 1}: nội dung không được để trống.")
    owner = find_organization(s.get("owner_organization_id", s.get("owner_organization")), errors,
                         f"{field}.owner_organization_id", f"Hạn chế thứ {i + 1}, tổ chức khắc phục")
    if owner is None and f"{field}.owner_organization_id" not in errors:
        owner = obj.scope_organization
    if owner is not None and not owner.path.startswith(obj.conducted_by.path):
        errors.add(f"{field}.owner_organization_id",
                   f"Hạn chế thứ {i + 1}: tổ chức khắc phục phải thuộc đảng bộ của {obj.conducted_by.name}.")
    due = day(errors, f"{field}.due_on", f"Hạn chế thứ {i + 1}, hạn khắc phục", s.get("due_on"), not_future=False)
    if due and concluded_on and due < concluded_on:
        errors.add(f"{field}.due_on", f"Hạn chế thứ {i + 1}: hạn khắc phục không được trước ngày kết luận "
                                      f"({dates.format_date(concluded_on)}).")
    return s_text, owner, due


@transaction.atomic
def conclude(actor, inspection, *, text, strengths=(), shortcomings=(), recommendations=(), score=None,
             score_max=100, concluded_on=None, number="", rating="") -> Conclusion:
    """The conclusion notice; each shortcoming becomes a remedy owned by an organisation."""
    obj = case(actor, inspection)
    errors = Errors()
    if Conclusion.objects.filter(inspection=obj).exists():
        errors.add("inspection", "Cuộc kiểm tra, giám sát đã có thông báo kết luận.")
    if not obj.team.filter(role=TeamRole.LEADER).exists():
        errors.add("team", f"Thông báo kết luận: chưa có {obj.team_label.lower()} (cần quyết định thành lập đoàn "
                           f"có trưởng đoàn trước khi kết luận).")
    concluded_on = day(errors, "concluded_on", "Ngày kết luận", concluded_on or dates.today())
    if concluded_on and concluded_on < obj.decided_on:
        errors.add("concluded_on", f"Ngày kết luận: không được trước ngày quyết định thành lập đoàn "
                                   f"({dates.format_date(obj.decided_on)}).")
    if concluded_on and obj.team_report_on and concluded_on < obj.team_report_on:
        errors.add("concluded_on", "Ngày kết luận: không được trước ngày báo cáo của đoàn.")
    body = long_text(errors, "text", "Nội dung kết luận", text)
    number = checked_text(errors, "number", "Số thông báo", number, 100)
    rating = checked_text(errors, "rating", "Xếp loại", rating, 255)
    maximum = _scale(errors, score_max)
    score = _score(errors, score, maximum)
    items = [_shortcoming(errors, i, s, obj, concluded_on) for i, s in enumerate(shortcomings or [])]
    errors.raise_if_any()
    c = Conclusion.objects.create(
        inspection=obj, number=number, concluded_on=concluded_on, text=body, strengths=_lines(strengths),
        recommendations=_lines(recommendations), score=score, score_max=maximum, rating=rating, created_by=actor,
    )
    Remedy.objects.bulk_create([Remedy(inspection=obj, text=t, owner_organization=o, due_on=d) for t, o, d in items])
    obj.status = InspectionStatus.CONCLUDED
    bump(obj, ["status"])
    audit.record(actor, obj, "conclusion", after=labelled(c), note=f"{len(items)} nội dung phải khắc phục")
    return c

