"""The period report's section "Phát triển đảng viên" and the report checker's reading of it."""

import datetime as dt

from dangvu.development import services
from dangvu.reports.checker.service import check_report
from dangvu.reports.period import build

from .conftest import make_prospect, to_resolved


def test_period_section_counts_and_target(t, users):
    services.set_target(users["office"], organization=t["committee"], year=2026, target=5)
    services.set_target(users["office"], organization=t["cell_a"], year=2026, target=3)
    p = to_resolved(t)
    services.admit(None, p, decision="1-QĐ", on=dt.date(2026, 4, 1))
    services.record_step(None, p, step="ceremony", on=dt.date(2026, 6, 1), note="Chậm vì đi học.")
    make_prospect(t, full_name="Người Mới Đến", organization=t["cell_b"], proposed_on=dt.date(2026, 5, 2))
    report = build(users["office"], t["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                         sections={"development"})
    s = report.section("development")
    assert s.title == "Phát triển đảng viên"
    assert s.figure("proposed").value == 2 and s.figure("admitted").value == 1
    assert s.figure("ceremonies_late").value == 1 and s.figure("target").value == 5
    assert s.figure("admitted_year").value == 1
    assert dict(s.figure("target").by_child) == {t["cell_a"].pk: 3, t["cell_b"].pk: None}
    assert dict(s.figure("stage_proposed").by_child) == {t["cell_a"].pk: 0, t["cell_b"].pk: 1}


def test_checker_reads_target_and_class(t, users):
    services.set_target(users["office"], organization=t["committee"], year=2026, target=5)
    p = make_prospect(t)
    services.record_step(None, p, step="class", on=dt.date(2026, 2, 1), class_name="Lớp 1")
    text = ("Chỉ tiêu kết nạp năm 2026 là 5 đảng viên. Có 2 quần chúng ưu tú được học lớp bồi dưỡng nhận thức "
            "về Đảng.")
    report, checked, _ = check_report(users["office"], t["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                                      text)
    got = {c.figure[1]: c for c in checked if c.figure}
    assert got["target"].verdict == "agrees" and got["target"].value == 5
    assert got["trained"].verdict == "differs" and got["trained"].records_value == 1
