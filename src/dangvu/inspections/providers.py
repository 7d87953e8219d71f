"""What the inspections app lends to its siblings (dangvu.core.providers): the remedies an organisation owes,
read by the reviews app's rule conditions. Imported by InspectionsConfig.ready()."""

from django.db.models import Q

from dangvu.core import providers

from .models import Remedy, RemedyStatus
from .queries import remedy_summary


def open_remedies(organization, end):
    """Shortcomings the organisation had to remedy by ``end`` that were not remedied by then."""
    return (Remedy.objects.filter(owner_organization=organization, due_on__lte=end)
            .filter(~Q(status=RemedyStatus.DONE) | Q(done_on__gt=end)).order_by("due_on", "id"))


providers.register("inspections.open_remedies", open_remedies)
providers.register("inspections.remedy_summary", remedy_summary)
