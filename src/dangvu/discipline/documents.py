"""The discipline decision as a Word document in party format (core.partydoc)."""

from dangvu.core import partydoc
from dangvu.core.dates import format_date


def decision_docx(d) -> bytes:
    body = d.decided_by
    superior = body.parent.name.upper() if body.parent_id else ""
    subject = (f"đồng chí {d.member.full_name}, đảng viên {d.scope_organization.name}" if d.member_id
               else d.organization.name)
    doc = partydoc.PartyDoc(
        superior=superior, issuer=body.name.upper(), number=d.decision_number, issued_on=d.decided_on,
        type_name="QUYẾT ĐỊNH", summary=f"về việc thi hành kỷ luật {d.get_form_display().lower()} đối với {subject}",
        confidentiality="", signer_capacity="T/M", signer_title="", signer_name="",
        recipients=["Như Điều 2", "Lưu hồ sơ kỷ luật"],
    )
    doc.paragraph(f"Căn cứ {_regulation(d)};")
    doc.paragraph(f"Xét vi phạm ngày {format_date(d.violation_on)}: {d.violation or '…'}", italic=False)
    doc.heading("QUYẾT ĐỊNH")
    what = d.get_form_display().lower() + (f" (chức vụ {d.post_held})" if d.post_held else "")
    doc.paragraph(f"Điều 1. Thi hành kỷ luật bằng hình thức {what} đối với {subject}.")
    doc.paragraph(f"Điều 2. Quyết định có hiệu lực từ ngày ký. Trong thời hạn {_complaint_window(d)} kể từ ngày nhận quyết định, "
                  f"nếu không đồng ý thì có quyền khiếu nại (hạn cuối: {format_date(d.complaint_until)}).")
    return doc.render()


def _complaint_window(d) -> str:
    from .rulesets import complaint_window_text, in_force

    return complaint_window_text(in_force(d.decided_on))


def _regulation(d) -> str:
    from .rulesets import in_force

    return in_force(d.decided_on)["regulation"]
