"""The issuing body's profile (abbreviation, names, place, signer) and its own Word template."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, files, partydoc, vntext
from dangvu.core.services import Errors, bump, check_version, lock
from dangvu.organizations.models import Organization

from ..models import IssuerProfile
from ._common import TEMPLATE_PURPOSE, clean_fields, require_write

PROFILE_FIELDS = {"symbol", "issuer_name", "superior_name", "place", "signer_capacity", "signer_title", "signer_name"}
_STOP = {"cac", "va", "cua", "tinh", "thanh", "pho", "huyen", "xa", "phuong", "co", "quan", "doanh", "nghiep", "so"}


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


@transaction.atomic
def save_profile(actor, org: Organization, *, version: int | None = None, **fields) -> IssuerProfile:
    require_write(actor, org)
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({k: ["Trường không được phép."] for k in unknown})
    errors = Errors()
    fields = clean_fields(fields, errors)
    if "symbol" in fields and not fields["symbol"]:
        errors.add("symbol", "Chữ viết tắt cơ quan ban hành: không được để trống (ví dụ ĐUK).")
    if "symbol" in fields and ("/" in fields["symbol"] or " " in fields["symbol"]):
        errors.add("symbol", "Chữ viết tắt cơ quan ban hành: không chứa dấu “/” hay khoảng trắng.")
    errors.raise_if_any()
    lock(Organization, org)  # two first saves of the profile wait for each other (one profile per organisation)
    profile = IssuerProfile.objects.select_for_update().filter(organization=org).first()
    before = None
    if profile is None:  # the first save of the default profile
        profile = profile_for(org)
    else:
        check_version(profile, version)
        before = audit.snapshot(profile)
    for key, value in fields.items():
        setattr(profile, key, value)
    if before is None:
        profile.save()
    else:
        bump(profile, list(fields))
    audit.record(actor, profile, "profile" if before else "create", before=before, after=audit.snapshot(profile))
    return profile


@transaction.atomic
def save_template(actor, org: Organization, f) -> object:
    """Store an office's own .docx template (it must hold the {{placeholders}}); the newest one is used."""
    require_write(actor, org)
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
