from django.contrib import admin

from dangvu.core.admin import VietnameseAdmin

from .models import Commendation, Enrollment, Pledge, Resolution, StudySession, TrainingClass


@admin.register(Resolution)
class ResolutionAdmin(VietnameseAdmin):
    list_display = ("kind", "number", "title", "issuer", "issued_on", "organization")
    search_fields = ("number", "title")


@admin.register(StudySession)
class StudySessionAdmin(VietnameseAdmin):
    list_display = ("title", "held_on", "format", "organization", "organizer", "attendee_count", "absent_count")
    list_select_related = ("organization", "organizer")
    raw_id_fields = ("organization", "organizer", "resolution", "catch_up_of", "created_by")


@admin.register(TrainingClass)
class TrainingClassAdmin(VietnameseAdmin):
    list_display = ("name", "level", "starts_on", "ends_on", "organization")
    raw_id_fields = ("organization",)


@admin.register(Enrollment)
class EnrollmentAdmin(VietnameseAdmin):
    list_display = ("member", "training_class", "status", "completed_on")
    raw_id_fields = ("member", "training_class")


@admin.register(Pledge)
class PledgeAdmin(VietnameseAdmin):
    list_display = ("member", "year", "assessment")
    raw_id_fields = ("member",)


@admin.register(Commendation)
class CommendationAdmin(VietnameseAdmin):
    list_display = ("decided_on", "form", "member", "recipient_organization", "organization")
    raw_id_fields = ("member", "recipient_organization", "organization")
