"""Small helpers every app's pages and API share: server-side pagination and the HTMX request test."""

from __future__ import annotations

import math

from django.conf import settings


def is_htmx(request) -> bool:
    """The request came from HTMX (answer with the partial, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


PAGE_MAX = 100_000  # beyond any list; a larger number would make an OFFSET the database refuses


def page_number(value) -> int:
    """A page number from a query string: 1 for anything that is not a positive integer, at most PAGE_MAX."""
    try:
        return min(PAGE_MAX, max(1, int(value or 1)))
    except (TypeError, ValueError, OverflowError):
        return 1


def paginate(request, qs, size: int | None = None, count: int | None = None) -> dict:
    """One page of qs for a list page: {"items", "count", "page", "pages"} (page read from ?page=); `count`, when
    the caller knows it from a roll-up, saves counting qs."""
    size = size or int(getattr(settings, "PAGE_SIZE", 25))
    page = page_number(request.GET.get("page"))
    count = qs.count() if count is None else count
    pages = max(1, math.ceil(count / size))
    return {"items": list(qs[(page - 1) * size: page * size]), "count": count, "page": page, "pages": pages}


def api_page(qs, page: int, page_size: int, out, count: int | None = None) -> dict:
    """One page of qs for the API: {"items": [out(x) ...], "count"}; `count`, when the caller knows it from a
    roll-up, saves counting qs."""
    count = qs.count() if count is None else count
    start = (min(PAGE_MAX, max(1, page)) - 1) * page_size
    return {"items": [out(x) for x in qs[start:start + page_size]], "count": count}


PDF_MISSING = "Máy chủ chưa cài LibreOffice: chưa tạo được bản PDF. Hãy tải tệp Word."
PDF_AS_WORD = "Máy chủ chưa cài LibreOffice: tải bản Word (.docx) thay cho PDF."


PDF_ON_JOB = ("Văn bản dài: bản PDF đang được tạo ở chế độ nền. Có thể rời trang này; tệp sẽ có ở đây và trong "
              "mục Công việc nền khi xong.")


def pdf_response(request, data: bytes, stem: str, fallback_url: str | None = None, *, label: str | None = None,
                 on_job: bool = False):
    """The PDF of a .docx as a download: the one place a page meets "no LibreOffice on the server". Without it the
    user goes back to fallback_url with PDF_MISSING or, without a fallback_url, gets the .docx with PDF_AS_WORD.
    A .docx over ``docjobs.pdf_job_threshold()`` bytes (or any, with ``on_job``) is converted on a background job:
    the user goes to the job's page (progress, then the download link)."""
    from django.contrib import messages
    from django.http import HttpResponse
    from django.shortcuts import redirect

    from . import docjobs, partydoc

    if partydoc.libreoffice() is not None and (on_job or len(data) > docjobs.pdf_job_threshold()):
        job = docjobs.start_pdf(request.user, data, stem, label or f"Tạo bản PDF: {stem}.pdf")
        messages.info(request, PDF_ON_JOB)
        return redirect("core:job", job_id=job.pk)
    pdf = partydoc.to_pdf(data)
    if pdf is None:
        if fallback_url is None:
            messages.warning(request, PDF_AS_WORD)
            return partydoc.docx_response(data, f"{stem}.docx")
        messages.error(request, PDF_MISSING)
        return redirect(fallback_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


def word_or_pdf(request, data: bytes, stem: str, fallback_url: str, *, label: str | None = None):
    """A .docx download, or its PDF when the link asks for it (?dinh-dang=pdf); without LibreOffice on the
    server the user goes back to fallback_url with a message instead of an error page."""
    from . import partydoc

    if request.GET.get("dinh-dang") != "pdf":
        return partydoc.docx_response(data, f"{stem}.docx")
    return pdf_response(request, data, stem, fallback_url, label=label)


def keep_operation_ids(routers, prefix: str) -> None:
    """Give every operation of these ninja routers the OpenAPI id `<prefix>_<function>`: an app whose api.py
    became a package keeps the ids clients generated their method names from (not <prefix>_<part>_<function>)."""
    for router in routers:
        for path in router.path_operations.values():
            for operation in path.operations:
                operation.operation_id = operation.operation_id or f"{prefix}_{operation.view_func.__name__}"


def call_service(request, call, success, *, form=None, aliases=None, joined=False,
                 into: list | None = None) -> tuple[bool, object]:
    """Run a page's service call and tell the user how it went: (True, result) with the success message (a text,
    or a function of the result) and the result's `warnings` flashed; (False, None) when refused, each refusal
    beside its field of `form` (a stale version above it), or added to the list `into` for a page that shows them
    itself, or else flashed for the next page (all in one message with joined=True)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    from .errors import ConflictError
    from .forms import apply_service_errors

    try:
        result = call()
    except (ValidationError, ConflictError) as exc:
        if form is not None:
            apply_service_errors(form, exc, aliases)
        elif into is not None:
            into.extend([ConflictError.message] if isinstance(exc, ConflictError) else exc.messages)
        else:
            refusals = [ConflictError.message] if isinstance(exc, ConflictError) else exc.messages
            for message in [" ".join(refusals)] if joined else refusals:
                messages.error(request, message)
        return False, None
    messages.success(request, success(result) if callable(success) else success)
    for warning in getattr(result, "warnings", None) or ():
        messages.warning(request, warning)
    return True, result
