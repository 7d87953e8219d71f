"""The data-quality checks: what each one looks for, why it matters, and how it finds its records.

Each finder reads the registry in one or two set-based queries (grouped where it compares records) and answers
`Found` rows: the record that fails the check, where it is attached, and a short detail. Only the members still
in the Party's life (dự bị, chính thức, miễn công tác: `Status.active()`) and the active organisations are
checked: a record closed years ago is history, not work to do.

The same CCCD twice cannot be stored (the registry's column is unique), so the duplicate checks are the card
number and the full name with the date of birth.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q, Subquery
from django.db.models.functions import Cast, Concat, ExtractYear, Substr

from dangvu.core import rules
from dangvu.members import rulesets as member_rules
from dangvu.members.models import Member, Status
from dangvu.organizations import rulesets as org_rules
from dangvu.organizations.models import CELL_KINDS, CommitteeMember, Organization, OrgStatus, Position

from . import rulesets


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    why: str
    level: str  # "member" or "organization": what a record of the check is
    short: str = ""  # the column heading of the breakdown table


CHECKS = [
    Check("national_id_missing", "Đảng viên chưa có số CCCD",
          "Số định danh cá nhân là khóa để đối chiếu với Cơ sở dữ liệu quốc gia về dân cư và để nhận ra hồ sơ trùng; "
          "thiếu nó thì không kiểm tra được gì khác về người đó.", "member", "Thiếu CCCD"),
    Check("national_id_invalid", "Số CCCD không hợp lệ",
          "Số CCCD phải gồm đúng 12 chữ số và bắt đầu bằng mã tỉnh nơi đăng ký khai sinh; số sai độ dài, có chữ cái "
          "hay mã tỉnh không có thật là nhập sai và làm hỏng việc đối chiếu.", "member", "CCCD sai"),
    Check("national_id_former", "Còn ghi số CMND 9 chữ số",
          "Số chứng minh nhân dân cũ (9 chữ số) không còn dùng để đối chiếu; cần cập nhật số CCCD 12 chữ số.", "member", "Còn số CMND"),
    Check("duplicate_card", "Trùng số thẻ đảng viên",
          "Mỗi đảng viên có một số thẻ riêng; hai hồ sơ cùng số thẻ thường là một người được nhập hai lần, "
          "hoặc một số thẻ gõ nhầm.", "member", "Trùng số thẻ"),
    Check("duplicate_name_birth", "Có thể trùng: cùng họ tên và ngày sinh",
          "Hai hồ sơ cùng họ tên (không kể dấu) và cùng ngày sinh có thể là một người được nhập hai lần; "
          "cũng có thể là hai người trùng tên, cần xem từng cặp.", "member", "Trùng tên và ngày sinh"),
    Check("probation_overdue", "Đảng viên dự bị quá thời hạn chưa có quyết định",
          "Hết thời gian dự bị, chi bộ phải xét và cấp ủy có thẩm quyền phải quyết định công nhận đảng viên chính "
          "thức (hoặc xóa tên); hồ sơ còn dự bị là việc bị chậm hoặc quyết định chưa được ghi.", "member", "Dự bị quá hạn"),
    Check("dates_impossible", "Ngày tháng không hợp lý",
          "Ngày sinh, ngày vào Đảng, ngày chính thức mâu thuẫn nhau (vào Đảng trước khi sinh, chưa đủ tuổi, chính "
          "thức trước khi vào Đảng, ngày trong tương lai hay trước khi thành lập Đảng): chắc chắn có một ngày nhập sai.",
          "member", "Ngày không hợp lý"),
    Check("member_not_in_cell", "Đảng viên không sinh hoạt ở chi bộ",
          "Đảng viên sinh hoạt ở chi bộ (Điều lệ Đảng, Điều 24); hồ sơ gắn vào đảng bộ thay vì chi bộ là chưa xếp "
          "chi bộ, không được tính vào sinh hoạt, đánh giá của chi bộ nào.", "member", "Không ở chi bộ"),
    Check("small_cell", "Chi bộ có ít hơn 3 đảng viên chính thức",
          "Điều lệ Đảng (Điều 21): chi bộ phải có từ 3 đảng viên chính thức trở lên; chi bộ ít hơn phải được "
          "củng cố hoặc ghép với chi bộ khác.", "organization", "Chi bộ dưới 3 chính thức"),
    Check("no_secretary", "Tổ chức đảng chưa ghi Bí thư",
          "Mỗi tổ chức đảng có Bí thư (hoặc Bí thư chi bộ); không ghi Bí thư đương nhiệm thì không biết ai chịu trách "
          "nhiệm và các văn bản, báo cáo thiếu người ký.", "organization", "Chưa ghi Bí thư"),
]
BY_KEY = {c.key: c for c in CHECKS}


@dataclass(frozen=True)
class Found:
    key: str
    organization_id: int
    org_path: str
    member_id: int | None
    sort_key: str
    detail: str = ""
    group_key: str = ""


CCCD = re.compile(r"^[0-9]{12}$")
CMND = re.compile(r"^[0-9]{9}$")


def _day(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _active():
    return Member.objects.filter(status__in=Status.active())


def _member_rows(qs, *extra):
    return qs.values_list("id", "organization_id", "org_path", "sort_key", *extra).order_by()


# --------------------------------------------------------------------------- CCCD


def national_id_problem(value: str | None) -> str | None:
    """The check a stored CCCD fails ("national_id_missing", "_former", "_invalid"), or None when it is fine."""
    value = (value or "").strip()
    if not value:
        return "national_id_missing"
    if CMND.match(value):
        return "national_id_former"
    if not CCCD.match(value) or value[:3] not in rulesets.province_codes():
        return "national_id_invalid"
    return None


def find_national_ids(today: dt.date) -> list[Found]:
    codes = sorted(rulesets.province_codes())
    qs = (_active().annotate(prov=Substr("national_id", 1, 3))
          .filter(Q(national_id__isnull=True) | Q(national_id="") | ~Q(national_id__regex=r"^[0-9]{12}$")
                  | ~Q(prov__in=codes)))
    out = []
    for mid, oid, path, sk, nid in _member_rows(qs, "national_id").iterator(chunk_size=5000):
        key = national_id_problem(nid)
        if key is None:
            continue
        detail = "" if key == "national_id_missing" else f"Số đang ghi: {nid}"
        out.append(Found(key, oid, path, mid, sk, detail))
    return out


# --------------------------------------------------------------------------- duplicates


def find_duplicate_cards(today: dt.date) -> list[Found]:
    shared = (_active().exclude(card_number="").values("card_number").annotate(n=Count("id"))
              .filter(n__gt=1).values("card_number"))
    qs = _active().filter(card_number__in=Subquery(shared))
    return [Found("duplicate_card", oid, path, mid, sk, f"Số thẻ {card}", card)
            for mid, oid, path, sk, card in _member_rows(qs, "card_number").iterator(chunk_size=5000)]


def _name_birth_key():
    return Concat(F("search_key"), Cast("birth_date", CharField()), output_field=CharField())


def find_duplicate_name_birth(today: dt.date) -> list[Found]:
    shared = (_active().annotate(k=_name_birth_key()).values("k").annotate(n=Count("id"))
              .filter(n__gt=1).values("k"))
    qs = _active().annotate(k=_name_birth_key()).filter(k__in=Subquery(shared))
    return [Found("duplicate_name_birth", oid, path, mid, sk, f"{name}, sinh ngày {_day(born)}", k)
            for mid, oid, path, sk, name, born, k in
            _member_rows(qs, "full_name", "birth_date", "k").iterator(chunk_size=5000)]


# --------------------------------------------------------------------------- dates


def _lifecycle(day: dt.date) -> dict:
    """The members' rule set of a day; for a day before the first one, the earliest (history imported from
    before 2011 is judged by the oldest rules the project holds)."""
    try:
        return member_rules.in_force(day)
    except rules.RuleNotFound:
        return rules.load(str(member_rules.FILES["lifecycle"]))[0]


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def probation_end(admitted_on: dt.date) -> dt.date:
    """The day the probation of a member admitted on admitted_on ends (the rule in force on that day)."""
    return add_months(admitted_on, int(_lifecycle(admitted_on)["probation_months"]))


def find_probation_overdue(today: dt.date) -> list[Found]:
    shortest = min(int(rs["probation_months"]) for rs in rules.load(str(member_rules.FILES["lifecycle"])))
    qs = Member.objects.filter(status=Status.PROBATIONARY, admitted_on__lt=add_months(today, -shortest))
    out = []
    for mid, oid, path, sk, admitted in _member_rows(qs, "admitted_on").iterator(chunk_size=5000):
        end = probation_end(admitted)
        if end < today:
            out.append(Found("probation_overdue", oid, path, mid, sk,
                             f"Vào Đảng {_day(admitted)}, hết dự bị {_day(end)}"))
    return out


def date_problems(birth: dt.date | None, admitted: dt.date | None, official: dt.date | None, today: dt.date,
                  rs: dict | None = None) -> list[str]:
    """What is impossible about a member's dates, in Vietnamese (empty: nothing)."""
    rs = rs or rulesets.in_force(today)
    founded = rulesets.day_value(rs, "earliest_party_date")
    oldest = rulesets.day_value(rs, "earliest_birth_date")
    out = []
    for label, d in (("Ngày sinh", birth), ("Ngày vào Đảng", admitted), ("Ngày chính thức", official)):
        if d and d > today:
            out.append(f"{label} {_day(d)} chưa tới")
    if birth and birth < oldest:
        out.append(f"Ngày sinh {_day(birth)} trước năm {oldest.year}")
    for label, d in (("Ngày vào Đảng", admitted), ("Ngày chính thức", official)):
        if d and d < founded:
            out.append(f"{label} {_day(d)} trước ngày thành lập Đảng {_day(founded)}")
    if birth and admitted:
        if admitted <= birth:
            out.append("Vào Đảng trước khi sinh")
        else:
            age = int(_lifecycle(admitted)["admission_min_age_years"])
            if admitted < add_months(birth, 12 * age):
                out.append(f"Vào Đảng khi chưa đủ {age} tuổi")
    if admitted and official and official < admitted:
        out.append("Ngày chính thức trước ngày vào Đảng")
    return out


