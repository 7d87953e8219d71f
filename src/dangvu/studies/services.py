"""The only writers of the studies app: one function per state change, atomic, checked, audited."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404

from dangvu.core import audit, files, rules, vntext
from dangvu.core.dates import today
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES, Member, Placement
from dangvu.organizations.models import CELL_KINDS, Organization

from . import access
from .models import (
    Attendance,
    AttendanceStatus,
    Audience,
    ClassLevel,
    Commendation,
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    Format,
    Pledge,
    Resolution,
    SessionCell,
    StudySession,
    Submission,
    SubmissionKind,
    TrainingClass,
)

RULES_DIR = Path(__file__).resolve().parent / "rulesets"
STUDY_RULES = RULES_DIR / "studies.json"
TRAINING_RULES = RULES_DIR / "training.json"
UPLOAD_KINDS = ("pdf", "docx", "doc", "jpg", "jpeg", "png", "txt")

audit.register_actions({
    "record_session": "Ghi nhận buổi học tập",
    "submit": "Nộp bài thu hoạch, bản cam kết",
    "enroll": "Cử đi học",
    "complete": "Hoàn thành lớp bồi dưỡng",
    "withdraw": "Không hoàn thành lớp",
    "assess": "Đánh giá cuối năm",
})


def study_rules(day: dt.date) -> dict:
    return rules.in_force(STUDY_RULES, day)


def training_rules(day: dt.date) -> dict:
    return rules.in_force(TRAINING_RULES, day)


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field):
        return field in self.errors

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _org(value, field, label, errors) -> Organization | None:
    if value in (None, ""):
        errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, Organization):
        return value
    try:
        return Organization.objects.get(pk=int(value))
    except (Organization.DoesNotExist, ValueError, TypeError):
        errors.add(field, f"{label}: không tìm thấy tổ chức đảng mã {value}.")
        return None


def _text(value, field, label, errors, max_length, required=True) -> str:
    value = (vntext.nfc(value) or "").strip()
    if required and not value:
        errors.add(field, f"{label}: không được để trống.")
    elif len(value) > max_length:
        errors.add(field, f"{label}: tối đa {max_length} ký tự.")
    return value


def _day(value, field, label, errors, *, required=True, not_future=True) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            errors.add(field, f"{label}: ngày không hợp lệ.")
            return None
    if not_future and value > today():
        errors.add(field, f"{label}: không được sau ngày hôm nay ({today():%d/%m/%Y}).")
    return value


def _check_version(obj, version):
    if version is not None and int(version) != obj.version:
        raise ConflictError(ConflictError.message)


def placed_on(org: Organization, day: dt.date):
    """Placements of members attached to org's sub-tree on day (the member's chi bộ that day)."""
    return Placement.objects.filter(
        organization__path__startswith=org.path, started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def _members_on(org: Organization, day: dt.date) -> dict[int, int]:
    """{member_id: chi bộ id} of the members of org's sub-tree on day (excluding those exempt since before)."""
    out = {}
    rows = placed_on(org, day).values_list("member_id", "organization_id", "member__status",
                                           "member__status_changed_on")
    for member_id, org_id, status, changed_on in rows:
        if status == "exempt" and changed_on and changed_on <= day:
            continue  # miễn công tác và sinh hoạt: not called to study
        out[member_id] = org_id
    return out


def _ids(values, field, label, errors) -> list[int]:
    out = []
    for v in values or []:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            errors.add(field, f"{label}: mã đảng viên “{v}” không hợp lệ.")
    if len(set(out)) != len(out):
        errors.add(field, f"{label}: một đảng viên được nhập hai lần.")
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------------- register


