"""Read side of the member registry: order, search, scope per role, counts, query budget."""

import datetime as dt
import json

import pytest
from django.http import Http404

from dangvu.core import vntext
from dangvu.members import queries, rulesets, search
from dangvu.members import stats as member_stats
from dangvu.members.models import Member, Status
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    t = tree()
    names = {
        "cell_a": ["Nguyễn Văn Bình", "Lê An", "Trần Thị Ánh", "Phạm Đức Dũng"],
        "cell_b": ["Nguyễn Văn An", "Hoàng Thị Hà", "Đỗ Văn Đạt"],
        "other_cell": ["Vũ Thị Yến", "Ngô Minh Châu"],
    }
    members = {}
    for cell, cell_names in names.items():
        for name in cell_names:
            members[name] = MemberFactory(full_name=name, organization=t[cell])
    t["members"] = members
    return t


def names(items):
    return [m.full_name for m in items]


def test_member_page_lists_in_vietnamese_order_given_name_first(org):
    admin = UserFactory(is_superuser=True)
    items, count = queries.member_page(admin, organization=org["province"])
    assert count == 9
    assert names(items) == [
        "Lê An", "Nguyễn Văn An", "Trần Thị Ánh", "Nguyễn Văn Bình", "Ngô Minh Châu", "Phạm Đức Dũng",
        "Đỗ Văn Đạt", "Hoàng Thị Hà", "Vũ Thị Yến",
    ]
    assert names(items).index("Lê An") < names(items).index("Nguyễn Văn Bình")


def test_member_page_paginates_with_the_total(org):
    admin = UserFactory(is_superuser=True)
    first, count = queries.member_page(admin, organization=org["province"], page_size=4)
    second, count2 = queries.member_page(admin, organization=org["province"], page=2, page_size=4)
    last, count3 = queries.member_page(admin, organization=org["province"], page=3, page_size=4)
    beyond, count4 = queries.member_page(admin, organization=org["province"], page=9, page_size=4)
    assert count == count2 == count3 == count4 == 9
    assert len(first) == 4 and len(second) == 4 and len(last) == 1 and beyond == []
    assert not set(names(first)) & set(names(second))


def test_member_page_search_ignores_diacritics_and_case(org):
    admin = UserFactory(is_superuser=True)
    items, count = queries.member_page(admin, q="nguyen van an")
    assert names(items) == ["Nguyễn Văn An"] and count == 1
    items, count = queries.member_page(admin, q="VAN AN")
    assert names(items) == ["Nguyễn Văn An"]
    items, count = queries.member_page(admin, q="Đạt")
    assert names(items) == ["Đỗ Văn Đạt"]
    items, count = queries.member_page(admin, q="  nguyễn   văn ")
    assert names(items) == ["Nguyễn Văn An", "Nguyễn Văn Bình"] and count == 2
    assert queries.member_page(admin, q="không có ai") == ([], 0)


def test_member_page_filters_status_theory_gender_and_age(org):
    admin = UserFactory(is_superuser=True)
    m = org["members"]
    Member.objects.filter(pk=m["Lê An"].pk).update(status=Status.PROBATIONARY, theory_level="trung_cap")
    Member.objects.filter(pk=m["Vũ Thị Yến"].pk).update(status=Status.DECEASED)
    today = dt.date(2026, 11, 23)
    Member.objects.filter(pk=m["Nguyễn Văn An"].pk).update(birth_date=dt.date(1996, 11, 24))  # 29
    Member.objects.filter(pk=m["Hoàng Thị Hà"].pk).update(birth_date=dt.date(1996, 11, 23))  # 30
    Member.objects.filter(pk=m["Đỗ Văn Đạt"].pk).update(birth_date=dt.date(1965, 11, 23))  # 61
    member_stats.rebuild()  # the raw updates above bypassed the services that keep the roll-ups

    def only(**kw):
        items, count = queries.member_page(admin, today=today, **kw)
        assert count == len(items)
        return names(items)

    assert only(status="probationary") == ["Lê An"]
    assert only(statuses=["probationary", "deceased"]) == ["Lê An", "Vũ Thị Yến"]
    assert only(theory_level="trung_cap") == ["Lê An"]
    assert only(gender="female") == ["Trần Thị Ánh", "Hoàng Thị Hà", "Vũ Thị Yến"]
    assert only(age_band="<30") == ["Nguyễn Văn An"]
    assert "Hoàng Thị Hà" in only(age_band="30-40")
    assert only(age_band=">60") == ["Đỗ Văn Đạt"]
    assert len(only(age_band="41-50")) == 6  # the factory's 1985 birth date: 41


