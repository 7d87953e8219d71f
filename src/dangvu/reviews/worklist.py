"""Việc cần làm of reviews (kiểm điểm, đánh giá, xếp loại), per open cycle the user sees (the latest few):

- a member: their own self-assessment not recorded yet (one line, to their subject's page);
- a chi bộ secretary, an office: the members of their organisation still waiting for the collective's assessment
  (``CycleStats``: eligible − those with a current level), and for an office also those waiting for the decision
  (a current level but no decided one): one counted line each, read from the organisation's roll-up row of the
  cycle (one query for every cycle and organisation), linking to the cycle's subjects filtered on "chưa xếp loại".
"""

from django.db.models import Q
from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, organizations, register_kinds
from dangvu.organizations.models import Role

from .access import cycles_for
from .models import CycleStats, CycleStatus, Subject

register_kinds({"review_self": "Tự kiểm điểm, đánh giá", "review_collective": "Đảng viên chờ tập thể đánh giá",
                "review_decision": "Đảng viên chờ quyết định xếp loại"})

CYCLES = 5  # open cycles looked at, those ending soonest


def _subject_url(cycle_id, subject_id):
    return reverse("reviews:subject", args=[cycle_id, subject_id])


def items(user, reach, today):
    out = []
    member = getattr(user, "member", None)
    if member is not None:
        mine = (Subject.objects.filter(member_id=member.pk, cycle__status=CycleStatus.OPEN, self_level="",
                                       eligible=True, cycle__historical=False)
                .select_related("cycle").order_by("cycle__ends_on", "id")[:CYCLES])
        out += [WorkItem("review_self", s.cycle.ends_on, f"Tự kiểm điểm, đánh giá, xếp loại kỳ {s.cycle.period}",
                         _subject_url(s.cycle_id, s.pk)) for s in mine]
    orgs = organizations(reach, {Role.OFFICE, Role.SECRETARY})
    if not orgs:
        return out
    cycles = list(cycles_for(user).filter(status=CycleStatus.OPEN, historical=False)
                  .order_by("ends_on", "id")[:CYCLES])
    # the roll-up row to read for each (cycle, organisation): the organisation's own when the cycle covers it,
    # else the cycle's organisation when it lies inside the user's organisation
    wanted, q = {}, Q(pk__in=[])
    for c in cycles:
        for o in orgs:
            if o.path.startswith(c.organization.path):
                at = o
            elif c.organization.path.startswith(o.path):
                at = c.organization
            else:
                continue
            wanted[(c.pk, at.pk)] = (c, at, o)
            q |= Q(cycle_id=c.pk, organization_id=at.pk)
    if not wanted:
        return out
    offices = {g.organization_id for g in reach.grants_for({Role.OFFICE})}
    for row in CycleStats.objects.filter(q):
        cycle, at, mine_org = wanted[(row.cycle_id, row.organization_id)]
        current = row.c_excellent + row.c_good + row.c_completed + row.c_not_completed
        decided = row.m_excellent + row.m_good + row.m_completed + row.m_not_completed
        url = reverse("reviews:subjects", args=[cycle.pk]) + f"?to-chuc={at.pk}&muc=chua"
        waiting = row.eligible - current
        if waiting > 0:
            out.append(WorkItem("review_collective", cycle.ends_on,
                                f"{count_text(waiting, cap=None)} đảng viên chờ tập thể đánh giá, kỳ {cycle.period} – {at.name}",
                                url, count=waiting))
        to_decide = current - decided
        if to_decide > 0 and (reach.is_admin or mine_org.pk in offices):
            out.append(WorkItem("review_decision", cycle.ends_on,
                                f"{count_text(to_decide, cap=None)} đảng viên chờ quyết định xếp loại, kỳ {cycle.period} – {at.name}",
                                url, count=to_decide))
    return out
