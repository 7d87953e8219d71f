"""JSON API of the background jobs (mounted at /api/v1/jobs by ``dangvu.api.api``): the caller's jobs (the
administrator's: all), one job's progress, its result file. Another user's job answers 404."""

import datetime as dt

from django.urls import reverse
from ninja import Query, Router

from . import jobs
from .pages import api_page
from .schemas import Id, Schema

router = Router(tags=["Công việc nền"])


class ProgressOut(Schema):
    done: int
    total: int


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str  # queued | running | done | failed
    progress: ProgressOut
    stage: str
    error: str
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    download_url: str | None = None  # only once the job is done with a file
    result: dict | None = None


class JobPage(Schema):
    items: list[JobOut]
    count: int


def job_out(job) -> dict:
    return {
        "id": job.pk, "kind": job.kind, "label": job.label, "status": job.status,
        "progress": {"done": job.done, "total": job.total}, "stage": job.stage, "error": job.error,
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
        "download_url": reverse("api:get_job_file", kwargs={"job_id": job.pk}) if job.downloadable else None,
        "result": job.result if isinstance(job.result, dict) else None,
    }


@router.get("", response=JobPage, summary="Công việc nền của tôi (mới nhất trước)")
def list_jobs(request, page: int = Query(1, ge=1), page_size: int = Query(25, ge=1, le=500)):
    return api_page(jobs.jobs_for(request.auth), page, page_size, job_out)


@router.get("/{job_id}", response=JobOut, summary="Tiến độ và kết quả của một công việc nền")
def get_job(request, job_id: Id):
    return job_out(jobs.access_job(request.auth, job_id))


@router.get("/{job_id}/file", summary="Tải tệp kết quả của công việc đã xong")
def get_job_file(request, job_id: Id):
    return jobs.download(jobs.access_job(request.auth, job_id))
