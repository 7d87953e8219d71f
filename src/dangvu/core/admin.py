from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError

from . import vntext
from .models import AuditEntry, User

admin.site.site_header = "Quản trị dangvu"
admin.site.site_title = "Quản trị dangvu"
admin.site.index_title = "Quản trị hệ thống"


# The Django admin (/quan-tri/) is the system administrator's tool, not a page of the application: only a
# superuser may enter it (staff flags alone do not open it), nothing in the application links to it, and every
# label in it is Vietnamese: the models dangvu defines carry Vietnamese names, the few fields still named in
# English by their model (version, created at, depth, …) are labelled by ``VietnameseAdmin`` (no migration), and
# django-axes' records are shown by a Vietnamese admin of the failed logins only (the administrator unlocks an
# account by deleting its row; `dangvu axes_reset_username <username>` does the same).
def _superuser_only(request):
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superuser_only

# model fields whose verbose name is still the English default (field name with spaces)
LABELS = {
    "version": "Phiên bản", "created_at": "Tạo lúc", "updated_at": "Cập nhật lúc", "created_by": "Người tạo",
    "updated_by": "Người sửa", "depth": "Cấp trong cây", "path": "Đường dẫn trong cây", "member": "Đảng viên",
    "organization": "Tổ chức", "user": "Tài khoản", "status": "Trạng thái", "kind": "Loại", "code": "Mã",
    "name": "Tên", "sort_key": "Khóa sắp xếp", "search_key": "Khóa tìm kiếm", "sequence_key": "Khóa thứ tự",
    "note": "Ghi chú", "year": "Năm", "position": "Chức vụ", "term": "Nhiệm kỳ", "field": "Lĩnh vực",
    "target": "Đối tượng", "role": "Vai trò", "include_subtree": "Gồm cả tổ chức trực thuộc",
    "started_on": "Từ ngày", "ended_on": "Đến ngày", "title": "Tiêu đề", "parent": "Tổ chức cấp trên",
}


def _english(model, name) -> bool:
    """Whether a model field's label is Django's English default (its name with spaces)."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field (a method, a callable): its admin names it
        return False
    verbose = str(getattr(field, "verbose_name", ""))
    return verbose.lower() == name.replace("_", " ").lower()


def _column(name, label):
    def column(obj):
        return getattr(obj, name)
    column.short_description = label
    column.admin_order_field = name
    column.__name__ = name  # the changelist links the first column by name
    return column


class VietnameseAdmin(admin.ModelAdmin):
    """A ModelAdmin whose columns and form fields carry Vietnamese labels even where the model's field has none."""

    def get_list_display(self, request):
        out = []
        for name in super().get_list_display(request):
            if isinstance(name, str) and name in LABELS and _english(self.model, name):
                out.append(_column(name, LABELS[name]))
            else:
                out.append(name)
        return out

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in LABELS and _english(db_field.model, db_field.name):
            formfield.label = LABELS[db_field.name]
        return formfield


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name", "email")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        def clean_full_name(f):
            value = f.cleaned_data.get("full_name", "")
            problem = vntext.name_problem(value, "Họ và tên", 150)
            if problem:
                raise ValidationError(problem)
            return vntext.nfc(value) or ""

        form.clean_full_name = clean_full_name
        return form


@admin.register(AuditEntry)
class AuditEntryAdmin(VietnameseAdmin):
    list_display = ("when", "who", "what", "app_label_vi", "model_vi", "record")
    list_filter = ("action", "app_label", "model")
    search_fields = ("object_repr", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Thời điểm", ordering="at")
    def when(self, obj):
        return obj.at

    @admin.display(description="Người thực hiện", ordering="actor")
    def who(self, obj):
        return obj.actor

    @admin.display(description="Thao tác", ordering="action")
    def what(self, obj):
        return obj.action

    @admin.display(description="Phân hệ", ordering="app_label")
    def app_label_vi(self, obj):
        return obj.app_label

    @admin.display(description="Loại bản ghi", ordering="model")
    def model_vi(self, obj):
        return obj.model

    @admin.display(description="Bản ghi")
    def record(self, obj):
        return obj.object_repr


# ----------------------------------------------------------------------------- django-axes, in Vietnamese

def _axes():
    """Replace axes' English admins by one Vietnamese list of the failed logins (AccessAttempt): who, from where,
    how many failures, when; deleting a row unlocks. The access logs stay out of the admin."""
    import axes.admin  # noqa: F401 - registers axes' own admins first, so that they can be replaced
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            admin.site.unregister(model)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(admin.ModelAdmin):
        list_display = ("ten_dang_nhap", "dia_chi_ip", "so_lan_sai", "lan_cuoi")
        search_fields = ("username", "ip_address")
        ordering = ("-attempt_time",)
        fields = readonly_fields = ("ten_dang_nhap", "dia_chi_ip", "so_lan_sai", "lan_cuoi", "trinh_duyet")

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def changelist_view(self, request, extra_context=None):
            return super().changelist_view(request, {"title": "Đăng nhập sai (xóa một dòng để mở khóa tài khoản)",
                                                     **(extra_context or {})})

        @admin.display(description="Tên đăng nhập", ordering="username")
        def ten_dang_nhap(self, obj):
            return obj.username

        @admin.display(description="Địa chỉ IP", ordering="ip_address")
        def dia_chi_ip(self, obj):
            return obj.ip_address

        @admin.display(description="Số lần sai", ordering="failures_since_start")
        def so_lan_sai(self, obj):
            return obj.failures_since_start

        @admin.display(description="Lần sai gần nhất", ordering="attempt_time")
        def lan_cuoi(self, obj):
            return obj.attempt_time

        @admin.display(description="Trình duyệt")
        def trinh_duyet(self, obj):
            return obj.user_agent


_axes()

_APP_NAMES = {"axes": "Khóa đăng nhập", "auth": "Xác thực và phân quyền"}
_MODEL_NAMES = {("axes", "AccessAttempt"): "Đăng nhập sai"}
_get_app_list = admin.site.get_app_list


def _vietnamese_app_list(request, app_label=None):
    """The admin index with axes' app and model named in Vietnamese (their models carry English names)."""
    apps = _get_app_list(request, app_label)
    for app in apps:
        app["name"] = _APP_NAMES.get(app["app_label"], app["name"])
        for model in app["models"]:
            model["name"] = _MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
    return apps


admin.site.get_app_list = _vietnamese_app_list
