"""JSON API of member development: /api/v1/prospects (register, steps, the superior's decision) and
/api/v1/development-targets (targets and progress). Thin over queries and services; out of scope answers 404,
bad input 422 with Vietnamese messages naming the field."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from dangvu.core import files
from dangvu.core.dates import today
from dangvu.core.pages import api_page
from dangvu.core.schemas import Id, Schema, SmallInt

from . import access, queries, services
from .models import Prospect, Stage

router = Router(tags=["Phát triển đảng viên"])
targets_router = Router(tags=["Phát triển đảng viên"])
PAGE_MAX = 100_000
NO_FILE = File(None)  # an optional multipart file


class ProspectIn(Schema):
    organization_id: int
    full_name: str
    gender: str
    birth_date: dt.date
    proposed_on: dt.date | None = None
    national_id: str = ""
    birth_place: str = ""
    hometown: str = ""
    residence: str = ""
    ethnicity: str = "Kinh"
    religion: str = "Không"
    general_education: str = ""
    qualification: str = ""
    profession: str = ""
    job_title: str = ""
    helper_ids: list[int] = []


class ProspectPatch(Schema):
    organization_id: int | None = None
    full_name: str | None = None
    gender: str | None = None
    birth_date: dt.date | None = None
    proposed_on: dt.date | None = None
    national_id: str | None = None
    birth_place: str | None = None
    hometown: str | None = None
    residence: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    general_education: str | None = None
    qualification: str | None = None
    profession: str | None = None
    job_title: str | None = None
    helper_ids: list[int] | None = None
    version: int | None = None


class StepIn(Schema):
    step: str
    on: dt.date | None = None
    note: str = ""
    class_name: str = ""  # step "class": the awareness class
    number: str = ""  # step "class": certificate number; step "resolution": the resolution's number
    version: int | None = None


class AdmitIn(Schema):
    decision: str
    on: dt.date | None = None
    organization_id: int | None = None  # the deciding committee (default: the chi bộ's direct superior)
    version: int | None = None


class ListQuery(Schema):
    organization_id: int | None = None
    stage: str | None = None
    year: int | None = None
    q: str = ""
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(25, ge=1, le=200)


class TargetIn(Schema):
    organization_id: int
    year: int
    target: int
    version: int | None = None


def prospect_row(p: Prospect) -> dict:
    return {"id": p.pk, "full_name": p.full_name, "organization_id": p.organization_id,
            "organization_name": p.organization.name, "stage": p.stage, "stage_label": p.get_stage_display(),
            "birth_date": p.birth_date, "proposed_on": p.proposed_on, "ceremony_due_on": p.ceremony_due_on,
            "member_id": p.member_id}


def prospect_out(p: Prospect) -> dict:
    data = prospect_row(p)
    data.update({name: getattr(p, name) for name in (
        "gender", "national_id", "birth_place", "hometown", "residence", "ethnicity", "religion",
        "general_education", "qualification", "profession", "job_title", "class_name", "certificate_number",
        "certificate_on", "dossier_on", "resolution_on", "resolution_number", "decision_on", "decision_number",
        "decided_by_id", "ceremony_on", "ceremony_late_reason", "closed_on", "closed_reason", "version")})
    data["ceremony_late"] = p.ceremony_late or bool(
        p.stage == Stage.DECIDED and p.ceremony_due_on and p.ceremony_due_on < today())
    data["helper_ids"] = sorted(p.helpers.values_list("pk", flat=True))
    data["dossier"] = [{"code": f["code"], "name": f["name"], "when": f["when"], "required": f["required"],
                        "on": f["item"].on if f["item"] else None, "missing": f["missing"],
                        "files": [{"id": a.pk, "name": a.name} for a in f["files"]]}
                       for f in services.checklist(p)]
    return data


@router.get("", summary="Danh sách quần chúng ưu tú (lọc theo tổ chức, giai đoạn, năm giới thiệu)")
def list_prospects(request, f: Query[ListQuery]):
    org = access.access_organization(request.auth, f.organization_id) if f.organization_id else None
    if f.stage and f.stage not in Stage.values:
        raise ValidationError({"stage": ["Giai đoạn: không hợp lệ."]})
    qs = queries.register(request.auth, stage=f.stage or "", organization=org, year=f.year, q=f.q)
    count = queries.register_count(request.auth, stage=f.stage or "", organization=org, year=f.year, q=f.q)
    return api_page(qs, f.page, f.page_size, prospect_row, count=count)


@router.post("", response={201: dict}, summary="Giới thiệu một quần chúng ưu tú")
def create_prospect(request, payload: ProspectIn):
    data = payload.dict()
    p = services.create_prospect(request.auth, organization=data.pop("organization_id"),
                                 helpers=data.pop("helper_ids"), proposed_on=data.pop("proposed_on") or today(),
                                 **data)
    return Status(201, prospect_out(p))


@router.get("/{prospect_id}", summary="Một quần chúng ưu tú: các bước, hồ sơ kết nạp")
def get_prospect(request, prospect_id: Id):
    return prospect_out(access.access_prospect(request.auth, prospect_id))


@router.patch("/{prospect_id}", summary="Sửa thông tin, đảng viên giúp đỡ, chi bộ (trước khi có quyết định)")
def patch_prospect(request, prospect_id: Id, payload: ProspectPatch):
    p = access.access_prospect(request.auth, prospect_id, "work")
    data = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    version = data.pop("version", None)
    helpers = data.pop("helper_ids", None)
    organization = data.pop("organization_id", None)
    p = services.update_prospect(request.auth, p, version=version, helpers=helpers, organization=organization,
                                 **{k: v for k, v in data.items() if v is not None})
    return prospect_out(p)


@router.post("/{prospect_id}/steps", summary="Ghi một bước: class, dossier, resolution, ceremony, refuse, withdraw")
def post_step(request, prospect_id: Id, payload: StepIn):
    p = access.access_prospect(request.auth, prospect_id, "work")
    p = services.record_step(request.auth, p, step=payload.step, on=payload.on, note=payload.note,
                             version=payload.version, class_name=payload.class_name, number=payload.number)
    return prospect_out(p)


@router.post("/{prospect_id}/admit", response={201: dict},
             summary="Quyết định kết nạp của cấp trên: tạo đảng viên dự bị từ thông tin của quần chúng")
def post_admit(request, prospect_id: Id, payload: AdmitIn):
    p = access.access_prospect(request.auth, prospect_id, "decide")
    member = services.admit(request.auth, p, decision=payload.decision, on=payload.on,
                            organization=payload.organization_id, version=payload.version)
    return Status(201, {"member_id": member.pk, "id": member.pk, "prospect_id": p.pk})


@targets_router.get("", summary="Chỉ tiêu kết nạp và số đã kết nạp của một tổ chức và các tổ chức trực thuộc")
def list_targets(request, organization_id: Id | None = None, year: SmallInt | None = None):
    user = request.auth
    if organization_id is None:
        from dangvu.organizations.access import reach

        readable = set(access.organizations_for(user).filter(
            pk__in=[o.pk for o in reach(user).top_organizations]).values_list("pk", flat=True))
        tops = [o for o in reach(user).top_organizations if o.pk in readable]
        if not tops:
            return {"items": [], "count": 0, "children_target": None, "children_admitted": 0}
        organization_id = tops[0].pk
    org = access.access_organization(user, organization_id)
    data = queries.progress(org, year or today().year)

    def row(r, level):
        o = r["organization"]
        return {"organization_id": o.pk, "organization_name": o.name, "year": data["year"], "target": r["target"],
                "admitted": r["admitted"], "level": level}

    items = [row(data["total"], "organization")] + [row(r, "child") for r in data["children"]]
    return {"items": items, "count": len(items), "children_target": data["children_target"],
            "children_admitted": data["children_admitted"]}


@targets_router.post("", summary="Giao chỉ tiêu kết nạp cho một tổ chức trực thuộc (văn phòng cấp trên)")
def post_target(request, payload: TargetIn):
    t = services.set_target(request.auth, organization=payload.organization_id, year=payload.year,
                            target=payload.target, version=payload.version)
    data = queries.progress(t.organization, t.year)["total"]
    return {"organization_id": t.organization_id, "year": t.year, "target": t.target, "admitted": data["admitted"],
            "version": t.version}


@router.post("/{prospect_id}/dossier", response={201: dict},
             summary="Ghi một tài liệu của hồ sơ kết nạp (mẫu, ngày, tệp; multipart)")
def post_dossier(request, prospect_id: Id, code: Form[str], on: Form[dt.date | None] = None,
                 file: UploadedFile | None = NO_FILE, note: Form[str] = ""):
    p = access.access_prospect(request.auth, prospect_id, "work")
    item = services.record_item(request.auth, p, code=code, on=on, file=file, note=note)
    return Status(201, {"code": item.code, "on": item.on, "files": [
        {"id": a.pk, "name": a.name} for a in files.attachments(item).order_by("id")]})


@router.get("/{prospect_id}/files/{attachment_id}", summary="Tải tệp của hồ sơ kết nạp")
def get_file(request, prospect_id: Id, attachment_id: Id):
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404

    from dangvu.core.models import Attachment

    from .models import DossierItem

    p = access.access_prospect(request.auth, prospect_id)
    att = Attachment.objects.filter(pk=attachment_id, content_type=ContentType.objects.get_for_model(DossierItem),
                                    object_id__in=p.dossier_items.values("pk")).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)
