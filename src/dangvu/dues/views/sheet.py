"""The sheet (sổ thu đảng phí) of a chi bộ and a month: one row per member, bulk entry, the .xlsx."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.pages import call_service

from .. import queries, webscope
from ..forms import BulkForm
from ..services import owed, payments
from ._common import add_months, method_choices, month_key, month_or_404


def _context(request, org, month, bulk_form=None):
    user = request.user
    data = queries.sheet(org, month)
    rows = [{**r, "settled": r["status"] in ("paid", "exempt") or (r["owed"] > 0 and r["paid"] >= r["owed"])
             or r["owed"] == 0, "outstanding": max(0, r["owed"] - r["paid"])} for r in data["rows"]]
    return {
        "organization": org, "month": month, "month_key": month_key(month), "rows": rows,
        "owed": data["totals"]["owed"], "paid": data["totals"]["paid"],
        "unpaid": sum(1 for r in rows if not r["settled"]), "missing": data["missing"],
        "can_manage": webscope.can(user, org, "manage"),
        "bulk_form": bulk_form or BulkForm(methods=method_choices()),
        "prev": month_key(add_months(month, -1)), "next": month_key(add_months(month, 1)),
        "index_url": reverse("dues:index") + f"?to_chuc={org.pk}&thang={month_key(month)}",
    }


@login_required
def sheet(request, org_id, month):
    org = webscope.access_cell(request.user, org_id)
    return render(request, "dues/sheet.html", _context(request, org, month_or_404(month)))


@login_required
@require_POST
def generate(request, org_id, month):
    user = request.user
    org = webscope.access_cell(user, org_id, "manage")
    m = month_or_404(month)
    call_service(request, lambda: owed.generate_month(user, org, m),
                 lambda n: f"Đã lập sổ thu tháng {m:%m/%Y}: thêm {n} đảng viên.")
    return redirect("dues:sheet", org.pk, month_key(m))


@login_required
@require_POST
def bulk(request, org_id, month):
    user = request.user
    org = webscope.access_cell(user, org_id, "manage")
    m = month_or_404(month)
    form = BulkForm(request.POST, methods=method_choices())
    ids = []
    for raw in request.POST.getlist("member"):
        try:
            value = int(raw)
        except (TypeError, ValueError, OverflowError):
            continue
        if 0 < value < 2**63:  # an id; anything else is no member
            ids.append(value)
    if form.is_valid():
        if not ids:
            form.add_error(None, "Chưa chọn đảng viên nào: đánh dấu những đồng chí đã nộp đủ.")
        else:
            d = form.cleaned_data
            ok, n = call_service(request, lambda: payments.record_bulk(
                user, org, month=m, paid_on=d["paid_on"], method=d["method"], member_ids=ids),
                lambda n: f"Đã ghi nhận {n} đảng viên nộp đủ đảng phí tháng {m:%m/%Y}.", form=form)
            if ok:
                skipped = len(set(ids)) - n
                if skipped > 0:
                    messages.info(request, f"{skipped} đồng chí đã nộp đủ từ trước: giữ nguyên.")
                return redirect("dues:sheet", org.pk, month_key(m))
    return render(request, "dues/sheet.html", _context(request, org, m, bulk_form=form), status=422)


@login_required
def xlsx(request, org_id, month):
    from ..exports import write_sheet

    org = webscope.access_cell(request.user, org_id)
    m = month_or_404(month)
    tmp = tempfile.TemporaryFile()
    write_sheet(org, m, queries.sheet(org, m)["rows"], tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=f"so-thu-dang-phi-{org.code}-{month_key(m)}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def word(request, org_id, month):
    """The sheet in the party's Word layout (.docx; ?dinh-dang=pdf for the PDF where LibreOffice is installed)."""
    from dangvu.core.pages import word_or_pdf

    from ..exports import sheet_docx

    org = webscope.access_cell(request.user, org_id)
    m = month_or_404(month)
    data = sheet_docx(org, m, queries.sheet(org, m)["rows"])
    return word_or_pdf(request, data, f"so-thu-dang-phi-{org.code}-{month_key(m)}",
                       reverse("dues:sheet", args=[org.pk, month_key(m)]))
