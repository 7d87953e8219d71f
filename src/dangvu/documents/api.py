"""JSON API of the document register: /documents, /inbox and /citations (thin over queries and services)."""


import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from dangvu.core import partydoc
from dangvu.core.dates import today
from dangvu.core.pages import page_number
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.models import Organization

from . import access, citations, queries, rulesets, services
from .models import Document, InboxItem

documents_router = Router(tags=["Văn bản"])
inbox_router = Router(tags=["Hộp thư văn bản"])
citations_router = Router(tags=["Trích dẫn văn bản"])
routers = [("/documents", documents_router), ("/inbox", inbox_router), ("/citations", citations_router)]


class DocumentCreate(Schema):
    issuer_id: int
    type: str
    summary: str
    issued_on: dt.date
    body: str = ""
    congress: bool = False
    signer_name: str = ""
    signer_title: str = ""
    signer_capacity: str = ""
    confidentiality: str = ""
    recipients: list[str] = []


class IncomingCreate(Schema):
    organization_id: int
    number: str
    issuer_name: str = ""
    issued_on: dt.date
    received_on: dt.date | None = None
    summary: str
    type: str = ""
    body: str = ""


class DocumentOut(Schema):
    id: int
    direction: str
    number: str
    type: str
    type_name: str
    issuer_id: int
    issuer_name: str
    issuer_symbol: str
    issued_on: dt.date | None = None
    received_on: dt.date | None = None
    summary: str
    body: str
    congress: bool
    sequence: int | None = None
    term_id: int | None = None
    signer_name: str
    signer_title: str
    signer_capacity: str
    confidentiality: str
    recipients: list[str]


class DocumentPage(Schema):
    items: list[DocumentOut]
    count: int


class DistributionIn(Schema):
    organization_ids: list[int] = []
    member_ids: list[int] = []
    mode: str | None = None
    due_on: dt.date | None = None
    requires_reply: bool = False
    note: str = ""
    to_members: bool = False  # also the members (with an account) of the chi bộ sent to


class DistributionOut(Schema):
    id: int
    document_id: int
    due_on: dt.date | None = None
    requires_reply: bool
    recipients_count: int


class StatusItem(Schema):
    id: int
    recipient: str
    organization_id: int | None = None
    member_id: int | None = None
    state: str
    due_on: dt.date | None = None
    received_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    replied_at: dt.datetime | None = None
    overdue: bool
    remind_count: int


class StatusCounts(Schema):
    recipients: int
    received: int
    acknowledged: int
    replied: int
    overdue: int
    open: int


class StatusPage(Schema):
    items: list[StatusItem]
    count: int
    page: int
    pages: int
    counts: StatusCounts


class RemindIn(Schema):
    overdue_only: bool = False


class RemindOut(Schema):
    reminded: int


class InboxOut(Schema):
    id: int
    document_id: int
    number: str
    type_name: str
    summary: str
    issuer_name: str
    issued_on: dt.date | None = None
    recipient: str
    state: str
    due_on: dt.date | None = None
    requires_reply: bool
    received_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    replied_at: dt.datetime | None = None
    overdue: bool
    remind_count: int


class InboxPage(Schema):
    items: list[InboxOut]
    count: int


class CitationIn(Schema):
    text: str


class CitationOut(Schema):
    type: str
    number: str
    issuer_symbol: str
    issued_on: dt.date | None = None
    document_id: int | None = None


def document_out(doc: Document) -> dict:
    return {
        "id": doc.pk, "direction": doc.direction, "number": doc.number, "type": doc.type_code,
        "type_name": doc.type_name, "issuer_id": doc.organization_id, "issuer_name": doc.issuer_name,
        "issuer_symbol": doc.issuer_symbol, "issued_on": doc.issued_on, "received_on": doc.received_on,
        "summary": doc.summary, "body": doc.body, "congress": doc.congress, "sequence": doc.sequence,
        "term_id": doc.term_id, "signer_name": doc.signer_name, "signer_title": doc.signer_title,
        "signer_capacity": doc.signer_capacity, "confidentiality": doc.confidentiality,
        "recipients": [r for r in doc.recipients_text.splitlines() if r.strip()],
    }


