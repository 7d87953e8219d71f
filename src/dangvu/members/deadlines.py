"""What is due in a member's life, read: probationers due for the official-membership review, transfer letters not
yet presented, temporary transfers ending or overdue for return, and one member's "Thời hạn" panel.

Every list is scoped through ``members_for`` (a grant's sub-tree, a secretary's chi bộ) and read from an index in
the order it is shown: probationers by (status, admitted_on) — the review's deadline grows with the day of
admission —, open letters and open temporary transfers by partial indexes on their due day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef

from dangvu.core import dates
from dangvu.core.dates import add_months
from dangvu.organizations.access import MEMBER_ACTIONS, reach

from . import rulesets
from .models import Member, MemberEvent, Status, TemporaryTransfer, TransferLetter
from .services._common import confirmation_deadline, probation_end

DEFAULT_WITHIN_DAYS = 30  # the due list shows the probations ending within this many days, and every overdue one


def has_list_role(user) -> bool:
    """The lists are for an office, an inspection committee, a secretary (their scope) and the admin."""
    r = reach(user)
    return r.is_admin or bool(r.grants)


def _in(qs, organization, path_field="org_path", id_field="organization_id"):
    if organization is None:
        return qs
    return qs.filter(**{f"{path_field}__subtree": organization.path})


def _of_members(qs, members, field: str):
    """qs narrowed to the rows whose `field` (a member id) is one of `members` (a scoped member queryset).

    On PostgreSQL an `IN` of the scope. On SQLite a correlated EXISTS, one primary-key probe per row of qs: qs is
    then read from its own index in the order shown (the open letters' and transfers' partial indexes, the
    probationers' (status, admitted_on)), as the module says. SQLite has no statistics of a path range, so it
    took the scope's range first: it listed a province's 57 000 members for an `IN` (100-170 ms with no open
    letter at all) or read all of them for the probationers (150-280 ms), on every worklist of an office."""
    if connection.vendor == "sqlite":
        return qs.filter(Exists(members.order_by().filter(pk=OuterRef(field))))
    return qs.filter(**{f"{field}__in": members.values("pk")})


def scoped_members(user, organization=None):
    """Members of the organisations the user's grants reach (not the own record a plain member may read)."""
    if not getattr(user, "is_authenticated", False):
        return Member.objects.none()
    r = reach(user)
    qs = Member.objects.all()
    if not r.is_admin:
        qs = qs.filter(r.q(MEMBER_ACTIONS["view"], path_field="org_path", id_field="organization_id"))
    return _in(qs, organization)


def admitted_cutoff(day: dt.date, within_days: int) -> dt.date:
    """Probationers admitted on or before this day have a probation ending by day + within_days."""
    months = rulesets.in_force(day)["probation_months"]
    return add_months(day + dt.timedelta(days=within_days), -months)


def due_probationers(user, organization=None, *, within_days=DEFAULT_WITHIN_DAYS, day=None):
    """Probationary members whose probation ends within within_days or has ended, soonest deadline first."""
    day = day or dates.today()
    due = {"status": Status.PROBATIONARY, "admitted_on__lte": admitted_cutoff(day, within_days)}
    if connection.vendor == "sqlite":
        qs = _of_members(Member.objects.filter(**due), scoped_members(user, organization), "pk")
    else:
        # the scope on the rows themselves: the (status, admitted_on) index carries org_path, so a province's
        # count is read from the index (an `id IN` of the scope hashed the province's 1,3 M members: 0,7-1,2 s)
        qs = scoped_members(user, organization).filter(**due)
    return qs.select_related("organization").order_by("admitted_on", "id")


@dataclass
class Due:
    member: Member
    probation_end: dt.date
    due_on: dt.date
    overdue: bool
    days_left: int


def with_deadlines(members, day=None) -> list[Due]:
    day = day or dates.today()
    out = []
    for m in members:
        due = confirmation_deadline(m)
        out.append(Due(m, probation_end(m), due, due < day, (due - day).days))
    return out


def open_letters(user, organization=None):
    """Transfer letters issued and not yet presented, the soonest deadline first (scoped by the member's record:
    the receiving chi bộ for a transfer in the system, the sending one for a transfer out of it)."""
    letters = _of_members(TransferLetter.objects.filter(presented_on__isnull=True), scoped_members(user, organization),
                          "member_id")
    return (letters.select_related("member", "from_organization", "to_organization").order_by("present_due_on", "id"))


def open_temporary(user, organization=None, *, within_days=None, day=None):
    """Temporary transfers not returned from, ending first; within_days: only those ending by day + within_days."""
    day = day or dates.today()
    qs = _of_members(TemporaryTransfer.objects.filter(returned_on__isnull=True), scoped_members(user, organization),
                     "member_id")
    if within_days is not None:
        qs = qs.filter(ends_on__lte=day + dt.timedelta(days=within_days))
    return qs.select_related("member", "member__organization", "host_organization").order_by("ends_on", "id")


def current_temporary(member) -> TemporaryTransfer | None:
    return (TemporaryTransfer.objects.filter(member=member, returned_on__isnull=True)
            .select_related("host_organization").order_by("-starts_on").first())


# ------------------------------------------------------------------------------------ one member's panel


@dataclass
class Step:
    label: str
    due_on: dt.date | None
    done_on: dt.date | None = None
    late_reason: str = ""
    url: str = ""  # where to act (empty when done or not the user's to do)
    day: dt.date | None = None

    @property
    def late(self) -> bool:
        """Done after its deadline."""
        return bool(self.done_on and self.due_on and self.done_on > self.due_on)

    @property
    def overdue(self) -> bool:
        """Not done and past its deadline."""
        return self.done_on is None and self.due_on is not None and self.due_on < (self.day or dates.today())


def member_steps(member, *, can_change=False, day=None) -> list[Step]:
    """The member's dated steps: the official review (due or done), each transfer letter, each temporary
    transfer; most recent first after the open ones."""
    from django.urls import reverse

    day = day or dates.today()
    steps = []
    if member.status == Status.PROBATIONARY:
        url = reverse("members:action", args=[member.pk, "chuyen-chinh-thuc"]) if can_change else ""
        steps.append(Step("Xét công nhận đảng viên chính thức", confirmation_deadline(member), url=url, day=day))
    for ev in (MemberEvent.objects.filter(member=member, kind="confirmation", due_on__isnull=False)
               .order_by("-on")[:1]):
        steps.append(Step("Xét công nhận đảng viên chính thức", ev.due_on, ev.on, ev.late_reason, day=day))
    for letter in (TransferLetter.objects.filter(member=member).select_related("to_organization")
                   .order_by("-issued_on", "-id")[:10]):
        if letter.request_due_on:
            steps.append(Step("Làm thủ tục chuyển sinh hoạt đảng", letter.request_due_on, letter.issued_on,
                              letter.request_late_reason, day=day))
        url = ""
        if can_change and not letter.presented_on:
            url = reverse("members:letter_present", args=[member.pk, letter.pk])
        where = letter.to_organization.name if letter.to_organization_id else letter.destination
        steps.append(Step(f"Nộp giấy giới thiệu sinh hoạt đảng{f' tại {where}' if where else ''}",
                          letter.present_due_on, letter.presented_on, letter.present_late_reason, url, day=day))
    for tt in (TemporaryTransfer.objects.filter(member=member).select_related("host_organization")
               .order_by("-starts_on", "-id")[:10]):
        url = reverse("members:temporary_return", args=[member.pk, tt.pk]) if can_change and not tt.returned_on else ""
        steps.append(Step(f"Trở về sau sinh hoạt tạm thời tại {tt.host}", tt.ends_on, tt.returned_on, tt.late_reason,
                          url, day=day))
    # the open steps first, the soonest deadline first; then those done, the latest first
    steps.sort(key=lambda s: (1, -s.done_on.toordinal()) if s.done_on else (0, (s.due_on or dt.date.max).toordinal()))
    return steps
