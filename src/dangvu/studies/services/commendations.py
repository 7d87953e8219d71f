"""Commendations (khen thưởng) of exemplary members and organisations."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit
from dangvu.core.services import Errors, day, text
from dangvu.members.models import Member

from .. import access
from ..models import Commendation
from ._common import org_of, parse_year

__all__ = ["record_commendation"]


@transaction.atomic
def record_commendation(actor, *, organization, year, title, decided_on, member=None, recipient_organization=None,
                        form="Giấy khen", decision_number="") -> Commendation:
    errors = Errors()
    org = org_of(organization, "organization_id", "Cấp ủy khen thưởng", errors)
    if org is not None and actor is not None and not access.can(actor, org, "train"):
        raise Http404("Không tìm thấy tổ chức đảng.")
    m = rec = None
    if member not in (None, ""):
        m = member if isinstance(member, Member) else Member.objects.filter(pk=member).first()
        if m is None or (org is not None and not m.org_path.startswith(org.path)):
            errors.add("member_id", "Đảng viên được khen: phải là đảng viên thuộc cấp ủy khen thưởng.")
    if recipient_organization not in (None, ""):
        rec = org_of(recipient_organization, "recipient_organization_id", "Tổ chức được khen", errors)
        if rec is not None and org is not None and not rec.path.startswith(org.path):
            errors.add("recipient_organization_id", "Tổ chức được khen: phải là tổ chức thuộc cấp ủy khen thưởng.")
    if (member in (None, "")) == (recipient_organization in (None, "")):
        errors.add("member_id", "Đối tượng được khen: chọn một đảng viên hoặc một tổ chức (chỉ một).")
    title = text(errors, "title", "Thành tích", title, 300, required=True)
    form = text(errors, "form", "Hình thức khen thưởng", form, 100, required=True)
    decision_number = text(errors, "decision_number", "Số quyết định", decision_number, 60)
    decided_on = day(errors, "decided_on", "Ngày quyết định", decided_on)
    year = parse_year(errors, year)
    if year and decided_on and not (year <= decided_on.year <= year + 1):
        errors.add("year", f"Năm: thành tích năm {year} không thể khen bằng quyết định ngày {decided_on:%d/%m/%Y}.")
    errors.raise_if_any()
    c = Commendation.objects.create(organization=org, year=year, member=m, recipient_organization=rec, title=title,
                                    form=form, decision_number=decision_number, decided_on=decided_on)
    audit.record(actor, c, "create", after=audit.snapshot(c))
    return c
