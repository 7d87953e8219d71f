"""Role grants: who may see and change which part of the tree.

Who may grant which role where is rule data (`rulesets/duties.json`), evaluated here: the administrator
may do everything; anyone else grants (and revokes) a role only on an organisation strictly below the
organisation where they hold a role that grants it (`granted_by`, `levels_below`), never to themselves
(`self_grant`), and never touches a grant at their own level or above. Every grant and revocation is
audited (`roles_log` lists them for the superiors).
"""

import datetime as dt

from django.db import transaction
from django.http import Http404

from dangvu.core import audit
from dangvu.core.services import Errors

from .. import rulesets
from ..access import reach
from ..models import (
    Organization,
    Role,
    RoleAssignment,
)
from ._common import (
    _is_system,
    _lock,
)

ROLE_LABELS = dict(Role.choices)
# the roles a grant form may offer, in this order (admin is not granted on an organisation)
GRANTABLE_ROLES = (Role.OFFICE, Role.INSPECTION, Role.SECRETARY, Role.MEMBER)


def _is_admin(actor) -> bool:
    return _is_system(actor) or reach(actor).is_admin


def grantor_roles(day: dt.date | None = None) -> set[str]:
    """Roles that grant some role somewhere (the roles that administer grants and read their log)."""
    return {g for spec in rulesets.in_force(day, "duties")["roles"].values() for g in spec["granted_by"]}


def may_administer_grants(actor, organization) -> bool:
    """Whether actor sees the role grants of organization (the roles tab, the API list)."""
    if _is_admin(actor):
        return True
    if organization is None:
        return False
    return any(g.covers(organization) for g in reach(actor).grants_for(grantor_roles()))


def _names(roles) -> str:
    return ", ".join(f"“{ROLE_LABELS.get(r, r)}”" for r in roles)


def judge(actor, role, organization, *, user=None, include_subtree=False) -> Errors:
    """The Errors of what forbids actor to grant (or revoke) role on organization for user; empty (falsy) if allowed.

    Raises Http404 when organization is outside what the actor's granting roles reach (as if it did not exist).
    """
    if _is_admin(actor):
        return Errors()
    rs = rulesets.in_force(which="duties")
    if organization is None or not may_administer_grants(actor, organization):
        raise Http404("Không tìm thấy tổ chức đảng.")
    spec = rs["roles"].get(str(role))
    if spec is None:
        return Errors.one("role", "Vai trò: giá trị không hợp lệ.")
    label = ROLE_LABELS.get(str(role), str(role))
    if not spec["granted_by"]:
        return Errors.one("role", f"Vai trò: chỉ quản trị hệ thống được gán vai trò “{label}”.")
    r = reach(actor)
    granting = r.grants_for(set(spec["granted_by"]))
    errors = Errors()
    if not any(g.covers(organization) for g in granting):
        errors.add("role", f"Vai trò: anh/chị không được gán hoặc thu hồi vai trò “{label}”; vai trò này chỉ do quản "
                           f"trị hệ thống hoặc {_names(spec['granted_by'])} của tổ chức cấp trên gán.")
    else:
        own_level = [g for g in granting if g.path.startswith(organization.path)]
        depth = organization.path.count(".")
        below = [g for g in granting if g.include_subtree and organization.path.startswith(g.path)
                 and depth - g.path.count(".") >= int(rs["levels_below"])]
        if own_level or not below:
            errors.add("organization", (f"Tổ chức: không được gán hoặc thu hồi vai trò “{label}” trên "
                                      f"“{organization.name}”, ở cấp của mình hoặc cấp trên; việc này do quản trị hệ "
                                      "thống hoặc cấp trên thực hiện."))
    if user is not None and not rs["self_grant"] and getattr(user, "pk", None) == getattr(actor, "pk", None):
        errors.add("user", "Người dùng: không được tự phân quyền hoặc thu hồi quyền của chính mình.")
    return errors


def grantable_roles(actor, organization) -> list[str]:
    """The roles actor may grant on organization (what the grant form offers)."""
    if organization is None:
        return []
    out = []
    for role in GRANTABLE_ROLES:
        try:
            if not judge(actor, role, organization) and _kind_error(role, organization) is None:
                out.append(role)
        except Http404:
            return []
    return out


def _kind_error(role, organization) -> str | None:
    kinds = rulesets.in_force(which="duties")["roles"].get(str(role), {}).get("organization_kinds", "any")
    if kinds == "cell" and not organization.is_cell:
        return f"Tổ chức: vai trò {ROLE_LABELS[str(role)]} chỉ gán trên một chi bộ."
    return None


def may_manage_role(actor, assignment) -> bool:
    """Whether actor may revoke this role assignment (pages show the button only then)."""
    if assignment.role == Role.ADMIN or assignment.organization_id is None:
        return _is_admin(actor)
    try:
        return not judge(actor, assignment.role, assignment.organization, user=assignment.user)
    except Http404:
        return False


@transaction.atomic
def grant_role(actor, user, role, organization, include_subtree=True):
    errors = Errors()
    role = str(role) if role is not None else ""
    spec = rulesets.in_force(which="duties")["roles"].get(role)
    if role == Role.ADMIN:
        if not _is_admin(actor):
            raise Http404("Không tìm thấy tổ chức đảng.")
        organization = None
    elif spec is None or role not in GRANTABLE_ROLES:
        errors.add("role", "Vai trò: giá trị không hợp lệ.")
    elif organization is None:
        errors.add("organization", "Tổ chức: không được để trống.")
    else:
        organization = _lock(Organization, organization)
        errors.update(judge(actor, role, organization, user=user, include_subtree=include_subtree))
        kind_error = _kind_error(role, organization)
        if kind_error and "organization" not in errors:
            errors.add("organization", kind_error)
        elif not organization.is_active and "organization" not in errors:
            errors.add("organization", f"Tổ chức: “{organization.name}” không còn hoạt động.")
    if user is None:
        errors.add("user", "Người dùng: không được để trống.")
    if not errors and RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        errors.add("role", "Vai trò: người dùng đã có vai trò này trên tổ chức này.")
    errors.raise_if_any()
    subtree_allowed = spec["include_subtree"] if spec else False
    row = RoleAssignment.objects.create(
        user=user, role=role, organization=organization,
        include_subtree=bool(include_subtree) and subtree_allowed,
    )
    if hasattr(user, "_dangvu_reach"):
        del user._dangvu_reach
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def revoke_role(actor, assignment):
    row = (RoleAssignment.objects.select_for_update(of=("self",)).select_related("organization", "user")
           .filter(pk=assignment.pk).first())
    if row is None or not may_manage_role(actor, row):
        raise Http404("Không tìm thấy tổ chức đảng.")
    before = audit.snapshot(row)
    audit.record(actor, row, "delete", before=before, after=None)
    row.delete()
    if hasattr(assignment.user, "_dangvu_reach"):
        del assignment.user._dangvu_reach
