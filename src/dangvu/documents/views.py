"""Document pages: register and search, issue, incoming, Word/PDF, distribution and status, inbox, templates,
meeting materials, citations. Thin: parse, call the service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import files, partydoc
from dangvu.core.dates import today
from dangvu.core.models import Attachment
from dangvu.members.models import ACTIVE_STATUSES, Member
from dangvu.organizations.access import access_organization, organizations_for
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from . import citations, queries, rules, services
from .forms import (
    CitationForm,
    DistributionForm,
    FileForm,
    IncomingForm,
    MaterialsForm,
    OutgoingForm,
    ProfileForm,
    ReplyForm,
    SearchForm,
    StatusFilterForm,
    TemplateForm,
    apply_errors,
)
from .models import Document, InboxItem, IssuerProfile

PICK_LIMIT = 500


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page") or 1))
    except ValueError:
        return 1


def writable_organizations(user):
    """Committees the user may issue for (office grants and what is under them, chi bộ left out of the list)."""
    qs = organizations_for(user, "change").filter(status=OrgStatus.ACTIVE)
    return list(qs.exclude(kind__in=CELL_KINDS).order_by("depth", "sort_key", "id")[:200])


def readable_organizations(user):
    qs = organizations_for(user, "view").filter(status=OrgStatus.ACTIVE)
    return list(qs.exclude(kind__in=CELL_KINDS).order_by("depth", "sort_key", "id")[:200])


def _querystring(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# ------------------------------------------------------------------------------------------ register


@login_required
def index(request):
    form = SearchForm(request.GET or None, organizations=readable_organizations(request.user))
    cd = form.cleaned_data if form.is_valid() else {}
    qs = queries.search(request.user, q=cd.get("q") or "", type_code=cd.get("type") or "",
                        organization_id=cd.get("organization"), direction=cd.get("direction") or "",
                        date_from=cd.get("date_from"), date_to=cd.get("date_to"))
    qs = qs.select_related("organization").order_by("-issued_on", "-id")
    items, count, page, pages = queries.paginate(qs, _page(request))
    context = {"form": form, "items": items, "count": count, "page": page, "pages": pages,
               "can_write": bool(writable_organizations(request.user)), "querystring": _querystring(request),
               "inbox_count": queries.inbox_for(request.user).filter(queries.open_q()).count()}
    if _is_htmx(request):
        return render(request, "documents/_results.html", context)
    return render(request, "documents/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    orgs = writable_organizations(request.user)
    if not orgs:
        raise Http404
    form = OutgoingForm(request.POST or None, request.FILES or None, organizations=orgs, day=today(),
                        initial={"issued_on": today()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        org = access_organization(request.user, cd["organization"], "change")
        try:
            doc = services.issue_document(
                request.user, org, type_code=cd["type_code"], summary=cd["summary"], issued_on=cd["issued_on"],
                body=cd["body"], congress=cd["congress"], signer_name=cd["signer_name"],
                signer_title=cd["signer_title"], signer_capacity=cd["signer_capacity"],
                confidentiality=cd["confidentiality"], recipients_text=cd["recipients_text"], file=cd.get("file"))
        except ValidationError as exc:
            apply_errors(form, exc, {"type": "type_code"})
        else:
            messages.success(request, f"Đã ban hành văn bản số {doc.number}.")
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "title": "Ban hành văn bản đi"})


@login_required
@require_http_methods(["GET", "POST"])
def create_incoming(request):
    orgs = writable_organizations(request.user)
    if not orgs:
        raise Http404
    form = IncomingForm(request.POST or None, request.FILES or None, organizations=orgs,
                        initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        org = access_organization(request.user, cd["organization"], "change")
        try:
            doc = services.register_incoming(
                request.user, org, number=cd["number"], issuer_name=cd["issuer_name"], issued_on=cd["issued_on"],
                received_on=cd["received_on"], summary=cd["summary"], type_code=cd["type_code"], body=cd["body"],
                file=cd.get("file"))
        except ValidationError as exc:
            apply_errors(form, exc, {"type": "type_code"})
        else:
            messages.success(request, f"Đã vào sổ văn bản đến số {doc.number}.")
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "title": "Vào sổ văn bản đến"})


@login_required
def detail(request, pk):
    doc = queries.access_document(request.user, pk)
    can_write = rules.can_write(request.user, doc.organization)
    sender_side = rules.can_read(request.user, doc.organization)
    my_items = list(queries.inbox_for(request.user).filter(document=doc))
    meeting_files = []
    if doc.meeting_id:
        model = services.meeting_model()
        meeting = model.objects.filter(pk=doc.meeting_id).first() if model else None
        if meeting is not None:
            meeting_files = list(files.attachments(meeting, "materials"))
    context = {
        "doc": doc, "can_write": can_write, "sender_side": sender_side, "my_items": my_items,
        "files": list(files.attachments(doc, services.FILE_PURPOSE)), "meeting_files": meeting_files,
        "counts": queries.status_counts(doc) if sender_side else None,
        "distributions": list(doc.distributions.all()) if sender_side else [],
        "file_form": FileForm(), "has_pdf": partydoc.libreoffice() is not None,
        "entries": audit_entries(doc) if sender_side else [],
        "body_lines": [line for line in doc.body.splitlines() if line.strip()],
    }
    return render(request, "documents/detail.html", context)


def audit_entries(doc):
    from dangvu.core.models import AuditEntry

    return AuditEntry.objects.filter(app_label="documents", model="document", object_id=str(doc.pk))[:50]


@login_required
@require_POST
def upload_file(request, pk):
    doc = queries.access_document(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(request.user, doc, form.cleaned_data["file"])
            messages.success(request, "Đã đính kèm tệp.")
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
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
        if profile is None or not rules.can_read(request.user, profile.organization):
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
    data = partydoc.to_pdf(services.render_docx(doc))
    if data is None:
        messages.error(request, "Máy chủ chưa cài LibreOffice: chưa tạo được bản PDF. Hãy tải tệp Word.")
        return redirect("documents:detail", doc.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.docx_filename(doc, "pdf")}"'
    return response


# ------------------------------------------------------------------------------------------ distribution


@login_required
@require_http_methods(["GET", "POST"])
def distribute(request, pk):
    doc = queries.access_document(request.user, pk)
    if not rules.can_write(request.user, doc.organization):
        raise Http404
    below = Organization.objects.filter(path__startswith=doc.organization.path, status=OrgStatus.ACTIVE).exclude(
        pk=doc.organization.pk).order_by("path")[:PICK_LIMIT]
    members = Member.objects.filter(org_path__startswith=doc.organization.path, status__in=ACTIVE_STATUSES
                                    ).select_related("organization").order_by("org_path", "sort_key")[:PICK_LIMIT]
    form = DistributionForm(request.POST or None, organizations=below, members=members)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        mode = cd["mode"]
        try:
            dist = services.distribute(
                request.user, doc, mode=mode if mode in ("all_cells", "children") else None,
                organization_ids=cd["organization_ids"] if mode == "chosen" else [],
                member_ids=cd["member_ids"] if mode == "members" else [], due_on=cd["due_on"],
                requires_reply=cd["requires_reply"], note=cd["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã gửi văn bản tới {dist.recipients_count} nơi nhận.")
            return redirect("documents:status", doc.pk)
    return render(request, "documents/distribute.html", {"form": form, "doc": doc})


@login_required
def status(request, pk):
    doc = queries.access_document(request.user, pk)
    if not rules.can_read(request.user, doc.organization):
        raise Http404
    form = StatusFilterForm(request.GET or None)
    value = form.cleaned_data.get("status") or "" if form.is_valid() else ""
    items, counts, count, page, pages = queries.status_page(doc, status=value, page=_page(request))
    context = {"doc": doc, "form": form, "items": items, "counts": counts, "count": count, "page": page,
               "pages": pages, "can_write": rules.can_write(request.user, doc.organization), "status": value}
    if _is_htmx(request):
        return render(request, "documents/_status_table.html", context)
    return render(request, "documents/status.html", context)


@login_required
@require_POST
def remind(request, pk):
    doc = queries.access_document(request.user, pk)
    try:
        count = services.remind(request.user, doc, overdue_only=request.POST.get("overdue_only") == "1")
        messages.success(request, f"Đã nhắc {count} nơi nhận.")
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("documents:status", doc.pk)


# ------------------------------------------------------------------------------------------ inbox


@login_required
def inbox(request):
    only_open = request.GET.get("mo") == "1"
    qs = queries.inbox_for(request.user).select_related("document").order_by("-created_at", "-id")
    if only_open:
        qs = qs.filter(queries.open_q())
    items, count, page, pages = queries.paginate(qs, _page(request))
    day = today()
    for item in items:
        item.overdue = item.is_overdue(day)
    return render(request, "documents/inbox.html", {"items": items, "count": count, "page": page, "pages": pages,
                                                    "only_open": only_open})


@login_required
def inbox_item(request, item_id):
    item = queries.access_item(request.user, item_id)
    recipient = services.is_recipient(request.user, item)
    if not recipient:  # the sender side reads the item on the status page
        return redirect("documents:status", item.document_id)
    item = services.open_item(request.user, item.pk)
    doc = item.document
    return render(request, "documents/inbox_item.html", {
        "item": item, "doc": doc, "reply_form": ReplyForm(), "overdue": item.is_overdue(today()),
        "files": list(files.attachments(doc, services.FILE_PURPOSE)),
        "replies": list(files.attachments(item, services.REPLY_PURPOSE)),
        "body_lines": [line for line in doc.body.splitlines() if line.strip()],
    })


@login_required
@require_POST
def acknowledge(request, item_id):
    queries.access_item(request.user, item_id)
    try:
        services.acknowledge(request.user, item_id)
        messages.success(request, "Đã xác nhận đã nhận văn bản.")
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("documents:inbox_item", item_id)


@login_required
@require_POST
def reply(request, item_id):
    queries.access_item(request.user, item_id)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Tệp báo cáo: chưa chọn tệp.")
        return redirect("documents:inbox_item", item_id)
    try:
        services.reply(request.user, item_id, form.cleaned_data["file"], note=form.cleaned_data["note"])
        messages.success(request, "Đã gửi báo cáo.")
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("documents:inbox_item", item_id)


# ------------------------------------------------------------------------------------------ issuer profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, org_id):
    org = access_organization(request.user, org_id, "change")
    current = services.profile_for(org)
    form = ProfileForm(request.POST or None, initial={
        "symbol": current.symbol, "issuer_name": current.issuer_name, "superior_name": current.superior_name,
        "place": current.place, "signer_capacity": current.signer_capacity, "signer_title": current.signer_title,
        "signer_name": current.signer_name, "version": current.version if current.pk else None})
    if request.method == "POST" and form.is_valid():
        cd = dict(form.cleaned_data)
        version = cd.pop("version")
        try:
            services.save_profile(request.user, org, version=version, **cd)
        except ValidationError as exc:
            apply_errors(form, exc)
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thông tin cơ quan ban hành.")
            return redirect("documents:profile", org.pk)
    template = services.template_of(org)
    return render(request, "documents/profile.html", {
        "org": org, "form": form, "template": template, "template_form": TemplateForm(),
        "placeholders": partydoc.PLACEHOLDERS.items()})


@login_required
@require_POST
def upload_template(request, org_id):
    org = access_organization(request.user, org_id, "change")
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Mẫu văn bản: chưa chọn tệp.")
    else:
        try:
            services.save_template(request.user, org, form.cleaned_data["template"])
            messages.success(request, "Đã tải lên mẫu văn bản; các văn bản của cấp ủy sẽ dùng mẫu này.")
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("documents:profile", org.pk)


@login_required
def default_template(request):
    if not writable_organizations(request.user):
        raise Http404
    return partydoc.docx_response(partydoc.default_template(), "mau-van-ban.docx")


# ------------------------------------------------------------------------------------------ citations


@login_required
@require_http_methods(["GET", "POST"])
def citation_parse(request):
    form = CitationForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = citations.parse_and_link(request.user, form.cleaned_data["text"])
    return render(request, "documents/citations.html", {"form": form, "found": found})


# ------------------------------------------------------------------------------------------ meeting materials


@login_required
@require_http_methods(["GET", "POST"])
def send_meeting_materials(request, meeting_id):
    meeting = services.access_meeting(request.user, meeting_id)
    form = MaterialsForm(request.POST or None, initial={"due_on": services.meeting_day(meeting)})
    materials = list(files.attachments(meeting, "materials"))
    if request.method == "POST" and form.is_valid():
        try:
            dist = services.send_meeting_materials(request.user, meeting.pk, due_on=form.cleaned_data["due_on"],
                                                   note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã gửi tài liệu sinh hoạt tới {dist.recipients_count} đảng viên.")
            return redirect("documents:status", dist.document_id)
    return render(request, "documents/materials.html", {"form": form, "meeting": meeting, "materials": materials})
