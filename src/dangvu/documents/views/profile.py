"""The issuing body's profile and its Word template; the house template to start from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import partydoc
from dangvu.core.errors import ConflictError
from dangvu.organizations.access import access_organization

from .. import services
from ..forms import ProfileForm, TemplateForm, apply_errors
from ._common import error_messages, writable_organizations


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, org_id):
    org = access_organization(request.user, org_id, "change")
    current = services.profile_for(org)
    form = ProfileForm(request.POST or None, initial={
        "symbol": current.symbol, "issuer_name": current.issuer_name, "superior_name": current.superior_name,
        "place": current.place, "signer_capacity": current.signer_capacity, "signer_title": current.signer_title,
        "signer_name": current.signer_name, "version": current.version if current.pk else None})
    if request.method == "POST" and form.is_valid():
        cd = dict(form.cleaned_data)
        version = cd.pop("version")
        try:
            services.save_profile(request.user, org, version=version, **cd)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thông tin cơ quan ban hành.")
            return redirect("documents:profile", org.pk)
    template = services.template_of(org)
    return render(request, "documents/profile.html", {
        "org": org, "form": form, "template": template, "template_form": TemplateForm(),
        "placeholders": partydoc.PLACEHOLDERS.items()})


@login_required
@require_POST
def upload_template(request, org_id):
    org = access_organization(request.user, org_id, "change")
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Mẫu văn bản: chưa chọn tệp.")
    else:
        try:
            services.save_template(request.user, org, form.cleaned_data["template"])
            messages.success(request, "Đã tải lên mẫu văn bản; các văn bản của cấp ủy sẽ dùng mẫu này.")
        except ValidationError as exc:
            error_messages(request, exc)
    return redirect("documents:profile", org.pk)


@login_required
def default_template(request):
    if not writable_organizations(request.user):
        raise Http404
    return partydoc.docx_response(partydoc.default_template(), "mau-van-ban.docx")
