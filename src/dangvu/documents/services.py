"""Domain functions of the document register: the only writers. Each one is atomic, checks permission
(Http404 out of scope), validates everything before writing (ValidationError with Vietnamese messages) and
records the audit entry."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from dangvu.core import audit, files, partydoc, vntext
from dangvu.core.dates import format_date, today
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES, Member
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus, Role, Term

from . import rules
from .models import Direction, Distribution, Document, InboxItem, IssuerProfile, ItemState, NumberSequence

audit.register_actions({
    "issue": "Ban hành văn bản",
    "register_incoming": "Vào sổ văn bản đến",
    "open": "Mở văn bản",
    "reply": "Gửi báo cáo, phản hồi",
    "template": "Tải lên mẫu văn bản",
    "profile": "Sửa thông tin cơ quan ban hành",
})

DOC_KINDS = ("pdf", "docx", "doc", "xlsx", "xls", "pptx", "jpg", "jpeg", "png", "txt")
TEMPLATE_PURPOSE = "template"
FILE_PURPOSE = "file"
REPLY_PURPOSE = "reply"
BATCH = 2000
TEXT_LIMITS = {"summary": 500, "signer_name": 150, "signer_title": 100, "signer_capacity": 100,
               "confidentiality": 20, "issuer_name": 255, "number": 60}

_STOP = {"cac", "va", "cua", "tinh", "thanh", "pho", "huyen", "xa", "phuong", "co", "quan", "doanh", "nghiep", "so"}


# ------------------------------------------------------------------------------------------ helpers


def _require_write(actor, org: Organization):
    if not rules.can_write(actor, org):
        raise Http404("Không tìm thấy tổ chức đảng.")


def _clean_text(fields: dict, errors: dict):
    out = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = vntext.nfc(value) if key not in ("body", "recipients_text") else (value or "").strip()
            limit = TEXT_LIMITS.get(key)
            if limit and len(value) > limit:
                errors.setdefault(key, []).append(f"Quá dài: tối đa {limit} ký tự.")
        out[key] = value
    return out


def _search_key(doc: Document) -> str:
    parts = [doc.number, doc.type_name, doc.issuer_name, doc.issuer_symbol, doc.summary, doc.body[:20000]]
    return " " + vntext.fold(" ".join(p for p in parts if p)) + " "


def derive_symbol(org: Organization) -> str:
    """A first guess at an organisation's abbreviation (the office corrects it): "Đảng ủy Khối ..." -> "ĐUK"."""
    words = (org.name or "").split()
    letters = []
    for w in words:
        if vntext.fold(w) in _STOP and letters:
            break
        if w[:1].isupper():
            letters.append(w[0].upper())
    return ("".join(letters) or "DV")[:10]


def profile_for(org: Organization) -> IssuerProfile:
    """The organisation's issuer profile, or an unsaved default."""
    try:
        return org.document_profile
    except IssuerProfile.DoesNotExist:
        parent = org.parent
        return IssuerProfile(
            organization=org, symbol=derive_symbol(org), issuer_name=org.name.upper(),
            superior_name=parent.name.upper() if parent else "", place="",
        )


