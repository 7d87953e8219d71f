"""Fixtures of the documents tests: the small tree with committee terms, users of every role, a profile."""

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import pytest

from dangvu.documents.models import IssuerProfile
from dangvu.organizations.models import Role, Term
from tests.factories import MemberFactory, UserFactory, grant, tree


def docx_bytes(text="Nội dung"):
    """A minimal real .docx (python-docx) for uploads."""
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def fake_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    return buf.getvalue()


@pytest.fixture
def w(db):
    """The world: t (tree), terms, users by role, members with users."""
    t = tree()
    bloc, committee = t["bloc"], t["committee"]
    old_term = Term.objects.create(organization=bloc, name="2020–2025", started_on=dt.date(2020, 8, 5),
                                   ended_on=dt.date(2025, 9, 30))
    new_term = Term.objects.create(organization=bloc, name="2025–2030", started_on=dt.date(2025, 10, 1))
    Term.objects.create(organization=committee, name="2020–2025", started_on=dt.date(2020, 7, 10))
    Term.objects.create(organization=t["other"], name="2020–2025", started_on=dt.date(2020, 7, 10))
    IssuerProfile.objects.create(organization=bloc, symbol="ĐUK", issuer_name="ĐẢNG ỦY KHỐI THỬ NGHIỆM",
                                 superior_name="ĐẢNG BỘ TỈNH THỬ NGHIỆM", place="Đồng Nai",
                                 signer_name="Lê Văn Ký")
    admin = UserFactory(username="admin", is_superuser=True)
    office = UserFactory(username="office")
    grant(office, Role.OFFICE, bloc)
    committee_office = UserFactory(username="committee_office")
    grant(committee_office, Role.OFFICE, committee)
    inspection = UserFactory(username="inspection")
    grant(inspection, Role.INSPECTION, bloc)
    secretary = UserFactory(username="secretary")
    grant(secretary, Role.SECRETARY, t["cell_a"], include_subtree=False)
    other_office = UserFactory(username="other_office")
    grant(other_office, Role.OFFICE, t["other"])
    member_user = UserFactory(username="member_user")
    member = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn An", user=member_user)
    grant(member_user, Role.MEMBER)
    member_b = MemberFactory(organization=t["cell_b"], full_name="Trần Thị Bình")
    outsider_member = MemberFactory(organization=t["other_cell"], full_name="Lê Minh Châu")
    stranger = UserFactory(username="stranger")
    for u in (admin, office, committee_office, inspection, secretary, other_office, member_user, stranger):
        u.raw_password = "pw"
    return SimpleNamespace(
        **t, t=t, old_term=old_term, new_term=new_term, admin=admin, office=office,
        committee_office=committee_office, inspection=inspection, secretary=secretary,
        other_office=other_office, member_user=member_user, member=member, member_b=member_b,
        outsider_member=outsider_member, stranger=stranger,
    )
