"""The issuing body's profile and its Word template; the house template to start from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import partydoc
from dangvu.core.pages import call_service
from dangvu.organizations.access import access_organization

from .. import services
from ..forms import ProfileForm, TemplateForm
from ._common import writable_organizations


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
        ok, _ = call_service(request, lambda: services.save_profile(request.user, org, version=version, **cd),
                             "Đã lưu thông tin cơ quan ban hành.", form=form)
        if ok:
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
        call_service(request, lambda: services.save_template(request.user, org, form.cleaned_data["template"]),
                     "Đã tải lên mẫu văn bản; các văn bản của cấp ủy sẽ dùng mẫu này.", joined=True)
    return redirect("documents:profile", org.pk)


@login_required
def default_template(request):
    if not writable_organizations(request.user).exists():
        raise Http404
    return partydoc.docx_response(partydoc.default_template(), "mau-van-ban.docx")
