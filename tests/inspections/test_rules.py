"""Rules of 296-QĐ/TW (and earlier regulations) at their boundary dates; bad inputs write nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.models import AuditEntry
from dangvu.inspections import rulesets, services
from dangvu.inspections.models import Conclusion, Inspection, Remedy, TeamMember
from dangvu.inspections.queries import remedy_summary

from .conftest import D


def _open(users, t, **kw):
    args = dict(kind="task_implementation", conducted_by=t["bloc"], subject_organization=t["committee"],
                decided_on=D, period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    args.update(kw)
    return services.open_inspection(users.get("actor", users["ubkt"]), **args)


def _refused(fn, field, *words):
    counts = (Inspection.objects.count(), TeamMember.objects.count(), Conclusion.objects.count(),
              Remedy.objects.count())
    with pytest.raises(ValidationError) as exc:
        fn()
    errors = exc.value.message_dict
    assert field in errors, errors
    for w in words:
        assert any(w in m for m in errors[field]), errors[field]
    assert counts == (Inspection.objects.count(), TeamMember.objects.count(), Conclusion.objects.count(),
                      Remedy.objects.count())
    return errors[field]


def test_ruleset_by_date():
    assert rulesets.in_force(dt.date(2025, 5, 30))["code"] == "qd296-2025"
    assert rulesets.in_force(dt.date(2025, 5, 29))["code"] == "qd22-2021"
    assert rulesets.in_force(dt.date(2021, 7, 28))["code"] == "qd22-2021"
    assert rulesets.in_force(dt.date(2021, 7, 27))["code"] == "qd30-2016"
    for rs in rulesets.rules.load(str(rulesets.INSPECTION_RULES)):
        assert rs["regulation"] and "confirmed" in rs


@pytest.mark.parametrize("org_key,level,days", [("province", "provincial", 45), ("bloc", "upper", 20),
                                                 ("committee", "grassroots", 20)])
def test_deadline_from_level(t, users, org_key, level, days):
    subject = {"province": t["bloc"], "bloc": t["committee"], "committee": t["cell_a"]}[org_key]
    i = services.open_inspection(None, kind="finance", conducted_by=t[org_key], subject_organization=subject,
                                 decided_on=D, period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    assert (i.level, i.base_days, i.due_on, i.ruleset) == (level, days, D + dt.timedelta(days=days), "qd296-2025")


def test_period_five_years_boundary(t, users):
    ok = _open(users, t, period_from=dt.date(2020, 9, 1))
    assert ok.period_from == dt.date(2020, 9, 1)
    msgs = _refused(lambda: _open(users, t, period_from=dt.date(2020, 8, 31)), "period_from", "không quá 5 năm",
                    "296-QĐ/TW", "01/09/2020")
    assert msgs


def test_dates_out_of_order(t, users):
    _refused(lambda: _open(users, t, period_from=dt.date(2024, 6, 1), period_to=dt.date(2024, 5, 1)), "period_to",
             "ngày kết thúc")
    _refused(lambda: _open(users, t, period_to=dt.date(2025, 9, 2)), "period_to", "sau ngày quyết định")
    _refused(lambda: _open(users, t, decided_on=dt.date(2099, 1, 1)), "decided_on", "sau ngày hôm nay")


def test_subject_outside_subtree(t, users, make_user):
    _refused(lambda: services.open_inspection(None, kind="finance", conducted_by=t["bloc"],
                                              subject_organization=t["other_cell"], decided_on=D,
                                              period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31)),
             "subject_organization_id", "cấp dưới")
    _refused(lambda: _open(users, t, subject_organization=t["bloc"]), "subject_organization_id", "cấp dưới")
    _refused(lambda: _open(users, t, subject_organization=None), "subject_organization_id", "đúng một")


def test_subject_member_inside_subtree(t, users):
    from tests.factories import MemberFactory

    m = MemberFactory(organization=t["cell_b"])
    i = _open(users, t, kind="violation_signs", subject_organization=None, subject_member=m.pk)
    assert i.scope_organization == t["cell_b"] and i.subject_name == m.full_name
    stranger = MemberFactory(organization=t["other_cell"])
    _refused(lambda: _open(users, t, subject_organization=None, subject_member=stranger.pk), "subject_member_id",
             "không thuộc")


def test_out_of_scope_writer_gets_404(t, users):
    for name in ["office", "other_ubkt", "dept_ubkt", "secretary", "member"]:
        with pytest.raises(Http404):
            _open({"ubkt": users[name]}, t)
    assert Inspection.objects.count() == 0


def test_extension_at_most_one_third(t, users, case):
    assert case.base_days == 20 and case.due_on == dt.date(2025, 9, 21)
    _refused(lambda: services.extend(users["ubkt"], case, days=7, reason="Chờ xác minh"), "days", "6 ngày",
             "một phần ba")
    i = services.extend(users["ubkt"], case, days=6, reason="Chờ xác minh")
    assert i.due_on == dt.date(2025, 9, 27) and i.extended_days == 6
    _refused(lambda: services.extend(users["ubkt"], case, days=1, reason="Thêm"), "days", "6 ngày")


def test_team_one_leader_and_conclusion_needs_team(t, users):
    i = _open(users, t)
    _refused(lambda: services.conclude(users["ubkt"], i, text="Kết luận", concluded_on=D), "team", "trưởng đoàn")
    services.add_team_member(users["ubkt"], i, user=users["teamer"], role="member")
    _refused(lambda: services.conclude(users["ubkt"], i, text="Kết luận", concluded_on=D), "team")
    services.add_team_member(users["ubkt"], i, user=users["ubkt"], role="leader")
    _refused(lambda: services.add_team_member(users["ubkt"], i, user=users["office"], role="leader"), "role",
             "đã có trưởng đoàn")
    _refused(lambda: services.add_team_member(users["ubkt"], i, user=users["teamer"], role="member"), "user_id",
             "đã có trong đoàn")


def test_conclusion_with_remedies_and_bad_remedy_dates(t, users, case):
    concluded = dt.date(2025, 9, 15)
    bad = [{"text": "Sinh hoạt chuyên đề chưa đều", "owner_organization_id": t["cell_a"].pk,
            "due_on": dt.date(2025, 9, 14)}]
    _refused(lambda: services.conclude(users["ubkt"], case, text="KL", shortcomings=bad, concluded_on=concluded),
             "shortcomings[0].due_on", "trước ngày kết luận")
    outside = [{"text": "x", "owner_organization_id": t["other_cell"].pk, "due_on": dt.date(2025, 12, 31)}]
    _refused(lambda: services.conclude(users["ubkt"], case, text="KL", shortcomings=outside, concluded_on=concluded),
             "shortcomings[0].owner_organization_id", "thuộc đảng bộ")
    _refused(lambda: services.conclude(users["ubkt"], case, text="KL", score=101, concluded_on=concluded), "score",
             "từ 0 đến 100")
    _refused(lambda: services.conclude(users["ubkt"], case, text="KL", concluded_on=dt.date(2025, 8, 31)),
             "concluded_on", "trước ngày quyết định")
    good = [{"text": "Sinh hoạt chuyên đề chưa đều", "owner_organization_id": t["cell_a"].pk,
             "due_on": concluded},
            {"text": "Kiểm tra, giám sát của chi bộ chưa sâu sát", "due_on": dt.date(2025, 12, 31)}]
    c = services.conclude(users["ubkt"], case, text="Hoàn thành tốt", strengths=["Đoàn kết"], shortcomings=good,
                          score="94", concluded_on=concluded)
    assert c.score == 94 and c.strengths == ["Đoàn kết"]
    owners = sorted(r.owner_organization_id for r in Remedy.objects.all())
    assert owners == sorted([t["cell_a"].pk, t["committee"].pk])
    case.refresh_from_db()
    assert case.status == "concluded"
    _refused(lambda: services.conclude(users["ubkt"], case, text="Lần hai", concluded_on=concluded), "inspection")
    _refused(lambda: services.add_session(users["ubkt"], case, held_on=concluded, place="x", team_attendees="a",
                                          subject_attendees="b"), "inspection")


def test_remedy_progress_and_summary(t, users, case):
    services.conclude(users["ubkt"], case, text="KL", concluded_on=dt.date(2025, 9, 15), shortcomings=[
        {"text": "A", "owner_organization_id": t["committee"].pk, "due_on": dt.date(2025, 10, 31)},
        {"text": "B", "owner_organization_id": t["committee"].pk, "due_on": dt.date(2025, 11, 30)},
        {"text": "C", "owner_organization_id": t["committee"].pk, "due_on": dt.date(2025, 12, 31)},
    ])
    a, b, c = Remedy.objects.order_by("due_on")
    _refused(lambda: services.update_remedy(users["secretary"], a, status="done", done_on=dt.date(2025, 10, 1)),
             "evidence")
    with pytest.raises(Http404):  # a secretary of another chi bộ, an office of another branch: not theirs
        services.update_remedy(users["other_ubkt"], a, status="done", done_on=dt.date(2025, 10, 1), evidence="x")
    services.update_remedy(users["secretary"], a, status="done", done_on=dt.date(2025, 10, 31), evidence="Đã sửa")
    services.update_remedy(users["office"], b, status="done", done_on=dt.date(2025, 12, 1), evidence="Muộn")
    summary = remedy_summary(t["committee"], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert summary == {"total": 3, "done": 2, "done_on_time": 1, "open": 1, "overdue": 1}
    assert c.state == "overdue" and a.__class__.objects.get(pk=a.pk).state == "done"
    assert remedy_summary(t["committee"], dt.date(2025, 11, 1), dt.date(2025, 11, 30))["total"] == 1


def test_steps_in_order_and_audited(t, users, case):
    _refused(lambda: services.record_step(users["ubkt"], case, step="outline_sent_on", on=dt.date(2025, 8, 31)),
             "outline_sent_on", "trước ngày quyết định")
    services.record_step(users["ubkt"], case, step="outline_sent_on", on=dt.date(2025, 9, 3))
    _refused(lambda: services.record_step(users["ubkt"], case, step="self_report_received_on",
                                          on=dt.date(2025, 9, 2)), "self_report_received_on", "đề cương")
    i = services.record_step(users["ubkt"], case, step="self_report_received_on", on=dt.date(2025, 9, 8))
    assert i.status == "executing"
    services.add_session(users["ubkt"], case, held_on=dt.date(2025, 9, 10), place="Hội trường",
                         team_attendees="Trưởng đoàn, 2 thành viên", subject_attendees="Ban Thường vụ")
    services.record_verification(users["ubkt"], case, notes="Hồ sơ đầy đủ")
    services.record_step(users["ubkt"], case, step="team_report_on", on=dt.date(2025, 9, 12), text="Báo cáo")
    assert AuditEntry.objects.filter(object_id=str(case.pk)).count() >= 6 or AuditEntry.objects.count() >= 6


def test_programme_planned_vs_done(t, users):
    p = services.create_programme(users["office"], organization=t["bloc"], year=2025, title="Chương trình 2025")
    item = services.add_programme_item(users["ubkt"], p, subject_organization=t["committee"], kind="finance",
                                       content="Thu, nộp đảng phí", month=9)
    with pytest.raises(ValidationError):
        services.add_programme_item(users["ubkt"], p, subject_organization=t["other_cell"], kind="finance",
                                    content="x", month=13)
    with pytest.raises(ValidationError):
        services.create_programme(users["office"], organization=t["bloc"], year=2025, title="Trùng")
    with pytest.raises(Http404):
        services.create_programme(users["secretary"], organization=t["bloc"], year=2026, title="x")
    i = _open(users, t, programme_item=item.pk)
    assert i.programme_item == item and item.inspections.count() == 1


def test_older_case_uses_22_qd_tw(t, users):
    i = _open(users, t, decided_on=dt.date(2025, 5, 29), period_from=dt.date(2020, 5, 29),
              period_to=dt.date(2025, 5, 1))
    assert i.ruleset == "qd22-2021"
    _refused(lambda: _open(users, t, decided_on=dt.date(2025, 5, 29), period_from=dt.date(2020, 5, 28),
                           period_to=dt.date(2025, 5, 1)), "period_from", "22-QĐ/TW")


@pytest.mark.parametrize("today,left,warn", [(dt.date(2025, 9, 15), 6, False), (dt.date(2025, 9, 16), 5, True),
                                             (dt.date(2025, 9, 22), -1, True)])
def test_deadline_warning_as_it_approaches(set_today, case, today, left, warn):
    from dangvu.inspections import api

    set_today(today)
    out = api.inspection_out(case)
    assert (out["days_left"], out["deadline_warning"]) == (left, warn)


def test_extension_limit_names_the_share_the_rule_data_gives(monkeypatch, users, case):
    real = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force",
                        lambda day: {**real(day), "extension_fraction": [1, 2], "extension_fraction_text": "một nửa"})
    _refused(lambda: services.extend(users["ubkt"], case, days=11, reason="Chờ xác minh"), "days",
             "không quá 10 ngày (một nửa của 20 ngày)")
    assert services.extend(users["ubkt"], case, days=10, reason="Chờ xác minh").extended_days == 10
