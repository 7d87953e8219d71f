"""Việc cần làm of discipline: denunciations and complaints being handled, with their deadline (the inspection
commission reaching them and the assigned handlers, through ``denunciations_for`` / ``complaints_for``).
A line never names a denouncer (nor the member denounced): "Giải quyết đơn tố cáo số 12 nhận ngày …"."""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, few_or_counted, register_kinds

from .models import ComplaintStatus, DenunciationStatus
from .queries import complaints_for, denunciations_for, handles_anything, is_handler

register_kinds({"denunciation_due": "Đơn tố cáo đang giải quyết", "complaint_due": "Khiếu nại kỷ luật đang giải quyết"})


def _denunciation(d):
    return WorkItem("denunciation_due", d.due_on,
                    f"Giải quyết đơn tố cáo số {d.pk} nhận ngày {d.received_on:%d/%m/%Y} – {d.handled_by.name}",
                    reverse("discipline:denunciation", args=[d.pk]))


def _complaint(c):
    return WorkItem("complaint_due", c.due_on,
                    f"Giải quyết khiếu nại kỷ luật nhận ngày {c.filed_on:%d/%m/%Y} – {c.handled_by.name}",
                    reverse("discipline:complaint", args=[c.pk]))


def items(user, reach, today):
    if not (handles_anything(user) or is_handler(user)):
        return []
    open_d = denunciations_for(user).filter(status=DenunciationStatus.HANDLING)
    out = few_or_counted(open_d, "due_on", _denunciation, lambda n, due: WorkItem(
        "denunciation_due", due, f"{count_text(n)} đơn tố cáo đang giải quyết",
        reverse("discipline:denunciations") + f"?status={DenunciationStatus.HANDLING}", count=n))
    open_c = complaints_for(user).filter(status=ComplaintStatus.HANDLING)
    out += few_or_counted(open_c, "due_on", _complaint, lambda n, due: WorkItem(
        "complaint_due", due, f"{count_text(n)} khiếu nại kỷ luật đang giải quyết",
        reverse("discipline:complaints"), count=n))
    return out
