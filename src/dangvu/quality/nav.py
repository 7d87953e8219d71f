"""Menu entry and home-page figure of the data-quality page."""

from django.urls import reverse

from .access import READ_ROLES, covers_subtree
from .models import Tally


def items(user, reach):
    return [("quality:index", "Chất lượng dữ liệu")] if reach.is_admin or reach.grants_for(READ_ROLES) else []


def cards(request, reach):
    """The records to look at in the first organisation the user's grants start from (its tally rows: one query)."""
    if not (reach.is_admin or reach.grants_for(READ_ROLES)):
        return []
    org = next((o for o in reach.top_organizations if covers_subtree(request.user, o)), None)
    if org is None:
        return []
    total = sum(Tally.objects.filter(organization_id=org.pk).values_list("count", flat=True))
    return [{"title": "Chất lượng dữ liệu", "value": total,
             "note": f"hồ sơ cần xem lại trong {org.name}" if total else f"Không có hồ sơ cần xem lại trong {org.name}",
             "url": f"{reverse('quality:index')}?organization_id={org.pk}", "tone": "warn" if total else ""}]