def test_age_bands_come_from_the_rule_data(org, tmp_path, monkeypatch):
    """Other bands in the rule data: the filter form offers them and the list filters by them."""
    from dangvu.members.forms import MemberFilterForm

    offered = [label for code, label in MemberFilterForm().fields["age_band"].choices if code]
    assert offered == ["Dưới 30", "30–40", "41–50", "51–60", "Trên 60"]
    ruleset = tmp_path / "age_bands.json"
    ruleset.write_text(json.dumps({"rulesets": [{
        "code": "test", "name": "Nhóm tuổi thử", "regulation": "Quy ước thử", "effective_from": "2000-01-01",
        "effective_to": None, "confirmed": False,
        "bands": [{"code": "to-40", "label": "Đến 40", "min": None, "max": 40},
                  {"code": "over-40", "label": "Trên 40", "min": 41, "max": None}],
    }]}), encoding="utf-8")
    monkeypatch.setitem(rulesets.FILES, "age_bands", ruleset)
    form = MemberFilterForm({"age_band": "over-40"})
    assert [label for code, label in form.fields["age_band"].choices if code] == ["Đến 40", "Trên 40"]
    assert form.is_valid() and form.cleaned_data["age_band"] == "over-40"
    assert not MemberFilterForm({"age_band": "41-50"}).is_valid()  # the old band is no longer offered
    admin = UserFactory(is_superuser=True)
    today = dt.date(2026, 11, 23)
    Member.objects.filter(pk=org["members"]["Nguyễn Văn An"].pk).update(birth_date=dt.date(1986, 11, 24))  # 39
    assert names(queries.member_page(admin, age_band="to-40", today=today)[0]) == ["Nguyễn Văn An"]
    assert queries.member_page(admin, age_band="over-40", today=today)[1] == 8  # the factory's 1985: 41
    with pytest.raises(ValueError):
        queries.member_page(admin, age_band="41-50", today=today)


def test_member_page_organization_without_subtree(org):
    admin = UserFactory(is_superuser=True)
    items, count = queries.member_page(admin, organization=org["committee"], subtree=False)
    assert (items, count) == ([], 0)
    items, count = queries.member_page(admin, organization=org["cell_b"], subtree=False)
    assert count == 3


def test_scope_office_reaches_its_subtree(org):
    user = UserFactory()
    grant(user, "office", org["bloc"])
    items, count = queries.member_page(user)
    assert count == 7
    assert set(names(items)) == set(org["members"]) - {"Vũ Thị Yến", "Ngô Minh Châu"}
    assert queries.member_page(user, organization=org["other_cell"]) == ([], 0)
    assert queries.members_for(user, "change").count() == 7


def test_scope_secretary_reaches_one_cell_only(org):
    user = UserFactory()
    grant(user, "secretary", org["committee"], include_subtree=True)  # a cell's secretary: no sub-tree
    grant(user, "secretary", org["cell_b"])
    items, count = queries.member_page(user)
    assert sorted(names(items)) == sorted(["Nguyễn Văn An", "Hoàng Thị Hà", "Đỗ Văn Đạt"]) and count == 3
    assert queries.members_for(user, "change").count() == 0


