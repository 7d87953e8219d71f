"""A member's own page (their reports, commitments, Directive 05 pledges, classes) and handing in a report or
commitment."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import dates, files
from dangvu.core.pages import call_service

from .. import access, queries, services
from ..forms import SubmitForm
from ..models import Enrollment
from ._common import NOT_FOUND

__all__ = ["mine", "submission_file", "submit"]


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    member = access.own_member(request.user)
    if member is None:
        raise Http404(NOT_FOUND)
    year = dates.today().year
    if request.method == "POST":
        call_service(request, lambda: services.register_pledge(request.user, member=member, year=year,
                                                        content=request.POST.get("content", "")),
              f"Đã đăng ký thực hiện Chỉ thị 05-CT/TW năm {year}.")
        return redirect("studies:mine")
    subs = list(queries.my_submissions(request.user)[:500])
    pledges = list(access.pledges_for(request.user).filter(member=member).order_by("-year"))
    enrollments = list(Enrollment.objects.filter(member=member).select_related("training_class")
                       .order_by("-training_class__starts_on"))
    for p in pledges:
        p.assessment_text = services.assessment_label(p)
    return render(request, "studies/mine.html", {
        "member": member, "subs": subs, "pledges": pledges, "enrollments": enrollments, "today": dates.today(),
        "registered_this_year": any(p.year == year for p in pledges),
    })


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    sub = access.access_submission(request.user, pk, "write")
    form = SubmitForm(request.POST or None, request.FILES or None,
                      initial={"content": sub.content, "version": sub.version})
    if request.method == "POST" and form.is_valid():
        if call_service(request, lambda: services.submit(request.user, sub, content=form.cleaned_data["content"],
                                                         version=form.cleaned_data.get("version"),
                                                         file=form.cleaned_data.get("file")),
                        f"Đã nộp {sub.get_kind_display().lower()}.", form=form)[0]:
            own = access.own_member(request.user)
            if own is not None and own.pk == sub.member_id:
                return redirect("studies:mine")
            return redirect("studies:session", sub.session_id)
    return render(request, "studies/form.html", {
        "form": form, "title": f"{sub.get_kind_display()}: {sub.session.title}", "multipart": True,
        "files": list(files.attachments(sub, "submission").order_by("-id")),
        "note": f"Đồng chí {sub.member.full_name}; hạn nộp {sub.due_on:%d/%m/%Y}." if sub.due_on else "",
    })


@login_required
def submission_file(request, pk, att_id):
    sub = access.access_submission(request.user, pk)
    att = files.attachments(sub, "submission").filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)
