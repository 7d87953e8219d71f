"""Keep open cycles in step with the tree: a moved organisation carries its subjects' paths and roll-ups.

Closed cycles keep the paths of the tree as it was when they were decided (history survives moves).
"""

from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr

from . import stats
from .models import CycleStatus, ReviewCycle, Subject


def on_organization_moved(sender, organization, old_path, new_path, **kwargs):
    open_subjects = Subject.objects.filter(cycle__status=CycleStatus.OPEN, org_path__startswith=old_path)
    cycle_ids = set(open_subjects.values_list("cycle_id", flat=True).distinct())
    if not cycle_ids:
        return
    Subject.objects.filter(cycle_id__in=cycle_ids, org_path__startswith=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField())
    )
    for cycle in ReviewCycle.objects.filter(pk__in=cycle_ids).select_related("organization"):
        stats.build(cycle)