def term_on(org: Organization, day: dt.date) -> Term | None:
    return (
        Term.objects.filter(organization=org, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on").first()
    )


# ------------------------------------------------------------------------------------------ profile / template


@transaction.atomic
def save_profile(actor, org: Organization, *, version: int | None = None, **fields) -> IssuerProfile:
    _require_write(actor, org)
    errors: dict = {}
    allowed = {"symbol", "issuer_name", "superior_name", "place", "signer_capacity", "signer_title", "signer_name"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({k: ["Trường không được phép."] for k in unknown})
    fields = _clean_text(fields, errors)
    if "symbol" in fields and not fields["symbol"]:
        errors.setdefault("symbol", []).append("Chữ viết tắt cơ quan ban hành: không được để trống (ví dụ ĐUK).")
    if "symbol" in fields and ("/" in fields["symbol"] or " " in fields["symbol"]):
        errors.setdefault("symbol", []).append("Chữ viết tắt cơ quan ban hành: không chứa dấu “/” hay khoảng trắng.")
    if errors:
        raise ValidationError(errors)
    profile = IssuerProfile.objects.select_for_update().filter(organization=org).first()
    if profile is None:
        profile = profile_for(org)
        before = None
    else:
        if version is not None and version != profile.version:
            raise ConflictError()
        before = audit.snapshot(profile)
        profile.version += 1
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.save()
    audit.record(actor, profile, "profile" if before else "create", before=before, after=audit.snapshot(profile))
    return profile


@transaction.atomic
def save_template(actor, org: Organization, f) -> object:
    """Store an office's own .docx template (it must hold the {{placeholders}}); the newest one is used."""
    _require_write(actor, org)
    files.check_upload(f, field="template", kinds=("docx",))
    data = f.read()
    f.seek(0)
    try:
        found = partydoc.template_placeholders(data)
    except Exception:
        raise ValidationError({"template": ["Mẫu văn bản: không đọc được tệp Word này."]})
    if "noi_dung" not in found:
        raise ValidationError({"template": [
            "Mẫu văn bản: thiếu chỗ đặt nội dung {{noi_dung}} (một đoạn riêng) trong tệp Word."]})
    profile = IssuerProfile.objects.filter(organization=org).first()
    if profile is None:
        profile = profile_for(org)
        profile.save()
        audit.record(actor, profile, "create", after=audit.snapshot(profile))
    att = files.attach(actor, profile, f, purpose=TEMPLATE_PURPOSE, field="template", kinds=("docx",))
    audit.record(actor, profile, "template", note=f"Mẫu văn bản “{att.name}”")
    return att


def template_of(org: Organization):
    profile = IssuerProfile.objects.filter(organization=org).first()
    if profile is None:
        return None
    return files.attachments(profile, TEMPLATE_PURPOSE).order_by("-uploaded_at", "-id").first()


# ------------------------------------------------------------------------------------------ numbering


def _next_number(org: Organization, term: Term, key: str) -> int:
    """Take the next number of (term, key): the counter row is created once, then locked until commit."""
    if not NumberSequence.objects.filter(term=term, key=key).exists():
        try:
            with transaction.atomic():
                NumberSequence.objects.create(organization=org, term=term, key=key, last_number=0)
        except IntegrityError:
            pass  # created meanwhile by a concurrent issuer
    seq = NumberSequence.objects.select_for_update().get(term=term, key=key)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number


@transaction.atomic
def issue_document(actor, organization: Organization, *, type_code: str, summary: str, issued_on: dt.date,
                   body: str = "", congress: bool = False, signer_name: str = "", signer_title: str = "",
                   signer_capacity: str = "", confidentiality: str = "", recipients_text: str = "",
                   file=None) -> Document:
    """Register an outgoing document of organisation's committee and give it the next number of its type
    (of the congress's shared sequence) in the committee's term of the issue date."""
    _require_write(actor, organization)
    errors: dict = {}
    clean = _clean_text({"summary": summary or "", "body": body or "", "signer_name": signer_name,
                         "signer_title": signer_title, "signer_capacity": signer_capacity,
                         "confidentiality": confidentiality, "recipients_text": recipients_text}, errors)
    ruleset = rules.ruleset_for(issued_on)
    type_code = vntext.nfc(type_code or "")
    doc_type = rules.type_by_code(type_code, issued_on) if issued_on else None
    if not type_code:
        errors.setdefault("type", []).append("Thể loại văn bản: bắt buộc chọn.")
    elif issued_on and doc_type is None:
        known = ", ".join(t["code"] for t in ruleset["types"])
        errors.setdefault("type", []).append(
            f"Thể loại văn bản: “{type_code}” không có trong danh mục theo {ruleset['regulation'].split(';')[0]} "
            f"(các ký hiệu: {known}).")
    if not clean["summary"]:
        errors.setdefault("summary", []).append("Trích yếu: không được để trống.")
    term = None
    if not issued_on:
        errors.setdefault("issued_on", []).append("Ngày ban hành: bắt buộc.")
    elif issued_on > today():
        errors.setdefault("issued_on", []).append(
            f"Ngày ban hành: {format_date(issued_on)} là ngày trong tương lai (hôm nay {format_date(today())}).")
    else:
        term = term_on(organization, issued_on)
        if term is None:
            errors.setdefault("issued_on", []).append(
                f"Ngày ban hành: {format_date(issued_on)} không thuộc nhiệm kỳ nào của cấp ủy {organization.name} "
                f"(số văn bản đánh theo nhiệm kỳ, {ruleset['sequence_scope_regulation'].split(':')[0]}).")
    if file is not None:
        try:
            files.check_upload(file, field="file", kinds=DOC_KINDS)
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)

    profile = profile_for(organization)
    if congress and ruleset.get("congress_shared_sequence"):
        key, issuer_symbol = "congress", ruleset.get("congress_issuer_symbol") or profile.symbol
    else:
        key, issuer_symbol = doc_type["code"], profile.symbol
    seq = _next_number(organization, term, key)
    doc = Document(
        organization=organization, direction=Direction.OUTGOING, type_code=doc_type["code"],
        type_name=doc_type["name"], congress=bool(congress), term=term, sequence_key=key, sequence=seq,
        number=rules.format_number(ruleset, seq, doc_type["code"], issuer_symbol), issuer_symbol=issuer_symbol,
        issuer_name=profile.issuer_name or organization.name, issued_on=issued_on, created_by=actor,
        signer_name=clean["signer_name"] or profile.signer_name,
        signer_title=clean["signer_title"] or profile.signer_title,
        signer_capacity=clean["signer_capacity"] or profile.signer_capacity,
        summary=clean["summary"], body=clean["body"], confidentiality=clean["confidentiality"],
        recipients_text=clean["recipients_text"],
    )
    doc.number_key = vntext.fold(doc.number)
    doc.search_key = _search_key(doc)
    doc.save()
    audit.record(actor, doc, "issue", after=audit.snapshot(doc), note=f"Số {doc.number}")
    if file is not None:
        files.attach(actor, doc, file, purpose=FILE_PURPOSE, kinds=DOC_KINDS)
    return doc


@transaction.atomic
def register_incoming(actor, organization: Organization, *, number: str, issuer_name: str, issued_on: dt.date,
                      summary: str, type_code: str = "", received_on: dt.date | None = None, body: str = "",
                      file=None) -> Document:
    """Enter a document received from a superior (or any other body) in the committee's incoming register."""
    from .citations import parse_number

    _require_write(actor, organization)
    errors: dict = {}
    clean = _clean_text({"number": number or "", "issuer_name": issuer_name or "", "summary": summary or "",
                         "body": body or ""}, errors)
    received_on = received_on or today()
    parsed = parse_number(clean["number"]) if clean["number"] else None
    if not clean["number"]:
        errors.setdefault("number", []).append("Số và ký hiệu: không được để trống (ví dụ 29-HD/BTCTU).")
    type_code = vntext.nfc(type_code or "") or (parsed["type"] if parsed else "")
    doc_type = rules.type_by_code(type_code, issued_on) if type_code else None
    if type_code and doc_type is None:
        ruleset = rules.ruleset_for(issued_on)
        errors.setdefault("type", []).append(
            f"Thể loại văn bản: “{type_code}” không có trong danh mục theo {ruleset['regulation'].split(';')[0]}.")
    if not clean["issuer_name"] and not (parsed and parsed["issuer_symbol"]):
        errors.setdefault("issuer_name", []).append("Cơ quan ban hành: không được để trống.")
    if not clean["summary"]:
        errors.setdefault("summary", []).append("Trích yếu: không được để trống.")
    if not issued_on:
        errors.setdefault("issued_on", []).append("Ngày ban hành: bắt buộc.")
    elif issued_on > today():
        errors.setdefault("issued_on", []).append(
            f"Ngày ban hành: {format_date(issued_on)} là ngày trong tương lai (hôm nay {format_date(today())}).")
    if received_on > today():
        errors.setdefault("received_on", []).append(f"Ngày đến: {format_date(received_on)} là ngày trong tương lai.")
    elif issued_on and received_on < issued_on:
        errors.setdefault("received_on", []).append("Ngày đến: không được trước ngày ban hành.")
    if file is not None:
        try:
            files.check_upload(file, field="file", kinds=DOC_KINDS)
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    doc = Document(
        organization=organization, direction=Direction.INCOMING, type_code=doc_type["code"] if doc_type else "",
        type_name=doc_type["name"] if doc_type else "", number=clean["number"],
        issuer_symbol=parsed["issuer_symbol"] if parsed else "", issuer_name=clean["issuer_name"],
        issued_on=issued_on, received_on=received_on, summary=clean["summary"], body=clean["body"],
        created_by=actor,
    )
    doc.number_key = vntext.fold(doc.number)
    doc.search_key = _search_key(doc)
    doc.save()
    audit.record(actor, doc, "register_incoming", after=audit.snapshot(doc))
    if file is not None:
        files.attach(actor, doc, file, purpose=FILE_PURPOSE, kinds=DOC_KINDS)
    return doc


@transaction.atomic
def attach_file(actor, document: Document, f):
    _require_write(actor, document.organization)
    return files.attach(actor, document, f, purpose=FILE_PURPOSE, kinds=DOC_KINDS)


# ------------------------------------------------------------------------------------------ Word output


def build_partydoc(document: Document) -> partydoc.PartyDoc:
    profile = profile_for(document.organization)
    recipients = [r.strip(" -,") for r in document.recipients_text.splitlines() if r.strip(" -,")]
    doc = partydoc.PartyDoc(
        superior=profile.superior_name, issuer=document.issuer_name or profile.issuer_name,
        number=document.number, place=profile.place, issued_on=document.issued_on,
        type_name=document.type_name if document.type_code != "CV" else "", summary=document.summary,
        confidentiality=document.confidentiality, signer_capacity=document.signer_capacity,
        signer_title=document.signer_title, signer_name=document.signer_name,
        recipients=recipients or ["Lưu Văn phòng"],
    )
    for para in (document.body or "").split("\n"):
        para = para.strip()
        if not para:
            continue
        if para.startswith(("- ", "+ ", "• ")):
            doc.bullets([para[2:]])
        elif para[:4].rstrip(".").strip() in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X") \
                or para.isupper():
            doc.heading(para)
        else:
            doc.paragraph(para)
    return doc


def render_docx(document: Document) -> bytes:
    """The .docx of a document: the committee's own template when it has uploaded one, else the house layout."""
    doc = build_partydoc(document)
    template = template_of(document.organization)
    if template is not None:
        with template.file.open("rb") as fh:
            return doc.render(template=fh.read())
    return doc.render()


def docx_filename(document: Document, ext="docx") -> str:
    base = vntext.fold(document.number or document.summary[:40]).replace(" ", "-") or "van-ban"
    return f"{base}.{ext}"


# ------------------------------------------------------------------------------------------ distribution


def _recipient_orgs(document: Document, *, mode: str | None, organization_ids, errors) -> list[Organization]:
    sender = document.organization
    below = Organization.objects.filter(path__startswith=sender.path, status=OrgStatus.ACTIVE).exclude(pk=sender.pk)
    out = []
    if mode not in (None, "", "chosen", "members", "all_cells", "children"):
        errors.setdefault("mode", []).append("Cách gửi: không hợp lệ (all_cells, children, chosen, members).")
    ids = []
    for raw in organization_ids or []:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            errors.setdefault("organization_ids", []).append(f"Tổ chức nhận: mã “{raw}” không hợp lệ.")
    if ids:
        found = {o.pk: o for o in below.filter(pk__in=ids).only("id", "name", "path", "sort_key")}
        outside = [i for i in ids if i not in found]
        if outside:
            names = list(Organization.objects.filter(pk__in=outside).values_list("name", flat=True)[:5])
            label = ", ".join(names) if names else ", ".join(str(i) for i in outside[:5])
            errors.setdefault("organization_ids", []).append(
                f"Tổ chức nhận: {label} không thuộc các tổ chức trực thuộc {sender.name}; "
                "chỉ gửi được xuống các tổ chức cấp dưới.")
        out += [found[i] for i in ids if i in found]
    seen, unique = set(), []
    for o in out:
        if o.pk not in seen:
            seen.add(o.pk)
            unique.append(o)
    return unique


def _recipient_members(document: Document, member_ids, errors) -> list[Member]:
    sender = document.organization
    ids = []
    for raw in member_ids or []:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            errors.setdefault("member_ids", []).append(f"Đảng viên nhận: mã “{raw}” không hợp lệ.")
    if not ids:
        return []
    found = {m.pk: m for m in Member.objects.filter(pk__in=ids, org_path__startswith=sender.path,
                                                     status__in=ACTIVE_STATUSES)
             .only("id", "full_name", "sort_key", "org_path")}
    outside = [i for i in ids if i not in found]
    if outside:
        errors.setdefault("member_ids", []).append(
            f"Đảng viên nhận: {len(outside)} người không phải đảng viên đang sinh hoạt trong {sender.name} "
            f"(mã {', '.join(str(i) for i in outside[:5])}).")
    return [found[i] for i in dict.fromkeys(ids) if i in found]


@transaction.atomic
def distribute(actor, document: Document, *, mode: str | None = None, organization_ids=(), member_ids=(),
               due_on: dt.date | None = None, requires_reply: bool = False, note: str = "") -> Distribution:
    """Send the document down the tree: all chi bộ of the sub-tree ("all_cells"), one level ("children"), a
    chosen set (organization_ids) and/or members (member_ids). Recipients already sent this document are
    skipped. The counters of the distribution start at zero and follow each item's state."""
    _require_write(actor, document.organization)
    return _distribute(actor, document, mode=mode, organization_ids=organization_ids, member_ids=member_ids,
                       due_on=due_on, requires_reply=requires_reply, note=note)


def _distribute(actor, document: Document, *, mode: str | None = None, organization_ids=(), member_ids=(),
                due_on: dt.date | None = None, requires_reply: bool = False, note: str = "") -> Distribution:
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one distribution at a time
    errors: dict = {}
    orgs = _recipient_orgs(document, mode=mode, organization_ids=organization_ids, errors=errors)
    members = _recipient_members(document, member_ids, errors)
    if due_on is not None and due_on < today():
        errors.setdefault("due_on", []).append(f"Hạn: {format_date(due_on)} đã qua (hôm nay {format_date(today())}).")
    if due_on is None and requires_reply:
        errors.setdefault("due_on", []).append("Hạn: bắt buộc khi yêu cầu gửi báo cáo, phản hồi.")
    note = vntext.nfc(note or "")
    if len(note) > 500:
        errors.setdefault("note", []).append("Ghi chú: tối đa 500 ký tự.")
    if not errors and not orgs and not members and mode not in ("all_cells", "children"):
        errors.setdefault("organization_ids", []).append("Nơi nhận: chưa chọn tổ chức hoặc đảng viên nào.")
    if errors:
        raise ValidationError(errors)
    prior = InboxItem.objects.filter(document=document).exists()
    already_orgs = set(InboxItem.objects.filter(document=document, organization_id__in=[o.pk for o in orgs])
                       .values_list("organization_id", flat=True))
    already_members = set(InboxItem.objects.filter(document=document, member_id__in=[m.pk for m in members])
                          .values_list("member_id", flat=True))
    orgs = [o for o in orgs if o.pk not in already_orgs]
    members = [m for m in members if m.pk not in already_members]
    dist = Distribution.objects.create(document=document, due_on=due_on, requires_reply=bool(requires_reply),
                                       note=note, created_by=actor, recipients_count=0)
    now = timezone.now()
    rows = [InboxItem(distribution=dist, document=document, organization_id=o.pk, recipient_name=o.name,
                      sort_key=(o.sort_key or vntext.collation_key(o.name))[:255], due_on=due_on,
                      requires_reply=dist.requires_reply, created_at=now) for o in orgs]
    rows += [InboxItem(distribution=dist, document=document, member_id=m.pk, recipient_name=m.full_name,
                       sort_key=m.sort_key[:255], due_on=due_on, requires_reply=dist.requires_reply,
                       created_at=now) for m in members]
    for start in range(0, len(rows), BATCH):
        InboxItem.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH)
    bulk = 0
    if mode in ("all_cells", "children"):
        bulk = _insert_subtree_items(dist, document, mode, now, skip_sent=prior or bool(rows))
    total = len(rows) + bulk
    if total == 0:  # the transaction is rolled back: nothing written
        raise ValidationError({"organization_ids": [
            "Nơi nhận: văn bản đã được gửi tới tất cả các nơi đã chọn (hoặc cấp dưới không có tổ chức phù hợp)."]})
    Distribution.objects.filter(pk=dist.pk).update(recipients_count=total)
    dist.recipients_count = total
    n_orgs = len(orgs) + bulk
    audit.record(actor, document, "distribute", after={
        "recipients": total, "due_on": due_on.isoformat() if due_on else None,
        "requires_reply": dist.requires_reply,
    }, note=f"Gửi tới {n_orgs} tổ chức, {len(members)} đảng viên")
    return dist


