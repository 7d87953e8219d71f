"""Đại hội, nhiệm kỳ: nhiệm kỳ quá hạn theo quy định 2021 và 2025, chi bộ chưa bầu được bí thư, đại hội có phiếu bầu.

Congresses and terms, loaded by `dangvu demo` after the base demo; idempotent. What it shows:
- the due dates of every term of the base demo, measured by the rule in force when each began: the 7 chi bộ of the
  Sở (terms from 15/5/2022, Quy định 24-QĐ/TW: 30 months) are overdue since 15/11/2024; the Sở, the bloc committee
  and the centre (terms from 2020: 5 years) since 2025;
- seed 000: Chi bộ Phòng Kiểm định 1 held its congress on 10/4/2024 (30 months: due 10/10/2026), with the votes of
  its chi ủy; Chi bộ Phòng Kiểm định 2 on 15/9/2025, after Quy định 294-QĐ/TW (5 years: due 15/9/2030);
- seed 002: the bloc office's chi bộ held its congress on 15/10/2025 and could not elect its secretary after the third
  vote: its secretary post is vacant, waiting for the superior's appointment; the bloc committee's term has 7 seats
  and 5 members (2 vacant);
- Chi bộ I Văn phòng Sở prepares its next congress (planned for 20/4/2026).
"""

import datetime as dt

from django.db import transaction

from dangvu.members.models import Member, Status
from dangvu.organizations import terms
from dangvu.organizations.models import Organization, Position, Term

from . import services
from .models import Congress


def _members(org, n):
    return list(Member.objects.filter(organization=org, status=Status.FULL).order_by("id")[:n])


def _hold(org, name, planned, held, rows, *, seats=None, summoned=None, attended=None):
    c = services.plan_congress(None, org, term_name=name, planned_on=planned, seats=seats, summoned=summoned)
    return services.hold_congress(None, c, version=c.version, held_on=held, attended=attended, elected=rows)


def load() -> bool:
    orgs = {o.code: o for o in Organization.objects.filter(code__startswith="DEMO-")}
    if "DEMO-DUK-DN-CQ" not in orgs:
        return False
    if Congress.objects.filter(organization=orgs["DEMO-DUK-DN-CQ"]).exists():
        return False
    with transaction.atomic():
        terms.refresh_many(Organization.objects.filter(code__startswith="DEMO-", terms__isnull=False).distinct())
        # seed 000: a chi bộ congress with votes (2021 rule) and one after 01/7/2025 (2025 rule)
        cb1 = orgs["DEMO-KDAT2-CB1"]
        people = _members(cb1, 5)
        votes = [(11, 12), (12, 12), (10, 12), (9, 12), (8, 12)]
        positions = [Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.COMMITTEE_MEMBER,
                     Position.COMMITTEE_MEMBER, Position.COMMITTEE_MEMBER]
        _hold(cb1, "2024–2027", dt.date(2024, 4, 10), dt.date(2024, 4, 10),
              [{"member": m, "position": p, "votes_for": v[0], "votes_total": v[1]}
               for m, p, v in zip(people, positions, votes, strict=True)], seats=5, summoned=12, attended=12)
        cb2 = orgs["DEMO-KDAT2-CB2"]
        people = _members(cb2, 3)
        _hold(cb2, "2025–2030", dt.date(2025, 9, 15), dt.date(2025, 9, 15),
              [{"member": people[0], "position": Position.SECRETARY, "votes_for": 9, "votes_total": 10},
               {"member": people[1], "position": Position.DEPUTY_SECRETARY, "votes_for": 8, "votes_total": 10},
               {"member": people[2], "position": Position.COMMITTEE_MEMBER, "votes_for": 7, "votes_total": 10}],
              seats=3, summoned=10, attended=10)
        # seed 002: the chi bộ that could not elect its secretary
        cq = orgs["DEMO-DUK-DN-CQ"]
        people = _members(cq, 9)[5:8]
        _hold(cq, "2025–2030", dt.date(2025, 10, 15), dt.date(2025, 10, 15),
              [{"member": people[0], "position": Position.DEPUTY_SECRETARY, "votes_for": 6, "votes_total": 9},
               {"member": people[1], "position": Position.COMMITTEE_MEMBER, "votes_for": 7, "votes_total": 9},
               {"member": people[2], "position": Position.COMMITTEE_MEMBER, "votes_for": 5, "votes_total": 9}],
              seats=3, summoned=9, attended=9)
        Congress.objects.filter(organization=cq).update(
            note="Bầu bí thư ba lần không có đồng chí nào trúng cử (quá một nửa số phiếu): đề nghị Ban Thường vụ "
                 "Đảng ủy Khối chỉ định bí thư chi bộ.")
        # the bloc committee's term: 7 seats, 5 members
        bloc_term = Term.objects.filter(organization=orgs["DEMO-DUK-DN"]).order_by("-started_on").first()
        if bloc_term is not None:
            Term.objects.filter(pk=bloc_term.pk).update(seats=7)
            terms.refresh(orgs["DEMO-DUK-DN"])
        # Chi bộ I prepares its next congress
        services.plan_congress(None, orgs["DEMO-SO-CB1"], term_name="2026–2031", planned_on=dt.date(2026, 4, 20),
                               seats=5, summoned=26,
                               note="Dự thảo báo cáo chính trị, phương án nhân sự chi ủy 5 đồng chí.")
    return True
