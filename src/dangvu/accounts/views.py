"""Pages of accounts: thin (parse, call the service, render)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core.forms import apply_service_errors
from dangvu.core.pages import call_service, is_htmx, paginate
from dangvu.organizations.services import may_manage_role

from . import access, queries, services
from .forms import BulkForm, GrantForm, PasswordForm, SearchForm
from .middleware import forget as forget_flag
from .sheets import initial_passwords_xlsx


@login_required
@require_http_methods(["GET", "HEAD"])
def index(request):
    access.require_manager(request.user)
    form = SearchForm(request.GET or None)
    q = status = ""
    if form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["trang_thai"]
    context = {"form": form, **paginate(request, queries.accounts(request.user, q, status))}
    template = "accounts/_results.html" if is_htmx(request) else "accounts/index.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request, user_id):
    account = access.access_user(request.user, user_id)
    roles = queries.roles_of(account)
    manage = access.may_manage(request.user, account)
    return render(request, "accounts/detail.html", {
        "account": account, "manage": manage, "member": getattr(account, "member", None),
        "roles": [(ra, manage and ra.organization_id is not None and may_manage_role(request.user, ra))
                  for ra in roles],
        "must_change": services.must_change_password(account),
    })


def _shown(request, accounts, title, back):
    """The page that shows the new passwords once (with the .xlsx button); never cached."""
    response = render(request, "accounts/passwords.html", {"accounts": accounts, "title": title, "back": back})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bulk(request):
    access.require_manager(request.user)
    initial = {"organization": request.GET.get("to-chuc")} if request.GET.get("to-chuc") else None
    form = BulkForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, result = call_service(
            request, lambda: services.create_accounts(request.user, form.cleaned_data["organization"],
                                                      include_subtree=form.cleaned_data["include_subtree"]),
            lambda r: f"Đã tạo {len(r.accounts)} tài khoản.", form=form)
        if ok:
            return _shown(request, result.accounts, "Tài khoản vừa tạo", reverse("accounts:index"))
    return render(request, "accounts/form.html", {
        "form": form, "title": "Tạo tài khoản cho đảng viên", "submit": "Tạo tài khoản",
        "note": "Mỗi đảng viên đang sinh hoạt chưa có tài khoản được tạo một tài khoản (tên đăng nhập theo họ tên, "
                "không dấu), gán vai trò đảng viên trên chi bộ của mình; mật khẩu ban đầu ngẫu nhiên, chỉ hiện "
                "một lần.", "cancel": reverse("accounts:index")})


@login_required
@require_http_methods(["GET", "POST"])
def create_for_member(request, member_id):
    member = access.access_member(request.user, member_id)
    back = reverse("members:detail", args=[member.pk])
    if member.user_id is not None or not member.is_active:
        raise Http404("Không tìm thấy đảng viên.")
    form = BulkForm(None)
    if request.method == "POST":
        ok, result = call_service(request, lambda: services.create_account(request.user, member.pk),
                                  f"Đã tạo tài khoản cho {member.full_name}.")
        if ok:
            return _shown(request, [result], f"Tài khoản của {member.full_name}", back)
        return redirect(back)
    return render(request, "accounts/confirm.html", {
        "title": f"Tạo tài khoản cho {member.full_name}", "submit": "Tạo tài khoản", "cancel": back, "form": form,
        "note": f"Tên đăng nhập sẽ là “{services.free_username(member.full_name)}”; vai trò đảng viên trên "
                f"{member.organization.name}; mật khẩu ban đầu chỉ hiện một lần."})


@login_required
@require_POST
def passwords_xlsx(request):
    """The .xlsx of the passwords the page has just shown (sent back by the browser; nothing is stored)."""
    access.require_manager(request.user)
    fields = ["full_name", "organization", "username", "password"]
    columns = [request.POST.getlist(f) for f in fields]
    if not columns[2] or len({len(c) for c in columns}) != 1:
        messages.error(request, "Không có tài khoản nào để xuất.")
        return redirect("accounts:index")
    response = HttpResponse(
        initial_passwords_xlsx(list(zip(*columns, strict=True))),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mat-khau-ban-dau.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    account = access.access_managed_user(request.user, user_id)
    back = reverse("accounts:detail", args=[account.pk])
    if request.method == "POST":
        ok, password = call_service(request, lambda: services.reset_password(request.user, account.pk),
                                    f"Đã đặt lại mật khẩu của {account.username}.")
        if ok:
            shown = services.NewAccount(user=account, member=getattr(account, "member", None), password=password)
            return _shown(request, [shown], f"Mật khẩu mới của {account.username}", back)
        return redirect(back)
    return render(request, "accounts/confirm.html", {
        "title": f"Đặt lại mật khẩu của {account.username}", "submit": "Đặt lại mật khẩu", "cancel": back,
        "note": "Mật khẩu mới ngẫu nhiên chỉ hiện một lần; người dùng phải đổi mật khẩu ở lần đăng nhập sau."})


@login_required
@require_http_methods(["GET", "POST"])
def toggle(request, user_id):
    account = access.access_managed_user(request.user, user_id)
    back = reverse("accounts:detail", args=[account.pk])
    activate = not account.is_active
    if request.method == "POST":
        call_service(request, lambda: services.set_active(request.user, account.pk, activate),
                     f"Đã {'mở khóa' if activate else 'khóa'} tài khoản {account.username}.")
        return redirect(back)
    return render(request, "accounts/confirm.html", {
        "title": f"{'Mở khóa' if activate else 'Khóa'} tài khoản {account.username}",
        "submit": "Mở khóa" if activate else "Khóa tài khoản", "cancel": back, "danger": not activate,
        "note": "Tài khoản bị khóa không đăng nhập được (cả qua API); tài khoản không bị xóa vì nhật ký thay đổi "
                "còn ghi tên người đã thao tác." if not activate else "Người dùng đăng nhập lại được."})


@login_required
@require_http_methods(["GET", "POST"])
def grant(request, user_id):
    account = access.access_managed_user(request.user, user_id)
    back = reverse("accounts:detail", args=[account.pk])
    form = GrantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, _ = call_service(request, lambda: services.grant_role(
            request.user, account.pk, cd["role"], cd["organization"], cd["include_subtree"]),
            f"Đã phân quyền cho {account.username}.", form=form)
        if ok:
            return redirect(back)
    return render(request, "accounts/form.html", {
        "form": form, "title": f"Phân quyền cho {account.username}", "submit": "Phân quyền", "cancel": back,
        "note": "Văn phòng cấp ủy chỉ gán vai trò trên các tổ chức cấp dưới trong phạm vi của mình."})


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, user_id, ra_id):
    account = access.access_managed_user(request.user, user_id)
    row = next((ra for ra in queries.roles_of(account) if ra.pk == ra_id), None)
    if row is None or not may_manage_role(request.user, row):
        raise Http404("Không tìm thấy quyền này.")
    back = reverse("accounts:detail", args=[account.pk])
    if request.method == "POST":
        call_service(request, lambda: services.revoke_role(request.user, account.pk, row.pk),
                     f"Đã thu hồi quyền “{row.get_role_display()}” của {account.username}.")
        return redirect(back)
    return render(request, "accounts/confirm.html", {
        "title": f"Thu hồi quyền: {row}", "submit": "Thu hồi", "cancel": back, "danger": True, "note": ""})


@login_required
@require_http_methods(["GET", "POST"])
def password(request):
    """Every user changes their own password here (and must, after a reset or on a new account)."""
    form = PasswordForm(request.POST or None)
    forced = services.must_change_password(request.user)
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.change_own_password(request.user, cd["old_password"], cd["new_password"], cd["new_password2"])
        except Exception as exc:  # ValidationError: each message beside its field
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            apply_service_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            forget_flag(request)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect(nxt or "core:home")
    return render(request, "accounts/password.html", {"form": form, "forced": forced, "next": nxt})
