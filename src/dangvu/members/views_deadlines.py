"""Pages of the deadlines of a member's life (members/deadlines.py): the three lists, the file of the review for
official membership, the temporary transfer and the member's return, the presentation of a transfer letter."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import files
from dangvu.core.dates import today
from dangvu.core.pages import call_service, paginate
from dangvu.organizations.access import access_organization, reach

from . import deadlines, rulesets, services
from .forms import ConfirmationFormForm, LateStepForm, TemporaryTransferForm, changeable_cells
from .models import ConfirmationForm, Status
from .queries import access_member


def _list_scope(request):
    """(organisation or None, its choices) for a list page; 404 without an organisation role or out of scope."""
    if not deadlines.has_list_role(request.user):
        raise Http404("Không tìm thấy.")
    org_id = request.GET.get("organization")
    if org_id:
        return access_organization(request.user, org_id, "view")
    return None  # everything the user's grants reach


def _page(request, qs):
    """(rows of the page, {"count", "page", "pages"}): the lists are short (what is due), counted and paged."""
    out = paginate(request, qs)
    return out.pop("items"), out


def _within(request, default):
    try:
        return max(0, min(366, int(request.GET.get("within_days", default))))
    except (TypeError, ValueError):
        return default


@login_required
def confirmation_due(request):
    org = _list_scope(request)
    within = _within(request, deadlines.DEFAULT_WITHIN_DAYS)
    rows, paging = _page(request, deadlines.due_probationers(request.user, org, within_days=within))
    return render(request, "members/deadlines/confirmation_due.html", {
        "organization": org, "rows": deadlines.with_deadlines(rows), "within_days": within, **paging, "today": today(),
        "tops": reach(request.user).top_organizations, "rules": rulesets.in_force(today())})


@login_required
def letters_open(request):
    org = _list_scope(request)
    rows, paging = _page(request, deadlines.open_letters(request.user, org))
    return render(request, "members/deadlines/letters.html", {
        "organization": org, "rows": rows, "today": today(), **paging,
        "tops": reach(request.user).top_organizations})


@login_required
def temporary_list(request):
    org = _list_scope(request)
    within = request.GET.get("within_days")
    rows, paging = _page(request, deadlines.open_temporary(request.user, org,
                                                           within_days=_within(request, 30) if within else None))
    return render(request, "members/deadlines/temporary.html", {
        "organization": org, "rows": rows, "today": today(), "within_days": within, **paging,
        "tops": reach(request.user).top_organizations})


# ------------------------------------------------------------------------------------ one member


@login_required
@require_http_methods(["GET", "POST"])
def confirmation_forms(request, pk):
    member = access_member(request.user, pk, "view")
    can_change = reach(request.user).can(member.organization, "change") and member.status == Status.PROBATIONARY
    items = services.checklist(member)
    form = None
    if can_change and items:
        form = ConfirmationFormForm(request.POST or None, request.FILES or None,
                                    choices=[(f["code"], f"{f['code']} – {f['name']}") for f in items])
        if request.method == "POST" and form.is_valid():
            cd = form.cleaned_data
            ok, _ = call_service(request, lambda: services.record_confirmation_form(
                request.user, member, code=cd["code"], on=cd["on"], note=cd["note"], file=cd.get("file")),
                f"Đã ghi mẫu {cd['code']}.", form=form)
            if ok:
                return redirect("members:confirmation_forms", member.pk)
    elif request.method == "POST":
        raise Http404("Không tìm thấy.")
    spec = rulesets.confirmation_forms(max(services.probation_end(member), today()))
    return render(request, "members/deadlines/forms.html", {
        "member": member, "items": items, "form": form, "spec": spec,
        "deadline": services.confirmation_deadline(member) if member.status == Status.PROBATIONARY else None,
        "today": today()})


@login_required
def confirmation_form_file(request, pk, att_id):
    member = access_member(request.user, pk, "view")
    rows = ConfirmationForm.objects.filter(member=member).values_list("pk", flat=True)
    from django.contrib.contenttypes.models import ContentType

    from dangvu.core.models import Attachment

    att = Attachment.objects.filter(pk=att_id, content_type=ContentType.objects.get_for_model(ConfirmationForm),
                                    object_id__in=list(rows)).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


@login_required
@require_http_methods(["GET", "POST"])
def temporary_start(request, pk):
    member = access_member(request.user, pk, "change")
    targets = changeable_cells(request.user).exclude(pk=member.organization_id)
    form = TemporaryTransferForm(request.POST or None, targets=targets, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        cd = dict(form.cleaned_data)
        ok, _ = call_service(request, lambda: services.start_temporary_transfer(request.user, member, **cd),
                             f"Đã ghi chuyển sinh hoạt tạm thời cho đồng chí {member.full_name}.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    return render(request, "members/deadlines/step.html", {
        "member": member, "form": form, "title": "Chuyển sinh hoạt đảng tạm thời", "button": "Ghi nhận",
        "rules": rulesets.in_force(today())})


@login_required
@require_http_methods(["GET", "POST"])
def temporary_return(request, pk, tt_id):
    member = access_member(request.user, pk, "change")
    tt = services.get_temporary(member, tt_id)
    form = LateStepForm(request.POST or None, label="Ngày trở về sinh hoạt", initial={"version": tt.version})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, _ = call_service(request, lambda: services.end_temporary_transfer(
            request.user, tt, on=cd["on"], late_reason=cd["late_reason"], version=cd.get("version")),
            "Đã ghi ngày trở về sinh hoạt.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    return render(request, "members/deadlines/step.html", {
        "member": member, "form": form, "title": "Trở về sinh hoạt sau thời gian sinh hoạt tạm thời",
        "button": "Ghi nhận", "facts": [("Nơi sinh hoạt tạm thời", tt.host),
                                        ("Thời gian", f"{tt.starts_on:%d/%m/%Y} – {tt.ends_on:%d/%m/%Y}")]})


@login_required
@require_http_methods(["GET", "POST"])
def letter_present(request, pk, letter_id):
    member = access_member(request.user, pk, "change")
    letter = services.get_letter(member, letter_id)
    form = LateStepForm(request.POST or None, label="Ngày nộp giấy giới thiệu", initial={"version": letter.version})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, _ = call_service(request, lambda: services.present_transfer_letter(
            request.user, letter, on=cd["on"], late_reason=cd["late_reason"], version=cd.get("version")),
            "Đã ghi ngày nộp giấy giới thiệu sinh hoạt đảng.", form=form)
        if ok:
            return redirect("members:detail", member.pk)
    where = letter.to_organization.name if letter.to_organization_id else letter.destination
    return render(request, "members/deadlines/step.html", {
        "member": member, "form": form, "title": "Nộp giấy giới thiệu sinh hoạt đảng", "button": "Ghi nhận",
        "facts": [("Nơi chuyển đến", where or "—"), ("Ngày cấp", f"{letter.issued_on:%d/%m/%Y}"),
                  ("Hạn nộp", f"{letter.present_due_on:%d/%m/%Y}")]})
