"""What the members app lends to the organisations app below it (dangvu.core.providers), and its hook on
the tree: a moved organisation carries its members' ``org_path``. Imported by MembersConfig.ready()."""

from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr

from dangvu.core import providers
from dangvu.organizations import pickers
from dangvu.organizations.signals import organization_moved

from .models import Member, Status


def in_subtree(organization, *, active: bool = False):
    """The members attached to the organisation's sub-tree (only those in party life when ``active``)."""
    qs = Member.objects.filter(org_path__subtree=organization.path)
    return qs.filter(status__in=Status.active()) if active else qs


def grantable_members(user):
    """The people the organisations' role-grant form may choose (purpose "organizations.grant"): the members in
    party life the user sees; the form resolves the member to the account and the grant service decides."""
    from .queries import members_for

    return members_for(user, "view").filter(status__in=Status.active())


def committee_candidates(user):
    """The people the organisations' committee form may search (purpose "organizations.committee"): the members in
    party life the user may change; the form narrows them to the term's sub-tree."""
    from .queries import members_for

    return members_for(user, "change").filter(status__in=Status.active())


def on_organization_moved(sender, organization, old_path, new_path, **kwargs):
    Member.objects.filter(org_path__subtree=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField())
    )
    from . import movement_totals

    movement_totals.on_moved(old_path, new_path)


providers.register("members.in_subtree", in_subtree)
pickers.register("organizations.grant", "member", grantable_members)
pickers.register("organizations.committee", "member", committee_candidates)
organization_moved.connect(on_organization_moved, dispatch_uid="members_organization_moved")
