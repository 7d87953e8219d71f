"""Reports over a period and a sub-tree: discipline by form, denunciations and complaints per status.

Everything here is built from the scoped querysets and never reads a denouncer's identity: the
workbook holds no name, address or contact of a denouncer, whoever exports it.
"""

import tempfile

from django.db.models import Count
from django.http import FileResponse
from openpyxl import Workbook

from dangvu.core import sheets
from dangvu.core.dates import today

from .models import ComplaintStatus, DenunciationResult, DenunciationStatus, Form
from .queries import complaints_for, denunciations_for, disciplines_for, in_subtree


def _period(qs, field, date_from, date_to):
    if date_from:
        qs = qs.filter(**{f"{field}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{field}__lte": date_to})
    return qs


def querysets(user, organization=None, date_from=None, date_to=None):
    disc = _period(in_subtree(disciplines_for(user), organization), "decided_on", date_from, date_to)
    den = _period(in_subtree(denunciations_for(user), organization), "received_on", date_from, date_to)
    comp = _period(in_subtree(complaints_for(user), organization, "discipline__scope_organization"), "filed_on",
                   date_from, date_to)
    return disc, den, comp


def summary(user, organization=None, date_from=None, date_to=None) -> dict:
    disc, den, comp = querysets(user, organization, date_from, date_to)
    counts = disc.exclude(status="annulled").order_by().values("form").annotate(n=Count("id"), members=Count("member"))
    by_form = {r["form"]: r for r in counts}
    rows = []
    for value, label in Form.choices:
        r = by_form.get(value, {"n": 0, "members": 0})
        rows.append({"form": value, "label": label, "members": r["members"], "organizations": r["n"] - r["members"],
                     "total": r["n"]})
    den_counts = dict(den.order_by().values_list("status").annotate(n=Count("id")))
    comp_counts = dict(comp.order_by().values_list("status").annotate(n=Count("id")))
    today_ = today()
    overdue = den.filter(status__in=[DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED],
                         due_on__lt=today_).count()
    return {
        "disciplines": rows,
        "discipline_total": sum(r["total"] for r in rows),
        "annulled": disc.filter(status="annulled").count(),
        "denunciations": [{"status": v, "label": lbl, "n": den_counts.get(v, 0)} for v, lbl in
                          DenunciationStatus.choices],
        "denunciation_total": sum(den_counts.values()),
        "denunciations_overdue": overdue,
        "complaints": [{"status": v, "label": lbl, "n": comp_counts.get(v, 0)} for v, lbl in ComplaintStatus.choices],
        "complaint_total": sum(comp_counts.values()),
    }


def _fmt(d):
    return d.strftime("%d/%m/%Y") if d else ""


def write_workbook(user, target, organization=None, date_from=None, date_to=None):
    data = summary(user, organization, date_from, date_to)
    disc, den, comp = querysets(user, organization, date_from, date_to)
    wb = Workbook(write_only=True)

    def bold(ws, values):
        return sheets.row(ws, values, bold=True)

    scope = organization.name + " (gồm các tổ chức trực thuộc)" if organization else "Toàn bộ phạm vi được phân quyền"
    period = f"Từ {_fmt(date_from) or '…'} đến {_fmt(date_to) or '…'}"
    ws = wb.create_sheet("Tổng hợp")
    ws.append(bold(ws, ["BÁO CÁO KỶ LUẬT, KHIẾU NẠI, TỐ CÁO"]))
    ws.append(sheets.row(ws, [f"{scope} – {period} – xuất ngày {today():%d/%m/%Y}"]))
    ws.append(sheets.row(ws, []))
    ws.append(bold(ws, ["Hình thức kỷ luật", "Đảng viên", "Tổ chức đảng", "Cộng"]))
    for r in data["disciplines"]:
        ws.append(sheets.row(ws, [r["label"], r["members"], r["organizations"], r["total"]]))
    ws.append(sheets.row(ws, ["Cộng", "", "", data["discipline_total"]]))
    ws.append(sheets.row(ws, []))
    ws.append(bold(ws, ["Tố cáo theo trạng thái", "Số đơn"]))
    for r in data["denunciations"]:
        ws.append(sheets.row(ws, [r["label"], r["n"]]))
    ws.append(sheets.row(ws, ["Quá hạn giải quyết", data["denunciations_overdue"]]))
    ws.append(sheets.row(ws, []))
    ws.append(bold(ws, ["Khiếu nại kỷ luật theo trạng thái", "Số đơn"]))
    for r in data["complaints"]:
        ws.append(sheets.row(ws, [r["label"], r["n"]]))

    ws = wb.create_sheet("Kỷ luật")
    ws.append(bold(ws, ["STT", "Đối tượng", "Hình thức", "Ngày vi phạm", "Ngày quyết định", "Số quyết định",
                        "Tổ chức quyết định", "Trạng thái"]))
    for i, d in enumerate(disc.order_by("decided_on", "id").iterator(chunk_size=2000), 1):
        ws.append(sheets.row(ws, [i, d.subject_name, d.get_form_display(), _fmt(d.violation_on), _fmt(d.decided_on),
                   d.decision_number, d.decided_by.name, d.get_status_display()]))

    ws = wb.create_sheet("Tố cáo")
    results = dict(DenunciationResult.choices)
    # no denouncer column: the identity never leaves the commission's page
    ws.append(bold(ws, ["STT", "Ngày nhận", "Đối tượng bị tố cáo", "Tổ chức giải quyết", "Trạng thái",
                        "Hạn giải quyết", "Kết luận", "Ngày thông báo kết quả"]))
    for i, d in enumerate(den.order_by("received_on", "id").iterator(chunk_size=2000), 1):
        ws.append(sheets.row(ws, [i, _fmt(d.received_on), d.subject_name, d.handled_by.name, d.get_status_display(),
                   _fmt(d.due_on), results.get(d.result, ""), _fmt(d.notified_on)]))

    ws = wb.create_sheet("Khiếu nại")
    ws.append(bold(ws, ["STT", "Ngày nhận đơn", "Quyết định bị khiếu nại", "Tổ chức giải quyết", "Hạn giải quyết",
                        "Trạng thái", "Kết quả", "Ngày giải quyết"]))
    for i, c in enumerate(comp.order_by("filed_on", "id").iterator(chunk_size=2000), 1):
        ws.append(sheets.row(ws, [i, _fmt(c.filed_on), str(c.discipline), c.handled_by.name, _fmt(c.due_on),
                   c.get_status_display(), c.get_result_display() if c.result else "", _fmt(c.resolved_on)]))
    wb.save(target)


def xlsx_response(user, organization=None, date_from=None, date_to=None):
    tmp = tempfile.TemporaryFile()
    write_workbook(user, tmp, organization, date_from, date_to)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=f"ky-luat-khieu-nai-to-cao-{today():%Y%m%d}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
