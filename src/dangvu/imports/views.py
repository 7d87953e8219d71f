"""Pages of imports under /nhap-du-lieu/: the list and upload form, an import's preview (mapping, counts,
refused rows, duplicates side by side) with its progress, the apply, the downloads. Thin: parse, call the
service, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.pages import call_service, is_htmx, page_number, paginate

from . import engine, preview, queries, reading, services, workbooks
from .access import access_batch, batches_for, may_import, may_import_kind, scopes_for
from .forms import TemplateNameForm, UploadForm
from .models import BatchStatus, Decision, ImportKind, MappingTemplate

DUP_PARAM, DUP_PAGE = "trang-trung", 100  # the probable duplicates: a page of them decided at a time


def _guard(request):
    if not may_import(request.user):
        raise Http404("Không tìm thấy.")


def _templates(user):
    return MappingTemplate.objects.filter(organization__in=scopes_for(user)).order_by("name")[:200]


@login_required
def index(request):
    _guard(request)
    templates = list(_templates(request.user))
    kinds = [(k, ImportKind(k).label) for k in ImportKind.values if reading.has_spec(k) and may_import_kind(request.user, k)]
    form = UploadForm(request.POST or None, request.FILES or None, templates=templates, kinds=[k for k, _ in kinds])
    form.fields["organization"].bind_user(request.user)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        mapping = None
        if cd.get("template"):
            tpl = next((t for t in templates if str(t.pk) == cd["template"]), None)
            mapping = tpl.mapping if tpl else None
        ok, batch = call_service(
            request, lambda: services.start_import(request.user, organization=cd["organization"], kind=cd["kind"],
                                                   upload=cd["file"], mapping=mapping),
            "Đã tải tệp lên; trình chạy nền sẽ kiểm tra từng dòng, tiến độ hiện dưới đây.", form=form)
        if ok:
            return redirect("imports:detail", batch.pk)
    page = paginate(request, batches_for(request.user))
    return render(request, "imports/index.html", {
        "form": form, "page": page, "kinds": kinds,
    })


@login_required
def template(request, kind):
    _guard(request)
    if kind not in ImportKind.values or not reading.has_spec(kind) or not may_import_kind(request.user, kind):
        raise Http404("Không có tệp mẫu cho loại dữ liệu này.")
    response = HttpResponse(workbooks.template(kind), content_type=workbooks.XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response


def _context(request, b):
    fields = reading.spec(b.kind)["fields"]
    labels = {f["name"]: f["label"] for f in fields}
    errors = paginate(request, queries.errors_of(b), 50)
    duplicates, rows, dup_page, to_write = [], None, None, None
    if b.status in (BatchStatus.READY, BatchStatus.APPLYING, BatchStatus.DONE):
        from . import kinds
        from .engine import context_for

        kind = kinds.get(b.kind)(context_for(b))
        rows = preview.listing(request, b, kind, labels)
        if b.status == BatchStatus.READY:
            on_page = []
            if b.count_duplicate:
                dup_page = preview.page_of(request, queries.duplicates_of(b), param=DUP_PARAM, size=DUP_PAGE,
                                           count=b.count_duplicate, anchor="co-the-trung")
                on_page = dup_page["items"]
                duplicates = preview.described(b, kind, on_page, labels)
            to_write = preview.apply_counts(b, queries.duplicates_of(b), on_page)
            if dup_page is not None:
                dup_page["decided"] = to_write["decided"]
    return {"b": b, "fields": fields, "labels": labels, "errors": errors, "duplicates": duplicates, "rows": rows,
            "dup_page": dup_page, "to_write": to_write,
            "decisions": Decision.choices, "template_form": TemplateNameForm(),
            "busy": b.status in BatchStatus.busy()}


@login_required
def detail(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    if b.status in BatchStatus.busy() and engine.reap_stale(b.pk):
        b.refresh_from_db()
    return render(request, "imports/detail.html", _context(request, b))


@login_required
def progress(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    if not is_htmx(request):
        return redirect("imports:detail", b.pk)
    response = render(request, "imports/_progress.html", {"b": b, "busy": b.status in BatchStatus.busy()})
    if b.status not in BatchStatus.busy():
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def mapping(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    chosen = {h: request.POST.get(f"col-{i}", "") for i, h in enumerate(b.headers)}
    call_service(request, lambda: services.remap(request.user, b, mapping=chosen),
                 "Đã đổi cách ghép cột; dangvu đang kiểm tra lại.", joined=True)
    return redirect("imports:detail", b.pk)


@login_required
@require_POST
def save_template(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    call_service(request, lambda: services.save_template(request.user, b, name=request.POST.get("name", "")),
                 lambda t: f"Đã lưu mẫu ghép cột “{t.name}”.", joined=True)
    return redirect("imports:detail", b.pk)


def _decisions(request) -> tuple[dict, dict]:
    """The choices posted for the rows that may duplicate a record (one page of them): {row: choice}, {row: reason}."""
    decisions, reasons = {}, {}
    for key, value in request.POST.items():
        if key.startswith("quyet-dinh-") and value:
            decisions[key.removeprefix("quyet-dinh-")] = value
        elif key.startswith("ly-do-") and value.strip():
            reasons[key.removeprefix("ly-do-")] = value
    return decisions, reasons


@login_required
@require_POST
def apply(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    decisions, reasons = _decisions(request)
    call_service(request, lambda: services.request_apply(request.user, b, decisions=decisions, reasons=reasons),
                 "Đang ghi dữ liệu: tất cả các dòng được ghi cùng lúc, hoặc không dòng nào.", joined=True)
    return redirect("imports:detail", b.pk)


@login_required
@require_POST
def decide(request, pk):
    """The choices of one page of probable duplicates saved without writing anything (a file with more of them
    than a page holds is decided page by page, then applied)."""
    _guard(request)
    b = access_batch(request.user, pk)
    decisions, reasons = _decisions(request)
    call_service(request, lambda: services.decide(request.user, b, decisions=decisions, reasons=reasons),
                 lambda n: f"Đã lưu cách xử lý {n} dòng có thể trùng; chưa có gì được ghi.", joined=True)
    page = page_number(request.POST.get(DUP_PARAM))
    return redirect(reverse("imports:detail", args=[b.pk]) + (f"?{DUP_PARAM}={page}" if page > 1 else "") + "#co-the-trung")


@login_required
@require_POST
def discard(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    ok, _name = call_service(request, lambda: services.discard(request.user, b),
                             lambda name: f"Đã xóa lượt nhập “{name}” và tệp đã tải lên; chưa có gì được ghi.",
                             joined=True)
    return redirect("imports:index") if ok else redirect("imports:detail", b.pk)


@login_required
def refused(request, pk):
    _guard(request)
    b = access_batch(request.user, pk)
    response = HttpResponse(workbooks.refused(b), content_type=workbooks.XLSX)
    response["Content-Disposition"] = f'attachment; filename="dong-bi-tu-choi-{b.pk}.xlsx"'
    return response