def test_scope_inspection_reaches_its_subtree_read_only(org):
    user = UserFactory()
    grant(user, "inspection", org["province"])
    assert queries.member_page(user)[1] == 9
    assert queries.members_for(user, "change").count() == 0
    with pytest.raises(Http404):
        queries.access_member(user, org["members"]["Lê An"].pk, "change")


def test_scope_member_sees_only_own_record(org):
    user = UserFactory()
    me = org["members"]["Lê An"]
    Member.objects.filter(pk=me.pk).update(user=user)
    items, count = queries.member_page(user)
    assert names(items) == ["Lê An"] and count == 1
    assert queries.access_member(user, me.pk) == me
    with pytest.raises(Http404):
        queries.access_member(user, me.pk, "change")
    with pytest.raises(Http404):
        queries.access_member(user, org["members"]["Nguyễn Văn An"].pk)


def test_scope_outsider_and_anonymous_see_nothing(org):
    from django.contrib.auth.models import AnonymousUser

    outsider = UserFactory()
    assert queries.member_page(outsider) == ([], 0)
    assert queries.member_page(outsider, organization=org["province"]) == ([], 0)
    assert queries.member_page(AnonymousUser()) == ([], 0)
    with pytest.raises(Http404):
        queries.access_member(outsider, org["members"]["Lê An"].pk)
    with pytest.raises(Http404):
        queries.access_member(outsider, "not-a-number")


def test_access_member_missing_is_404_for_admin(org):
    admin = UserFactory(is_superuser=True)
    assert queries.access_member(admin, org["members"]["Lê An"].pk, "change").full_name == "Lê An"
    with pytest.raises(Http404):
        queries.access_member(admin, 10**9)


def test_count_from_rollups_equals_the_real_count(org, django_assert_num_queries):
    admin = UserFactory(is_superuser=True)
    office = UserFactory()
    grant(office, "office", org["bloc"])
    Member.objects.filter(pk=org["members"]["Lê An"].pk).update(status=Status.DECEASED)
    member_stats.rebuild()  # the roll-ups as the services keep them
    for user in (admin, office):
        for organization in (org["province"], org["bloc"], org["committee"], org["cell_a"]):
            for filt in ({}, {"status": "full"}, {"statuses": ["full", "deceased"]}, {"status": "deceased"}):
                real = queries.members_for(user).filter(org_path__startswith=organization.path)
                wanted = filt.get("statuses") or ([filt["status"]] if "status" in filt else None)
                if wanted:
                    real = real.filter(status__in=wanted)
                rolled = queries.rollup_count(user, organization, True, wanted)
                _, count = queries.member_page(user, organization=organization, page_size=1, **filt)
                assert count == real.count()
                if user is admin or organization != org["province"]:
                    assert rolled == count  # read from the roll-up
                else:
                    assert rolled is None  # the province is not wholly in the office's reach
        # without an organisation: the roots (admin) or the granted sub-trees
        assert queries.member_page(user, page_size=1)[1] == queries.members_for(user).count()
    # a whole sub-tree in reach: one query for the page and one for the roll-up row
    admin = UserFactory(is_superuser=True)
    queries.member_page(admin)  # reads the grants once per request
    with django_assert_num_queries(2):
        queries.member_page(admin, organization=org["province"], page_size=2)


def test_list_queries_use_a_constant_number_of_queries(org, django_assert_max_num_queries):
    office = UserFactory()
    grant(office, "office", org["province"])
    for i in range(30):
        MemberFactory(full_name=f"Nguyễn Văn Thêm {i}", organization=org["cell_b"])
    for kwargs in ({}, {"organization": org["province"]}, {"q": "nguyen"}, {"gender": "male", "page": 2},
                   {"organization": org["bloc"], "age_band": "41-50"}):
        office.__dict__.pop("_dangvu_reach", None)
        with django_assert_max_num_queries(4):
            items, count = queries.member_page(office, page_size=10, **kwargs)
            for m in items:
                str(m.organization.name)
        assert items


