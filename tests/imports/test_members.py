"""Importing members: header variants, cleaning, keys, duplicates, scope, all-or-nothing, re-import."""

import datetime as dt

import openpyxl
import pytest

from dangvu.core import vntext
from dangvu.core.models import AuditEntry
from dangvu.imports import engine, services
from dangvu.members.models import Member
from tests.factories import MemberFactory

from .conftest import MEMBER_HEADERS, csv_bytes, member_row, ods, run, upload, xlsx


def rows_of(batch):
    return {r.number: r for r in batch.rows.all()}


def test_header_variants_title_block_and_merged_two_row_header(world):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["ĐẢNG BỘ SỞ THỬ NGHIỆM"])
    ws.append(["DANH SÁCH ĐẢNG VIÊN NĂM 2026"])
    ws.append([])
    ws.append(["TT", "HỌ TÊN", "Giới", "Ngày", None, None, "CMND/CCCD", "Số thẻ đảng viên", "Chi bộ sinh hoạt",
               "Trình độ LLCT", "Quê quán"])
    ws.append([None, None, None, "Sinh", "Kết nạp", "Chính thức"])
    ws.merge_cells("D4:F4")
    ws.append([1, "nguyễn  VĂN an", "nam", "17/5/1985", "2012-03-02", 41335, 1085001234, "00123456",
               "Chi bộ Văn phòng", "Trung cấp", "Xã Thử, Huyện Nghiệm"])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    batch = run(world["office"], world["committee"], "members", buf.getvalue())
    assert batch.status == "done", (batch.error, list(batch.rows.values("errors")))
    assert batch.header_row == 5 and batch.sheet == "DS"
    assert batch.mapping["HỌ TÊN"] == "full_name"
    m = Member.objects.get()
    assert m.full_name == "Nguyễn Văn An"
    assert m.birth_date == dt.date(1985, 5, 17) and m.admitted_on == dt.date(2012, 3, 2)
    assert m.official_on == dt.date(2013, 3, 2)  # an Excel serial
    assert m.national_id == "001085001234"  # stored as a number: the zeros come back
    assert m.card_number == "00123456"
    assert m.theory_level == "trung_cap" and m.hometown == "Xã Thử, Huyện Nghiệm"


def test_partial_dates_keep_their_precision(world, client):
    data = xlsx([MEMBER_HEADERS, member_row(birth="1985", admitted="03/2010", official="")])
    batch = run(world["office"], world["committee"], "members", data)
    assert batch.status == "done", batch.error
    m = Member.objects.get()
    assert m.date_precision == {"birth_date": "year", "admitted_on": "month"}
    assert (m.birth_date_shown, m.admitted_on_shown) == ("1985", "03/2010")
    client.force_login(world["office"])
    page = client.get(f"/dang-vien/{m.pk}/").content.decode()
    assert "03/2010" in page and "01/03/2010" not in page


def test_cmnd_kept_as_former_id(world):
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, member_row(cccd="12345678")]))
    assert batch.status == "done"
    m = Member.objects.get()
    assert m.national_id is None and m.former_id == "012345678"
    assert "CMND" in batch.rows.get().why


def test_tcvn3_and_vni_cells(world):
    name_tcvn3 = vntext.unicode_to_legacy("Trần Thị Bình", "tcvn3")
    home_vni = vntext.unicode_to_legacy("Hưng Yên", "vni")
    headers = [*MEMBER_HEADERS, "Quê quán"]
    batch = run(world["office"], world["committee"], "members",
                xlsx([headers, [*member_row(name_tcvn3, "Nữ"), home_vni]]))
    assert batch.status == "done", list(batch.rows.values("errors"))
    m = Member.objects.get()
    assert m.full_name == "Trần Thị Bình" and m.hometown == "Hưng Yên"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1258"])
def test_csv(world, encoding):
    rows = [MEMBER_HEADERS, member_row(name="Lê Văn Cường")]
    if encoding == "cp1258":  # Windows-1258: tones as combining marks after a letter it has
        data = "\n".join(",".join(_cp1258(str(v)) for v in r) for r in rows).encode("cp1258")
    else:
        data = csv_bytes(rows, encoding=encoding)
    batch = run(world["office"], world["committee"], "members", data, name="ds.csv")
    assert batch.status == "done", batch.error
    assert Member.objects.get().full_name == "Lê Văn Cường"


def _cp1258(text):
    import unicodedata

    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in tones)) + tones)
    return "".join(out)


