from django.contrib import admin

from .models import Commendation, Enrollment, Pledge, Resolution, StudySession, TrainingClass


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("kind", "number", "title", "issuer", "issued_on", "organization")
    search_fields = ("number", "title")


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ("title", "held_on", "format", "organization", "organizer", "attendee_count", "absent_count")
    list_select_related = ("organization", "organizer")
    raw_id_fields = ("organization", "organizer", "resolution", "catch_up_of", "created_by")


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "starts_on", "ends_on", "organization")
    raw_id_fields = ("organization",)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("member", "training_class", "status", "completed_on")
    raw_id_fields = ("member", "training_class")


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "assessment")
    raw_id_fields = ("member",)


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    list_display = ("decided_on", "form", "member", "recipient_organization", "organization")
    raw_id_fields = ("member", "recipient_organization", "organization")
