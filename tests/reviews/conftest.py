import datetime as dt
import json
from pathlib import Path

import pytest

from dangvu.members.models import EventKind, MemberEvent, Status
from dangvu.organizations.models import Kind
from dangvu.reviews import rulesets, services
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

SCHEME_FILE = Path(rulesets.__file__).resolve().parent / "rulesets" / "schemes" / "29-HD-BTCTU.json"
SEED_004_CELLS = [("Chi bộ I Văn phòng Sở", 26), ("Chi bộ II", 22), ("Chi bộ III", 19),
                  ("Chi bộ Chi cục Phòng, chống tệ nạn xã hội", 17), ("Chi bộ Trung tâm Bảo trợ xã hội", 18),
                  ("Chi bộ Trung tâm Dịch vụ việc làm", 20), ("Chi bộ Cơ sở cai nghiện ma túy", 15)]


def scheme_data():
    data = json.loads(SCHEME_FILE.read_text(encoding="utf-8"))
    data["effective_from"] = dt.date.fromisoformat(data["effective_from"])
    return data


@pytest.fixture
def scheme(db):
    return services.create_scheme(None, **scheme_data())


@pytest.fixture
def w(db):
    """The test tree with two members in cell_a, one in cell_b, one outside, and one user per role."""
    t = tree()
    d = dict(t)
    d["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo")
    d["a2"] = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Thị An")
    d["b1"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường")
    d["o1"] = MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    d["admin"] = UserFactory(is_superuser=True)
    d["office"] = UserFactory()
    grant(d["office"], "office", t["committee"])
    d["bloc_office"] = UserFactory()
    grant(d["bloc_office"], "office", t["bloc"])
    d["office_other"] = UserFactory()
    grant(d["office_other"], "office", t["other"])
    d["inspection"] = UserFactory()
    grant(d["inspection"], "inspection", t["bloc"])
    d["secretary"] = UserFactory()
    grant(d["secretary"], "secretary", t["cell_a"], include_subtree=False)
    d["self"] = UserFactory()
    d["a1"].user = d["self"]
    d["a1"].save(update_fields=["user"])
    d["other_member_user"] = UserFactory()
    d["b1"].user = d["other_member_user"]
    d["b1"].save(update_fields=["user"])
    return d


def three_stages(cycle, level, *, member_id=None, organization_id=None, **extra):
    for stage in ("self", "collective", "decision"):
        services.record_assessment(None, cycle, stage=stage, member_id=member_id, organization_id=organization_id,
                                   level=level, **extra)


def build_seed_004():
    """The Department of Labour's committee (seed 004): 7 chi bộ, 137 members, 3 of them not eligible in 2020."""
    province = OrganizationFactory(name="Đảng bộ tỉnh Đồng Nai", kind=Kind.PROVINCIAL)
    bloc = OrganizationFactory(name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", kind=Kind.UPPER, parent=province)
    dept = OrganizationFactory(name="Đảng bộ Sở Lao động – Thương binh và Xã hội", kind=Kind.GRASSROOTS_COMMITTEE,
                               parent=bloc)
    cells, members = [], []
    for name, size in SEED_004_CELLS:
        cell = OrganizationFactory(name=name, kind=Kind.ATTACHED_CELL, parent=dept)
        cells.append(cell)
        members.append([MemberFactory(organization=cell, full_name=f"Đảng viên {name} {i}") for i in range(size)])
    newcomers = [members[1][-1], members[4][-1]]
    for m, day in zip(newcomers, [dt.date(2020, 10, 15), dt.date(2020, 11, 20)], strict=True):
        m.admitted_on = day
        m.official_on = None
        m.status = Status.PROBATIONARY
        m.save()
    moved = members[5][-1]
    MemberEvent.objects.create(member=moved, kind=EventKind.TRANSFER_IN, on=dt.date(2020, 12, 1),
                               status_before=Status.FULL, status_after=Status.FULL, organization_after=cells[5])
    return {"province": province, "bloc": bloc, "dept": dept, "cells": cells, "members": members,
            "not_eligible": [*newcomers, moved]}
