"""Factories building consistent rows (paths, keys, roll-ups) without the service layer."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from dangvu.core import vntext
from dangvu.members import stats as member_stats
from dangvu.members.models import Member, Placement, Status
from dangvu.organizations import stats as org_stats
from dangvu.organizations.models import Kind, Organization, OrganizationStats, RoleAssignment
from dangvu.organizations.tree import child_path

_national_ids = itertools.count(100000000001)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = Kind.ATTACHED_CELL
    code = factory.Sequence(lambda n: f"F{n:06d}")
    parent = None
    path = "tmp"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.search_key, obj.sort_key = vntext.org_name_keys(obj.name).values()
        obj.save()
        obj.path = child_path(obj.parent.path if obj.parent else None, obj.pk)
        obj.depth = obj.parent.depth + 1 if obj.parent else 0
        obj.save(update_fields=["path", "depth", "search_key", "sort_key"])
        OrganizationStats.objects.create(organization=obj)
        org_stats.apply(obj.ancestor_ids(), dict.fromkeys(org_stats.org_keys(obj), 1))
        return obj


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Đức Dũng", "Hoàng Thị Hà"])
    gender = factory.LazyAttribute(lambda o: "female" if " Thị " in o.full_name else "male")
    birth_date = dt.date(1985, 5, 17)
    admitted_on = dt.date(2010, 3, 2)
    official_on = dt.date(2011, 3, 2)
    status = Status.FULL
    national_id = factory.LazyFunction(lambda: f"{next(_national_ids):012d}")
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.full_name = vntext.nfc(obj.full_name)
        obj.org_path = obj.organization.path
        obj.search_key, obj.sort_key = vntext.person_name_keys(obj.full_name).values()
        if obj.status == Status.PROBATIONARY:
            obj.official_on = None
        obj.save()
        Placement.objects.create(member=obj, organization=obj.organization, started_on=obj.admitted_on)
        member_stats.apply_change({}, None, member_stats.member_keys(obj), obj.org_path)
        return obj


def grant(user, role, organization=None, include_subtree=True):
    ra = RoleAssignment.objects.create(user=user, role=role, organization=organization, include_subtree=include_subtree)
    if hasattr(user, "_dangvu_reach"):
        del user._dangvu_reach
    return ra


def tree():
    """A small tree: province > bloc > grassroots committee > 2 cells, and a second branch."""
    province = OrganizationFactory(name="Tỉnh ủy Thử nghiệm", kind=Kind.PROVINCIAL)
    bloc = OrganizationFactory(name="Đảng ủy Khối Thử nghiệm", kind=Kind.UPPER, parent=province)
    committee = OrganizationFactory(name="Đảng bộ Sở Thử nghiệm", kind=Kind.GRASSROOTS_COMMITTEE, parent=bloc)
    cell_a = OrganizationFactory(name="Chi bộ Văn phòng", kind=Kind.ATTACHED_CELL, parent=committee)
    cell_b = OrganizationFactory(name="Chi bộ Kế toán", kind=Kind.ATTACHED_CELL, parent=committee)
    other = OrganizationFactory(name="Đảng ủy Khối Khác", kind=Kind.UPPER, parent=province)
    other_cell = OrganizationFactory(name="Chi bộ Khác", kind=Kind.GRASSROOTS_CELL, parent=other)
    return {
        "province": province, "bloc": bloc, "committee": committee, "cell_a": cell_a, "cell_b": cell_b,
        "other": other, "other_cell": other_cell,
    }
