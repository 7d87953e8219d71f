"""Pages of political-theory training: classes of an organisation, those below the level their position
requires, a class with its students, and recording each student's result."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import dates
from dangvu.core.pages import call_service
from dangvu.members.models import TheoryLevel

from .. import access, queries, rulesets, services
from ..forms import ClassForm, CompleteForm, EnrollForm, WithdrawForm
from ..models import Enrollment
from ._common import NOT_FOUND, form_errors, period_required

__all__ = ["class_detail", "enrollment_action", "training"]


@login_required
@require_http_methods(["GET", "POST"])
def training(request):
    form, org, _, _ = period_required(request)
    can_train = access.can(request.user, org, "train")
    class_form = ClassForm(request.POST or None) if can_train else None
    if request.method == "POST":
        if not can_train:
            raise Http404(NOT_FOUND)
        if class_form.is_valid():
            ok, c = call_service(
                request, lambda: services.create_class(request.user, organization=org,
                                                                      **class_form.cleaned_data),
                lambda c: f"Đã mở lớp “{c.name}”.", form=class_form)
            if ok:
                return redirect("studies:class", c.pk)
    classes = access.classes_for(request.user).filter(organization__path__startswith=org.path) \
        .select_related("organization").order_by("-starts_on", "-id")[:200]
    below = list(queries.below_required(request.user, org)[:500])
    required, _ = queries.required_levels(dates.today())
    enrolled = queries.enrolled_now([cm.member_id for cm in below])
    labels = dict(TheoryLevel.choices)
    for cm in below:
        cm.required_label = labels.get(queries.required_level_of(cm, required), "")
        cm.enrolled_in = enrolled.get(cm.member_id)
    return render(request, "studies/training.html", {
        "form": form, "organization": org, "classes": classes, "below": below, "class_form": class_form,
        "rules": rulesets.in_force(dates.today(), "training"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def class_detail(request, pk):
    c = access.access_class(request.user, pk)
    can_train = access.can(request.user, c.organization, "train")
    enroll_form = None
    if can_train:
        enroll_form = EnrollForm(request.POST or None, user=request.user, training_class=c)
        if request.method == "POST" and enroll_form.is_valid():
            if call_service(request, lambda: services.enroll(request.user, c,
                                                             member_ids=enroll_form.cleaned_data["member_ids"]),
                            "Đã cử đảng viên đi học.", form=enroll_form)[0]:
                return redirect("studies:class", c.pk)
    elif request.method == "POST":
        raise Http404(NOT_FOUND)
    rows = c.enrollments.select_related("member__organization").order_by("member__sort_key", "id")
    if not access.can(request.user, c.organization, "view"):
        rows = rows.filter(member=access.own_member(request.user))
    return render(request, "studies/class.html", {
        "c": c, "rows": list(rows), "can_train": can_train, "enroll_form": enroll_form,
        "complete_form": CompleteForm(initial={"completed_on": min(c.ends_on, dates.today())}),
    })


@login_required
@require_POST
def enrollment_action(request, pk, action):
    e = Enrollment.objects.select_related("training_class").filter(pk=pk).first()
    if e is None or action not in ("hoan-thanh", "khong-hoan-thanh"):
        raise Http404(NOT_FOUND)
    access.access_class(request.user, e.training_class_id, "train")
    form = (CompleteForm if action == "hoan-thanh" else WithdrawForm)(request.POST)

    def call():
        if not form.is_valid():
            raise form_errors(form)
        cd = form.cleaned_data
        if action == "hoan-thanh":
            services.complete(request.user, e, completed_on=cd["completed_on"],
                              certificate_number=cd["certificate_number"], version=cd.get("version"))
        else:
            services.withdraw(request.user, e, version=cd.get("version"))

    call_service(request, call, "Đã ghi nhận hoàn thành lớp; trình độ lý luận chính trị được cập nhật."
          if action == "hoan-thanh" else "Đã ghi nhận không hoàn thành lớp.")
    return redirect("studies:class", e.training_class_id)
