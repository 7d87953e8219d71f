"""The admission dossier: one item per form of the rule data (1-KNĐ … 9-KNĐ), its date and its file."""

from django.db import transaction

from dangvu.core import audit, files, vntext
from dangvu.core.services import Errors, bump

from .. import rulesets
from ..models import DossierItem, Stage
from ._common import check_day, lock_prospect

PURPOSE = "dossier"


@transaction.atomic
def record_item(actor, prospect, *, code, on, file=None, note="") -> DossierItem:
    """Record (or re-date) one form of a prospect's dossier, with its file when given."""
    p = lock_prospect(actor, prospect, "work")
    errors = Errors()
    forms = {f["code"]: f for f in rulesets.forms(p.proposed_on)}
    if code not in forms:
        errors.add("code", "Mẫu hồ sơ: không có trong danh mục hồ sơ kết nạp.")
    if p.stage in Stage.closed():
        errors.add("code", "Hồ sơ kết nạp: quần chúng đã dừng xem xét, không bổ sung hồ sơ.")
    check_day(on, errors, "on", "Ngày của tài liệu")
    if file is not None:
        try:
            files.check_upload(file, field="file")
        except Exception as exc:  # a ValidationError on "file"
            errors.update(Errors.one("file", " ".join(getattr(exc, "messages", [str(exc)]))))
    errors.raise_if_any()
    note = (vntext.nfc(note or "") or "").strip()[:500]
    item = DossierItem.objects.filter(prospect=p, code=code).first()
    if item is None:
        item = DossierItem.objects.create(prospect=p, code=code, on=on, note=note)
        audit.record(actor, item, "create", after=audit.snapshot(item))
    elif (item.on, item.note) != (on, note or item.note):
        before = audit.snapshot(item)
        item.on, item.note = on, note or item.note
        bump(item)
        audit.record(actor, item, "update", before=before, after=audit.snapshot(item))
    if file is not None:
        files.attach(actor, item, file, purpose=PURPOSE, note=f"{code} – {p.full_name}")
    audit.record(actor, p, "dossier", note=f"{code}: {forms[code]['name']}, ngày {on:%d/%m/%Y}")
    return item


def checklist(p) -> list[dict]:
    """The dossier as the page shows it: every form of the rule data with what has been recorded."""
    from django.contrib.contenttypes.models import ContentType

    from dangvu.core.models import Attachment

    items = {i.code: i for i in p.dossier_items.all()}
    ct = ContentType.objects.get_for_model(DossierItem)
    atts = {}
    if items:
        for a in Attachment.objects.filter(content_type=ct, object_id__in=[i.pk for i in items.values()]).order_by("id"):
            atts.setdefault(a.object_id, []).append(a)
    out = []
    for f in rulesets.forms(p.proposed_on):
        item = items.get(f["code"])
        out.append({**f, "item": item, "files": atts.get(item.pk, []) if item else [],
                    "missing": item is None and f["required"] and f["when"] == "before"})
    return out
