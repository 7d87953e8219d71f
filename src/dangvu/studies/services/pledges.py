"""Directive 05 (Chỉ thị 05-CT/TW): each member's yearly pledge to follow Hồ Chí Minh's example and its
year-end assessment."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates, rules
from dangvu.core.services import Errors, bump, check_version, day, lock, text
from dangvu.members.models import Member

from .. import access, rulesets
from ..models import Pledge
from ._common import parse_year

__all__ = ["assess_pledge", "assessment_label", "register_pledge"]


@transaction.atomic
def register_pledge(actor, *, member, year, content, registered_on=None) -> Pledge:
    errors = Errors()
    m = member if isinstance(member, Member) else Member.objects.filter(pk=member).select_related("organization").first()
    if m is None:
        raise Http404("Không tìm thấy đảng viên.")
    own = access.own_member(actor)
    if actor is not None and not ((own is not None and own.pk == m.pk) or access.can(actor, m.organization, "write")):
        raise Http404("Không tìm thấy đảng viên.")
    content = text(errors, "content", "Nội dung đăng ký làm theo", content, 5000, required=True)
    registered_on = day(errors, "registered_on", "Ngày đăng ký", registered_on or dates.today())
    year = parse_year(errors, year)
    first = rulesets.first()["effective_from"]
    if year is not None:
        if year < first.year:
            errors.add("year", f"Năm: Chỉ thị 05-CT/TW được ban hành ngày {first.day}/{first.month}/{first.year}; "
                               "không đăng ký cho năm trước đó.")
        elif registered_on and year not in (registered_on.year, registered_on.year + 1):
            errors.add("year", f"Năm: đăng ký cho năm {registered_on.year} hoặc năm sau.")
        elif Pledge.objects.filter(member=m, year=year).exists():
            errors.add("year", f"Năm: đồng chí {m.full_name} đã đăng ký năm {year}.")
    errors.raise_if_any()
    p = Pledge.objects.create(member=m, year=year, content=content, registered_on=registered_on)
    audit.record(actor, p, "create", after=audit.snapshot(p))
    return p


@transaction.atomic
def assess_pledge(actor, pledge, *, assessment, version=None, note="", assessed_on=None) -> Pledge:
    p = lock(Pledge, pledge, related=("member__organization",))
    if actor is not None and not access.can(actor, p.member.organization, "write"):
        raise Http404("Không tìm thấy.")
    check_version(p, version)
    errors = Errors()
    assessed_on = day(errors, "assessed_on", "Ngày đánh giá", assessed_on or dates.today())
    if assessed_on:
        try:
            levels = rulesets.in_force(assessed_on)["directive05_assessments"]
        except rules.RuleNotFound:
            levels = {}
            errors.add("assessed_on", f"Ngày đánh giá: chưa có quy định về mức đánh giá vào ngày "
                                      f"{assessed_on:%d/%m/%Y}.")
        if levels and assessment not in levels:
            errors.add("assessment", "Đánh giá cuối năm: chọn một trong: " + ", ".join(levels.values()) + ".")
        if assessed_on < p.registered_on:
            errors.add("assessed_on", f"Ngày đánh giá: không được trước ngày đăng ký ({p.registered_on:%d/%m/%Y}).")
        elif assessed_on.year < p.year:
            errors.add("assessed_on", f"Ngày đánh giá: đánh giá cuối năm {p.year} được làm từ năm {p.year}.")
    note = text(errors, "assessment_note", "Nhận xét", note, 5000)
    errors.raise_if_any()
    before = audit.snapshot(p)
    p.assessment, p.assessment_note, p.assessed_on = assessment, note, assessed_on
    bump(p, ["assessment", "assessment_note", "assessed_on"])
    audit.record(actor, p, "assess", before=before, after=audit.snapshot(p))
    return p


def assessment_label(pledge) -> str:
    if not pledge.assessment:
        return ""
    return rulesets.in_force(pledge.assessed_on or dates.today())["directive05_assessments"].get(pledge.assessment,
                                                                                          pledge.assessment)