@transaction.atomic
def create_resolution(actor, *, kind, title, number="", issuer="", issued_on=None, organization=None) -> Resolution:
    """Add a resolution or directive to the register (shared register: admin; an organisation's: its office)."""
    errors = _Errors()
    org = None
    if organization not in (None, ""):
        org = _org(organization, "organization", "Đơn vị đăng ký", errors)
        if org is not None and not access.can(actor, org, "train"):
            raise Http404("Không tìm thấy tổ chức đảng.")
    elif actor is not None and not access.reach(actor).is_admin:
        errors.add("organization", "Đơn vị đăng ký: chọn tổ chức của mình (sổ dùng chung do quản trị hệ thống quản lý).")
    if kind not in DocumentKind.values:
        errors.add("kind", "Loại văn bản: giá trị không hợp lệ.")
    title = _text(title, "title", "Tên văn bản", errors, 300)
    number = _text(number, "number", "Số, ký hiệu", errors, 60, required=False)
    issuer = _text(issuer, "issuer", "Cơ quan ban hành", errors, 200, required=False)
    issued_on = _day(issued_on, "issued_on", "Ngày ban hành", errors, required=False)
    if number and kind in DocumentKind.values and Resolution.objects.filter(
            kind=kind, number__iexact=number, organization=org).exists():
        errors.add("number", f"Số, ký hiệu: {number} đã có trong sổ.")
    errors.raise_if_any()
    res = Resolution.objects.create(kind=kind, number=number, title=title, issuer=issuer, issued_on=issued_on,
                                    organization=org, search_key=vntext.fold(f"{number} {title}"))
    audit.record(actor, res, "create", after=audit.snapshot(res))
    return res


def find_resolution(title: str) -> Resolution | None:
    """The registered document whose title or number is exactly this text (diacritics ignored)."""
    key = vntext.fold(title or "").strip()
    if not key:
        return None
    for res in Resolution.objects.filter(search_key__contains=key)[:50]:
        title = vntext.fold(res.title)
        if key in (title, vntext.fold(res.number), vntext.fold(f"{res.get_kind_display()} {res.number}")) \
                or title.startswith(key + " ve "):
            return res
    return None


# --------------------------------------------------------------------------------------------- sessions