def _insert_subtree_items(dist: Distribution, document: Document, mode: str, now, skip_sent: bool) -> int:
    """One INSERT ... SELECT for "all chi bộ of the sub-tree" or "one level": the rows never travel through
    Python (50 000 chi bộ in one statement); recipients already sent this document are skipped."""
    sender = document.organization
    item, org = InboxItem._meta.db_table, Organization._meta.db_table
    ops = connection.ops
    if mode == "all_cells":
        where = "o.path LIKE %s AND o.id <> %s AND o.kind IN (%s, %s)"
        where_params = [sender.path + "%", sender.pk, *CELL_KINDS]
    else:
        where = "o.parent_id = %s"
        where_params = [sender.pk]
    sql = (
        f"INSERT INTO {item} (distribution_id, document_id, organization_id, recipient_name, sort_key, state, "
        f"due_on, requires_reply, remind_count, created_at) "
        f"SELECT %s, %s, o.id, o.name, o.sort_key, %s, %s, %s, 0, %s FROM {org} o "
        f"WHERE {where} AND o.status = %s"
    )
    params = [dist.pk, document.pk, ItemState.SENT, ops.adapt_datefield_value(dist.due_on), dist.requires_reply,
              ops.adapt_datetimefield_value(now), *where_params, OrgStatus.ACTIVE]
    if skip_sent:
        # a NOT IN over the rows already there (hashed once), not a per-row probe of the table being filled
        sql += (f" AND o.id NOT IN (SELECT i.organization_id FROM {item} i WHERE i.document_id = %s "
                f"AND i.organization_id IS NOT NULL)")
        params += [document.pk]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return max(cur.rowcount, 0)


