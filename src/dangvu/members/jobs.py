"""The members app's background jobs (``dangvu.core.jobs``): the member export when it is large.

Below ``settings.EXPORT_JOB_THRESHOLD`` members the list's export streams at once (``exports``); above, the page
starts a job (``start_export``) whose handler writes the same workbook in the worker, with its progress, and the
user downloads it from the job's page.
"""

from django.conf import settings

from dangvu.core import jobs, xlsx_stream
from dangvu.core.dates import today
from dangvu.organizations.access import access_organization

from . import columns, exports

EXPORT = "members.export"
FILTER_KEYS = ("subtree", "q", "status", "theory_level", "gender", "age_band")


def export_threshold() -> int:
    return int(getattr(settings, "EXPORT_JOB_THRESHOLD", 5000))


def export_params(filters: dict) -> dict:
    """The list's filters as JSON (the organisation by id): the job's params."""
    org = filters.get("organization")
    return {"organization_id": org.pk if org is not None else None, **{k: filters.get(k) for k in FILTER_KEYS}}


def export_filters(owner, params: dict) -> dict:
    """The filters back from the params, checked again for the owner (Http404 if the organisation is out of
    reach now: the job fails with its message)."""
    org_id = params.get("organization_id")
    org = access_organization(owner, org_id, "view") if org_id else None
    return {"organization": org, **{k: params.get(k) for k in FILTER_KEYS}}


def start_export(owner, filters: dict, count: int):
    """The export job for these filters: the one already queued or running for the same owner and filters if
    there is one (a reloaded page does not start a second), else a new one."""
    from dangvu.core.models import Job

    params = export_params(filters)
    same = (Job.objects.filter(owner=owner, kind=EXPORT, status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
            .order_by("-created_at"))
    for job in same[:20]:
        if job.params == params:
            return job
    org = filters.get("organization")
    label = f"Xuất danh sách đảng viên: {org.name if org is not None else 'trong phạm vi được phân quyền'}"
    return jobs.start(EXPORT, owner=owner, label=f"{label} ({count:,} người)".replace(",", "."), params=params)


@jobs.register(EXPORT)
def export(job, progress):
    owner = job.owner
    filters = export_filters(owner, job.params)
    total = exports.member_queryset(owner, filters).count()
    progress(0, total, "Đang ghi danh sách đảng viên")

    def rows():
        n = 0
        for i, row in enumerate(exports.sheet_rows(owner, filters)):
            yield row
            if i >= 3:  # after the title, the scope and the headings
                n += 1
                if n % 500 == 0:
                    progress(n, total)
        progress(n, total)

    data = xlsx_stream.stream("Danh sách đảng viên", rows(), widths=columns.WIDTHS,
                              freeze=exports.FREEZE)
    return f"danh-sach-dang-vien-{today():%Y%m%d}.xlsx", data
