"""Word documents converted to PDF on a background job (``core.jobs``) instead of inside a request.

LibreOffice takes seconds to start and a minute on a long document: above ``pdf_job_threshold()`` bytes of .docx
(setting ``PDF_JOB_THRESHOLD``, 100 000 by default), a page hands the conversion to the worker and sends the user
to the job's page (/cong-viec/<id>/), which shows the progress and then the download link.

- ``start_pdf(owner, data, stem, label)``: the .docx built in the request is kept under MEDIA_ROOT/jobs-input/
  (a random name, outside the job's folder, so that a job put back in the queue still finds it) and the
  ``core.pdf`` job converts it.
- ``convert(progress, data, stem)``: for a handler that builds its own .docx in the worker (the minutes book of
  a chi bộ, ``meetings.jobs``): the PDF, or, where LibreOffice is missing or fails, the .docx with a note the
  job's page shows in Vietnamese.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings

from . import jobs, partydoc

PDF_JOB = "core.pdf"
NO_PDF_NOTE = ("Máy chủ chưa cài LibreOffice (hoặc LibreOffice không chuyển được tệp): chưa tạo được bản PDF. "
               "Tệp tải về là bản Word (.docx) của cùng văn bản.")
INPUT_GONE = "Không còn tệp nguồn của công việc này: hãy tạo lại bản PDF từ trang ban đầu."
CONVERTING = "Đang chuyển sang PDF (LibreOffice)"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def pdf_job_threshold() -> int:
    """The size (bytes of .docx) above which a PDF is made on a background job."""
    return int(getattr(settings, "PDF_JOB_THRESHOLD", 100_000))


def pdf_available() -> bool:
    return partydoc.libreoffice() is not None


def _inputs() -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs-input"


def convert(progress, data: bytes, stem: str):
    """(filename, content[, {"note"}]) for a job's result: the PDF of ``data``, or the .docx with NO_PDF_NOTE."""
    progress(0, stage=CONVERTING)  # no count to show: one conversion
    pdf = partydoc.to_pdf(data, timeout=int(getattr(settings, "PDF_JOB_TIMEOUT", 600)))
    if pdf is None:
        return f"{stem}.docx", data, {"note": NO_PDF_NOTE}
    return f"{stem}.pdf", pdf


def start_pdf(owner, data: bytes, stem: str, label: str):
    """The ``core.pdf`` job converting this .docx for ``owner``."""
    token = secrets.token_hex(16)
    folder = _inputs()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.docx").write_bytes(data)
    return jobs.start(PDF_JOB, owner=owner, label=label, params={"input": token, "stem": stem})


@jobs.register(PDF_JOB)
def pdf_job(job, progress):
    token = str(job.params.get("input", ""))
    source = _inputs() / f"{token}.docx"
    if not _TOKEN.match(token) or not source.is_file():
        raise jobs.JobError(INPUT_GONE)
    out = convert(progress, source.read_bytes(), str(job.params.get("stem") or "van-ban"))
    source.unlink(missing_ok=True)
    return out


def remove_input(job) -> None:
    """Delete a ``core.pdf`` job's source (when the job is pruned)."""
    token = str((job.params or {}).get("input", "")) if job.kind == PDF_JOB else ""
    if _TOKEN.match(token):
        (_inputs() / f"{token}.docx").unlink(missing_ok=True)
