from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, run, xlsx


def test_members_import_then_reimport(world):
    data = xlsx([MEMBER_HEADERS, member_row(), member_row("TRẦN  thị bình", "Nữ", "03/1990", cccd="001190004321", n=2)],
                title="DANH SÁCH ĐẢNG VIÊN")
    batch = run(world["office"], world["committee"], "members", data)
    print(batch.error, list(batch.rows.values("number", "action", "errors", "why")))
    assert batch.status == "done", batch.error
    assert batch.counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 0}
    m = Member.objects.get(national_id="001190004321")
    assert m.full_name == "Trần Thị Bình"
    assert m.birth_date_shown == "03/1990"
    again = run(world["office"], world["committee"], "members", data)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "refused": 0}
