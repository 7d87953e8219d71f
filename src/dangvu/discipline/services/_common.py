"""Checks shared by the discipline services (the kernel itself is dangvu.core.services)."""

from django.http import Http404

from dangvu.core import audit, history
from dangvu.core.services import row
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from ..queries import can_handle

audit.register_actions({
    "discipline": "Quyết định kỷ luật",
    "complaint": "Nhận đơn khiếu nại",
    "complaint_result": "Giải quyết khiếu nại",
    "denunciation": "Nhận đơn tố cáo",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận giải quyết",
    "notify": "Thông báo kết quả",
    "handler": "Phân công người giải quyết",
    "read_identity": "Xem danh tính người tố cáo",
})
history.register_values("discipline.denunciation", "level", {"grassroots": "Cấp cơ sở", "higher": "Cấp trên cơ sở"})
history.register_values("discipline.discipline", "member_status", dict(Status.choices))


def _org(value):
    if value is None or value == "" or isinstance(value, Organization):
        return value or None
    org = row(Organization.objects.all(), value)
    if org is None:
        raise Http404("Không tìm thấy tổ chức đảng.")
    return org


def _member(value):
    if value is None or value == "":
        return None
    member = row(Member.objects.select_related("organization"), value)
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member


def _authorize(actor, organization):
    """actor None = the system (demo, commands); else admin or inspection in scope."""
    if actor is None:
        return
    if not can_handle(actor, organization):
        raise Http404("Không tìm thấy.")


def _subject(errors, member, organization, member_field="member_id", org_field="organization_id"):
    if (member is None) == (organization is None):
        errors.add(member_field if member is None else org_field,
                   "Đối tượng: chọn đúng một đảng viên hoặc một tổ chức đảng.")
        return None
    return member.organization if member is not None else organization
