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


def cards(request, reach):
    """Home page: this month's dues of the organisation the user's dues pages open on (one kept row read)."""
    from dangvu.core.dates import today

    from .models import DuesTotal
    from .templatetags.dues_format import dong

    user = request.user
    if not (reach.is_admin or reach.grants_for(webscope.ACTIONS["view"])):
        return []
    org = webscope.top_organization(user)
    if org is None:
        return []
    month = today().replace(day=1)
    row = DuesTotal.objects.filter(organization=org, month=month).values("owed", "paid", "unpaid").first()
    owed, paid, unpaid = (row["owed"], row["paid"], row["unpaid"]) if row else (0, 0, 0)
    return [{
        "title": f"Đảng phí tháng {month:%m/%Y}", "value": dong(paid),
        "note": (f"Đã thu {dong(paid)} / phải thu {dong(owed)}; {unpaid} đảng viên chưa nộp đủ – {org.name}"
                 if row else f"Chưa lập sổ thu tháng này – {org.name}"),
        "url": reverse("dues:index") + f"?to_chuc={org.pk}", "tone": "warn" if unpaid else "",
    }]
