"""What the discipline app lends to its siblings (dangvu.core.providers): the decisions in force in a period,
read by the reviews app's rule conditions. Imported by DisciplineConfig.ready()."""

from django.db.models import Q

from dangvu.core import providers
from dangvu.organizations.models import CommitteeMember

from .models import Discipline, DisciplineStatus

IN_FORCE = ~Q(status=DisciplineStatus.ANNULLED)


def member_decisions(member_id, start, end) -> list:
    """The member's decisions in [start, end] that were not annulled, by date."""
    return list(Discipline.objects.filter(IN_FORCE, member_id=member_id, decided_on__gte=start,
                                          decided_on__lte=end).order_by("decided_on"))


def collective_decisions(organization, start, end):
    """Decisions in [start, end] on the organisation itself, on an organisation directly under it, or on a member
    of its committee (a term overlapping the period): QĐ 366's "no subordinate unit or member of the leading
    collective disciplined"."""
    committee = (CommitteeMember.objects.filter(term__organization=organization, started_on__lte=end)
                 .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).values("member_id"))
    return (Discipline.objects.filter(IN_FORCE, decided_on__gte=start, decided_on__lte=end)
            .filter(Q(organization=organization) | Q(organization__parent=organization) | Q(member_id__in=committee))
            .select_related("member", "organization").order_by("decided_on", "id"))


def organizations_disciplined(organization_ids, start, end) -> int:
    """How many of the organisations were disciplined (as organisations) in [start, end]."""
    return (Discipline.objects.filter(IN_FORCE, organization_id__in=list(organization_ids), decided_on__gte=start,
                                      decided_on__lte=end).values("organization_id").distinct().count())


providers.register("discipline.member_decisions", member_decisions)
providers.register("discipline.collective_decisions", collective_decisions)
providers.register("discipline.organizations_disciplined", organizations_disciplined)
