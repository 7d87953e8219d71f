"""The data-quality page, its records lists and the request to compute again: roles in and out of scope, links,
bad input."""

import pytest
from django.test import Client

from dangvu.core.models import AuditEntry
from dangvu.quality.models import Snapshot, SnapshotState


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def page(user, org=None, **params):
    q = f"?organization_id={org.pk}" if org is not None else ""
    return client_for(user).get(f"/chat-luong-du-lieu/{q}")


@pytest.mark.parametrize("role,target,code", [
    ("admin", "province", 200), ("office", "committee", 200), ("office", "cell_b", 200),
    ("inspection", "committee", 200), ("secretary", "cell_b", 200),
    ("office", "province", 404), ("office", "other_cell", 404), ("inspection", "other", 404),
    ("secretary", "cell_a", 404), ("secretary", "committee", 404), ("office_other", "committee", 404),
    ("office_flat", "committee", 404),  # a grant without the sub-tree: only for an organisation without children
    ("member", "cell_a", 404),
])
def test_page_per_role(world, snapshot, role, target, code):
    r = page(world["users"][role], world[target])
    assert r.status_code == code
    if code == 200:
        text = r.content.decode()
        assert f"Chất lượng dữ liệu – {world[target].name}" in text
        assert "Đảng viên chưa có số CCCD" in text


def test_page_defaults_to_the_users_top_organisation(world, snapshot):
    r = page(world["users"]["office"])
    assert r.status_code == 200 and "Chất lượng dữ liệu – Đảng bộ Sở Thử nghiệm" in r.content.decode()
    assert page(world["users"]["member"]).status_code == 404
    anonymous = Client().get("/chat-luong-du-lieu/")
    assert anonymous.status_code == 302


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1" * 30, "1.5"])
def test_unknown_organisation_is_404(world, snapshot, value):
    r = client_for(world["users"]["admin"]).get(f"/chat-luong-du-lieu/?organization_id={value}")
    assert r.status_code == 404


def test_counts_link_to_their_records(world, snapshot):
    committee = world["committee"]
    r = page(world["users"]["office"], committee)
    text = r.content.decode()
    url = f"/chat-luong-du-lieu/national_id_invalid/?organization_id={committee.pk}"
    assert f'href="{url}"' in text
    r = client_for(world["users"]["office"]).get(url)
    assert r.status_code == 200
    text = r.content.decode()
    assert "Tổng số: 3 đảng viên" in text
    for key in ("short", "letters", "province"):
        assert f"/dang-vien/{world['bad'][key].pk}/" in text
    assert f"/dang-vien/{world['bad']['missing'].pk}/" not in text


def test_child_breakdown(world, snapshot):
    r = page(world["users"]["office"], world["committee"])
    text = r.content.decode()
    assert "Theo tổ chức trực thuộc" in text
    assert f"/chat-luong-du-lieu/national_id_invalid/?organization_id={world['cell_b'].pk}" in text
    # a chi bộ has no children: no table
    assert "Theo tổ chức trực thuộc" not in page(world["users"]["secretary"], world["cell_b"]).content.decode()


def test_duplicates_side_by_side_even_across_branches(world, snapshot):
    r = client_for(world["users"]["admin"]).get(
        f"/chat-luong-du-lieu/duplicate_card/?organization_id={world['province'].pk}")
    text = r.content.decode()
    assert "Tổng số: 2 đảng viên" in text and text.count("Số thẻ 1234567") == 2
    # the office of the committee sees its own record only
    r = client_for(world["users"]["office"]).get(
        f"/chat-luong-du-lieu/duplicate_card/?organization_id={world['committee'].pk}")
    assert f"/dang-vien/{world['bad']['card_2'].pk}/" not in r.content.decode()


def test_organisation_records(world, snapshot):
    r = client_for(world["users"]["admin"]).get(
        f"/chat-luong-du-lieu/small_cell/?organization_id={world['province'].pk}")
    text = r.content.decode()
    assert "Tổng số: 1 tổ chức" in text and world["other_cell"].name in text


