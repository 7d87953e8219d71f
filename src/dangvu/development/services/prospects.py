"""Register a prospect, correct their details, and move them along the stages: awareness class, dossier, the
chi bộ's resolution, the superior's decision (which creates the probationary member), the ceremony; or stop
(refusal, withdrawal) with a reason. Every change is audited; nothing is written when a check fails."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, vntext
from dangvu.core.dates import full_years
from dangvu.core.services import Errors, bump, fail
from dangvu.core.workdays import add_working_days
from dangvu.organizations.models import Organization

from .. import counts, rulesets
from ..models import DossierItem, Prospect, Stage
from ._common import (
    DETAIL_FIELDS,
    check_cell,
    check_day,
    check_helpers,
    clean_details,
    lock_prospect,
)

STEPS = {
    # step -> (stages it may be taken from, stage after, Vietnamese name)
    "class": ((Stage.PROPOSED,), Stage.TRAINED, "Học lớp bồi dưỡng nhận thức về Đảng"),
    "dossier": ((Stage.TRAINED,), Stage.DOSSIER, "Hoàn thiện hồ sơ"),
    "resolution": ((Stage.DOSSIER,), Stage.RESOLVED, "Nghị quyết của chi bộ đề nghị kết nạp"),
    "ceremony": ((Stage.DECIDED,), Stage.ADMITTED, "Lễ kết nạp"),
    "refuse": (Stage.before_decision(), Stage.REFUSED, "Không đề nghị kết nạp"),
    "withdraw": (Stage.before_decision(), Stage.WITHDRAWN, "Rút khỏi danh sách"),
}
STEP_LABELS = {k: v[2] for k, v in STEPS.items()} | {"decision": "Quyết định kết nạp của cấp trên"}
RESOLUTION_FORM = "6-KNĐ"  # recorded with the chi bộ's resolution
DECISION_FORM = "9-KNĐ"  # recorded with the superior's decision


def _clean(value, limit=500) -> str:
    return (vntext.nfc(value or "") or "").strip()[:limit]


@transaction.atomic
def create_prospect(actor, *, organization, full_name, gender, birth_date, proposed_on, helpers=(),
                    **details) -> Prospect:
    """Register a prospect (quần chúng ưu tú) in a chi bộ the actor works in."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"create_prospect: unknown fields {sorted(unknown)}")
    errors = Errors()
    data = clean_details(dict(details, full_name=full_name, gender=gender, birth_date=birth_date), errors)
    org = check_cell(actor, organization, errors)
    helper_ids = check_helpers(helpers, org, errors)
    if check_day(proposed_on, errors, "proposed_on", "Ngày giới thiệu") and data.get("birth_date") and \
            proposed_on < data["birth_date"]:
        errors.add("proposed_on", "Ngày giới thiệu: không được trước ngày sinh.")
    errors.raise_if_any()
    p = Prospect(**data, organization=org, org_path=org.path, proposed_on=proposed_on,
                 **vntext.person_name_keys(data["full_name"]))
    p.save()
    counts.move(p.org_path, None, p.stage)
    if helper_ids:
        p.helpers.set(helper_ids)
    audit.record(actor, p, "create", after=audit.snapshot(p) | {"helpers": helper_ids})
    return p


@transaction.atomic
def update_prospect(actor, prospect, *, version=None, helpers=None, organization=None, **details) -> Prospect:
    """Correct the person's details, the helpers, or (before the decision) the chi bộ."""
    unknown = set(details) - set(DETAIL_FIELDS) - {"proposed_on"}
    if unknown:
        raise TypeError(f"update_prospect: unknown fields {sorted(unknown)}")
    p = lock_prospect(actor, prospect, "work", version)
    errors = Errors()
    proposed_on = details.pop("proposed_on", None)
    data = clean_details(details, errors, prospect=p)
    org = p.organization
    if organization not in (None, "") and getattr(organization, "pk", organization) != p.organization_id:
        if p.stage not in Stage.before_decision():
            errors.add("organization_id", "Chi bộ: không đổi được sau khi đã có quyết định kết nạp.")
        else:
            org = check_cell(actor, organization, errors)
    if helpers is None and org is not None and org.pk != p.organization_id:
        helpers = list(p.helpers.values_list("pk", flat=True))  # they must belong to the new chi bộ too
    helper_ids = check_helpers(helpers, org, errors) if helpers is not None else None
    if proposed_on is not None:
        check_day(proposed_on, errors, "proposed_on", "Ngày giới thiệu")
    errors.raise_if_any()
    before = audit.snapshot(p) | {"helpers": sorted(p.helpers.values_list("pk", flat=True))}
    for name, value in data.items():
        setattr(p, name, value)
    if proposed_on is not None:
        p.proposed_on = proposed_on
    if org is not None and org.pk != p.organization_id:
        counts.move(p.org_path, p.stage, p.stage, new_path=org.path)
        p.organization, p.org_path = org, org.path
    p.search_key, p.sort_key = vntext.person_name_keys(p.full_name).values()
    bump(p)
    if helper_ids is not None:
        p.helpers.set(helper_ids)
    after = audit.snapshot(p) | {"helpers": sorted(p.helpers.values_list("pk", flat=True))}
    if after != before:
        audit.record(actor, p, "update", before=before, after=after)
    return p


