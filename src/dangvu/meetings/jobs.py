"""The meetings app's background jobs (``dangvu.core.jobs``): the minutes book of a chi bộ for a period.

Its PDF is always made in the worker (the whole book through LibreOffice); its .docx too when the period holds more
than ``book_job_threshold()`` meetings (setting ``MINUTES_BOOK_JOB_THRESHOLD``, 24 by default). The page
(``views.oversight.book``) sends the user to the job's page, which shows the progress and then the download link.
"""

import datetime as dt

from django.conf import settings

from dangvu.core import docjobs, jobs
from dangvu.core.dates import format_date

from . import documents, queries

BOOK = "meetings.minutes_book"


def book_job_threshold() -> int:
    return int(getattr(settings, "MINUTES_BOOK_JOB_THRESHOLD", 24))


def book_name(cell, date_from: dt.date, date_to: dt.date) -> str:
    return f"so-bien-ban-{cell.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"


def start_book(owner, cell, date_from: dt.date, date_to: dt.date, fmt: str):
    """The job making the book of ``cell`` for the period as ``fmt`` ("pdf" or "docx")."""
    what = "PDF" if fmt == "pdf" else "Word"
    label = f"Sổ ghi biên bản {cell.name} từ {format_date(date_from)} đến {format_date(date_to)} ({what})"
    return jobs.start(BOOK, owner=owner, label=label, params={
        "organization_id": cell.pk, "date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "format": fmt})


@jobs.register(BOOK)
def minutes_book(job, progress):
    p = job.params
    cell = queries.access_cell(job.owner, p["organization_id"])  # checked again: Http404 fails the job with its reason
    date_from, date_to = dt.date.fromisoformat(p["date_from"]), dt.date.fromisoformat(p["date_to"])
    progress(0, stage="Đang soạn sổ ghi biên bản")
    data = documents.minutes_book_docx(cell, date_from, date_to)
    name = book_name(cell, date_from, date_to)
    if p.get("format") == "pdf":
        return docjobs.convert(progress, data, name)
    return f"{name}.docx", data
