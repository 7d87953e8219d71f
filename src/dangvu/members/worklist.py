"""The members app's lines of the worklist (core.worklist): probationers due for the official-membership review,
transfer letters not presented, temporary transfers ending or overdue for return.

An office (or the admin) gets one counted line per kind and organisation it reaches, linking to the filtered list
(the same two queries over a province as over a chi bộ: a count and the earliest deadline, from the indexes of
members/deadlines.py); a secretary of a chi bộ gets one line per member. A probationary member is reminded of the
self-review (10-KNĐ) when the probation is about to end.
"""

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse

from dangvu.core.worklist import WorkItem, register_kinds
from dangvu.organizations.models import Role

from . import deadlines, rulesets
from .models import ConfirmationForm, Status
from .services._common import confirmation_deadline, probation_end

register_kinds({"confirmation_due": "Đảng viên dự bị đến hạn xét chuyển chính thức",
                "confirmation_self_review": "Bản tự kiểm điểm của đảng viên dự bị",
                "transfer_letter": "Giấy giới thiệu sinh hoạt đảng chưa nộp",
                "temporary_return": "Sinh hoạt tạm thời đến hạn trở về"})

PER_MEMBER_LIMIT = 20  # a secretary's lines per kind (a chi bộ has at most a few dozen members)
WITHIN_DAYS = deadlines.DEFAULT_WITHIN_DAYS


def _counted(kind, qs, date_field, due_of, label, url, today):
    row = qs.aggregate(n=Count("id"), first=Min(date_field))
    if not row["n"]:
        return []
    return [WorkItem(kind, due_of(row["first"]), label(row["n"]), url, count=row["n"], today=today)]


def _review_due(first_admitted):
    from dangvu.core.dates import add_months, add_working_days

    end = add_months(first_admitted, rulesets.in_force(first_admitted)["probation_months"])
    return add_working_days(end, rulesets.in_force(end)["confirmation_review_working_days"])


def _office_items(user, org, today):
    q = f"?organization={org.pk}" if org is not None else ""
    name = f" ({org.name})" if org is not None else ""
    due = deadlines.due_probationers(user, org, within_days=WITHIN_DAYS, day=today).order_by()
    letters = deadlines.open_letters(user, org).order_by()
    temporary = deadlines.open_temporary(user, org, within_days=WITHIN_DAYS, day=today).order_by()
    return (
        _counted("confirmation_due", due, "admitted_on", _review_due,
                 lambda n: f"{n} đảng viên dự bị đến hạn xét chuyển chính thức{name}",
                 reverse("members:confirmation_due") + q, today)
        + _counted("transfer_letter", letters, "present_due_on", lambda d: d,
                   lambda n: f"{n} giấy giới thiệu sinh hoạt đảng chưa nộp ở nơi mới{name}",
                   reverse("members:letters_open") + q, today)
        + _counted("temporary_return", temporary, "ends_on", lambda d: d,
                   lambda n: f"{n} đảng viên sinh hoạt tạm thời đến hạn trở về{name}",
                   reverse("members:temporary_list") + q, today)
    )


def _cell_items(user, org, today):
    out = []
    due = deadlines.due_probationers(user, org, within_days=WITHIN_DAYS, day=today)[:PER_MEMBER_LIMIT]
    for m in due:
        out.append(WorkItem("confirmation_due", confirmation_deadline(m),
                            f"Xét chuyển đảng viên chính thức: {m.full_name}",
                            reverse("members:detail", args=[m.pk]), today=today))
    for x in deadlines.open_letters(user, org)[:PER_MEMBER_LIMIT]:
        out.append(WorkItem("transfer_letter", x.present_due_on,
                            f"Nộp giấy giới thiệu sinh hoạt đảng: {x.member.full_name}",
                            reverse("members:detail", args=[x.member_id]), today=today))
    for x in deadlines.open_temporary(user, org, within_days=WITHIN_DAYS, day=today)[:PER_MEMBER_LIMIT]:
        out.append(WorkItem("temporary_return", x.ends_on,
                            f"Trở về sau sinh hoạt tạm thời: {x.member.full_name}",
                            reverse("members:detail", args=[x.member_id]), today=today))
    return out


def _own_items(user, today):
    member = getattr(user, "member", None)
    if member is None or member.status != Status.PROBATIONARY:
        return []
    end = probation_end(member)
    if end > today + dt.timedelta(days=WITHIN_DAYS):
        return []
    if ConfirmationForm.objects.filter(member=member, code="10-KNĐ").exists():
        return []
    return [WorkItem("confirmation_self_review", end, "Viết bản tự kiểm điểm đảng viên dự bị (mẫu 10-KNĐ)",
                     reverse("members:detail", args=[member.pk]), today=today)]


def items(user, reach, today):
    out = _own_items(user, today)
    if reach.is_admin:
        return out + _office_items(user, None, today)
    seen = set()
    for grant in reach.grants:
        if grant.role not in (Role.OFFICE, Role.SECRETARY) or grant.organization_id in seen:
            continue
        seen.add(grant.organization_id)
        org = next((o for o in reach.top_organizations if o.pk == grant.organization_id), None)
        if org is None:
            continue
        if grant.include_subtree:
            out += _office_items(user, org, today)
        else:
            out += _cell_items(user, org, today)
    return out
