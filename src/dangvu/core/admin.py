from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, User

admin.site.site_header = "Quản trị dangvu"
admin.site.site_title = "Quản trị dangvu"
admin.site.index_title = "Quản trị hệ thống"


# The Django admin (/quan-tri/) is the system administrator's tool, not a page of the application: only a
# superuser may enter it (staff flags alone do not open it), nothing in the application links to it, and the
# models dangvu defines carry Vietnamese names. django-axes' lockout records stay there (the administrator
# unlocks an account by deleting its attempt; `dangvu axes_reset_username <username>` does the same) with
# axes' own English labels: renaming them needs a proxy model, left for later.
def _superuser_only(request):
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superuser_only


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name", "email")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
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
