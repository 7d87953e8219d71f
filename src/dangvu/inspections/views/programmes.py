"""Yearly programmes of inspection and supervision: the list with the form creating one, a programme's page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import audit
from dangvu.core.dates import today
from dangvu.core.pages import paginate

from .. import services
from ..forms import ProgrammeForm, ProgrammeItemForm
from ..queries import access_programme, can_write_programme, has_case_role, programme_rows, programmes_for
from ._common import sees_programmes, submit, tabs


@login_required
@require_http_methods(["GET", "POST"])
def programmes(request):
    user = request.user
    if not sees_programmes(user):
        raise Http404("Không tìm thấy.")
    form = ProgrammeForm(request.POST or None, user=user, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        p = submit(request, lambda: services.create_programme(user, **form.cleaned_data),
                   lambda p: f"Đã tạo chương trình: {p}.", form=form, aliases={"organization_id": "organization"})
        if p is not None:
            return redirect("inspections:programme", p.pk)
    ctx = paginate(request, programmes_for(user).order_by("-year", "organization__path"))
    ctx.update({"form": form, "tab": "programmes", **tabs(user)})
    return render(request, "inspections/programmes.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def programme(request, pk):
    user = request.user
    p = access_programme(user, pk)
    can_write = can_write_programme(user, p.organization)
    form = ProgrammeItemForm(request.POST or None, user=user, programme=p)
    if request.method == "POST":
        if not can_write:
            raise Http404("Không tìm thấy chương trình kiểm tra, giám sát.")
        if form.is_valid() and submit(request, lambda: services.add_programme_item(user, p, **form.cleaned_data),
                                      "Đã thêm nội dung vào chương trình.", form=form,
                                      aliases={"subject_organization_id": "subject_organization"}):
            return redirect("inspections:programme", p.pk)
    rows = programme_rows(p)
    return render(request, "inspections/programme.html", {
        "p": p, "rows": rows, "form": form, "can_write": can_write, "planned": len(rows),
        "can_open": has_case_role(user),
        "done": sum(1 for r in rows if r["done"]), "started": sum(1 for r in rows if r["cases"]),
        "entries": audit.history(p)[:50]})