@transaction.atomic
def record_session(
    actor, *, organization, title="", held_on, format, organizer=None, organizer_note="", place="",
    audience=Audience.ALL, attendee_ids=(), resolution=None, catch_up_of=None, report_required=True,
    commitment_required=True, due_on=None,
) -> StudySession:
    """Record a study session that was held, with the members present.

    Audience "all": every member of the organisation's sub-tree on that day is called; those not present are
    recorded absent (to catch up later). A catch-up session (catch_up_of) is for absentees of that session.
    """
    errors = _Errors()
    org = _org(organization, "organization_id", "Tổ chức học tập", errors)
    if org is not None and not access.can(actor, org, "write") and actor is not None:
        raise Http404("Không tìm thấy tổ chức đảng.")
    original = None
    if catch_up_of not in (None, ""):
        original = catch_up_of if isinstance(catch_up_of, StudySession) else \
            StudySession.objects.filter(pk=catch_up_of).first()
        if original is None or (org is not None and original.organization_id != org.pk):
            errors.add("catch_up_of", "Học bù cho buổi: không tìm thấy buổi học tập này của tổ chức.")
            original = None
        else:
            audience = Audience.SELECTED
            title = title or original.title
            resolution = resolution or original.resolution
    res = None
    if resolution not in (None, ""):
        res = resolution if isinstance(resolution, Resolution) else Resolution.objects.filter(pk=resolution).first()
        if res is None:
            errors.add("resolution_id", f"Văn bản: không tìm thấy văn bản mã {resolution} trong sổ nghị quyết.")
    if res is not None and not (title or "").strip():
        title = str(res)
    title = _text(title, "document_title", "Nội dung học tập", errors, 300)
    if res is None and title:
        res = find_resolution(title)
    held_on = _day(held_on, "held_on", "Ngày học tập", errors)
    if "held_on" in errors and held_on and held_on > today():
        errors.errors["held_on"] = [
            f"Ngày học tập: buổi học tập được ghi nhận là đã diễn ra nên không thể sau ngày hôm nay "
            f"({today():%d/%m/%Y})."
        ]
    if format not in Format.values:
        errors.add("format", "Hình thức: chọn trực tiếp (in_person) hoặc trực tuyến (online).")
    if audience not in Audience.values:
        errors.add("audience", "Thành phần: giá trị không hợp lệ.")
    if organizer in (None, "") and org is not None:
        organizer = org
    boss = _org(organizer, "organizer_id", "Đơn vị tổ chức", errors)
    if boss is not None and org is not None and boss.pk not in org.ancestor_ids():
        errors.add("organizer_id", f"Đơn vị tổ chức: phải là {org.name} hoặc một cấp ủy cấp trên của tổ chức này.")
    organizer_note = _text(organizer_note, "organizer_note", "Ghi chú đơn vị tổ chức", errors, 255, required=False)
    place = _text(place, "place", "Địa điểm", errors, 255, required=False)
    if res is not None and res.issued_on and held_on and held_on < res.issued_on:
        errors.add("held_on", f"Ngày học tập: trước ngày ban hành văn bản ({res.issued_on:%d/%m/%Y}).")
    if original is not None and held_on and held_on <= original.held_on:
        errors.add("held_on", f"Ngày học tập: buổi học bù phải sau buổi học tập ngày {original.held_on:%d/%m/%Y}.")
    ids = _ids(attendee_ids, "attendee_ids", "Người tham dự", errors)
    if not ids and "attendee_ids" not in errors:
        errors.add("attendee_ids", "Người tham dự: chọn ít nhất một đảng viên có mặt.")
    due_on = _day(due_on, "due_on", "Hạn nộp bài thu hoạch, bản cam kết", errors, required=False, not_future=False)
    if due_on and held_on and due_on < held_on:
        errors.add("due_on", "Hạn nộp bài thu hoạch, bản cam kết: không được trước ngày học tập.")
    placed = {}
    if org is not None and held_on and "held_on" not in errors and ids:
        placed = _members_on(org, held_on)
        outside = [i for i in ids if i not in placed]
        if outside:
            names = dict(Member.objects.filter(pk__in=outside).values_list("pk", "full_name"))
            for i in outside[:20]:
                if i in names:
                    errors.add("attendee_ids", f"Người tham dự: đồng chí {names[i]} không sinh hoạt tại {org.name} "
                                               f"(hoặc tổ chức trực thuộc) vào ngày {held_on:%d/%m/%Y}.")
                else:
                    errors.add("attendee_ids", f"Người tham dự: không tìm thấy đảng viên mã {i}.")
        if original is not None:
            absent = set(original.attendances.filter(status=AttendanceStatus.ABSENT).values_list("member_id", flat=True))
            for i in ids:
                if i in placed and i not in absent:
                    name = Member.objects.filter(pk=i).values_list("full_name", flat=True).first()
                    errors.add("attendee_ids", f"Người tham dự: đồng chí {name} không vắng mặt ở buổi học tập "
                                               f"ngày {original.held_on:%d/%m/%Y} nên không cần học bù.")
    errors.raise_if_any()

    if due_on is None and (report_required or commitment_required):
        due_on = held_on + dt.timedelta(days=study_rules(held_on)["report_due_days"])
    session = StudySession.objects.create(
        organization=org, resolution=res, title=title, held_on=held_on, format=format, organizer=boss,
        organizer_note=organizer_note, place=place, audience=audience, catch_up_of=original,
        report_required=bool(report_required), commitment_required=bool(commitment_required), due_on=due_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    present = set(ids)
    rows = [Attendance(session=session, member_id=i, organization_id=placed[i], status=AttendanceStatus.PRESENT)
            for i in ids]
    if audience == Audience.ALL:
        rows += [Attendance(session=session, member_id=i, organization_id=o, status=AttendanceStatus.ABSENT)
                 for i, o in placed.items() if i not in present]
    Attendance.objects.bulk_create(rows, batch_size=2000)
    session.attendee_count = len(ids)
    session.absent_count = len(rows) - len(ids)
    session.save(update_fields=["attendee_count", "absent_count"])
    _create_submissions(session, ids)
    rebuild_cells(session.pk)
    if original is not None:
        original.attendances.filter(member_id__in=ids).update(status=AttendanceStatus.CAUGHT_UP)
        StudySession.objects.filter(pk=original.pk).update(absent_count=F("absent_count") - len(ids))
        rebuild_cells(original.pk)
    audit.record(actor, session, "record_session", after={**audit.snapshot(session), "attendee_ids": ids})
    return session


def rebuild_cells(session_id) -> None:
    """Recount a session's per-chi bộ roll-up from its attendance and submissions."""
    from django.db.models import Count

    empty = {"present": 0, "absent": 0, "caught_up": 0, "reports_due": 0, "reports_done": 0, "commitments_due": 0,
             "commitments_done": 0}
    counts: dict[int, dict] = {}
    rows = Attendance.objects.filter(session_id=session_id).values_list("organization_id", "status") \
        .annotate(n=Count("id")).order_by()
    for org_id, status, n in rows:
        counts.setdefault(org_id, dict(empty))[status] = n
    cell_of = dict(Attendance.objects.filter(session_id=session_id).values_list("member_id", "organization_id"))
    subs = Submission.objects.filter(session_id=session_id).values_list("member_id", "kind", "submitted_on")
    for member_id, kind, submitted_on in subs.iterator(chunk_size=5000):
        c = counts.setdefault(cell_of.get(member_id), dict(empty))
        prefix = "reports" if kind == SubmissionKind.REPORT else "commitments"
        c[f"{prefix}_due"] += 1
        c[f"{prefix}_done"] += submitted_on is not None
    counts.pop(None, None)
    SessionCell.objects.filter(session_id=session_id).delete()
    SessionCell.objects.bulk_create([SessionCell(session_id=session_id, organization_id=o, **c)
                                     for o, c in counts.items()])


def _create_submissions(session, member_ids):
    kinds = []
    if session.report_required:
        kinds.append(SubmissionKind.REPORT)
    if session.commitment_required:
        kinds.append(SubmissionKind.COMMITMENT)
    Submission.objects.bulk_create(
        [Submission(session=session, member_id=i, kind=k, due_on=session.due_on) for i in member_ids for k in kinds],
        batch_size=2000,
    )


@transaction.atomic
def submit(actor, submission, *, content, version=None, submitted_on=None, file=None) -> Submission:
    """A member hands in their study report or commitment (or the office records a paper copy received).

    A file (a scan, a Word document) may come with it or stand for the text."""
    sub = Submission.objects.select_for_update().select_related("session", "member__organization").get(
        pk=submission.pk if isinstance(submission, Submission) else submission)
    own = access.own_member(actor)
    is_own = own is not None and own.pk == sub.member_id
    if actor is not None and not (is_own or access.can(actor, sub.member.organization, "write")
                                  or access.can(actor, sub.session.organization, "write")):
        raise Http404("Không tìm thấy bài thu hoạch, bản cam kết.")
    _check_version(sub, version)
    errors = _Errors()
    content = vntext.nfc(content or "").strip()
    if file is not None:
        try:
            files.check_upload(file, field="file", kinds=UPLOAD_KINDS)
        except ValidationError as exc:
            for msg in exc.message_dict["file"]:
                errors.add("file", msg)
    if not content and file is None and not files.attachments(sub, "submission").exists():
        errors.add("content", f"Nội dung: {sub.get_kind_display().lower()} không được để trống (nhập nội dung "
                              "hoặc đính kèm tệp).")
    submitted_on = _day(submitted_on or today(), "submitted_on", "Ngày nộp", errors)
    if submitted_on and submitted_on < sub.session.held_on:
        errors.add("submitted_on", f"Ngày nộp: không được trước ngày học tập ({sub.session.held_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(sub)
    if sub.submitted_on is None:
        field = "reports_done" if sub.kind == SubmissionKind.REPORT else "commitments_done"
        cell = Attendance.objects.filter(session_id=sub.session_id, member_id=sub.member_id) \
            .values_list("organization_id", flat=True).first()
        SessionCell.objects.filter(session_id=sub.session_id, organization_id=cell).update(**{field: F(field) + 1})
    sub.content = content
    sub.submitted_on = submitted_on
    sub.version = F("version") + 1
    sub.save(update_fields=["content", "submitted_on", "version"])
    sub.refresh_from_db()
    audit.record(actor, sub, "submit", before=before, after=audit.snapshot(sub))
    if file is not None:
        files.attach(actor, sub, file, purpose="submission", kinds=UPLOAD_KINDS)
    return sub


# --------------------------------------------------------------------------------------------- Directive 05


@transaction.atomic
def register_pledge(actor, *, member, year, content, registered_on=None) -> Pledge:
    errors = _Errors()
    m = member if isinstance(member, Member) else Member.objects.filter(pk=member).select_related("organization").first()
    if m is None:
        raise Http404("Không tìm thấy đảng viên.")
    own = access.own_member(actor)
    if actor is not None and not ((own is not None and own.pk == m.pk) or access.can(actor, m.organization, "write")):
        raise Http404("Không tìm thấy đảng viên.")
    content = _text(content, "content", "Nội dung đăng ký làm theo", errors, 5000)
    registered_on = _day(registered_on or today(), "registered_on", "Ngày đăng ký", errors)
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors.add("year", "Năm: không hợp lệ.")
        year = None
    if year is not None:
        if year < 2016:
            errors.add("year", "Năm: Chỉ thị 05-CT/TW được ban hành ngày 15/5/2016; không đăng ký cho năm trước đó.")
        elif registered_on and year not in (registered_on.year, registered_on.year + 1):
            errors.add("year", f"Năm: đăng ký cho năm {registered_on.year} hoặc năm sau.")
        elif Pledge.objects.filter(member=m, year=year).exists():
            errors.add("year", f"Năm: đồng chí {m.full_name} đã đăng ký năm {year}.")
    errors.raise_if_any()
    p = Pledge.objects.create(member=m, year=year, content=content, registered_on=registered_on)
    audit.record(actor, p, "create", after=audit.snapshot(p))
    return p


@transaction.atomic
def assess_pledge(actor, pledge, *, assessment, version=None, note="", assessed_on=None) -> Pledge:
    p = Pledge.objects.select_for_update().select_related("member__organization").get(
        pk=pledge.pk if isinstance(pledge, Pledge) else pledge)
    if actor is not None and not access.can(actor, p.member.organization, "write"):
        raise Http404("Không tìm thấy.")
    _check_version(p, version)
    errors = _Errors()
    assessed_on = _day(assessed_on or today(), "assessed_on", "Ngày đánh giá", errors)
    if assessed_on:
        levels = study_rules(assessed_on)["directive05_assessments"]
        if assessment not in levels:
            errors.add("assessment", "Đánh giá cuối năm: chọn một trong: " + ", ".join(levels.values()) + ".")
        if assessed_on < p.registered_on:
            errors.add("assessed_on", f"Ngày đánh giá: không được trước ngày đăng ký ({p.registered_on:%d/%m/%Y}).")
        elif assessed_on.year < p.year:
            errors.add("assessed_on", f"Ngày đánh giá: đánh giá cuối năm {p.year} được làm từ năm {p.year}.")
    note = _text(note, "assessment_note", "Nhận xét", errors, 5000, required=False)
    errors.raise_if_any()
    before = audit.snapshot(p)
    p.assessment, p.assessment_note, p.assessed_on = assessment, note, assessed_on
    p.version = F("version") + 1
    p.save(update_fields=["assessment", "assessment_note", "assessed_on", "version"])
    p.refresh_from_db()
    audit.record(actor, p, "assess", before=before, after=audit.snapshot(p))
    return p


def assessment_label(pledge) -> str:
    if not pledge.assessment:
        return ""
    return study_rules(pledge.assessed_on or today())["directive05_assessments"].get(pledge.assessment, pledge.assessment)


@transaction.atomic
def record_commendation(actor, *, organization, year, title, decided_on, member=None, recipient_organization=None,
                        form="Giấy khen", decision_number="") -> Commendation:
    errors = _Errors()
    org = _org(organization, "organization_id", "Cấp ủy khen thưởng", errors)
    if org is not None and actor is not None and not access.can(actor, org, "train"):
        raise Http404("Không tìm thấy tổ chức đảng.")
    m = rec = None
    if member not in (None, ""):
        m = member if isinstance(member, Member) else Member.objects.filter(pk=member).first()
        if m is None or (org is not None and not m.org_path.startswith(org.path)):
            errors.add("member_id", "Đảng viên được khen: phải là đảng viên thuộc cấp ủy khen thưởng.")
    if recipient_organization not in (None, ""):
        rec = _org(recipient_organization, "recipient_organization_id", "Tổ chức được khen", errors)
        if rec is not None and org is not None and not rec.path.startswith(org.path):
            errors.add("recipient_organization_id", "Tổ chức được khen: phải là tổ chức thuộc cấp ủy khen thưởng.")
    if (member in (None, "")) == (recipient_organization in (None, "")):
        errors.add("member_id", "Đối tượng được khen: chọn một đảng viên hoặc một tổ chức (chỉ một).")
    title = _text(title, "title", "Thành tích", errors, 300)
    form = _text(form, "form", "Hình thức khen thưởng", errors, 100)
    decision_number = _text(decision_number, "decision_number", "Số quyết định", errors, 60, required=False)
    decided_on = _day(decided_on, "decided_on", "Ngày quyết định", errors)
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors.add("year", "Năm: không hợp lệ.")
        year = None
    if year and decided_on and not (year <= decided_on.year <= year + 1):
        errors.add("year", f"Năm: thành tích năm {year} không thể khen bằng quyết định ngày {decided_on:%d/%m/%Y}.")
    errors.raise_if_any()
    c = Commendation.objects.create(organization=org, year=year, member=m, recipient_organization=rec, title=title,
                                    form=form, decision_number=decision_number, decided_on=decided_on)
    audit.record(actor, c, "create", after=audit.snapshot(c))
    return c


# --------------------------------------------------------------------------------------------- training


@transaction.atomic
def create_class(actor, *, organization, name, level, starts_on, ends_on, place="") -> TrainingClass:
    errors = _Errors()
    org = _org(organization, "organization_id", "Đơn vị mở lớp", errors)
    if org is not None and actor is not None and not access.can(actor, org, "train"):
        raise Http404("Không tìm thấy tổ chức đảng.")
    name = _text(name, "name", "Tên lớp", errors, 255)
    place = _text(place, "place", "Cơ sở đào tạo, địa điểm", errors, 255, required=False)
    if level not in ClassLevel.values:
        errors.add("level", "Chương trình: giá trị không hợp lệ.")
    starts_on = _day(starts_on, "starts_on", "Ngày khai giảng", errors, not_future=False)
    ends_on = _day(ends_on, "ends_on", "Ngày bế giảng", errors, not_future=False)
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", "Ngày bế giảng: không được trước ngày khai giảng.")
    errors.raise_if_any()
    c = TrainingClass.objects.create(organization=org, name=name, level=level, starts_on=starts_on, ends_on=ends_on,
                                     place=place)
    audit.record(actor, c, "create", after=audit.snapshot(c))
    return c


@transaction.atomic
def enroll(actor, training_class, *, member_ids) -> list[Enrollment]:
    c = TrainingClass.objects.select_for_update().select_related("organization").get(
        pk=training_class.pk if isinstance(training_class, TrainingClass) else training_class)
    if actor is not None and not access.can(actor, c.organization, "train"):
        raise Http404("Không tìm thấy lớp bồi dưỡng.")
    errors = _Errors()
    ids = _ids(member_ids, "member_ids", "Học viên", errors)
    if not ids and "member_ids" not in errors:
        errors.add("member_ids", "Học viên: chọn ít nhất một đảng viên.")
    found = {m.pk: m for m in Member.objects.filter(pk__in=ids)}
    already = set(c.enrollments.filter(member_id__in=ids).values_list("member_id", flat=True))
    for i in ids:
        m = found.get(i)
        if m is None:
            errors.add("member_ids", f"Học viên: không tìm thấy đảng viên mã {i}.")
        elif not m.org_path.startswith(c.organization.path) or m.status not in ACTIVE_STATUSES:
            errors.add("member_ids", f"Học viên: đồng chí {m.full_name} không phải đảng viên đang sinh hoạt tại "
                                     f"{c.organization.name} (hoặc tổ chức trực thuộc).")
        elif i in already:
            errors.add("member_ids", f"Học viên: đồng chí {m.full_name} đã có tên trong lớp.")
    errors.raise_if_any()
    out = Enrollment.objects.bulk_create([Enrollment(training_class=c, member_id=i) for i in ids])
    audit.record(actor, c, "enroll", after={"member_ids": ids})
    return out


LEVEL_OF_CLASS = {ClassLevel.SO_CAP: "so_cap", ClassLevel.TRUNG_CAP: "trung_cap", ClassLevel.CAO_CAP: "cao_cap",
                  ClassLevel.CU_NHAN: "cu_nhan"}


@transaction.atomic
def complete(actor, enrollment, *, completed_on, version=None, certificate_number="") -> Enrollment:
    """The member completed the class; their theory level rises to the class's level (members service)."""
    from dangvu.members import services as member_services

    e = Enrollment.objects.select_for_update().select_related("training_class__organization", "member").get(
        pk=enrollment.pk if isinstance(enrollment, Enrollment) else enrollment)
    c = e.training_class
    if actor is not None and not access.can(actor, c.organization, "train"):
        raise Http404("Không tìm thấy lớp bồi dưỡng.")
    _check_version(e, version)
    errors = _Errors()
    completed_on = _day(completed_on, "completed_on", "Ngày hoàn thành", errors)
    if completed_on and completed_on < c.starts_on:
        errors.add("completed_on", f"Ngày hoàn thành: không được trước ngày khai giảng ({c.starts_on:%d/%m/%Y}).")
    certificate_number = _text(certificate_number, "certificate_number", "Số văn bằng, chứng chỉ", errors, 60,
                               required=False)
    if e.status != EnrollmentStatus.ENROLLED:
        errors.add("status", f"Kết quả: học viên đã được ghi “{e.get_status_display()}”.")
    errors.raise_if_any()
    before = audit.snapshot(e)
    e.status, e.completed_on, e.certificate_number = EnrollmentStatus.COMPLETED, completed_on, certificate_number
    e.version = F("version") + 1
    e.save(update_fields=["status", "completed_on", "certificate_number", "version"])
    e.refresh_from_db()
    audit.record(actor, e, "complete", before=before, after=audit.snapshot(e))
    new_level = LEVEL_OF_CLASS.get(c.level)
    if new_level:
        order = training_rules(completed_on)["level_order"]
        m = e.member
        if order[new_level] > order.get(m.theory_level, 0):
            try:
                member_services.update_member(actor, m, version=m.version, theory_level=new_level)
            except Http404:
                raise ValidationError({"member": [
                    f"Lý luận chính trị: không cập nhật được trình độ của đồng chí {m.full_name} vì đảng viên "
                    "không còn thuộc phạm vi quản lý của bạn."]})
    return e


@transaction.atomic
def withdraw(actor, enrollment, *, version=None) -> Enrollment:
    e = Enrollment.objects.select_for_update().select_related("training_class__organization").get(
        pk=enrollment.pk if isinstance(enrollment, Enrollment) else enrollment)
    if actor is not None and not access.can(actor, e.training_class.organization, "train"):
        raise Http404("Không tìm thấy lớp bồi dưỡng.")
    _check_version(e, version)
    if e.status != EnrollmentStatus.ENROLLED:
        raise ValidationError({"status": [f"Kết quả: học viên đã được ghi “{e.get_status_display()}”."]})
    before = audit.snapshot(e)
    e.status = EnrollmentStatus.WITHDRAWN
    e.version = F("version") + 1
    e.save(update_fields=["status", "version"])
    e.refresh_from_db()
    audit.record(actor, e, "withdraw", before=before, after=audit.snapshot(e))
    return e


def is_cell(org) -> bool:
    return org.kind in CELL_KINDS


@transaction.atomic
def correct_attendance(actor, session, *, attendee_ids, version=None) -> StudySession:
    """Correct who was present at a session (audited); the absentees of an "all members" session follow.

    Refused for a member who has handed in a report or commitment for it, and for one already caught up.
    """
    s = StudySession.objects.select_for_update().select_related("organization").get(
        pk=session.pk if isinstance(session, StudySession) else session)
    if actor is not None and not access.can(actor, s.organization, "write"):
        raise Http404("Không tìm thấy buổi học tập.")
    _check_version(s, version)
    errors = _Errors()
    ids = _ids(attendee_ids, "attendee_ids", "Người tham dự", errors)
    if not ids and "attendee_ids" not in errors:
        errors.add("attendee_ids", "Người tham dự: chọn ít nhất một đảng viên có mặt.")
    errors.raise_if_any()
    if s.catch_up_of_id:
        placed = {m: o for m, o in s.catch_up_of.attendances.filter(
            status__in=(AttendanceStatus.ABSENT, AttendanceStatus.CAUGHT_UP)).values_list("member_id", "organization_id")}
    else:
        placed = _members_on(s.organization, s.held_on)
    current = {a.member_id: a for a in s.attendances.all()}
    names = dict(Member.objects.filter(pk__in=set(ids) | set(current)).values_list("pk", "full_name"))
    for i in ids:
        if i not in placed and i not in current:
            errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} không sinh hoạt tại "
                                       f"{s.organization.name} vào ngày {s.held_on:%d/%m/%Y}.")
        elif i in current and current[i].status == AttendanceStatus.CAUGHT_UP:
            errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} đã học bù buổi này.")
    removed = [i for i, a in current.items() if a.status == AttendanceStatus.PRESENT and i not in ids]
    handed_in = set(Submission.objects.filter(session=s, member_id__in=removed, submitted_on__isnull=False)
                    .values_list("member_id", flat=True))
    for i in handed_in:
        errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} đã nộp bài sau buổi học tập này, "
                                   "không thể ghi vắng.")
    errors.raise_if_any()
    before = {"attendee_ids": sorted(i for i, a in current.items() if a.status == AttendanceStatus.PRESENT)}
    added = [i for i in ids if i not in current or current[i].status != AttendanceStatus.PRESENT]
    for i in added:
        if i in current:
            Attendance.objects.filter(pk=current[i].pk).update(status=AttendanceStatus.PRESENT)
        else:
            Attendance.objects.create(session=s, member_id=i, organization_id=placed[i],
                                      status=AttendanceStatus.PRESENT)
    if s.audience == Audience.ALL:
        Attendance.objects.filter(session=s, member_id__in=removed).update(status=AttendanceStatus.ABSENT)
    else:
        Attendance.objects.filter(session=s, member_id__in=removed).delete()
    Submission.objects.filter(session=s, member_id__in=removed, submitted_on__isnull=True).delete()
    _create_submissions(s, [i for i in added if not Submission.objects.filter(session=s, member_id=i).exists()])
    s.attendee_count = s.attendances.filter(status=AttendanceStatus.PRESENT).count()
    s.absent_count = s.attendances.filter(status=AttendanceStatus.ABSENT).count()
    s.version = F("version") + 1
    s.save(update_fields=["attendee_count", "absent_count", "version"])
    rebuild_cells(s.pk)
    s.refresh_from_db()
    audit.record(actor, s, "update", before=before, after={"attendee_ids": sorted(ids)}, note="Sửa danh sách có mặt")
    return s


