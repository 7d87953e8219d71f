"""Domain functions of inspection and supervision: the only writers of this app.

Each function checks the actor's reach (Http404 out of scope), validates everything and raises
ValidationError({field: [Vietnamese message]}) before writing anything, then audits the change.
`actor=None` is the system (demo data, commands).

Parts: `cases` (the decision forming the team, the team, the extension), `steps` (outline, self-report,
team report, verification, working sessions), `conclusions` (the conclusion notice and its remedies),
`remedies` (following a remedy up), `programmes` (the yearly programme), `attachments` (files of a step).
"""

from dangvu.core import audit, history

from .. import rulesets
from .attachments import ATTACHMENT_PURPOSES, attach_file, attach_remedy_evidence
from .cases import add_team_member, check_open_inspection, extend, open_inspection, remove_team_member
from .conclusions import conclude
from .programmes import add_programme_item, create_programme
from .remedies import update_remedy
from .steps import STEP_FIELDS, add_session, record_step, record_verification

audit.register_actions({
    "inspection_open": "Quyết định thành lập đoàn",
    "team_add": "Bổ sung thành viên đoàn",
    "team_remove": "Rút thành viên khỏi đoàn",
    "inspection_extend": "Gia hạn thời gian tiến hành",
    "inspection_step": "Ghi nhận bước tiến hành",
    "working_session": "Buổi làm việc với đối tượng",
    "conclusion": "Thông báo kết luận",
    "remedy_update": "Cập nhật kết quả khắc phục",
    "programme": "Chương trình kiểm tra, giám sát",
    "programme_item": "Nội dung chương trình",
})
history.register_values("inspections.inspection", "level",
                        {k: v[:1].upper() + v[1:] for k, v in rulesets.LEVEL_LABELS.items()})

__all__ = [
    "ATTACHMENT_PURPOSES", "STEP_FIELDS", "add_programme_item", "add_session", "add_team_member", "attach_file",
    "attach_remedy_evidence", "check_open_inspection", "conclude", "create_programme", "extend", "open_inspection", "record_step",
    "record_verification", "remove_team_member", "update_remedy",
]
