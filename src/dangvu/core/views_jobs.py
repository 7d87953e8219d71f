"""Pages of the background jobs (``dangvu.core.jobs``): the user's list, one job's progress (refreshed by HTMX
while it runs), its result file, and starting a failed job again. Another user's job answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import jobs, workers
from .pages import is_htmx, paginate


@login_required
def job_list(request):
    """The user's jobs (every job for the administrator, with the workers seen lately)."""
    page = paginate(request, jobs.jobs_for(request.user))
    admin = jobs._is_admin(request.user)
    return render(request, "core/jobs/list.html", {**page, "show_owner": admin,
                                                   "workers": workers.seen() if admin else None})


@login_required
def job_detail(request, job_id):
    job = jobs.access_job(request.user, job_id)
    template = "core/jobs/_status.html" if is_htmx(request) else "core/jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_file(request, job_id):
    return jobs.download(jobs.access_job(request.user, job_id))


@login_required
@require_POST
def job_restart(request, job_id):
    job = jobs.access_job(request.user, job_id)
    if jobs.restart(job):
        messages.success(request, "Đã đưa công việc vào hàng chờ để chạy lại.")
    else:
        messages.error(request, "Chỉ chạy lại được công việc không thành công.")
    return redirect("core:job", job_id=job.pk)
