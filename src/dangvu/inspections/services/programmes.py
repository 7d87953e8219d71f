"""The yearly programme of inspection and supervision of a committee or inspection commission, and its items."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, lock, text
from dangvu.organizations.models import Organization

from ..models import InspectionKind, Programme, ProgrammeItem
from ..queries import can_write_programme
from ._common import find_organization, labelled, long_text, row

PROGRAMME_NOT_FOUND = "Không tìm thấy chương trình kiểm tra, giám sát."


@transaction.atomic
def create_programme(actor, *, organization, year, title, number="") -> Programme:
    errors = Errors()
    org = find_organization(organization, errors, "organization_id", "Cấp ủy, ủy ban kiểm tra")
    if org is None and "organization_id" not in errors:
        errors.add("organization_id", "Cấp ủy, ủy ban kiểm tra: không được để trống.")
    if org is not None and actor is not None and not can_write_programme(actor, org):
        raise Http404("Không tìm thấy tổ chức đảng.")
    try:
        year = int(year)
        if not 2000 <= year <= dates.today().year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("year", f"Năm: từ 2000 đến {dates.today().year + 1}.")
        year = None
    title = text(errors, "title", "Tên chương trình", title, 255, required=True)
    number = text(errors, "number", "Số văn bản", number, 100)
    if org is not None:  # one programme per organisation and year: two first saves at once wait for each other
        org = lock(Organization, org)
    if org is not None and year and Programme.objects.filter(organization=org, year=year).exists():
        errors.add("year", f"Năm: {org.name} đã có chương trình kiểm tra, giám sát năm {year}.")
    errors.raise_if_any()
    p = Programme.objects.create(organization=org, year=year, title=title, number=number, created_by=actor)
    audit.record(actor, p, "programme", after=audit.snapshot(p))
    return p


@transaction.atomic
def add_programme_item(actor, programme, *, subject_organization, kind, content, month) -> ProgrammeItem:
    p = row(Programme.objects.select_related("organization"), programme)
    if p is None or (actor is not None and not can_write_programme(actor, p.organization)):
        raise Http404(PROGRAMME_NOT_FOUND)
    errors = Errors()
    org = find_organization(subject_organization, errors, "subject_organization_id", "Đối tượng")
    if org is None and "subject_organization_id" not in errors:
        errors.add("subject_organization_id", "Đối tượng: không được để trống.")
    if org is not None and (org.pk == p.organization_id or not org.path.startswith(p.organization.path)):
        errors.add("subject_organization_id", f"Đối tượng: “{org.name}” không phải tổ chức đảng cấp dưới của "
                                              f"{p.organization.name}.")
    if kind not in InspectionKind.values:
        errors.add("kind", "Loại: không hợp lệ.")
    content = long_text(errors, "content", "Nội dung", content)
    try:
        month = int(month)
        if not 1 <= month <= 12:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("month", "Tháng dự kiến: từ 1 đến 12.")
    errors.raise_if_any()
    item = ProgrammeItem.objects.create(programme=p, subject_organization=org, kind=kind, content=content, month=month)
    audit.record(actor, p, "programme_item", after=labelled(item))
    return item