def test_rejects_unknown_filters(org):
    admin = UserFactory(is_superuser=True)
    with pytest.raises(ValueError):
        queries.member_page(admin, age_band="99+")
    with pytest.raises(ValueError):
        queries.member_page(admin, status="nope")


def test_search_finds_renamed_and_new_members_and_any_substring(org):
    admin = UserFactory(is_superuser=True)
    member = org["members"]["Phạm Đức Dũng"]
    member.full_name = "Phạm Đức Quỳnh"
    member.search_key = "pham duc quynh"
    member.sort_key = vntext.sort_key(member.full_name)
    member.save()
    assert names(queries.member_page(admin, q="duc quynh")[0]) == ["Phạm Đức Quỳnh"]
    assert queries.member_page(admin, q="duc dung") == ([], 0)
    MemberFactory(full_name="Khúc Thừa Dụ", organization=org["cell_b"])
    assert names(queries.member_page(admin, q="khuc thua du")[0]) == ["Khúc Thừa Dụ"]
    assert names(queries.member_page(admin, q="huc thu")[0]) == ["Khúc Thừa Dụ"]  # inside words
    assert names(queries.member_page(admin, q="guyen")[0]) == ["Nguyễn Văn An", "Nguyễn Văn Bình"]


def test_search_broad_fallback_gives_the_same_answer(org, monkeypatch):
    admin = UserFactory(is_superuser=True)
    office = UserFactory()
    grant(office, "office", org["committee"])
    for user in (admin, office):
        for q in ("nguyen", "van", "an", "thi h", "o"):
            precise = queries.member_page(user, q=q, page_size=3)
            monkeypatch.setattr(search, "ARRAY_NAMES", 0)
            broad = queries.member_page(user, q=q, page_size=3)
            monkeypatch.undo()
            assert names(precise[0]) == names(broad[0]) and precise[1] == broad[1]


def test_search_respects_scope_and_other_filters(org):
    office = UserFactory()
    grant(office, "office", org["committee"])
    items, count = queries.member_page(office, q="thi")
    assert sorted(names(items)) == ["Hoàng Thị Hà", "Trần Thị Ánh"] and count == 2
    items, count = queries.member_page(office, q="thi", organization=org["cell_b"])
    assert names(items) == ["Hoàng Thị Hà"] and count == 1
    assert queries.member_page(office, q="vu thi yen") == ([], 0)  # out of reach


def test_active_members_by_gender_or_theory_count_from_rollups(org, django_assert_num_queries):
    admin = UserFactory(is_superuser=True)
    office = UserFactory()
    grant(office, "office", org["bloc"])
    me = org["members"]["Vũ Thị Yến"]  # outside the office's sub-tree: their own record
    Member.objects.filter(pk=me.pk).update(user=office, theory_level="cao_cap")
    Member.objects.filter(pk=org["members"]["Lê An"].pk).update(status=Status.EXEMPT, theory_level="cao_cap")
    Member.objects.filter(pk=org["members"]["Trần Thị Ánh"].pk).update(status=Status.DECEASED)
    member_stats.rebuild()
    active = ["probationary", "full", "exempt"]
    for user in (admin, office):
        for organization in (None, org["province"], org["bloc"], org["cell_a"]):
            for filt in ({"gender": "female"}, {"gender": "male"}, {"theory_level": "cao_cap"}):
                items, count = queries.member_page(user, organization=organization, statuses=active,
                                                   page_size=1, **filt)
                real = queries.members_for(user).filter(status__in=active, **filt)
                if organization is not None:
                    real = real.filter(org_path__startswith=organization.path)
                assert count == real.count(), (user, organization, filt)
    admin.__dict__.pop("_dangvu_reach", None)
    queries.member_page(admin)
    with django_assert_num_queries(2):  # the page and one roll-up row
        queries.member_page(admin, organization=org["province"], statuses=active, gender="female", page_size=1)
