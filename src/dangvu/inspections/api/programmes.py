"""/api/v1/inspection-programmes: yearly programmes, their items, planned against done."""

from ninja import Query, Router, Status

from dangvu.core.pages import api_page
from dangvu.core.schemas import Id

from .. import services
from ..queries import access_programme, programmes_for
from .out import programme_out
from .schemas import Page, ProgrammeIn, ProgrammeItemIn

router = Router(tags=["Chương trình kiểm tra, giám sát"])


@router.get("", response=Page, summary="Chương trình kiểm tra, giám sát trong phạm vi")
def list_programmes(request, year: int | None = None, page: int = Query(1, ge=1),
                    page_size: int = Query(25, ge=1, le=500)):
    qs = programmes_for(request.auth)
    if year:
        qs = qs.filter(year=year)
    return api_page(qs.order_by("-year", "id"), page, page_size, programme_out)


@router.post("", response={201: dict}, summary="Lập chương trình kiểm tra, giám sát")
def create_programme(request, payload: ProgrammeIn):
    p = services.create_programme(request.auth, organization=payload.organization_id, year=payload.year,
                                  title=payload.title, number=payload.number)
    return Status(201, programme_out(p, detail=True))


@router.get("/{programme_id}", response=dict, summary="Chương trình: kế hoạch và kết quả thực hiện")
def get_programme(request, programme_id: Id):
    return programme_out(access_programme(request.auth, programme_id), detail=True)


@router.post("/{programme_id}/items", response={201: dict}, summary="Thêm nội dung chương trình")
def add_item(request, programme_id: Id, payload: ProgrammeItemIn):
    p = access_programme(request.auth, programme_id, "write")
    services.add_programme_item(request.auth, p, subject_organization=payload.subject_organization_id,
                                kind=payload.kind, content=payload.content, month=payload.month)
    return Status(201, programme_out(access_programme(request.auth, programme_id), detail=True))
