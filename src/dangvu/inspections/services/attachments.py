"""Files attached to a step of a case, and evidence attached to a remedy."""

from dangvu.core import files
from dangvu.core.services import clean_text, fail

from ..queries import access_inspection, access_remedy

ATTACHMENT_PURPOSES = {
    "decision": "Quyết định, kế hoạch",
    "outline": "Đề cương báo cáo",
    "self_report": "Báo cáo tự kiểm tra",
    "session": "Biên bản làm việc",
    "verification": "Thẩm tra, xác minh",
    "team_report": "Báo cáo của đoàn",
    "conclusion": "Thông báo kết luận",
    "remedy": "Minh chứng khắc phục",
}


def attach_file(actor, inspection, f, *, purpose, note=""):
    """Attach a file to a step of the case (team members may attach too)."""
    obj = access_inspection(actor, getattr(inspection, "pk", inspection), "work") if actor is not None else inspection
    if purpose not in ATTACHMENT_PURPOSES:
        fail("purpose", "Bước: không hợp lệ.")
    return files.attach(actor, obj, f, purpose=purpose, note=clean_text(note))


def attach_remedy_evidence(actor, remedy, f, *, note=""):
    """Attach evidence of a remedy (those who may update the remedy)."""
    obj = access_remedy(actor, getattr(remedy, "pk", remedy), "update") if actor is not None else remedy
    return files.attach(actor, obj, f, purpose="remedy", note=clean_text(note))