SESSION_EDITABLE = ("title", "format", "organizer_note", "place", "due_on", "resolution")


@transaction.atomic
def update_session(actor, session, *, version=None, **fields) -> StudySession:
    """Correct a session's description (not its date, organisation or organiser: record it again instead)."""
    unknown = set(fields) - set(SESSION_EDITABLE)
    if unknown:
        raise TypeError(f"update_session: unknown fields {sorted(unknown)}")
    s = StudySession.objects.select_for_update().select_related("organization").get(
        pk=session.pk if isinstance(session, StudySession) else session)
    if actor is not None and not access.can(actor, s.organization, "write"):
        raise Http404("Không tìm thấy buổi học tập.")
    _check_version(s, version)
    errors = _Errors()
    data = {}
    if "title" in fields:
        data["title"] = _text(fields["title"], "document_title", "Nội dung học tập", errors, 300)
    if "format" in fields:
        if fields["format"] not in Format.values:
            errors.add("format", "Hình thức: chọn trực tiếp (in_person) hoặc trực tuyến (online).")
        data["format"] = fields["format"]
    for name, label, size in (("organizer_note", "Ghi chú đơn vị tổ chức", 255), ("place", "Địa điểm", 255)):
        if name in fields:
            data[name] = _text(fields[name], name, label, errors, size, required=False)
    if "due_on" in fields:
        due_on = _day(fields["due_on"], "due_on", "Hạn nộp", errors, required=False, not_future=False)
        if due_on and due_on < s.held_on:
            errors.add("due_on", "Hạn nộp bài thu hoạch, bản cam kết: không được trước ngày học tập.")
        data["due_on"] = due_on
    if "resolution" in fields:
        res = fields["resolution"]
        if res not in (None, "") and not isinstance(res, Resolution):
            res = Resolution.objects.filter(pk=res).first()
            if res is None:
                errors.add("resolution_id", "Văn bản: không tìm thấy trong sổ nghị quyết, chỉ thị.")
        if isinstance(res, Resolution) and res.issued_on and s.held_on < res.issued_on:
            errors.add("resolution_id", f"Văn bản: ban hành ngày {res.issued_on:%d/%m/%Y}, sau ngày học tập.")
        data["resolution"] = res or None
    errors.raise_if_any()
    before = audit.snapshot(s)
    for name, value in data.items():
        setattr(s, name, value)
    if "due_on" in data:
        Submission.objects.filter(session=s).update(due_on=data["due_on"])
    s.version = F("version") + 1
    s.save()
    s.refresh_from_db()
    after = audit.snapshot(s)
    if after != before:
        audit.record(actor, s, "update", before=before, after=after)
    return s