def find_impossible_dates(today: dt.date) -> list[Found]:
    rs = rulesets.in_force(today)
    founded = rulesets.day_value(rs, "earliest_party_date")
    oldest = rulesets.day_value(rs, "earliest_birth_date")
    youngest = max(int(r["admission_min_age_years"]) for r in rules.load(str(member_rules.FILES["lifecycle"])))
    # a superset in SQL (the age by calendar years), then the exact test on those few rows
    qs = (_active().annotate(ay=ExtractYear("admitted_on"), by=ExtractYear("birth_date"))
          .filter(Q(birth_date__gt=today) | Q(admitted_on__gt=today) | Q(official_on__gt=today)
                  | Q(birth_date__lt=oldest) | Q(admitted_on__lt=founded) | Q(official_on__lt=founded)
                  | Q(official_on__lt=F("admitted_on")) | Q(ay__lte=F("by") + youngest)))
    out = []
    for mid, oid, path, sk, birth, admitted, official in _member_rows(
            qs, "birth_date", "admitted_on", "official_on").iterator(chunk_size=5000):
        problems = date_problems(birth, admitted, official, today, rs)
        if problems:
            out.append(Found("dates_impossible", oid, path, mid, sk, "; ".join(problems)[:255]))
    return out


# --------------------------------------------------------------------------- organisations


