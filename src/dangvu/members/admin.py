"""Django admin for system administrators: read-only views of the registry.

Every change goes through the services (audit, roll-ups, versions), so the admin does not write.
"""

from django.contrib import admin

from dangvu.core.admin import VietnameseAdmin

from .models import Member, MemberEvent, Placement


class ReadOnlyAdmin(VietnameseAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberEventInline(admin.TabularInline):
    model = MemberEvent
    extra = 0
    fields = ("on", "kind", "decision", "status_before", "status_after", "organization_before", "organization_after")
    readonly_fields = fields
    raw_id_fields = ("organization_before", "organization_after")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "gender", "birth_date", "organization", "status", "admitted_on", "official_on")
    list_filter = ("status", "gender", "theory_level")
    search_fields = ("search_key", "national_id")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "user")
    show_full_result_count = False
    inlines = [MemberEventInline]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ("member", "organization", "started_on", "ended_on")
    list_select_related = ("member", "organization")
    raw_id_fields = ("member", "organization")
    show_full_result_count = False
