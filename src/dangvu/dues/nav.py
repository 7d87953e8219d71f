"""The dues entries: the menu, and the button on a member's record."""

from django.urls import reverse

from . import webscope


def items(user, reach):
    """Menu entries the user may open: [(url_name, label)]."""
    if reach.is_admin or reach.grants_for(webscope.ACTIONS["view"]):
        return [("dues:index", "Đảng phí")]
    if getattr(user, "member", None) is not None:
        return [("dues:mine", "Đảng phí của tôi")]
    return []


def member_links(user, reach, member):
    """“Đảng phí” on a member's record, for whoever reads that member's dues."""
    if member.organization_id is None:
        return []
    if reach.can(member.organization, "view", webscope.ACTIONS) or member.user_id == getattr(user, "pk", None):
        return [(reverse("dues:member", args=[member.pk]), "Đảng phí")]
    return []