def find_members_not_in_cells(today: dt.date) -> list[Found]:
    qs = _active().exclude(organization__kind__in=CELL_KINDS)
    return [Found("member_not_in_cell", oid, path, mid, sk, f"Đang gắn vào {org}")
            for mid, oid, path, sk, org in _member_rows(qs, "organization__name").iterator(chunk_size=5000)]


def find_small_cells(today: dt.date) -> list[Found]:
    minimum = int(org_rules.in_force(today)["cell_min_full_members"])
    full = dict(Member.objects.filter(status=Status.FULL, organization__kind__in=CELL_KINDS,
                                      organization__status=OrgStatus.ACTIVE)
                .values_list("organization_id").annotate(n=Count("id")).order_by())
    cells = Organization.objects.filter(kind__in=CELL_KINDS, status=OrgStatus.ACTIVE)
    return [Found("small_cell", pk, path, None, sk, f"{full.get(pk, 0)} đảng viên chính thức (tối thiểu {minimum})")
            for pk, path, sk in cells.values_list("id", "path", "sort_key").iterator(chunk_size=5000)
            if full.get(pk, 0) < minimum]


def find_without_secretary(today: dt.date) -> list[Found]:
    """Active organisations with no Bí thư in office today: a committee member with the position "secretary"
    whose term and whose office both run on today."""
    with_one = (CommitteeMember.objects.filter(position=Position.SECRETARY, started_on__lte=today)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
                .filter(Q(term__ended_on__isnull=True) | Q(term__ended_on__gte=today))
                .values("term__organization_id"))
    orgs = Organization.objects.filter(status=OrgStatus.ACTIVE).exclude(pk__in=Subquery(with_one))
    return [Found("no_secretary", pk, path, None, sk, "")
            for pk, path, sk in orgs.values_list("id", "path", "sort_key").iterator(chunk_size=5000)]


FINDERS = [find_national_ids, find_duplicate_cards, find_duplicate_name_birth, find_probation_overdue,
           find_impossible_dates, find_members_not_in_cells, find_small_cells, find_without_secretary]
