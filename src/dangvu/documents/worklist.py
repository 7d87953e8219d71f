"""Việc cần làm of the document register: the documents in the user's inbox to acknowledge or report on
(the user's own, as a member, and their organisations', as its office or secretary), through ``inbox_for``."""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, few_or_counted, register_kinds

from .queries import inbox_for, open_q

register_kinds({"document_ack": "Văn bản cần xác nhận đã đọc", "document_reply": "Văn bản cần gửi báo cáo"})


def _single(item):
    doc = item.document
    name = f"{doc.number} – {doc.summary}" if doc.number else doc.summary
    if item.requires_reply:
        return WorkItem("document_reply", item.due_on, f"Gửi báo cáo theo văn bản {name}",
                        reverse("documents:inbox_item", args=[item.pk]))
    return WorkItem("document_ack", item.due_on, f"Xác nhận đã đọc văn bản {name}",
                    reverse("documents:inbox_item", args=[item.pk]))


def items(user, reach, today):
    qs = inbox_for(user).filter(open_q()).select_related("document")
    url = reverse("documents:inbox") + "?mo=1"

    def counted(n, first_due):
        return WorkItem("document_ack", first_due, f"{count_text(n)} văn bản đến chưa xác nhận hoặc chưa báo cáo",
                        url, count=n)

    return few_or_counted(qs, "due_on", _single, counted)
