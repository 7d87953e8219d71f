"""The register: search, issue an outgoing document, enter an incoming one, the document page, its files, its
Word/PDF, and citations in a text linked to the documents they name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import files, partydoc
from dangvu.core.dates import today
from dangvu.core.models import Attachment, AuditEntry
from dangvu.core.pages import call_service, is_htmx, page_number, pdf_response
from dangvu.organizations.access import access_organization

from .. import access, citations, queries, services
from ..forms import CitationForm, FileForm, IncomingForm, OutgoingForm, SearchForm
from ..models import Document, InboxItem, IssuerProfile
from ._common import body_lines, querystring, writable_organizations


@login_required
def index(request):
    form = SearchForm(request.GET or None, user=request.user)
    cd = form.cleaned_data if form.is_valid() else {}
    qs = queries.search(request.user, q=cd.get("q") or "", type_code=cd.get("type") or "",
                        organization_id=cd.get("organization"), direction=cd.get("direction") or "",
                        date_from=cd.get("date_from"), date_to=cd.get("date_to"))
    qs = qs.select_related("organization").order_by("-issued_on", "-id")
    items, count, page, pages = queries.paginate(qs, page_number(request.GET.get("page")))
    context = {"form": form, "items": items, "count": count, "page": page, "pages": pages,
               "can_write": writable_organizations(request.user).exists(), "querystring": querystring(request),
               "inbox_count": queries.inbox_for(request.user).filter(queries.open_q()).count()}
    return render(request, "documents/_results.html" if is_htmx(request) else "documents/index.html", context)


def _register(request, form, title: str, register, done: str):
    """The page of the issue and incoming forms: a valid POST registers the document for the chosen committee."""
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        org = access_organization(request.user, cd["organization"], "change")
        ok, doc = call_service(request, lambda: register(org, cd), lambda doc: done.format(number=doc.number),
                               form=form, aliases={"type": "type_code"})
        if ok:
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "title": title})


def _writable_or_404(user):
    if not writable_organizations(user).exists():
        raise Http404
    return user


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = OutgoingForm(request.POST or None, request.FILES or None, user=_writable_or_404(request.user),
                        day=today(), initial={"issued_on": today()})
    return _register(request, form, "Ban hành văn bản đi", lambda org, cd: services.issue_document(
        request.user, org, type_code=cd["type_code"], summary=cd["summary"], issued_on=cd["issued_on"],
        body=cd["body"], congress=cd["congress"], signer_name=cd["signer_name"], signer_title=cd["signer_title"],
        signer_capacity=cd["signer_capacity"], confidentiality=cd["confidentiality"],
        recipients_text=cd["recipients_text"], file=cd.get("file"),
    ), "Đã ban hành văn bản số {number}.")


@login_required
@require_http_methods(["GET", "POST"])
def create_incoming(request):
    form = IncomingForm(request.POST or None, request.FILES or None, user=_writable_or_404(request.user),
                        initial={"received_on": today()})
    return _register(request, form, "Vào sổ văn bản đến", lambda org, cd: services.register_incoming(
        request.user, org, number=cd["number"], issuer_name=cd["issuer_name"], issued_on=cd["issued_on"],
        received_on=cd["received_on"], summary=cd["summary"], type_code=cd["type_code"], body=cd["body"],
        file=cd.get("file"),
    ), "Đã vào sổ văn bản đến số {number}.")


@login_required
def detail(request, pk):
    doc = queries.access_document(request.user, pk)
    can_write = access.can_write(request.user, doc.organization)
    sender_side = access.can_read(request.user, doc.organization)
    my_items = list(queries.inbox_for(request.user).filter(document=doc))
    meeting_files = []
    if doc.meeting_id:
        model = services.meeting_model()
        meeting = model.objects.filter(pk=doc.meeting_id).first() if model else None
        if meeting is not None:
            meeting_files = services.meeting_materials(meeting)
    context = {
        "doc": doc, "can_write": can_write, "sender_side": sender_side, "my_items": my_items,
        "files": list(files.attachments(doc, services.FILE_PURPOSE)), "meeting_files": meeting_files,
        "counts": queries.status_counts(doc) if sender_side else None,
        "distributions": list(doc.distributions.all()) if sender_side else [],
        "file_form": FileForm(), "has_pdf": partydoc.libreoffice() is not None,
        "entries": audit_entries(doc) if sender_side else [],
        "body_lines": body_lines(doc),
    }
    return render(request, "documents/detail.html", context)


def audit_entries(doc):
    return AuditEntry.objects.filter(app_label="documents", model="document", object_id=str(doc.pk))[:50]


@login_required
@require_POST
def upload_file(request, pk):
    doc = queries.access_document(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        call_service(request, lambda: services.attach_file(request.user, doc, form.cleaned_data["file"]),
                     "Đã đính kèm tệp.", joined=True)
    else:
        messages.error(request, "Tệp đính kèm: chưa chọn tệp.")
    return redirect("documents:detail", doc.pk)


@login_required
def download(request, att_id):
    att = Attachment.objects.filter(pk=att_id).select_related("content_type").first()
    if att is None:
        raise Http404
    model = att.content_type.model_class()
    if model is Document:
        queries.access_document(request.user, att.object_id)
    elif model is InboxItem:
        queries.access_item(request.user, att.object_id)
    elif model is IssuerProfile:
        profile = IssuerProfile.objects.filter(pk=att.object_id).select_related("organization").first()
        if profile is None or not access.can_read(request.user, profile.organization):
            raise Http404
    else:  # meeting materials: through a materials document the user may see
        meeting_model = services.meeting_model()
        if meeting_model is None or model is not meeting_model:
            raise Http404
        if not queries.documents_for(request.user).filter(meeting_id=att.object_id).exists():
            raise Http404
    return files.download(att)


@login_required
def docx(request, pk):
    doc = queries.access_document(request.user, pk)
    return partydoc.docx_response(services.render_docx(doc), services.docx_filename(doc))


@login_required
def pdf(request, pk):
    doc = queries.access_document(request.user, pk)
    stem = services.docx_filename(doc, "pdf").removesuffix(".pdf")
    return pdf_response(request, services.render_docx(doc), stem, reverse("documents:detail", args=[doc.pk]),
                        label=f"Bản PDF của văn bản {doc}"[:200])


@login_required
@require_http_methods(["GET", "POST"])
def citation_parse(request):
    form = CitationForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = citations.parse_and_link(request.user, form.cleaned_data["text"])
    return render(request, "documents/citations.html", {"form": form, "found": found})