def test_ods(world):
    batch = run(world["office"], world["committee"], "members", ods([MEMBER_HEADERS, member_row()]), name="ds.ods")
    assert batch.status == "done", batch.error
    assert Member.objects.get().national_id == "001085001234"


def test_refused_rows_say_sheet_row_column_and_why(world):
    data = xlsx([MEMBER_HEADERS,
                 member_row(birth="31/02/1985"),
                 member_row(name="Lê Văn Bảy", cccd="12ab", n=2),
                 member_row(name="Lê Văn Tám", cell="Chi bộ Khác", cccd="001085000008", n=3),
                 member_row(name="Lê Văn Chín", admitted="02/03/2030", cccd="001085000009", n=4)],
                title="DANH SÁCH")
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    assert batch.counts == {"create": 0, "update": 0, "unchanged": 0, "refused": 4}
    rows = rows_of(batch)
    assert rows[4].errors[0]["column"] == "Ngày sinh" and "29 ngày" in rows[4].errors[0]["message"] or \
        "28 ngày" in rows[4].errors[0]["message"]
    assert rows[5].errors[0]["column"] == "CCCD"
    assert "ngoài phạm vi" in rows[6].errors[0]["message"]
    assert rows[7].errors[0]["column"] == "Ngày vào Đảng" and "sau ngày hôm nay" in rows[7].errors[0]["message"]
    # the refused rows come back as a workbook with a "Lỗi" column
    from dangvu.imports import workbooks

    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbooks.refused(batch)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[0] == "Dòng" and header[-1] == "Lỗi"
    assert ws.max_row == 5


def test_refused_workbook_never_holds_a_formula(world):
    data = xlsx([MEMBER_HEADERS, member_row(name="=HYPERLINK(\"http://x\")", cccd="bad")])
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    from dangvu.imports import workbooks

    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbooks.refused(batch)))
    cells = [c for c in wb.active[2]]
    assert all(c.data_type != "f" for c in cells)


def test_reimport_writes_nothing(world):
    data = xlsx([MEMBER_HEADERS, member_row(), member_row("Lê Thị Cúc", "Nữ", cccd="001190000002", card="123456", n=2)])
    first = run(world["office"], world["committee"], "members", data)
    assert first.counts["create"] == 2
    audits = AuditEntry.objects.filter(model="member").count()
    versions = list(Member.objects.order_by("pk").values_list("version", flat=True))
    again = run(world["office"], world["committee"], "members", data)
    assert again.status == "done"
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "refused": 0}
    assert again.written == 0
    assert AuditEntry.objects.filter(model="member").count() == audits
    assert list(Member.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_update_by_card_number(world):
    m = MemberFactory(full_name="Lê Thị Cúc", gender="female", organization=world["cell_a"], national_id=None,
                      card_number="123456", birth_date=dt.date(1985, 5, 17))
    data = xlsx([[*MEMBER_HEADERS, "Nghề nghiệp"],
                 [*member_row("Lê Thị Cúc", "Nữ", cccd="", card="123456", admitted="02/03/2010", official="02/03/2011"),
                  "Kỹ sư"]])
    batch = run(world["office"], world["committee"], "members", data)
    assert batch.counts["update"] == 1, list(batch.rows.values("errors"))
    m.refresh_from_db()
    assert m.profession == "Kỹ sư" and m.version == 2


def test_a_name_corrected_by_import_is_announced(world):
    """An import that corrects a member's name sends member_renamed (the absence flags and study rows that keep a
    copy of the name for their order take the new one); one that leaves the name alone does not."""
    from dangvu.members.signals import member_renamed

    m = MemberFactory(full_name="Lê Thị Cuc", gender="female", organization=world["cell_a"], national_id=None,
                      card_number="123456", birth_date=dt.date(1985, 5, 17))
    heard = []

    def listen(sender, member_ids, **kwargs):
        heard.append(list(member_ids))

    member_renamed.connect(listen, dispatch_uid="test_import_renamed")
    try:
        row = member_row("Lê Thị Cúc", "Nữ", cccd="", card="123456", admitted="02/03/2010", official="02/03/2011")
        batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, row]))
        assert batch.counts["update"] == 1, list(batch.rows.values("errors"))
        assert heard == [[m.pk]]
        m.refresh_from_db()
        assert m.full_name == "Lê Thị Cúc"
        again = xlsx([[*MEMBER_HEADERS, "Nghề nghiệp"], [*row, "Kỹ sư"]])
        assert run(world["office"], world["committee"], "members", again).counts["update"] == 1
        assert heard == [[m.pk]]  # the profession changed, not the name
    finally:
        member_renamed.disconnect(dispatch_uid="test_import_renamed")


