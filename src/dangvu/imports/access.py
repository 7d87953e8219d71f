"""Who may import, and which imports a user sees: the office role within its scope for the registry's kinds, the
inspection (commission) role within its scope for discipline decisions (separated duties: recording discipline is
the commission's, organizations/rulesets/duties.json), admins everywhere. An import of another office is 404; a
kind the user's role does not import is refused with a message (422)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

from .models import ImportBatch, ImportKind

ROLES = {Role.OFFICE}  # the registry's kinds
# dues are collected by the chi bộ (its secretary) and followed by the office
KIND_ROLES = {ImportKind.DISCIPLINES: {Role.INSPECTION}, ImportKind.DUES_PAYMENTS: {Role.OFFICE, Role.SECRETARY}}
ALL_ROLES = ROLES | {r for roles in KIND_ROLES.values() for r in roles}
ROLE_NAMES = {Role.OFFICE: "văn phòng cấp ủy", Role.INSPECTION: "ủy ban kiểm tra", Role.SECRETARY: "bí thư chi bộ"}


def roles_for(kind) -> set:
    return KIND_ROLES.get(kind, ROLES)


def may_import(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(ALL_ROLES))


def refusal(kind) -> str:
    who = " hoặc ".join(ROLE_NAMES[r] for r in sorted(roles_for(kind)))
    text = (f"Loại dữ liệu “{ImportKind(kind).label}”: chỉ {who} (trong phạm vi được phân quyền) hoặc quản trị hệ "
            "thống được nhập.")
    if kind == ImportKind.DISCIPLINES:
        text += (" Ghi kỷ luật là nhiệm vụ của ủy ban kiểm tra, tách bạch với văn phòng cấp ủy: hãy chuyển tệp cho "
                 "ủy ban kiểm tra cùng cấp.")
    return text


def may_import_kind(user, kind) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(roles_for(kind)))


def authorize(user, org, kind=None) -> None:
    """404 when the user reaches the organisation with no import role; ValidationError on "kind" when the role they
    hold there does not import this kind (an office importing discipline decisions)."""
    r = reach(user)
    if r.is_admin:
        return
    if not any(g.covers(org) for g in r.grants_for(ALL_ROLES)):
        raise Http404("Không tìm thấy tổ chức đảng.")
    if kind in ImportKind.values and not any(g.covers(org) for g in r.grants_for(roles_for(kind))):
        raise ValidationError({"kind": [refusal(kind)]})


def scopes_for(user):
    """Organisations an import may land in: those the user reaches with an import role."""
    q = reach(user).q(ALL_ROLES)
    return Organization.objects.all() if q is None else Organization.objects.filter(q)


def batches_for(user):
    r = reach(user)
    qs = ImportBatch.objects.select_related("owner", "organization")
    if r.is_admin:
        return qs
    special = list(KIND_ROLES)
    q = r.q(ROLES, path_field="org_path", id_field="organization_id") & ~Q(kind__in=special)
    for kind, roles in KIND_ROLES.items():
        q |= r.q(roles, path_field="org_path", id_field="organization_id") & Q(kind=kind)
    return qs.filter(q)


def access_batch(user, pk) -> ImportBatch:
    try:
        return batches_for(user).get(pk=int(pk))
    except (ImportBatch.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy lượt nhập dữ liệu.") from None
