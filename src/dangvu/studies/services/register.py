"""The register of resolutions and directives (sổ nghị quyết, chỉ thị) the sessions study."""

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from dangvu.core import audit, vntext
from dangvu.core.services import Errors, day, text

from .. import access
from ..models import DocumentKind, Resolution
from ._common import org_of

__all__ = ["create_resolution", "find_resolution", "register_of"]


@transaction.atomic
def create_resolution(actor, *, kind, title, number="", issuer="", issued_on=None, organization=None) -> Resolution:
    """Add a resolution or directive to the register (shared register: admin; an organisation's: its office)."""
    errors = Errors()
    org = None
    if organization not in (None, ""):
        org = org_of(organization, "organization", "Đơn vị đăng ký", errors)
        if org is not None and not access.can(actor, org, "train"):
            raise Http404("Không tìm thấy tổ chức đảng.")
    elif actor is not None and not access.reach(actor).is_admin:
        errors.add("organization", "Đơn vị đăng ký: chọn tổ chức của mình (sổ dùng chung do quản trị hệ thống quản lý).")
    if kind not in DocumentKind.values:
        errors.add("kind", "Loại văn bản: giá trị không hợp lệ.")
    title = text(errors, "title", "Tên văn bản", title, 300, required=True)
    number = text(errors, "number", "Số, ký hiệu", number, 60)
    issuer = text(errors, "issuer", "Cơ quan ban hành", issuer, 200)
    issued_on = day(errors, "issued_on", "Ngày ban hành", issued_on, required=False)
    if number and kind in DocumentKind.values and Resolution.objects.filter(
            kind=kind, number__iexact=number, organization=org).exists():
        errors.add("number", f"Số, ký hiệu: {number} đã có trong sổ.")
    errors.raise_if_any()
    res = Resolution.objects.create(kind=kind, number=number, title=title, issuer=issuer, issued_on=issued_on,
                                    organization=org, search_key=vntext.fold(f"{number} {title}"))
    audit.record(actor, res, "create", after=audit.snapshot(res))
    return res


def register_of(organization):
    """The register an organisation's sessions study: the shared entries, its own and its superiors'."""
    return Resolution.objects.filter(Q(organization__isnull=True) | Q(organization_id__in=organization.ancestor_ids()))


def find_resolution(title: str, organization=None) -> Resolution | None:
    """The registered document whose title or number is exactly this text (diacritics ignored), in the register
    of the organisation when one is given."""
    key = vntext.fold(title or "").strip()
    if not key:
        return None
    qs = Resolution.objects.all() if organization is None else register_of(organization)
    for res in qs.filter(search_key__contains=key)[:50]:
        title = vntext.fold(res.title)
        if key in (title, vntext.fold(res.number), vntext.fold(f"{res.get_kind_display()} {res.number}")) \
                or title.startswith(key + " ve "):
            return res
    return None