# ------------------------------------------------------------------------------------------ recipient side


def is_recipient(user, item: InboxItem) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if item.member_id is not None:
        return Member.objects.filter(pk=item.member_id, user_id=user.pk).exists()
    return item.organization_id in rules.inbox_organization_ids(user)


def _locked_item(actor, item_id) -> InboxItem:
    try:
        item = InboxItem.objects.select_for_update().get(pk=int(item_id))
    except (InboxItem.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy văn bản trong hộp thư.")
    if not is_recipient(actor, item):
        raise ValidationError({"recipient": [
            "Người nhận: chỉ tổ chức hoặc đảng viên được gửi văn bản này mới được mở, xác nhận hay gửi báo cáo."]})
    return item


def _mark_received(item: InboxItem, now) -> bool:
    if item.received_at is not None:
        return False
    item.received_at = now
    if item.state == ItemState.SENT:
        item.state = ItemState.RECEIVED
    Distribution.objects.filter(pk=item.distribution_id).update(received_count=F("received_count") + 1)
    return True


@transaction.atomic
def open_item(actor, item_id) -> InboxItem:
    """Opening counts as received (once)."""
    item = _locked_item(actor, item_id)
    if _mark_received(item, timezone.now()):
        item.save(update_fields=["received_at", "state"])
        audit.record(actor, item, "open", note=item.recipient_name)
    return item


@transaction.atomic
def acknowledge(actor, item_id) -> InboxItem:
    item = _locked_item(actor, item_id)
    if item.acknowledged_at is not None:
        return item
    now = timezone.now()
    _mark_received(item, now)
    item.acknowledged_at = now
    item.acknowledged_by = actor
    if item.state in (ItemState.SENT, ItemState.RECEIVED):
        item.state = ItemState.ACKNOWLEDGED
    item.save(update_fields=["received_at", "acknowledged_at", "acknowledged_by", "state"])
    Distribution.objects.filter(pk=item.distribution_id).update(acknowledged_count=F("acknowledged_count") + 1)
    audit.record(actor, item, "acknowledge", note=item.recipient_name)
    return item


@transaction.atomic
def reply(actor, item_id, f, note: str = "") -> InboxItem:
    """Upload the reply/report asked for; it also acknowledges the document."""
    item = _locked_item(actor, item_id)
    if f is None:
        raise ValidationError({"file": ["Tệp báo cáo: chưa chọn tệp."]})
    files.check_upload(f, field="file", kinds=DOC_KINDS)
    now = timezone.now()
    _mark_received(item, now)
    if item.acknowledged_at is None:
        item.acknowledged_at = now
        item.acknowledged_by = actor
        Distribution.objects.filter(pk=item.distribution_id).update(acknowledged_count=F("acknowledged_count") + 1)
    if item.replied_at is None:
        Distribution.objects.filter(pk=item.distribution_id).update(replied_count=F("replied_count") + 1)
    item.replied_at = now
    item.state = ItemState.REPLIED
    item.save(update_fields=["received_at", "acknowledged_at", "acknowledged_by", "replied_at", "state"])
    files.attach(actor, item, f, purpose=REPLY_PURPOSE, note=vntext.nfc(note or "")[:500], kinds=DOC_KINDS)
    audit.record(actor, item, "reply", note=item.recipient_name)
    return item


@transaction.atomic
def remind(actor, document: Document, *, overdue_only: bool = False) -> int:
    """Remind every recipient that has not closed the item (or only the overdue ones): one UPDATE."""
    _require_write(actor, document.organization)
    open_q = (Q(requires_reply=True, replied_at__isnull=True) | Q(requires_reply=False, acknowledged_at__isnull=True))
    qs = InboxItem.objects.filter(document=document).filter(open_q)
    if overdue_only:
        qs = qs.filter(due_on__lt=today())
    count = qs.update(reminded_at=timezone.now(), remind_count=F("remind_count") + 1)
    if count == 0:
        raise ValidationError({"__all__": ["Nhắc: không còn nơi nhận nào chưa xác nhận hoặc chưa báo cáo."]})
    audit.record(actor, document, "remind", note=f"Nhắc {count} nơi nhận")
    return count


# ------------------------------------------------------------------------------------------ meeting materials


def meeting_model():
    try:
        return apps.get_model("meetings", "Meeting")
    except LookupError:
        return None


def access_meeting(user, meeting_id):
    """A meeting of a chi bộ the user may send materials for (office in reach, or that chi bộ's secretary)."""
    model = meeting_model()
    if model is None:
        raise Http404("Chưa có chức năng sinh hoạt chi bộ.")
    try:
        meeting = model.objects.select_related("organization").get(pk=int(meeting_id))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy cuộc sinh hoạt.")
    org = meeting.organization
    r = reach(user)
    if not (rules.can_write(user, org) or any(g.covers(org) for g in r.grants_for({Role.SECRETARY}))):
        raise Http404("Không tìm thấy cuộc sinh hoạt.")
    return meeting


def meeting_day(meeting) -> dt.date | None:
    starts = getattr(meeting, "starts_at", None)
    if starts is None:
        return None
    if isinstance(starts, dt.datetime):
        return timezone.localtime(starts).date() if timezone.is_aware(starts) else starts.date()
    return starts


@transaction.atomic
def send_meeting_materials(actor, meeting_id, *, due_on: dt.date | None = None, to_members: bool = True,
                           organization_ids=(), note: str = "") -> Distribution:
    """“Gửi tài liệu sinh hoạt chi bộ”: the meeting's materials become a document of the chi bộ, distributed to its
    members (and/or organisations) with a due date; the inbox and acknowledgment do the rest."""
    meeting = access_meeting(actor, meeting_id)
    org = meeting.organization
    materials = list(files.attachments(meeting, "materials"))
    errors = {}
    if not materials:
        errors["materials"] = ["Tài liệu sinh hoạt: cuộc sinh hoạt này chưa có tài liệu đính kèm."]
    member_ids = list(Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).values_list("pk", flat=True)) \
        if to_members else []
    if to_members and not member_ids:
        errors["member_ids"] = [f"Đảng viên nhận: {org.name} chưa có đảng viên đang sinh hoạt."]
    if errors:
        raise ValidationError(errors)
    doc = Document.objects.filter(meeting_id=meeting.pk, direction=Direction.MATERIALS).first()
    if doc is None:
        day = meeting_day(meeting)
        topic = getattr(meeting, "topic", "") or ""
        summary = "Tài liệu sinh hoạt chi bộ" + (f" ngày {format_date(day)}" if day else "") + (
            f": {topic}" if topic else "")
        doc = Document(organization=org, direction=Direction.MATERIALS, summary=summary[:500], issued_on=today(),
                       issuer_name=org.name, meeting_id=meeting.pk, created_by=actor,
                       body="\n".join(a.name for a in materials))
        doc.search_key = _search_key(doc)
        doc.save()
        audit.record(actor, doc, "create", after=audit.snapshot(doc))
    # the chi bộ's secretary may send its meeting materials without the office's write permission
    return _distribute(actor, doc, member_ids=member_ids, organization_ids=organization_ids,
                          due_on=due_on or meeting_day(meeting), note=note)
