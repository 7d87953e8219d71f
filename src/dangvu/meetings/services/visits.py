"""Visits: a superior committee member attended a chi bộ meeting (recorded by the superior's office)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, clean_text, text
from dangvu.organizations.models import CELL_KINDS

from .. import rollup
from ..models import Meeting, Visit
from ..queries import can_visit
from ._common import user_or_none
from .plans import organization_of


def _visited_on(errors: Errors, value):
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            errors.add("visited_on", f"Ngày dự: “{value}” không phải ngày hợp lệ.")
            return None
    if value is None:
        errors.add("visited_on", "Ngày dự: bắt buộc.")
    elif value > dates.today():
        errors.add("visited_on", f"Ngày dự ({value:%d/%m/%Y}) ở tương lai: chỉ ghi những lần đã dự.")
    return value


@transaction.atomic
def record_visit(actor, organization, *, visited_on=None, visitor_name="", visitor_position="", remarks="",
                 meeting_id=None, committee=None) -> Visit:
    """A superior committee member attended a chi bộ meeting (recorded by the superior's office)."""
    organization = organization_of(organization)
    if organization is None or not can_visit(actor, organization):
        raise Http404("Không tìm thấy chi bộ.")
    errors = Errors()
    if organization.kind not in CELL_KINDS:
        errors.add("organization_id", f"Chi bộ: {organization.name} không phải là chi bộ.")
    visited_on = _visited_on(errors, visited_on)
    visitor_name = clean_text(visitor_name)
    if not visitor_name:
        errors.add("visitor_name", "Người dự: bắt buộc.")
    elif len(visitor_name) > 150:
        errors.add("visitor_name", "Người dự: tối đa 150 ký tự.")
    visitor_position = text(errors, "visitor_position", "Chức vụ", visitor_position, 150)
    meeting = None
    if meeting_id not in (None, ""):
        meeting = Meeting.objects.filter(pk=meeting_id, organization=organization).first() \
            if str(meeting_id).isdigit() else None
        if meeting is None:
            errors.add("meeting_id", f"Cuộc sinh hoạt: không có cuộc sinh hoạt mã {meeting_id} của "
                                     f"{organization.name}.")
        elif visited_on and meeting.day != visited_on:
            errors.add("visited_on", f"Ngày dự ({visited_on:%d/%m/%Y}) khác ngày của cuộc sinh hoạt "
                                     f"({meeting.day:%d/%m/%Y}).")
    if committee is None and organization.parent_id:
        committee = organization.parent
    errors.raise_if_any()
    visit = Visit.objects.create(
        organization=organization, committee=committee or organization, meeting=meeting, visited_on=visited_on,
        visitor_name=visitor_name, visitor_position=visitor_position, remarks=clean_text(remarks),
        created_by=user_or_none(actor),
    )
    rollup.refresh(organization.pk, visited_on)
    audit.record(actor, visit, "visit", after=audit.snapshot(visit))
    return visit


@transaction.atomic
def delete_visit(actor, visit) -> None:
    """Remove a visit recorded by mistake (the superior's office that may record it; audited)."""
    visit = Visit.objects.select_for_update().select_related("organization").filter(pk=visit.pk).first()
    if visit is None or not can_visit(actor, visit.organization):
        raise Http404("Không tìm thấy lần dự sinh hoạt.")
    audit.record(actor, visit, "delete", before=audit.snapshot(visit), note=f"Xóa: {visit}")
    org_id, day = visit.organization_id, visit.visited_on
    visit.delete()
    rollup.refresh(org_id, day)