@pytest.mark.parametrize("url", ["/chat-luong-du-lieu/unknown/", "/chat-luong-du-lieu/national_id_missing/?organization_id=x"])
def test_records_bad_input(world, snapshot, url):
    assert client_for(world["users"]["admin"]).get(url).status_code == 404


def test_records_bad_page_is_the_first(world, snapshot):
    base = f"/chat-luong-du-lieu/dates_impossible/?organization_id={world['province'].pk}"
    for p in ("abc", "-3", "0"):
        r = client_for(world["users"]["admin"]).get(f"{base}&page={p}")
        assert r.status_code == 200 and "Tổng số: 4 đảng viên" in r.content.decode()
    r = client_for(world["users"]["admin"]).get(f"{base}&page=99")
    assert r.status_code == 200 and "Không có hồ sơ nào." in r.content.decode()


def test_records_out_of_scope(world, snapshot):
    url = f"/chat-luong-du-lieu/national_id_missing/?organization_id={world['other'].pk}"
    assert client_for(world["users"]["office"]).get(url).status_code == 404
    assert client_for(world["users"]["member"]).get(url).status_code == 404


def test_no_snapshot_yet(world):
    text = page(world["users"]["office"], world["committee"]).content.decode()
    assert "Chưa có số liệu: chưa tính lần nào." in text


def test_refresh(world, run_jobs):
    c = client_for(world["users"]["office"])
    r = c.post("/chat-luong-du-lieu/tinh-lai/", {"organization_id": world["committee"].pk})
    assert run_jobs() == 1  # the worker computes the snapshot
    assert r.status_code == 302 and r["Location"] == f"/chat-luong-du-lieu/?organization_id={world['committee'].pk}"
    s = Snapshot.objects.get()
    assert s.state == SnapshotState.DONE and s.requested_by == world["users"]["office"]
    assert AuditEntry.objects.filter(app_label="quality", model="snapshot").count() == 1
    text = c.get(r["Location"]).content.decode()
    assert "Số liệu tính lúc" in text
    # again at once: refused with a message, nothing asked
    r = c.post("/chat-luong-du-lieu/tinh-lai/", follow=True)
    assert "Số liệu vừa được tính xong; chỉ tính lại sau 5 phút." in r.content.decode()
    assert Snapshot.objects.count() == 1


def test_refresh_while_one_waits(world):
    Snapshot.objects.create()
    r = client_for(world["users"]["admin"]).post("/chat-luong-du-lieu/tinh-lai/", follow=True)
    assert "Số liệu đang được tính lại; hãy xem lại sau ít phút." in r.content.decode()
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize("role", ["inspection", "secretary", "member"])
def test_refresh_refused_to_readers(world, role):
    assert client_for(world["users"][role]).post("/chat-luong-du-lieu/tinh-lai/").status_code == 404
    assert not Snapshot.objects.exists()


def test_refresh_is_post_only(world):
    assert client_for(world["users"]["office"]).get("/chat-luong-du-lieu/tinh-lai/").status_code == 405


def test_home_card(world, snapshot):
    text = client_for(world["users"]["office"]).get("/").content.decode()
    assert "Chất lượng dữ liệu" in text and "hồ sơ cần xem lại trong Đảng bộ Sở Thử nghiệm" in text
    text = client_for(world["users"]["member"]).get("/").content.decode()
    assert "hồ sơ cần xem lại" not in text


def test_command_and_demo(world):
    from django.core.management import call_command

    from dangvu.quality import demo
    from dangvu.quality.models import Issue

    assert demo.load() is True and demo.load() is False
    call_command("quality_refresh", verbosity=0)
    assert Snapshot.objects.filter(state=SnapshotState.DONE).count() == 2
    assert Issue.objects.filter(key="national_id_missing").count() == 1


def test_the_page_reads_a_constant_number_of_rows(world, snapshot):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world["users"]["admin"])
    counts = []
    for org in (world["province"], world["committee"], world["cell_b"]):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/chat-luong-du-lieu/?organization_id={org.pk}").status_code == 200
        counts.append(len(ctx.captured_queries))
        assert not any("members_member" in q["sql"] for q in ctx.captured_queries)  # never counts members
    assert max(counts) - min(counts) <= 1, counts
