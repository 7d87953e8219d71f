"""Importing organisations: parent by code or by name path, keyed by code, scope, re-import."""

import datetime as dt

from dangvu.organizations.models import Organization, OrganizationStats

from .conftest import run, xlsx

HEADERS = ["Mã tổ chức", "Tên tổ chức đảng", "Loại hình", "Cấp trên", "Ngày thành lập"]


def test_tree_by_code_and_name_path(world):
    committee = world["committee"]
    data = xlsx([
        HEADERS,
        ["BP01", "Đảng bộ bộ phận Kỹ thuật", "Đảng bộ bộ phận", "", "15/03/2010"],
        ["CB01", "Chi bộ Kỹ thuật 1", "Chi bộ trực thuộc", "BP01", "01/04/2010"],
        ["CB02", "Chi bộ Kỹ thuật 2", "Chi bộ trực thuộc",
         "Đảng bộ Sở Thử nghiệm > Đảng bộ bộ phận Kỹ thuật", "04/2011"],
        ["CB03", "Chi bộ Ngoài", "Chi bộ trực thuộc", "Chi bộ Khác", ""],
    ], title="DANH SÁCH TỔ CHỨC ĐẢNG")
    batch = run(world["office"], committee, "organizations", data)
    assert batch.status == "done", (batch.error, list(batch.rows.values("number", "errors")))
    assert batch.counts == {"create": 3, "update": 0, "unchanged": 0, "refused": 1}
    sub = Organization.objects.get(code="BP01")
    assert sub.parent == committee and sub.established_on == dt.date(2010, 3, 15)
    assert Organization.objects.get(code="CB01").parent == sub
    assert Organization.objects.get(code="CB02").parent == sub
    refused = batch.rows.get(action="refused")
    assert refused.errors[0]["column"] == "Cấp trên" and "ngoài phạm vi" in refused.errors[0]["message"]
    # the roll-ups follow (the services wrote them)
    assert OrganizationStats.objects.filter(organization=committee).exists()
    again = run(world["office"], committee, "organizations", data)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3, "refused": 1}
    assert Organization.objects.filter(code__in=["BP01", "CB01", "CB02"]).count() == 3


def test_rename_by_code_and_kind_rules(world):
    cell = world["cell_a"]
    data = xlsx([HEADERS, [cell.code, "Chi bộ Văn phòng Sở", "Chi bộ trực thuộc", "", ""],
                 ["X1", "Đảng bộ lạ", "Đảng bộ trực thuộc Trung ương", "", ""],
                 ["X2", "Loại lạ", "Hội đồng", "", ""]])
    batch = run(world["office"], world["committee"], "organizations", data)
    assert batch.status == "done"
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Văn phòng Sở" and cell.version == 2
    messages = [r.errors[0]["message"] for r in batch.rows.filter(action="refused").order_by("number")]
    assert "không được lập trực thuộc" in messages[0]
    assert "không phải loại đã biết" in messages[1]


def test_rows_without_code_are_keyed_by_name_under_parent(world):
    data = xlsx([["Tên tổ chức", "Loại"], ["Chi bộ Mới", "Chi bộ trực thuộc"]])
    first = run(world["office"], world["committee"], "organizations", data)
    assert first.counts["create"] == 1
    again = run(world["office"], world["committee"], "organizations", data)
    assert again.counts["unchanged"] == 1
