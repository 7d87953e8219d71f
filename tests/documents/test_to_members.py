"""“Gửi cả tới đảng viên của chi bộ”: members with an account find the document in their own inbox."""

import datetime as dt

import pytest

from dangvu.accounts import services as accounts
from dangvu.documents import services
from dangvu.documents.models import InboxItem

D = dt.date


@pytest.fixture
def doc(w):
    return services.issue_document(w.office, w.bloc, type_code="KH", summary="Kế hoạch học tập nghị quyết",
                                   issued_on=D(2020, 10, 23), body="Nội dung")


def test_member_of_a_chosen_cell_sees_the_document_in_their_inbox(w, doc, client):
    new = accounts.create_account(w.office, w.member_b.pk)
    dist = services.distribute(w.office, doc, organization_ids=[w.cell_b.pk], to_members=True)
    assert dist.recipients_count == 2  # the chi bộ and its member with an account
    new.user.refresh_from_db()
    client.force_login(new.user)
    response = client.post("/tai-khoan/doi-mat-khau/", {  # the first login asks for their own password
        "old_password": new.password, "new_password": "Song-Hong-2026", "new_password2": "Song-Hong-2026"})
    assert response.status_code == 302
    assert "Kế hoạch học tập nghị quyết" in client.get("/van-ban/hop-thu/").content.decode()


def test_all_cells_reaches_members_with_an_active_account_only(w, doc):
    accounts.create_account(w.office, w.member_b.pk)
    accounts.set_active(w.admin, w.member_user.pk, False)
    services.distribute(w.office, doc, mode="all_cells", to_members=True)
    members = set(InboxItem.objects.filter(document=doc, member__isnull=False).values_list("member_id", flat=True))
    assert members == {w.member_b.pk}  # member_user's account is locked; the outsider is in another branch


def test_without_the_option_only_the_cells_receive(w, doc):
    accounts.create_account(w.office, w.member_b.pk)
    services.distribute(w.office, doc, organization_ids=[w.cell_b.pk])
    assert not InboxItem.objects.filter(document=doc, member__isnull=False).exists()


def test_the_form_offers_the_option_and_the_api_takes_it(w, doc, client, api_client):
    client.force_login(w.office)
    assert "Gửi cả tới đảng viên của chi bộ" in client.get(f"/van-ban/{doc.pk}/gui/").content.decode()
    accounts.create_account(w.office, w.member_b.pk)
    api_client.auth(w.office)
    response = api_client.post(f"/api/v1/documents/{doc.pk}/distribution",
                               {"organization_ids": [w.cell_b.pk], "to_members": True})
    assert response.status_code == 201, response.content
    assert response.json()["recipients_count"] == 2
