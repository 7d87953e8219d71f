"""Exports of a cycle: the summary and per-member table (.xlsx), the collective report (Mẫu 01, .docx),
and a member's self-review form (2A/2B/2C under HD 43, the HD 21 forms for older cycles, .docx)."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from openpyxl import Workbook

from dangvu.core import partydoc, sheets
from dangvu.core.dates import today
from dangvu.core.pages import word_or_pdf
from dangvu.organizations.access import access_organization, reach

from . import queries, rulesets
from .access import access_cycle, subjects_for
from .models import LEVELS, Assessment, Subject
from .services._common import format_decimal

REASONS = {"exempt": "Miễn công tác và sinh hoạt", "suspended": "Đình chỉ sinh hoạt", "new_member": "Mới kết nạp",
           "transferred_in": "Mới chuyển đến", "other": "Lý do khác"}


def _org(request, cycle):
    org = cycle.organization
    if request.GET.get("to-chuc"):
        org = access_organization(request.user, request.GET["to-chuc"])
        if not org.path.startswith(cycle.organization.path):
            raise Http404
    elif not reach(request.user).can(org, "view"):
        raise Http404
    return org


def _d(v):
    return v.strftime("%d/%m/%Y") if v else ""


def write_xlsx(user, cycle, org, target) -> int:
    rs = rulesets.get(cycle.ruleset_code)
    s = queries.summary(cycle, org)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    ws.append(sheets.row(ws, [f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {'NĂM' if cycle.period_kind == 'year' else 'KỲ'} {cycle.period}"
               f" – {org.name.upper()}"]))
    ws.append(sheets.row(ws, [rs["regulation"]]))
    if cycle.members_as_of:
        ws.append(sheets.row(ws, [f"Danh sách đảng viên theo sổ đảng viên ngày {cycle.members_as_of:%d/%m/%Y}"]))
    ws.append(sheets.row(ws, []))
    m = s["members"]
    ws.append(sheets.row(ws, ["Chỉ tiêu", "Số lượng", "Tỷ lệ (%)"]))
    ws.append(sheets.row(ws, ["Tổng số đảng viên", m["total"], ""]))
    ws.append(sheets.row(ws, ["Đủ điều kiện đánh giá", m["eligible"], ""]))
    ws.append(sheets.row(ws, ["Không xếp loại", m["not_classified"], ""]))
    for code, n in m["not_classified_by_reason"].items():
        if n:
            ws.append(sheets.row(ws, [f"  – {REASONS[code]}", n, ""]))
    for code in LEVELS:
        ws.append(sheets.row(ws, [rulesets.level_label(rs, code), m["levels"][code], m["shares"][code]]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["Tổ chức đảng trực thuộc", s["organizations"]["total"], ""]))
    for code in LEVELS:
        ws.append(sheets.row(ws, [rulesets.level_label(rs, code), s["organizations"]["levels"][code], ""]))
    o = s["organization"]
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, [f"{org.name}: tự chấm", float(o["self_score"]) if o["self_score"] is not None else "", ""]))
    ws.append(sheets.row(ws, ["Cấp trên chấm", float(o["superior_score"]) if o["superior_score"] is not None else "", ""]))
    ws.append(sheets.row(ws, ["Xếp loại", rulesets.level_label(rs, o["level"]) if o["level"] else "", ""]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["Nhóm tính tỷ lệ xuất sắc", "Xuất sắc", "Tối đa"]))
    for g in queries.quota_groups(cycle, decided=True, organization=org, limit=5000):
        ws.append(sheets.row(ws, [g["name"], g["excellent"], g["limit"]]))
    groups = queries.role_group_labels(cycle)
    rows = wb.create_sheet("Đảng viên")
    rows.append(sheets.row(rows, ["STT", "Họ và tên", "Chi bộ", *(["Nhóm tính tỷ lệ"] if groups else []), "Diện xếp loại",
                 "Tự xếp loại", "Chi bộ đề xuất", "Xếp loại", "Nghỉ ốm (tháng)"]))
    qs = (subjects_for(user, cycle).filter(subject_type="member", org_path__subtree=org.path)
          .order_by("sort_key", "id").values_list("name", "organization__name", "quota_group", "eligible", "reason",
                                                   "self_level", "collective_level", "decided_level",
                                                   "sick_leave_months"))
    n = 0
    for n, (name, cell, group, eligible, reason, sl, cl, dl, sick) in enumerate(qs.iterator(chunk_size=5000), 1):
        rows.append(sheets.row(rows, [n, name, cell, *([groups.get(group, "")] if groups else []),
                     "Xếp loại" if eligible else REASONS.get(reason or "other", ""),
                     rulesets.level_label(rs, sl) if sl else "", rulesets.level_label(rs, cl) if cl else "",
                     rulesets.level_label(rs, dl) if dl else "", sick or ""]))
    wb.save(target)
    return n


@login_required
def cycle_xlsx(request, pk):
    cycle = access_cycle(request.user, pk)
    org = _org(request, cycle)
    tmp = tempfile.TemporaryFile()
    write_xlsx(request.user, cycle, org, tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=f"xep-loai-{cycle.period}-{org.code}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def collective_report(cycle, org) -> bytes:
    rs = rulesets.get(cycle.ruleset_code)
    s = queries.summary(cycle, org)
    form = rs["forms"]["collective"]
    parent = org.parent.name.upper() if org.parent_id else ""
    doc = partydoc.PartyDoc(superior=parent, issuer=org.name.upper(), number="",
                            place="", issued_on=today(), type_name="BÁO CÁO",
                            summary=f"kiểm điểm, đánh giá, xếp loại chất lượng năm {cycle.period}",
                            signer_capacity="T/M CẤP ỦY", signer_title="BÍ THƯ", signer_name="",
                            recipients=["Cấp ủy cấp trên", "Lưu"])
    doc.paragraph(f"({form['code']} – {form['title']}; {rs['regulation']})", italic=True)
    if cycle.plan_number:
        doc.paragraph(f"Thực hiện Kế hoạch số {cycle.plan_number}"
                      f"{' ngày ' + _d(cycle.plan_date) if cycle.plan_date else ''} về kiểm điểm, đánh giá, xếp loại "
                      f"chất lượng năm {cycle.period}, {org.name} báo cáo kết quả như sau:")
    doc.heading("I. KẾT QUẢ XẾP LOẠI TỔ CHỨC ĐẢNG")
    ol = s["organizations"]["levels"]
    doc.paragraph(f"Tổng số tổ chức đảng trực thuộc: {s['organizations']['total']}; trong đó "
                  + "; ".join(f"{ol[c]} {rulesets.level_label(rs, c).lower()}" for c in LEVELS) + ".")
    o = s["organization"]
    if o["self_score"] is not None or o["level"]:
        doc.paragraph(f"{org.name} tự chấm {format_decimal(o['self_score']) or '—'} điểm; cấp trên chấm "
                      f"{format_decimal(o['superior_score']) or '—'} điểm"
                      + (f"; xếp loại “{rulesets.level_label(rs, o['level'])}”." if o["level"] else "."))
    orgs = Subject.objects.filter(cycle=cycle, subject_type="organization", org_path__subtree=org.path) \
        .exclude(organization=org).order_by("org_path")
    doc.table(["STT", "Tổ chức đảng", "Tự chấm", "Cấp trên chấm", "Xếp loại"],
              [[str(i), x.name, format_decimal(x.self_score), format_decimal(x.superior_score),
                rulesets.level_label(rs, x.decided_level) if x.decided_level else ""]
               for i, x in enumerate(orgs, 1)])
    doc.heading("II. KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN")
    m = s["members"]
    doc.paragraph(f"Tổng số đảng viên: {m['total']}; số đảng viên được đánh giá, xếp loại: {m['eligible']}; "
                  f"không xếp loại: {m['not_classified']}"
                  + (" (" + ", ".join(f"{REASONS[k].lower()}: {v}" for k, v in m["not_classified_by_reason"].items()
                                      if v) + ")" if m["not_classified"] else "") + ".")
    doc.bullets([f"{rulesets.level_label(rs, c)}: {m['levels'][c]} đảng viên ({m['shares'][c]}%)" for c in LEVELS])
    q = s["quota"]
    doc.paragraph(f"Tỷ lệ hoàn thành xuất sắc nhiệm vụ: {q['excellent']} / tối đa {q['limit']} "
                  f"({'trong' if q['ok'] else 'vượt'} tỷ lệ cho phép).")
    return doc.render()


@login_required
def collective_docx(request, pk):
    cycle = access_cycle(request.user, pk)
    org = _org(request, cycle)
    back = f"{reverse('reviews:cycle', args=[cycle.pk])}?to-chuc={org.pk}"
    return word_or_pdf(request, collective_report(cycle, org), f"mau-01-{cycle.period}-{org.code}", back)


def individual_form(cycle, subject) -> bytes:
    rs = rulesets.get(cycle.ruleset_code)
    forms = rs["forms"]["individual"]
    form = forms[-1]  # the form for a member without a leading post
    if subject.framework == "central_cadre":
        form = forms[0]
    elif subject.framework == "leader" and len(forms) > 2:
        form = forms[1]
    doc = partydoc.PartyDoc(superior=subject.organization.name.upper(), issuer=subject.organization.name.upper(),
                            type_name="BẢN TỰ KIỂM ĐIỂM",
                            summary=f"đánh giá, xếp loại chất lượng đảng viên năm {cycle.period}")
    doc.paragraph(f"({form['code']} – {form['title']}; {rs['regulation']})", italic=True)
    doc.paragraph(f"Họ và tên: {subject.name}")
    doc.paragraph(f"Chi bộ: {subject.organization.name}")
    rows = {a.stage: a for a in Assessment.objects.filter(subject=subject)}
    own = rows.get("self")
    doc.heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC; HẠN CHẾ, KHUYẾT ĐIỂM")
    doc.paragraph(own.text if own and own.text else "……………………………………………………………")
    if own and own.criteria_scores:
        doc.table(["Tiêu chí", "Điểm tự chấm"], [[k, v] for k, v in own.criteria_scores.items()])
    doc.heading("II. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG")
    doc.paragraph(rulesets.level_label(rs, own.level) if own and own.level else
                  ("Không xếp loại: " + subject.get_reason_display() if not subject.eligible else "……………"))
    for stage, title in (("collective", "III. NHẬN XÉT, ĐÁNH GIÁ CỦA CHI BỘ"),
                         ("decision", "IV. KẾT QUẢ XẾP LOẠI CỦA CẤP CÓ THẨM QUYỀN")):
        a = rows.get(stage)
        doc.heading(title)
        doc.paragraph((rulesets.level_label(rs, a.level) + (f". {a.note}" if a.note else "")) if a else "……………")
    return doc.render()


@login_required
def individual_docx(request, pk, sid):
    cycle = access_cycle(request.user, pk)
    subject = get_object_or_404(subjects_for(request.user, cycle).select_related("organization"), pk=sid,
                                subject_type="member")
    return word_or_pdf(request, individual_form(cycle, subject), f"ban-kiem-diem-{cycle.period}-{subject.pk}",
                       reverse("reviews:subject", args=[cycle.pk, subject.pk]))
