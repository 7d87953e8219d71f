"""Who may do what with party dues, and the scoped querysets every read goes through.

- Administrators: everything.
- Office (Văn phòng / Ban tổ chức cấp ủy) and the chi bộ secretary: manage the dues of the organisations their
  grants reach (bases, reliefs, the month's sheet and payments, remittances); the office of the upper level
  confirms the receipt of a remittance.
- Inspection commission: reads in its scope (the finance inspection is one of its statutory duties), writes nothing.
- A member: his own lines, payments, basis and reliefs only; he may report his basis (not confirm it).
Out of scope and forbidden both answer 404.
"""

from django.http import Http404

from dangvu.members.models import Member
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

from .models import DuesBasis, DuesLine, DuesPayment, DuesRelief, DuesRemittance

ACTIONS = {
    "view": {Role.OFFICE, Role.SECRETARY, Role.INSPECTION},
    "manage": {Role.OFFICE, Role.SECRETARY},
    "confirm_receipt": {Role.OFFICE},
}
READ_ROLES = ACTIONS["view"]
MANAGE_ROLES = ACTIONS["manage"]


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False)


def own_member(user) -> Member | None:
    """The member record of the user (None for a user who is not a member)."""
    return getattr(user, "member", None) if _authenticated(user) else None


def sees_dues(user) -> bool:
    """The dues menu: admins, office, secretary, inspection, and every member (his own)."""
    if not _authenticated(user):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(READ_ROLES)) or own_member(user) is not None


def reads_organisations(user) -> bool:
    r = reach(user)
    return _authenticated(user) and (r.is_admin or bool(r.grants_for(READ_ROLES)))


def can(user, organization: Organization, action: str = "view") -> bool:
    if user is None:  # the system (commands, demo)
        return True
    return _authenticated(user) and reach(user).can(organization, action, ACTIONS)


def _scoped(qs, user, action, path_field="path", id_field="id"):
    if not _authenticated(user):
        return qs.none()
    q = reach(user).q(ACTIONS[action], path_field=path_field, id_field=id_field)
    return qs if q is None else qs.filter(q)


def organizations_for(user, action: str = "view"):
    return _scoped(Organization.objects.all(), user, action)


def access_organization(user, pk, action: str = "view") -> Organization:
    try:
        return organizations_for(user, action).get(pk=int(getattr(pk, "pk", pk)))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng trong phạm vi của đồng chí.")


def members_for(user, action: str = "view"):
    """Members whose dues the user may read (view) or manage; a member alone reads himself."""
    qs = _scoped(Member.objects.all(), user, action, "org_path", "organization_id")
    me = own_member(user)
    if action == "view" and me is not None and not reach(user).is_admin:
        qs = qs | Member.objects.filter(pk=me.pk)
    return qs


def access_member(user, pk, action: str = "view") -> Member:
    """The member in the user's scope for action ("view", "manage", "report": his own basis), else 404."""
    try:
        pk = int(getattr(pk, "pk", pk))
    except (ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy đảng viên trong phạm vi của đồng chí.")
    me = own_member(user)
    if action == "report" and me is not None and me.pk == pk:
        return Member.objects.select_related("organization").get(pk=pk)
    try:
        return members_for(user, "manage" if action == "report" else action).select_related("organization").get(pk=pk)
    except Member.DoesNotExist:
        raise Http404("Không tìm thấy đảng viên trong phạm vi của đồng chí.")


def lines_for(user, action: str = "view"):
    qs = _scoped(DuesLine.objects.all(), user, action, "org_path", "organization_id")
    me = own_member(user)
    if action == "view" and me is not None and not reach(user).is_admin:
        qs = qs | DuesLine.objects.filter(member_id=me.pk)
    return qs


def payments_for(user, action: str = "view"):
    qs = _scoped(DuesPayment.objects.all(), user, action, "line__org_path", "line__organization_id")
    me = own_member(user)
    if action == "view" and me is not None and not reach(user).is_admin:
        qs = qs | DuesPayment.objects.filter(line__member_id=me.pk)
    return qs


def access_payment(user, pk, action: str = "view") -> DuesPayment:
    try:
        return payments_for(user, action).select_related("line", "line__member").get(pk=int(getattr(pk, "pk", pk)))
    except (DuesPayment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy khoản nộp đảng phí trong phạm vi của đồng chí.")


def bases_for(user, action: str = "view"):
    return DuesBasis.objects.filter(member__in=members_for(user, action).values("pk"))


def access_basis(user, pk, action: str = "view") -> DuesBasis:
    try:
        return bases_for(user, action).select_related("member").get(pk=int(getattr(pk, "pk", pk)))
    except (DuesBasis.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy căn cứ đóng đảng phí trong phạm vi của đồng chí.")


def reliefs_for(user, action: str = "view"):
    return DuesRelief.objects.filter(member__in=members_for(user, action).values("pk"))


def remittances_for(user, action: str = "view"):
    """Remittances sent by an organisation in scope or sent to one."""
    if not _authenticated(user):
        return DuesRemittance.objects.none()
    r = reach(user)
    q = r.q(ACTIONS[action], prefix="organization__")
    if q is None:
        return DuesRemittance.objects.all()
    return DuesRemittance.objects.filter(q | r.q(ACTIONS[action], prefix="to_organization__"))


def access_remittance(user, pk, action: str = "view") -> DuesRemittance:
    try:
        return remittances_for(user, action).select_related("organization", "to_organization").get(
            pk=int(getattr(pk, "pk", pk)))
    except (DuesRemittance.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy khoản nộp đảng phí lên cấp trên trong phạm vi của đồng chí.")