def test_duplicates_against_registry_and_in_file(world):
    existing = MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_b"], birth_date=dt.date(1985, 5, 17))
    data = xlsx([MEMBER_HEADERS,
                 member_row(cccd="001085009991"),  # same name and birth date as the registry: a probable duplicate
                 member_row("Hà Văn Mười", cccd="001085009992", n=2),
                 member_row("Hà Văn Mười", cccd="001085009993", n=3),  # same name and birth date as row 3
                 member_row("Hà Văn Mười Một", cccd="001085009992", n=4)])  # same CCCD as row 3
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    rows = rows_of(batch)
    assert rows[2].action == "duplicate" and rows[2].target_id == existing.pk
    assert rows[3].action == "create"
    assert rows[4].action == "duplicate" and "dòng 3" in rows[4].why and rows[4].target_id is None
    assert rows[5].action == "refused" and "trùng với dòng 3" in rows[5].errors[0]["message"]
    # create anyway needs a reason
    with pytest.raises(Exception, match="lý do"):
        services.decide(world["office"], batch, decisions={"2": "create"})
    services.request_apply(world["office"], batch, decisions={"2": "create", "4": "skip"},
                           reasons={"2": "Hai người khác nhau"})
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done", batch.error
    assert Member.objects.filter(full_name="Nguyễn Văn An").count() == 2
    assert Member.objects.filter(full_name="Hà Văn Mười").count() == 1
    note = AuditEntry.objects.filter(action="import_create_anyway").get().note
    assert "Hai người khác nhau" in note


def test_duplicate_update_choice(world):
    existing = MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_a"], birth_date=dt.date(1985, 5, 17),
                             national_id=None)
    batch = run(world["office"], world["committee"], "members",
                xlsx([MEMBER_HEADERS, member_row(admitted="02/03/2010", official="02/03/2011")]),
                decisions={"2": "update"})
    assert batch.status == "done", batch.error
    existing.refresh_from_db()
    assert existing.national_id == "001085001234"


def test_killed_apply_writes_nothing(world):
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850100{i:02d}", n=i) for i in range(1, 6)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    services.request_apply(world["office"], batch)
    audits = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        engine.apply(batch.pk, fail_after=3)
    assert Member.objects.count() == 0
    assert AuditEntry.objects.count() == audits
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không ghi gì" in batch.error


def test_a_refusal_at_apply_writes_nothing(world):
    """A row checked fine that a service refuses at apply (someone took the CCCD meanwhile): nothing is written."""
    data = xlsx([MEMBER_HEADERS, member_row("Một", cccd="001085020001"), member_row("Hai", cccd="001085020002", n=2)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    MemberFactory(full_name="Người Khác", organization=world["cell_b"], national_id="001085020002")
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "Dòng 3" in batch.error
    assert not Member.objects.filter(full_name="Một").exists()


def test_past_status_refused_by_row(world):
    rows = [[*MEMBER_HEADERS, "Trạng thái"], [*member_row(), "Từ trần"]]
    batch = run(world["office"], world["committee"], "members", xlsx(rows), apply=False)
    assert batch.counts["refused"] == 1
    assert "Quá trình sinh hoạt đảng" in batch.rows.get().errors[0]["message"]


def test_an_apply_left_by_a_killed_worker_is_ready_again(world, set_today, client):
    batch = services.start_import(world["office"], organization=world["committee"], kind="members",
                                  upload=upload(xlsx([MEMBER_HEADERS, member_row()])))
    engine.check(batch.pk)
    batch.refresh_from_db()
    services.request_apply(world["office"], batch)  # the worker dies before writing anything
    set_today(dt.date(2026, 11, 21))
    client.force_login(world["office"])
    page = client.get(f"/nhap-du-lieu/{batch.pk}/").content.decode()
    assert "bị gián đoạn" in page
    batch.refresh_from_db()
    assert batch.status == "ready" and Member.objects.count() == 0


@pytest.mark.parametrize("written, expected", [
    ("17/05/1985", dt.date(1985, 5, 17)), ("7/5/85", dt.date(1985, 5, 7)), ("1985-05-17", dt.date(1985, 5, 17)),
    (31184, dt.date(1985, 5, 17)), (dt.datetime(1985, 5, 17), dt.date(1985, 5, 17)),
])
def test_every_date_form(world, written, expected):
    row = member_row()
    row[3] = written
    batch = run(world["office"], world["committee"], "members", xlsx([MEMBER_HEADERS, row]))
    assert batch.status == "done", list(batch.rows.values("errors"))
    assert Member.objects.get().birth_date == expected
