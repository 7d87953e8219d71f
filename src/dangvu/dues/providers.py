"""What the dues app lends to its siblings (dangvu.core.providers): the count of members flagged by the
three-month rule in an organisation's sub-tree, shown beside the meeting-absence flags; and its listeners to the
tree's and the registry's signals (an organisation moved, members renamed). Imported by the manifest."""

from django.urls import reverse

from dangvu.core import providers
from dangvu.members.signals import member_renamed
from dangvu.organizations.signals import organization_moved

from . import access, queries
from .services import flags, totals


def unpaid_flags_summary(user, organization, year: int) -> dict | None:
    """{"count", "months", "url"} of the members of the organisation's sub-tree flagged by the dues' three-month rule
    in `year`, or None when the user does not read that organisation's dues."""
    if not access.can(user, organization, "view"):
        return None
    return {"count": queries.unpaid_flags_count(organization, year), "months": queries.flag_months(year),
            "url": reverse("dues:flags") + f"?to_chuc={organization.pk}&nam={year}"}


providers.register("dues.unpaid_flags_summary", unpaid_flags_summary)


def _moved(sender, organization, old_path, new_path, **kwargs) -> None:
    totals.moved(organization.pk, old_path, new_path)
    flags.moved(old_path, new_path)


def _renamed(sender, member_ids, **kwargs) -> None:
    flags.renamed(member_ids)


organization_moved.connect(_moved, dispatch_uid="dues_organization_moved")
member_renamed.connect(_renamed, dispatch_uid="dues_member_renamed")
