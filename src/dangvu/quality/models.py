"""The data-quality snapshot: the records that fail a check, and the counts per sub-tree.

A refresh (a background job, `refresh.run`) reads the registry once, check by check, in grouped queries,
writes one `Issue` per record that fails a check and one `Tally` per organisation and check (the whole
sub-tree, rolled up), and replaces the previous snapshot in one transaction. The page then reads a few rows
whatever the size of the sub-tree.
"""

from django.conf import settings
from django.db import models

from dangvu.core import dates
from dangvu.organizations.models import Organization


class SnapshotState(models.TextChoices):
    PENDING = "pending", "Đang chờ tính"
    RUNNING = "running", "Đang tính"
    DONE = "done", "Đã tính xong"
    FAILED = "failed", "Tính lỗi"


class Snapshot(models.Model):
    """One refresh of the whole registry: asked, started, finished."""

    requested_at = models.DateTimeField(default=dates.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    state = models.CharField(max_length=10, choices=SnapshotState.choices, default=SnapshotState.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField("Tính theo ngày", null=True, blank=True)
    issues = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "Lần tính chất lượng dữ liệu"
        verbose_name_plural = "Các lần tính chất lượng dữ liệu"


class Issue(models.Model):
    """A record (a member, or an organisation) that fails one check, as of the last snapshot."""

    key = models.CharField(max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # duplicates: the shared key, so that the records of one group are listed side by side
    group_key = models.CharField(max_length=255, blank=True, default="")
    sort_key = models.CharField(max_length=255, blank=True, default="")
    detail = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        indexes = [
            # the issues of a check in a small sub-tree (LIKE 'path%': pattern operators on PostgreSQL)
            models.Index(fields=["key", "org_path"], name="quality_issue_path_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            # a page of a check in a large sub-tree, in name order: a LIMIT-ed walk that filters the path
            # (the members' list does the same); a pattern-operator index cannot give an ORDER BY
            models.Index(fields=["key", "sort_key", "id"], name="quality_issue_sort_idx"),
            # a page of a duplicate check: the records of one group side by side
            models.Index(fields=["key", "group_key", "sort_key", "id"], name="quality_issue_group_idx"),
        ]


class Tally(models.Model):
    """How many records of the organisation's whole sub-tree (itself included) fail one check."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="quality_tally_org_key")]
