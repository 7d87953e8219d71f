"""What the member-development services share: cleaning the person's details, checking the chi bộ and the
helpers, locking a prospect in the actor's scope."""

import re

from dangvu.core import audit, vntext
from dangvu.core.dates import today
from dangvu.core.services import Errors, check_version, lock
from dangvu.members.models import Gender, Member, Status
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from .. import access, rulesets
from ..models import Prospect, Stage

audit.register_actions({
    "step": "Ghi nhận bước phát triển đảng viên",
    "admit": "Quyết định kết nạp",
    "dossier": "Ghi nhận tài liệu hồ sơ kết nạp",
    "target": "Giao chỉ tiêu kết nạp",
})

TEXT_FIELDS = ("full_name", "birth_place", "hometown", "residence", "ethnicity", "religion", "general_education",
               "qualification", "profession", "job_title")
DETAIL_FIELDS = (*TEXT_FIELDS, "gender", "birth_date", "national_id")
FIELD_LABELS = {f.name: f.verbose_name for f in Prospect._meta.concrete_fields}


def label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def clean_details(data: dict, errors: Errors, prospect=None) -> dict:
    """The person's details cleaned (NFC, no control characters) and checked like the member registry's."""
    out = {}
    for name in TEXT_FIELDS:
        if name in data:
            value = vntext.nfc(data[name] or "") or ""
            value = re.sub(r"[\x00-\x1f\x7f]", " ", value).strip()
            limit = Prospect._meta.get_field(name).max_length
            if len(value) > limit:
                errors.add(name, f"{label(name)}: tối đa {limit} ký tự.")
            out[name] = value
    if "full_name" in out:
        if not out["full_name"]:
            errors.add("full_name", "Họ và tên: không được để trống.")
        elif problem := vntext.name_problem(data["full_name"], "Họ và tên"):
            errors.add("full_name", problem)
    if "gender" in data:
        out["gender"] = data["gender"]
        if data["gender"] not in Gender.values:
            errors.add("gender", "Giới tính: chọn Nam hoặc Nữ.")
    if "birth_date" in data:
        out["birth_date"] = data["birth_date"]
        if not data["birth_date"]:
            errors.add("birth_date", "Ngày sinh: không được để trống.")
        elif data["birth_date"] > today():
            errors.add("birth_date", "Ngày sinh: không được sau ngày hôm nay.")
    if "national_id" in data:
        value = (vntext.nfc(data["national_id"] or "") or "").replace(" ", "")
        out["national_id"] = value
        if value and (prospect is None or value != prospect.national_id):
            spec = rulesets.lifecycle()["national_id"]
            if not re.fullmatch(spec["pattern"], value):
                errors.add("national_id", spec["message"])
            elif Member.objects.filter(national_id=value).exists():
                errors.add("national_id", "Số CCCD: đã là của một đảng viên trong danh sách đảng viên.")
            else:
                others = Prospect.objects.filter(national_id=value, stage__in=Stage.before_decision())
                if prospect is not None:
                    others = others.exclude(pk=prospect.pk)
                if others.exists():
                    errors.add("national_id", "Số CCCD: đã có ở một quần chúng ưu tú khác đang được xem xét.")
    return out


def check_cell(actor, organization, errors: Errors, field="organization_id"):
    """The chi bộ of a prospect: an active chi bộ the actor may work in, else a message on the field."""
    org = organization
    if org is not None and not isinstance(org, Organization):
        try:
            org = Organization.objects.filter(pk=int(org)).first()
        except (TypeError, ValueError, OverflowError):
            org = None
    if org is None:
        errors.add(field, "Chi bộ: không được để trống." if organization in (None, "") else
                   "Chi bộ: không có hoặc nằm ngoài phạm vi của đồng chí.")
        return None
    if actor is not None and not access.cells_for(actor).filter(pk=org.pk).exists():
        if org.kind not in CELL_KINDS or org.status != OrgStatus.ACTIVE:
            if access.organizations_for(actor).filter(pk=org.pk).exists():
                errors.add(field, "Chi bộ: quần chúng ưu tú được giới thiệu ở một chi bộ đang hoạt động "
                                  "(chi bộ cơ sở hoặc chi bộ trực thuộc).")
                return None
        errors.add(field, "Chi bộ: không có hoặc nằm ngoài phạm vi của đồng chí.")
        return None
    if org.kind not in CELL_KINDS or org.status != OrgStatus.ACTIVE:
        errors.add(field, "Chi bộ: quần chúng ưu tú được giới thiệu ở một chi bộ đang hoạt động "
                          "(chi bộ cơ sở hoặc chi bộ trực thuộc).")
        return None
    return org


def check_helpers(helpers, org, errors: Errors, field="helper_ids") -> list:
    """Members assigned to help: members in party life of the prospect's chi bộ."""
    ids = []
    for h in helpers or ():
        try:
            ids.append(int(getattr(h, "pk", h)))
        except (TypeError, ValueError, OverflowError):
            errors.add(field, "Đảng viên giúp đỡ: giá trị không hợp lệ.")
            return []
    ids = list(dict.fromkeys(ids))
    if not ids or org is None:
        return ids
    found = set(Member.objects.filter(pk__in=ids, organization=org, status__in=Status.active())
                .values_list("pk", flat=True))
    if len(found) != len(ids):
        errors.add(field, f"Đảng viên giúp đỡ: phải là đảng viên đang sinh hoạt ở {org.name}.")
    return ids


def check_day(on, errors: Errors, field="on", label_text="Ngày"):
    if not on:
        errors.add(field, f"{label_text}: không được để trống.")
        return False
    if on > today():
        errors.add(field, f"{label_text}: không được sau ngày hôm nay.")
        return False
    return True


def lock_prospect(actor, prospect, action="work", version=None) -> Prospect:
    pk = getattr(prospect, "pk", prospect)
    if actor is not None:
        access.access_prospect(actor, pk, action)  # 404 before a stale version answers 409
    locked = lock(Prospect, pk, related=("organization",))
    check_version(locked, version)
    return locked
