"""The conclusion notice of a case as a Word document in party format (core.partydoc)."""

from dangvu.core import partydoc
from dangvu.core.dates import format_date

from .models import InspectionKind, TeamRole


def _num(value) -> str:
    if value is None:
        return ""
    return f"{int(value)}" if value == int(value) else f"{value.normalize():g}".replace(".", ",")  # 94,5 not 94,50


def _work_noun(i) -> str:
    if i.kind == InspectionKind.WORKING_VISIT:
        return "làm việc"
    return "giám sát" if i.is_supervision else "kiểm tra"


def conclusion_filename(i) -> str:
    return f"thong-bao-ket-luan-{i.pk}.docx"


def conclusion_docx(i) -> bytes:
    """Bytes of the .docx of the conclusion notice (the inspection must have a conclusion)."""
    c = i.conclusion
    body = i.conducted_by
    team = list(i.team.select_related("user"))
    leader = next((tm for tm in team if tm.role == TeamRole.LEADER), None)
    subject = (f"đồng chí {i.subject_member.full_name}" if i.subject_member_id else i.subject_organization.name)
    noun = _work_noun(i)
    doc = partydoc.PartyDoc(
        superior=body.parent.name.upper() if body.parent_id else "", issuer=body.name.upper(), number=c.number,
        place=getattr(body, "place", "") or "", issued_on=c.concluded_on, type_name="THÔNG BÁO KẾT LUẬN",
        summary=f"{i.get_kind_display().lower()} đối với {subject}", confidentiality="",
        signer_capacity=f"T/M {i.team_label.upper()}", signer_title="TRƯỞNG ĐOÀN",
        signer_name=leader.user.full_name if leader else "",
        recipients=[subject, "Lưu hồ sơ " + noun],
    )
    decision = f"Quyết định số {i.decision_number}" if i.decision_number else "Quyết định"
    doc.paragraph(
        f"Thực hiện {decision} ngày {format_date(i.decided_on)} của {body.name} về việc thành lập "
        f"{i.team_label.lower()}; {i.team_label.lower()} đã {noun} đối với {subject} "
        f"(thời kỳ từ {format_date(i.period_from)} đến {format_date(i.period_to)})."
        + (f" Nội dung: {i.title}." if i.title else "")
    )
    if team:
        doc.table(["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong đoàn"],
                  [[str(n), tm.user.full_name or tm.user.username, tm.position, tm.get_role_display()]
                   for n, tm in enumerate(team, 1)])
    sessions = list(i.sessions.all())
    for s in sessions:
        doc.paragraph(f"Ngày {format_date(s.held_on)}, tại {s.place}, đoàn làm việc với {s.subject_attendees}.")
    doc.paragraph(f"Sau khi nghe báo cáo và xem xét hồ sơ, {body.name} kết luận như sau:")
    doc.heading("I. ƯU ĐIỂM")
    doc.bullets(c.strengths or ["(không ghi)"])
    remedies = list(i.remedies.select_related("owner_organization"))
    doc.heading("II. HẠN CHẾ, KHUYẾT ĐIỂM")
    doc.bullets([r.text for r in remedies] or ["(không ghi)"])
    doc.heading("III. KẾT LUẬN")
    doc.paragraph(c.text)
    if c.score is not None:
        doc.paragraph(f"Điểm đánh giá: {_num(c.score)}/{_num(c.score_max)} điểm.", bold=True)
    if c.rating:
        doc.paragraph(f"Xếp loại: {c.rating}.", bold=True)
    if c.recommendations:
        doc.heading("IV. KIẾN NGHỊ")
        doc.bullets(c.recommendations)
    if remedies:
        doc.heading("V. NỘI DUNG KHẮC PHỤC" if c.recommendations else "IV. NỘI DUNG KHẮC PHỤC")
        doc.table(["STT", "Nội dung cần khắc phục", "Tổ chức thực hiện", "Hạn hoàn thành"],
                  [[str(n), r.text, r.owner_organization.name, format_date(r.due_on)]
                   for n, r in enumerate(remedies, 1)])
        doc.paragraph("Các tổ chức đảng báo cáo kết quả khắc phục về "
                      f"{body.name} trước thời hạn nêu trên.", italic=True)
    return doc.render()
