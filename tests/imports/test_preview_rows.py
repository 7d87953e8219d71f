"""The detail page lists the rows of the file by what they do: who will be created or changed (and how) before
«Ghi dữ liệu», what was done after; paged, filtered, in a fixed number of queries, for the office in scope only."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, run, xlsx

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
MIDDLE = ["Văn", "Minh", "Đức", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Khánh"]


def _rows(n: int) -> list:
    names = (" ".join(p) for p in itertools.product(FAMILY, MIDDLE, GIVEN))
    return [member_row(name, birth=f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1970 + i % 20}", cccd=f"0011900{i:05d}",
                       n=i + 1) for i, name in zip(range(n), names, strict=False)]


@pytest.fixture
def office(client, world):
    client.force_login(world["office"])
    return client


def _page(client, batch, query=""):
    r = client.get(f"/nhap-du-lieu/{batch.pk}/{query}")
    assert r.status_code == 200
    return r.content.decode()


def test_the_preview_names_who_will_be_created_and_nothing_is_written(office, world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(2)]), apply=False)
    page = _page(office, batch)
    assert "Các dòng sẽ ghi" in page and "Chưa có gì được ghi" in page
    assert "Tạo mới (2)" in page and "Nguyễn Văn An" in page and "Nguyễn Văn Bình" in page
    assert "Ngày sinh:</span> 01/01/1970" in page and "Chi bộ:</span> Chi bộ Văn phòng" in page
    assert "Số CCCD:</span> 001190000000" in page
    assert Member.objects.count() == 0


def test_after_the_apply_the_page_says_what_was_done(office, world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(2)]))
    assert batch.status == "done"
    page = _page(office, batch)
    assert "Các dòng đã ghi" in page and "Đã tạo mới" in page and "Nguyễn Văn An" in page


def test_a_changed_member_shows_the_record_and_what_changes(office, world):
    run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(2)]))
    changed = _rows(2)
    changed[0][5] = "02/04/2013"  # the official date moves a month
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *changed]), apply=False)
    assert (batch.count_update, batch.count_unchanged) == (1, 1)
    member = Member.objects.get(national_id="001190000000")
    page = _page(office, batch)  # the first tab with rows: the update
    assert "Cập nhật (1)" in page and "Không đổi (1)" in page
    assert f'href="/dang-vien/{member.pk}/"' in page
    assert "Sẽ đổi:" in page and "Ngày chính thức: 02/03/2013 → 02/04/2013" in page
    unchanged = _page(office, batch, "?dong=unchanged")
    assert "Nguyễn Văn Bình" in unchanged and "Sẽ đổi" not in unchanged and "Nguyễn Văn An<" not in unchanged


def test_rows_are_paged_and_a_bad_page_or_filter_falls_back(office, world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(120)]), apply=False)
    assert batch.count_create == 120
    first = _page(office, batch)
    assert "Trang 1 / 3 · 120 dòng" in first and ">2</td>" in first and ">52</td>" not in first
    last = _page(office, batch, "?trang-dong=3")
    assert "Trang 3 / 3" in last and ">121</td>" in last and ">2</td>" not in last
    for bad in ("?trang-dong=abc", "?trang-dong=-4", "?trang-dong=99999999999999999999", "?dong=bogus",
                "?dong=refused"):
        page = _page(office, batch, bad)
        assert "Tạo mới (120)" in page
    assert "Trang 3 / 3" in _page(office, batch, "?trang-dong=999")  # past the end: the last page
    # the page links keep the filter; the filter's tabs start again at page 1
    assert 'href="?trang-dong=2#cac-dong"' in first
    assert re.search(r'href="\?dong=create&amp;trang-dong=2#cac-dong"', _page(office, batch, "?dong=create"))
    assert 'href="?dong=create#cac-dong"' in last


def test_a_page_of_rows_costs_the_same_queries_whatever_the_file_s_size(office, world):
    small = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(5)]), apply=False)
    big = run(world["office"], world["committee"], "members",
              xlsx([MEMBER_HEADERS, *[member_row(f"{r[1]}", birth=r[3], cccd=f"0021900{i:05d}", n=i + 1)
                                      for i, r in enumerate(_rows(60))]]), apply=False)
    counts = []
    for batch in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            _page(office, batch)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_an_office_outside_the_scope_sees_nothing(client, world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(2)]), apply=False)
    client.force_login(world["other_office"])
    assert client.get(f"/nhap-du-lieu/{batch.pk}/?dong=create&trang-dong=1").status_code == 404
    assert ImportBatch.objects.count() == 1


def test_other_kinds_list_their_rows_with_their_own_labels(office, world):
    data = xlsx([["Mã tổ chức", "Tên tổ chức đảng", "Loại hình", "Cấp trên", "Ngày thành lập"],
                 ["BP01", "Đảng bộ bộ phận Kỹ thuật", "Đảng bộ bộ phận", "", "15/03/2010"],
                 ["CB01", "Chi bộ Kỹ thuật 1", "Chi bộ trực thuộc", "BP01", "01/04/2010"]])
    batch = run(world["office"], world["committee"], "organizations", data, apply=False)
    page = _page(office, batch)
    assert "Tạo mới (2)" in page and "Chi bộ Kỹ thuật 1" in page and "BP01" in page
    done = run(world["office"], world["committee"], "organizations", data)
    again = run(world["office"], world["committee"], "organizations", data, apply=False)
    assert done.status == "done" and again.count_unchanged == 2
    assert "Không đổi (2)" in _page(office, again) and "Đảng bộ bộ phận Kỹ thuật" in _page(office, again)


def _duplicates(world, n):
    """A batch of n rows that each may duplicate a member already in the registry (same name and birth date,
    another CCCD), checked and ready."""
    run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(n)]))
    again = [[*r[:7], f"0031900{i:05d}", r[8]] for i, r in enumerate(_rows(n))]
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *again]), apply=False)
    assert batch.count_duplicate == n
    return batch


def test_many_probable_duplicates_are_decided_page_by_page(office, world):
    batch = _duplicates(world, 105)
    members = Member.objects.count()
    first = _page(office, batch)
    assert "105 dòng có thể trùng" in first and "Trang 1 / 2" in first
    assert 'name="quyet-dinh-101"' in first and 'name="quyet-dinh-107"' not in first
    second = _page(office, batch, "?trang-trung=2")
    assert 'name="quyet-dinh-106"' in second and 'name="quyet-dinh-2"' not in second
    r = office.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-105": "update", "quyet-dinh-106": "skip",
                                                        "trang-trung": "2"})
    assert r.status_code == 302 and r["Location"] == f"/nhap-du-lieu/{batch.pk}/?trang-trung=2#co-the-trung"
    assert dict(batch.rows.exclude(decision="").values_list("number", "decision")) == {105: "update", 106: "skip"}
    page = _page(office, batch, "?trang-trung=2")
    assert "2 dòng đã chọn cách xử lý" in page and "Đã lưu cách xử lý 2 dòng" in page
    assert Member.objects.count() == members  # saving choices writes nothing
    # the apply takes the choices saved on the other page; the rows never chosen are skipped
    office.post(f"/nhap-du-lieu/{batch.pk}/ghi/", {"quyet-dinh-2": "skip"})
    from dangvu.imports import engine

    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.written == 1 and Member.objects.count() == members
    done = _page(office, batch, "?dong=duplicate&trang-dong=3")  # after the apply: what each was made to do
    assert "Có thể trùng (105)" in done and "Đã xử lý:</span> Cập nhật bản ghi đã có" in done
    assert "Đã xử lý:</span> Bỏ qua" in done
    assert Member.objects.filter(national_id="003190000103").exists()  # row 105 updated the record's CCCD


def test_a_bad_choice_is_refused_with_a_message_and_saves_nothing(office, world):
    batch = _duplicates(world, 2)
    for data, message in (({"quyet-dinh-2": "create"}, "ghi lý do khi vẫn tạo mới"),
                          ({"quyet-dinh-2": "xoa"}, "chọn update, create hoặc skip"),
                          ({"quyet-dinh-99": "skip"}, "không phải dòng có thể trùng"),
                          ({"quyet-dinh-abc": "skip"}, "không phải số dòng")):
        r = office.post(f"/nhap-du-lieu/{batch.pk}/chon/", data, follow=True)
        assert r.status_code == 200 and message in r.content.decode(), message
    assert not batch.rows.exclude(decision="").exists()
    r = office.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-2": "create", "ly-do-2": "Hai người khác nhau"})
    assert r["Location"] == f"/nhap-du-lieu/{batch.pk}/#co-the-trung"
    row = batch.rows.get(number=2)
    assert (row.decision, row.reason) == ("create", "Hai người khác nhau")


def test_choices_are_for_the_office_in_scope_only(client, world):
    batch = _duplicates(world, 2)
    client.force_login(world["other_office"])
    assert client.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-2": "skip"}).status_code == 404
    client.force_login(world["admin"])
    assert client.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-2": "skip"}).status_code == 302
    assert client.get(f"/nhap-du-lieu/{batch.pk}/chon/").status_code == 405
    assert list(batch.rows.exclude(decision="").values_list("number", flat=True)) == [2]


def _apply_button(page: str) -> tuple[str, str, str]:
    """(label, base create, base update) of «Ghi dữ liệu»."""
    m = re.search(r'id="apply-button" data-base-create="(\d+)" data-base-update="(\d+)">(.*?)</button>', page)
    assert m, "no «Ghi dữ liệu» button"
    return re.sub(r"<[^>]+>", "", m.group(3)), m.group(1), m.group(2)


def test_the_write_button_counts_the_duplicates_chosen_to_be_written(office, world):
    batch = _duplicates(world, 105)
    first = _page(office, batch)
    assert _apply_button(first) == ("Ghi dữ liệu (0 tạo mới, 0 cập nhật)", "0", "0")
    assert "imports/decide.js" in first  # the page's script follows the choices not yet saved
    office.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-2": "update", "quyet-dinh-3": "create",
                                                    "ly-do-3": "Hai người khác nhau", "quyet-dinh-4": "skip"})
    office.post(f"/nhap-du-lieu/{batch.pk}/chon/", {"quyet-dinh-105": "update", "quyet-dinh-106": "update",
                                                    "trang-trung": "2"})
    # on page 1 the saved choices of page 2 are the base, those of page 1 are added by the script (or shown as saved)
    assert _apply_button(_page(office, batch)) == ("Ghi dữ liệu (1 tạo mới, 3 cập nhật)", "0", "2")
    assert _apply_button(_page(office, batch, "?trang-trung=2")) == ("Ghi dữ liệu (1 tạo mới, 3 cập nhật)", "1", "1")
    members = Member.objects.count()
    office.post(f"/nhap-du-lieu/{batch.pk}/ghi/")
    from dangvu.imports import engine

    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.written == 4 and Member.objects.count() == members + 1  # what the button said


def test_the_write_button_without_duplicates_counts_the_checked_rows(office, world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, *_rows(3)]), apply=False)
    page = _page(office, batch)
    assert _apply_button(page) == ("Ghi dữ liệu (3 tạo mới, 0 cập nhật)", "3", "0")
    assert "imports/decide.js" not in page
