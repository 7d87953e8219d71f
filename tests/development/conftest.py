import datetime as dt

import pytest
from django.core.files.base import ContentFile

from dangvu.development import services
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree

PDF = b"%PDF-1.4\n% test\n%%EOF\n"
BEFORE = ["1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"]


@pytest.fixture
def t(db):
    return tree()


@pytest.fixture
def users(t):
    """admin; office (bloc sub-tree); dept_office (committee sub-tree); secretary (cell_a); secretary_b (cell_b);
    ubkt (inspection, bloc); other_office (other branch); member (of cell_a); outsider (no role)."""
    out = {name: UserFactory(username=name) for name in
           ["admin", "office", "dept_office", "secretary", "secretary_b", "ubkt", "other_office", "member", "outsider"]}
    out["admin"].is_superuser = True
    out["admin"].save()
    grant(out["office"], Role.OFFICE, t["bloc"])
    grant(out["dept_office"], Role.OFFICE, t["committee"])
    grant(out["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    grant(out["secretary_b"], Role.SECRETARY, t["cell_b"], include_subtree=False)
    grant(out["ubkt"], Role.INSPECTION, t["bloc"])
    grant(out["other_office"], Role.OFFICE, t["other"])
    m = MemberFactory(organization=t["cell_a"])
    m.user = out["member"]
    m.save()
    return out


@pytest.fixture
def helpers(t):
    return [MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn Giúp"),
            MemberFactory(organization=t["cell_a"], full_name="Trần Thị Đỡ")]


def make_prospect(t, actor=None, **kw):
    data = {"organization": t["cell_a"], "full_name": "Lê Thị Ưu Tú", "gender": "female",
            "birth_date": dt.date(2000, 3, 15), "proposed_on": dt.date(2026, 1, 10)}
    data.update(kw)
    return services.create_prospect(actor, **data)


def complete_dossier(p, codes=BEFORE, on=dt.date(2026, 3, 1)):
    for i, code in enumerate(codes):
        services.record_item(None, p, code=code, on=on,
                             file=ContentFile(PDF, name=f"{code}.pdf") if i == 0 else None)


def to_resolved(t, **kw):
    p = make_prospect(t, **kw)
    services.record_step(None, p, step="class", on=dt.date(2026, 2, 10), class_name="Lớp khóa 1/2026",
                         number="15/GCN")
    complete_dossier(p)
    services.record_step(None, p, step="dossier", on=dt.date(2026, 3, 5))
    services.record_step(None, p, step="resolution", on=dt.date(2026, 3, 20), number="05-NQ/CB")
    p.refresh_from_db()
    return p


@pytest.fixture
def prospect(t):
    return make_prospect(t)


@pytest.fixture
def resolved(t):
    return to_resolved(t)
