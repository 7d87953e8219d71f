"""Congresses (đại hội) of party organisations: their preparation, the figures recorded, and the committee elected.

Holding a congress closes the organisation's term and opens the next one (organizations.Term, with its seats) through
the organisations' own services; the committee elected becomes the new term's committee members.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangvu.organizations.models import Position


class CongressKind(models.TextChoices):
    MEMBERS = "members", "Đại hội đảng viên"
    DELEGATES = "delegates", "Đại hội đại biểu"


class CongressStatus(models.TextChoices):
    PLANNED = "planned", "Đang chuẩn bị"
    HELD = "held", "Đã tổ chức"


class Congress(models.Model):
    organization = models.ForeignKey("organizations.Organization", verbose_name="Tổ chức đảng",
                                     on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Hình thức", max_length=20, choices=CongressKind.choices, default=CongressKind.MEMBERS)
    status = models.CharField("Trạng thái", max_length=20, choices=CongressStatus.choices,
                              default=CongressStatus.PLANNED)
    term_name = models.CharField("Nhiệm kỳ mới", max_length=100)
    planned_on = models.DateField("Ngày dự kiến")
    held_on = models.DateField("Ngày đại hội", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("Số lượng cấp ủy viên được bầu", null=True, blank=True)
    summoned = models.PositiveIntegerField("Số đảng viên / đại biểu được triệu tập", null=True, blank=True)
    attended = models.PositiveIntegerField("Số có mặt", null=True, blank=True)
    previous_term = models.ForeignKey("organizations.Term", verbose_name="Nhiệm kỳ kết thúc", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("organizations.Term", verbose_name="Nhiệm kỳ mở", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Đại hội"
        verbose_name_plural = "Đại hội"
        indexes = [
            models.Index(fields=["organization", "planned_on"], name="congress_org_idx"),
            models.Index(fields=["held_on"], name="congress_held_idx"),
        ]

    def __str__(self):
        return f"Đại hội {self.term_name}"

    @property
    def is_held(self) -> bool:
        return self.status == CongressStatus.HELD

    @property
    def attendance_share(self):
        if self.summoned and self.attended is not None:
            return self.attended * 100 / self.summoned
        return None


class Elected(models.Model):
    """One person of the committee a congress elected (or the secretary the superior appointed when the congress could
    not elect one after the third vote), with the votes recorded."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elected")
    member = models.ForeignKey("members.Member", verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("Chức vụ", max_length=30, choices=Position.choices)
    votes_for = models.PositiveIntegerField("Số phiếu bầu", null=True, blank=True)
    votes_total = models.PositiveIntegerField("Tổng số phiếu", null=True, blank=True)
    appointed = models.BooleanField("Cấp trên chỉ định", default=False)
    decision = models.CharField("Quyết định chỉ định", max_length=200, blank=True)
    appointed_on = models.DateField("Ngày chỉ định", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "Người trúng cử"
        verbose_name_plural = "Người trúng cử"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="elected_once")]

    def __str__(self):
        return f"{self.get_position_display()} {self.member}"

    @property
    def share(self):
        if self.votes_total and self.votes_for is not None:
            return self.votes_for * 100 / self.votes_total
        return None
