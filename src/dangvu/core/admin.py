from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, User

admin.site.site_header = "Quản trị dangvu"
admin.site.site_title = "Quản trị dangvu"
admin.site.index_title = "Quản trị hệ thống"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Thông tin cán bộ", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name", "email")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "app_label", "model", "object_repr")
    list_filter = ("action", "app_label", "model")
    search_fields = ("object_repr", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
