"""Following a remedy up: its state, the day it was done and the evidence."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, clean_text, day, lock

from ..models import Remedy, RemedyStatus
from ..queries import can_update_remedy
from ._common import row

REMEDY_NOT_FOUND = "Không tìm thấy nội dung khắc phục."


@transaction.atomic
def update_remedy(actor, remedy, *, status, done_on=None, evidence="", version=None) -> Remedy:
    obj = row(Remedy.objects.select_related("owner_organization", "inspection__conducted_by", "inspection__conclusion"),
              remedy)
    if obj is None or (actor is not None and not can_update_remedy(actor, obj)):
        raise Http404(REMEDY_NOT_FOUND)
    concluded = obj.inspection.conclusion.concluded_on  # a conclusion never changes once issued
    obj = lock(Remedy, obj, version)
    errors = Errors()
    if status not in RemedyStatus.values:
        errors.add("status", "Trạng thái: chọn chưa khắc phục, đang khắc phục hoặc đã khắc phục.")
    evidence = clean_text(evidence)
    if status == RemedyStatus.DONE:
        done_on = day(errors, "done_on", "Ngày hoàn thành", done_on)
        if done_on and done_on < concluded:
            errors.add("done_on", f"Ngày hoàn thành: không được trước ngày kết luận ({dates.format_date(concluded)}).")
        if not evidence:
            errors.add("evidence", "Kết quả, minh chứng khắc phục: không được để trống khi đã khắc phục.")
    else:
        done_on = None
    errors.raise_if_any()
    fields = ["status", "done_on", "evidence"]
    before = audit.snapshot(obj, fields)
    obj.status, obj.done_on, obj.evidence = status, done_on, evidence
    bump(obj, fields)
    audit.record(actor, obj, "remedy_update", before=before, after=audit.snapshot(obj, fields))
    return obj