def item_out(item: InboxItem, day) -> dict:
    doc = item.document
    return {
        "id": item.pk, "document_id": item.document_id, "number": doc.number, "type_name": doc.type_name,
        "summary": doc.summary, "issuer_name": doc.issuer_name, "issued_on": doc.issued_on,
        "recipient": item.recipient_name, "state": item.state, "due_on": item.due_on,
        "requires_reply": item.requires_reply, "received_at": item.received_at,
        "acknowledged_at": item.acknowledged_at, "replied_at": item.replied_at, "overdue": item.is_overdue(day),
        "remind_count": item.remind_count,
    }


def _org(pk) -> Organization:
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


# ------------------------------------------------------------------------------------------ /documents


@documents_router.get("", response=DocumentPage, summary="Tìm văn bản (số, thể loại, cơ quan, ngày, từ khóa không dấu)")
def list_documents(request, q: str = "", type: str = "", issuer_id: Id | None = None, direction: str = "",
                   date_from: dt.date | None = None, date_to: dt.date | None = None, page: int = 1):
    qs = queries.search(request.auth, q=q, type_code=type, organization_id=issuer_id, direction=direction,
                        date_from=date_from, date_to=date_to).order_by("-issued_on", "-id")
    items, count, _page_no, _pages = queries.paginate(qs, page_number(page))
    return {"items": [document_out(d) for d in items], "count": count}


@documents_router.post("", response={201: DocumentOut}, summary="Ban hành văn bản đi (cấp số tự động)")
def create_document(request, payload: DocumentCreate):
    doc = services.issue_document(
        request.auth, _org(payload.issuer_id), type_code=payload.type, summary=payload.summary,
        issued_on=payload.issued_on, body=payload.body, congress=payload.congress,
        signer_name=payload.signer_name, signer_title=payload.signer_title,
        signer_capacity=payload.signer_capacity, confidentiality=payload.confidentiality,
        recipients_text="\n".join(payload.recipients),
    )
    return Status(201, document_out(doc))


@documents_router.post("/incoming", response={201: DocumentOut}, summary="Vào sổ văn bản đến")
def create_incoming(request, payload: IncomingCreate):
    doc = services.register_incoming(
        request.auth, _org(payload.organization_id), number=payload.number, issuer_name=payload.issuer_name,
        issued_on=payload.issued_on, received_on=payload.received_on, summary=payload.summary,
        type_code=payload.type, body=payload.body,
    )
    return Status(201, document_out(doc))


@documents_router.get("/types", response=list[dict], summary="Danh mục thể loại văn bản có hiệu lực vào một ngày")
def document_types(request, day: dt.date | None = None):
    rs = rulesets.in_force(day)
    return [{"code": t["code"], "name": t["name"], "confirmed": t.get("confirmed", True),
             "regulation": rs["regulation"]} for t in rs["types"]]


@documents_router.get("/{document_id}", response=DocumentOut, summary="Chi tiết văn bản")
def get_document(request, document_id: Id):
    return document_out(queries.access_document(request.auth, document_id))


@documents_router.post("/{document_id}/distribution", response={201: DistributionOut},
                       summary="Gửi văn bản xuống các tổ chức cấp dưới và/hoặc đảng viên")
def create_distribution(request, document_id: Id, payload: DistributionIn):
    doc = queries.access_document(request.auth, document_id)
    dist = services.distribute(request.auth, doc, mode=payload.mode, organization_ids=payload.organization_ids,
                               member_ids=payload.member_ids, due_on=payload.due_on,
                               requires_reply=payload.requires_reply, note=payload.note,
                               to_members=payload.to_members)
    return Status(201, {"id": dist.pk, "document_id": doc.pk, "due_on": dist.due_on,
                        "requires_reply": dist.requires_reply, "recipients_count": dist.recipients_count})


@documents_router.get("/{document_id}/distribution", response=StatusPage,
                      summary="Tình trạng nhận, xác nhận, báo cáo của từng nơi nhận (phân trang)")
def get_distribution(request, document_id: Id, status: str = "", page: int = 1):
    doc = queries.access_document(request.auth, document_id)
    if not access.can_read(request.auth, doc.organization):
        raise Http404
    if status not in queries.STATUS_FILTERS:
        raise ValidationError({"status": [f"Tình trạng: chấp nhận {', '.join(k for k in queries.STATUS_FILTERS if k)}."]})
    items, counts, count, page_no, pages = queries.status_page(doc, status=status, page=page_number(page))
    rows = [{"id": i.pk, "recipient": i.recipient_name, "organization_id": i.organization_id,
             "member_id": i.member_id, "state": i.state, "due_on": i.due_on, "received_at": i.received_at,
             "acknowledged_at": i.acknowledged_at, "replied_at": i.replied_at, "overdue": i.overdue,
             "remind_count": i.remind_count} for i in items]
    return {"items": rows, "count": count, "page": page_no, "pages": pages, "counts": counts}


