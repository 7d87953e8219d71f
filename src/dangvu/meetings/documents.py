"""The minutes book (sổ ghi biên bản) of a chi bộ for a period, as a Word document in party format."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from dangvu.core import partydoc
from dangvu.core.dates import format_date

from .models import Attendance, AttendanceStatus, Meeting, MeetingStatus, Opinion
from .queries import _local_start

FIELD_LABELS = {"content": "nội dung", "resolutions": "nghị quyết", "conclusion": "kết luận", "place": "địa điểm"}


def book_meetings(cell, date_from: dt.date, date_to: dt.date):
    """Meetings of the chi bộ with minutes (held or closed) in the period, oldest first, everything prefetched."""
    return (
        Meeting.objects.filter(
            organization=cell, status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED],
            starts_at__gte=_local_start(date_from), starts_at__lt=_local_start(date_to + dt.timedelta(days=1)),
        )
        .select_related("chair", "note_taker")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("member").order_by("member__sort_key")),
            Prefetch("opinions", queryset=Opinion.objects.select_related("member")),
            "amendments",
        )
        .order_by("starts_at", "id")
    )


def _hm(value) -> str:
    return f"{timezone.localtime(value):%H giờ %M}" if value else "…"


def minutes_book_docx(cell, date_from: dt.date, date_to: dt.date) -> bytes:
    meetings = list(book_meetings(cell, date_from, date_to))
    superior = cell.parent.name.upper() if cell.parent_id else ""
    doc = partydoc.PartyDoc(
        superior=superior, issuer=cell.name.upper(), type_name="SỔ GHI BIÊN BẢN SINH HOẠT CHI BỘ",
        summary=f"từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}", confidentiality="",
        signer_capacity="T/M CHI BỘ", signer_title="BÍ THƯ", signer_name="", recipients=["Lưu chi bộ"],
    )
    if not meetings:
        doc.paragraph("Không có cuộc sinh hoạt nào có biên bản trong kỳ.")
    for i, m in enumerate(meetings, start=1):
        doc.heading(f"{i}. {m.get_kind_display().upper()} NGÀY {format_date(m.day)}")
        if m.topic:
            doc.paragraph(f"Chủ đề: {m.topic}")
        doc.paragraph(f"Thời gian: bắt đầu {_hm(m.starts_at)}, kết thúc {_hm(m.ends_at)}"
                      + (f" ({m.duration_minutes} phút)." if m.duration_minutes is not None else "."))
        doc.paragraph(f"Địa điểm: {m.place or '…'}.")
        doc.paragraph(f"Chủ trì: {m.chair.full_name if m.chair else '…'}; thư ký: "
                      f"{m.note_taker.full_name if m.note_taker else '…'}.")
        rows = list(m.attendances.all())
        present = [a for a in rows if a.status == AttendanceStatus.PRESENT]
        doc.paragraph(f"Đảng viên được triệu tập: {len(rows)}; có mặt: {len(present)}; vắng: {len(rows) - len(present)}.")
        absent = [a for a in rows if a.status != AttendanceStatus.PRESENT]
        if absent:
            doc.table(["STT", "Họ và tên", "Tình trạng", "Lý do"],
                      [[str(k), a.member.full_name, a.get_status_display(), a.reason]
                       for k, a in enumerate(absent, start=1)])
        doc.paragraph("Nội dung sinh hoạt:", bold=True)
        doc.paragraph(m.content or "…")
        opinions = list(m.opinions.all())
        if opinions:
            doc.paragraph("Ý kiến phát biểu:", bold=True)
            doc.bullets([f"Đồng chí {o.member.full_name}: {o.text}" for o in opinions])
        if m.resolutions:
            doc.paragraph("Nghị quyết của cuộc họp:", bold=True)
            doc.paragraph(m.resolutions)
        doc.paragraph("Kết luận của đồng chí chủ trì:", bold=True)
        doc.paragraph(m.conclusion or "(Chưa có kết luận.)", italic=not m.conclusion)
        if m.status == MeetingStatus.CLOSED and m.closed_at:
            doc.paragraph(f"Biên bản đã được thông qua và khóa lúc {_hm(m.closed_at)} ngày "
                          f"{format_date(timezone.localtime(m.closed_at).date())}.", italic=True)
        else:
            doc.paragraph("Biên bản chưa được ký, khóa.", italic=True)
        for a in m.amendments.all():
            doc.paragraph(f"Đính chính {FIELD_LABELS.get(a.field, a.field)} ngày "
                          f"{format_date(timezone.localtime(a.made_at).date())}: “{a.before}” thành “{a.after}” "
                          f"(lý do: {a.reason}).", italic=True)
    return doc.render()
