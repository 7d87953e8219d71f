"""Read-only admin: every write goes through the services (audit, versions, roll-ups)."""

from django.contrib import admin

from dangvu.core.admin import VietnameseAdmin

from .models import Assignment, CommitteeMember, MassOrganization, Organization, RoleAssignment, Term


class ReadOnlyAdmin(VietnameseAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "status", "depth", "parent")
    list_filter = ("kind", "status")
    search_fields = ("code", "search_key")
    list_select_related = ("parent",)
    show_full_result_count = False


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "started_on", "ended_on")
    list_select_related = ("organization",)
    search_fields = ("organization__code",)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ReadOnlyAdmin):
    list_display = ("member", "position", "term", "started_on", "ended_on")
    list_select_related = ("member", "term")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("committee_member", "target", "field", "started_on", "ended_on")
    list_select_related = ("committee_member__member", "target")


@admin.register(MassOrganization)
class MassOrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organization", "unit_count", "member_count")
    list_select_related = ("organization",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "organization", "include_subtree")
    list_filter = ("role",)
    list_select_related = ("user", "organization")
