"""Party documents: the register (outgoing and incoming), numbering counters, distribution and inbox.

- ``IssuerProfile``: per committee (organisation), its abbreviation ("ĐUK"), header names, place, signer
  defaults and (as a ``core.Attachment`` with purpose "template") its own Word template.
- ``NumberSequence``: one counter row per (term, sequence key); locked with ``select_for_update`` when a
  number is assigned, in the same transaction as the document, so numbers have no gaps and are never reused.
- ``Document``: one row per registered document.
- ``Distribution``: one sending of a document to a set of recipients, with a due date; its counters
  (received / acknowledged / replied) are maintained incrementally so that the status page reads one row.
- ``InboxItem``: one recipient (an organisation or a member) of a distribution.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dangvu.organizations.models import Organization, Term


class IssuerProfile(models.Model):
    organization = models.OneToOneField(
        Organization, verbose_name="Tổ chức đảng", on_delete=models.CASCADE, related_name="document_profile"
    )
    symbol = models.CharField("Chữ viết tắt cơ quan ban hành", max_length=30)
    issuer_name = models.CharField("Tên cơ quan ban hành (in trên văn bản)", max_length=255, blank=True)
    superior_name = models.CharField("Tên cơ quan cấp trên", max_length=255, blank=True)
    place = models.CharField("Địa danh", max_length=100, blank=True)
    signer_capacity = models.CharField("Thẩm quyền ký", max_length=100, blank=True, default="T/M BAN THƯỜNG VỤ")
    signer_title = models.CharField("Chức vụ người ký", max_length=100, blank=True, default="BÍ THƯ")
    signer_name = models.CharField("Người ký", max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Thông tin cơ quan ban hành"
        verbose_name_plural = "Thông tin cơ quan ban hành"

    def __str__(self):
        return f"{self.symbol} – {self.organization}"


class NumberSequence(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)  # type code, or "congress" for the shared sequence of a congress
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Sổ đăng ký số văn bản"
        verbose_name_plural = "Sổ đăng ký số văn bản"
        constraints = [models.UniqueConstraint(fields=["term", "key"], name="doc_sequence_unique")]


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Văn bản đi"
    INCOMING = "incoming", "Văn bản đến"
    MATERIALS = "materials", "Tài liệu sinh hoạt chi bộ"


class Document(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy đăng ký", on_delete=models.PROTECT, related_name="documents"
    )
    direction = models.CharField("Loại sổ", max_length=20, choices=Direction.choices, default=Direction.OUTGOING)
    type_code = models.CharField("Thể loại", max_length=10, blank=True)
    type_name = models.CharField("Tên thể loại", max_length=50, blank=True)
    congress = models.BooleanField("Văn bản của đại hội", default=False)
    term = models.ForeignKey(Term, verbose_name="Nhiệm kỳ", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    sequence_key = models.CharField(max_length=20, blank=True)
    sequence = models.PositiveIntegerField("Số thứ tự", null=True, blank=True)
    number = models.CharField("Số và ký hiệu", max_length=60, blank=True)
    issuer_symbol = models.CharField("Ký hiệu cơ quan ban hành", max_length=30, blank=True)
    issuer_name = models.CharField("Cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    received_on = models.DateField("Ngày đến", null=True, blank=True)
    summary = models.CharField("Trích yếu", max_length=500)
    body = models.TextField("Nội dung", blank=True)
    signer_name = models.CharField("Người ký", max_length=150, blank=True)
    signer_title = models.CharField("Chức vụ người ký", max_length=100, blank=True)
    signer_capacity = models.CharField("Thẩm quyền ký", max_length=100, blank=True)
    confidentiality = models.CharField("Độ mật", max_length=20, blank=True)
    recipients_text = models.TextField("Nơi nhận", blank=True)
    meeting_id = models.PositiveBigIntegerField("Cuộc sinh hoạt", null=True, blank=True)
    search_key = models.TextField(default="", blank=True)
    number_key = models.CharField(max_length=80, default="", blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Văn bản"
        verbose_name_plural = "Văn bản"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "sequence_key", "sequence"], name="doc_number_unique",
                condition=Q(sequence__isnull=False),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "issued_on"], name="doc_org_issued_idx"),
            models.Index(fields=["direction", "type_code"], name="doc_dir_type_idx"),
        ]

    def __str__(self):
        if self.number:
            return f"{self.type_name or 'Văn bản'} số {self.number}"
        return self.summary[:80]


class Distribution(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distributions")
    due_on = models.DateField("Hạn xác nhận / báo cáo", null=True, blank=True)
    requires_reply = models.BooleanField("Yêu cầu gửi báo cáo, phản hồi", default=False)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # maintained incrementally by the services (status page reads them, never counts items)
    recipients_count = models.PositiveIntegerField(default=0)
    received_count = models.PositiveIntegerField(default=0)
    acknowledged_count = models.PositiveIntegerField(default=0)
    replied_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Lượt gửi văn bản"
        verbose_name_plural = "Lượt gửi văn bản"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Gửi {self.document} ({self.recipients_count} nơi nhận)"

    @property
    def closed_count(self):
        return self.replied_count if self.requires_reply else self.acknowledged_count


class ItemState(models.TextChoices):
    SENT = "sent", "Chưa mở"
    RECEIVED = "received", "Đã nhận"
    ACKNOWLEDGED = "acknowledged", "Đã xác nhận"
    REPLIED = "replied", "Đã gửi báo cáo"


class InboxItem(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name="Tổ chức nhận", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name="Đảng viên nhận", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    recipient_name = models.CharField("Nơi nhận", max_length=255)
    sort_key = models.CharField(max_length=255, default="")
    state = models.CharField("Tình trạng", max_length=20, choices=ItemState.choices, default=ItemState.SENT)
    due_on = models.DateField("Hạn", null=True, blank=True)
    requires_reply = models.BooleanField("Yêu cầu báo cáo", default=False)
    received_at = models.DateTimeField("Đã nhận lúc", null=True, blank=True)
    acknowledged_at = models.DateTimeField("Xác nhận lúc", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    replied_at = models.DateTimeField("Gửi báo cáo lúc", null=True, blank=True)
    reminded_at = models.DateTimeField("Nhắc lần cuối", null=True, blank=True)
    remind_count = models.PositiveIntegerField("Số lần nhắc", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Văn bản đến hộp thư"
        verbose_name_plural = "Văn bản đến hộp thư"
        constraints = [
            models.UniqueConstraint(fields=["distribution", "organization"], name="inbox_org_unique",
                                    condition=Q(organization__isnull=False)),
            models.UniqueConstraint(fields=["distribution", "member"], name="inbox_member_unique",
                                    condition=Q(member__isnull=False)),
        ]
        indexes = [
            models.Index(fields=["document", "sort_key", "id"], name="inbox_doc_sort_idx"),
            models.Index(fields=["document", "state", "sort_key", "id"], name="inbox_doc_state_idx"),
            models.Index(fields=["organization", "created_at"], name="inbox_org_idx"),
            models.Index(fields=["member", "created_at"], name="inbox_member_idx"),
        ]

    def __str__(self):
        return f"{self.document} → {self.recipient_name}"

    @property
    def closed(self) -> bool:
        if self.requires_reply:
            return self.replied_at is not None
        return self.acknowledged_at is not None

    def is_overdue(self, day) -> bool:
        return bool(self.due_on and day > self.due_on and not self.closed)


class CountSide(models.TextChoices):
    SENT = "sent", "Tổ chức ban hành, gửi"  # the document's organisation and its ancestors
    RECEIVED = "received", "Tổ chức nhận"  # the recipient organisation and its ancestors


class DocumentCount(models.Model):
    """Maintained roll-up of the register, per organisation AND per ancestor, side and day (documents.counts):
    documents issued (key: type name) and received, distributions, and the recipients of those sent, by
    whether they acknowledged on time, late or not yet (measure "pending", with their due date; on the
    receiving side also the document). A sub-tree's figures read its own rows and each direct child's."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=CountSide.choices)
    measure = models.CharField(max_length=20)
    day = models.DateField()
    key = models.CharField(max_length=80, default="", blank=True)
    due_on = models.DateField(null=True, blank=True)
    document_id = models.BigIntegerField(null=True, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "side", "measure", "day", "key"],
                                               name="doc_count_once")]