def missing_items(p: Prospect) -> list[dict]:
    """The forms required before the chi bộ's resolution that the dossier does not hold yet."""
    have = set(p.dossier_items.values_list("code", flat=True))
    return [f for f in rulesets.required_before_resolution(p.proposed_on) if f["code"] not in have]


def _missing_message(missing) -> str:
    names = "; ".join(f"{f['code']} ({f['name']})" for f in missing)
    return f"Hồ sơ kết nạp: còn thiếu {names}."


def _check_resolution(p: Prospect, on, errors: Errors) -> None:
    """The chi bộ may resolve only with a complete dossier, a valid awareness certificate and the person of age."""
    missing = missing_items(p)
    if missing:
        errors.add("dossier", _missing_message(missing))
    rules = rulesets.lifecycle(on)
    min_age = rules["admission_min_age_years"]
    if full_years(p.birth_date, on) < min_age:
        errors.add("on", f"Ngày nghị quyết: người vào Đảng chưa đủ {min_age} tuổi vào ngày {on:%d/%m/%Y} "
                         f"(sinh ngày {p.birth_date:%d/%m/%Y}).")
    if not p.certificate_on:
        errors.add("certificate_on", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng: chưa có.")
    else:
        years = rulesets.in_force(p.certificate_on).get("certificate_valid_years")
        if p.certificate_on > on:
            errors.add("on", f"Ngày nghị quyết: không được trước ngày cấp giấy chứng nhận lớp bồi dưỡng nhận thức "
                             f"về Đảng ({p.certificate_on:%d/%m/%Y}).")
        elif years and full_years(p.certificate_on, on) >= years:
            errors.add("certificate_on", f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng: cấp ngày "
                                         f"{p.certificate_on:%d/%m/%Y}, đã quá {years} năm.")
    if p.dossier_on and on < p.dossier_on:
        errors.add("on", f"Ngày nghị quyết: không được trước ngày hoàn thiện hồ sơ ({p.dossier_on:%d/%m/%Y}).")


def _record_item(p: Prospect, code: str, on) -> None:
    DossierItem.objects.get_or_create(prospect=p, code=code, defaults={"on": on})


@transaction.atomic
def record_step(actor, prospect, *, step, on, note="", version=None, class_name="", certificate_number="",
                number="") -> Prospect:
    """Record one step of the way (``STEPS``); the superior's decision is ``admit``."""
    p = lock_prospect(actor, prospect, "work", version)
    errors = Errors()
    note = _clean(note)
    if step == "decision":
        fail("step", "Bước: quyết định kết nạp của cấp trên được ghi bằng thao tác «Kết nạp» (văn phòng cấp ủy).")
    if step not in STEPS:
        fail("step", "Bước: không hợp lệ.")
    allowed, after, name = STEPS[step]
    if p.stage not in allowed:
        fail("step", f"Bước «{name}»: không thực hiện được khi quần chúng đang ở giai đoạn «{p.get_stage_display()}».")
    if not check_day(on, errors):
        errors.raise_if_any()
    before = audit.snapshot(p)
    if step == "class":
        p.class_name, p.certificate_number, p.certificate_on = _clean(class_name, 255), _clean(number or
                                                                                               certificate_number, 50), on
        if not p.class_name:
            errors.add("class_name", "Lớp bồi dưỡng nhận thức về Đảng: không được để trống.")
        if on < p.birth_date:
            errors.add("on", "Ngày cấp giấy chứng nhận: không được trước ngày sinh.")
    elif step == "dossier":
        missing = missing_items(p)
        if missing:
            errors.add("dossier", _missing_message(missing))
        if p.certificate_on and on < p.certificate_on:
            errors.add("on", f"Ngày hoàn thiện hồ sơ: không được trước ngày cấp giấy chứng nhận ({p.certificate_on:%d/%m/%Y}).")
        p.dossier_on = on
    elif step == "resolution":
        _check_resolution(p, on, errors)
        p.resolution_on, p.resolution_number = on, _clean(number, 100)
    elif step == "ceremony":
        if on < p.decision_on:
            errors.add("on", f"Ngày lễ kết nạp: không được trước ngày quyết định kết nạp ({p.decision_on:%d/%m/%Y}).")
        elif on > p.ceremony_due_on and not note:
            errors.add("note", f"Lý do: lễ kết nạp sau hạn {p.ceremony_due_on:%d/%m/%Y} "
                               f"({rulesets.lifecycle(p.decision_on)['admission_ceremony_working_days']} ngày làm "
                               "việc kể từ ngày quyết định): cần ghi lý do chậm.")
        p.ceremony_on = on
        p.ceremony_late_reason = note if on > p.ceremony_due_on else ""
    else:  # refuse, withdraw
        if not note:
            errors.add("note", "Lý do: không được để trống.")
        if on < p.proposed_on:
            errors.add("on", f"Ngày: không được trước ngày giới thiệu ({p.proposed_on:%d/%m/%Y}).")
        p.closed_on, p.closed_reason = on, note
    errors.raise_if_any()
    counts.move(p.org_path, p.stage, after)
    p.stage = after
    bump(p)
    if step == "resolution":
        _record_item(p, RESOLUTION_FORM, on)
    audit.record(actor, p, "step", before=before, after=audit.snapshot(p), note=f"{name}: {on:%d/%m/%Y}"
                 + (f". {note}" if note else ""))
    return p


def _deciding_organization(p: Prospect, organization, errors: Errors):
    """The committee that decides: an organisation above the chi bộ (default: its direct superior)."""
    ancestors = p.organization.ancestor_ids()[:-1]
    if organization in (None, ""):
        return Organization.objects.filter(pk=p.organization.parent_id).first()
    try:
        pk = int(getattr(organization, "pk", organization))
    except (TypeError, ValueError, OverflowError):
        pk = None
    if pk not in ancestors:
        errors.add("organization_id", "Cấp ủy ra quyết định: phải là một cấp trên của chi bộ "
                                      f"{p.organization.name}.")
        return None
    return Organization.objects.get(pk=pk)


MEMBER_FIELD_MAP = {"admitted_on": "on", "organization": "organization_id"}


@transaction.atomic
def admit(actor, prospect, *, decision, on, organization=None, version=None):
    """Record the superior's decision: the prospect becomes a probationary member of their chi bộ, admitted on
    the decision's day, created in the registry from the prospect's details. Returns the member."""
    from dangvu.members import services as members

    p = lock_prospect(actor, prospect, "decide", version)
    errors = Errors()
    if p.stage != Stage.RESOLVED:
        fail("step", f"Kết nạp: cần nghị quyết đề nghị kết nạp của chi bộ trước (quần chúng đang ở giai đoạn "
                     f"«{p.get_stage_display()}»).")
    decision = _clean(decision, 100)
    if not decision:
        errors.add("decision", "Số quyết định kết nạp: không được để trống.")
    if check_day(on, errors, "on", "Ngày quyết định") and on < p.resolution_on:
        errors.add("on", f"Ngày quyết định: không được trước ngày nghị quyết của chi bộ ({p.resolution_on:%d/%m/%Y}).")
    decider = _deciding_organization(p, organization, errors)
    errors.raise_if_any()
    cv = {name: getattr(p, name) for name in ("full_name", "gender", "birth_date", "birth_place", "hometown",
                                              "residence", "ethnicity", "religion", "general_education",
                                              "qualification", "profession", "job_title")}
    try:
        member = members.create_member(actor, organization=p.organization, admitted_on=on,
                                       national_id=p.national_id or None, decision=decision, **cv)
    except ValidationError as exc:
        raise ValidationError({MEMBER_FIELD_MAP.get(k, k): v for k, v in exc.message_dict.items()})
    before = audit.snapshot(p)
    p.member, p.decision_on, p.decision_number, p.decided_by = member, on, decision, decider
    p.ceremony_due_on = add_working_days(on, rulesets.lifecycle(on)["admission_ceremony_working_days"])
    counts.move(p.org_path, p.stage, Stage.DECIDED)
    p.stage = Stage.DECIDED
    bump(p)
    _record_item(p, DECISION_FORM, on)
    counts.admitted(p.org_path, on.year)
    audit.record(actor, p, "admit", before=before, after=audit.snapshot(p),
                 note=f"Quyết định kết nạp số {decision} ngày {on:%d/%m/%Y}")
    return member