@documents_router.post("/{document_id}/remind", response=RemindOut, summary="Nhắc các nơi nhận chưa xác nhận")
def remind(request, document_id: Id, payload: RemindIn):
    doc = queries.access_document(request.auth, document_id)
    return {"reminded": services.remind(request.auth, doc, overdue_only=payload.overdue_only)}


@documents_router.get("/{document_id}/docx", summary="Tệp Word theo thể thức văn bản của Đảng")
def get_docx(request, document_id: Id):
    doc = queries.access_document(request.auth, document_id)
    return partydoc.docx_response(services.render_docx(doc), services.docx_filename(doc))


@documents_router.get("/{document_id}/pdf",
                      summary="Bản PDF (khi máy chủ có LibreOffice); văn bản dài: 202 và công việc nền")
def get_pdf(request, document_id: Id):
    """The PDF at once; above the size of docjobs.pdf_job_threshold(), 202 {"id", "status", "url"}: a background
    job whose file is downloaded from /api/v1/jobs/{id}/file. 503 without LibreOffice."""
    import json

    from django.urls import reverse

    from dangvu.core import docjobs

    doc = queries.access_document(request.auth, document_id)
    data = services.render_docx(doc)
    if docjobs.pdf_available() and len(data) > docjobs.pdf_job_threshold():
        stem = services.docx_filename(doc, "pdf").removesuffix(".pdf")
        job = docjobs.start_pdf(request.auth, data, stem, f"Bản PDF của văn bản {doc}"[:200])
        body = {"id": job.pk, "status": job.status, "url": reverse("api:get_job", kwargs={"job_id": job.pk})}
        return HttpResponse(json.dumps(body), status=202, content_type="application/json")
    pdf = partydoc.to_pdf(data)
    if pdf is None:
        return HttpResponse('{"detail": "Máy chủ chưa cài LibreOffice: chưa tạo được bản PDF."}', status=503,
                            content_type="application/json")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.docx_filename(doc, "pdf")}"'
    return response


# ------------------------------------------------------------------------------------------ /inbox


@inbox_router.get("", response=InboxPage, summary="Hộp thư văn bản của người dùng")
def list_inbox(request, open_only: bool = False, page: int = 1):
    qs = queries.inbox_for(request.auth).select_related("document").order_by("-created_at", "-id")
    if open_only:
        qs = qs.filter(queries.open_q())
    items, count, _p, _pages = queries.paginate(qs, page_number(page))
    day = today()
    return {"items": [item_out(i, day) for i in items], "count": count}


@inbox_router.get("/{item_id}", response=InboxOut, summary="Mở văn bản (tính là đã nhận)")
def open_inbox_item(request, item_id: Id):
    item = queries.access_item(request.auth, item_id)
    if services.is_recipient(request.auth, item):
        item = services.open_item(request.auth, item.pk)
    return item_out(InboxItem.objects.select_related("document").get(pk=item.pk), today())


@inbox_router.post("/{item_id}/acknowledge", response=InboxOut, summary="Xác nhận đã nhận văn bản")
def acknowledge(request, item_id: Id):
    item = services.acknowledge(request.auth, item_id)
    return item_out(InboxItem.objects.select_related("document").get(pk=item.pk), today())


@inbox_router.post("/{item_id}/reply", response=InboxOut, summary="Gửi báo cáo, phản hồi (tệp đính kèm)")
def reply(request, item_id: Id, file: File[UploadedFile], note: Form[str] = ""):
    item = services.reply(request.auth, item_id, file, note=note)
    return item_out(InboxItem.objects.select_related("document").get(pk=item.pk), today())


# ------------------------------------------------------------------------------------------ /citations


@citations_router.post("/parse", response=list[CitationOut], summary="Nhận diện trích dẫn văn bản trong đoạn văn")
def parse_citations(request, payload: CitationIn):
    return citations.parse_and_link(request.auth, payload.text)
