"""Each rule at its boundary dates: limitation periods, allowed forms, complaint window, working-day deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.audit import history
from dangvu.discipline import services
from dangvu.discipline.models import Complaint, Denouncer, Denunciation, Discipline
from dangvu.discipline.queries import disciplines_in_period
from dangvu.members.models import MemberEvent, Status
from dangvu.organizations.models import Term
from tests.factories import MemberFactory

D = dt.date


def record(w, actor=None, **kw):
    data = {"member": w.full, "form": "reprimand", "violation_on": D(2019, 6, 10), "decided_on": D(2024, 6, 10)}
    data.update(kw)
    return services.record_discipline(actor or w.ubkt, **data)


def errors_of(exc):
    return exc.value.message_dict


# ------------------------------------------------------------------------------ limitation periods


@pytest.mark.parametrize("form,violation_on", [("reprimand", D(2019, 6, 10)), ("warning", D(2014, 6, 10))])
def test_limitation_last_day_is_in_time_and_next_day_refused(w, form, violation_on):
    d = record(w, form=form, violation_on=violation_on, decided_on=D(2024, 6, 10))
    assert d.pk and d.ruleset == "qd69-2022"
    with pytest.raises(ValidationError) as exc:
        record(w, form=form, violation_on=violation_on, decided_on=D(2024, 6, 11))
    msg = errors_of(exc)["violation_on"][0]
    assert "đã hết thời hiệu" in msg and "10/06/2024" in msg and "Quy định 69-QĐ/TW" in msg
    assert Discipline.objects.count() == 1


def test_dismissal_limitation_ten_years_and_needs_a_post(w):
    with pytest.raises(ValidationError) as exc:
        record(w, form="dismissal", violation_on=D(2020, 1, 1), decided_on=D(2024, 1, 5))
    assert "đang giữ chức vụ" in errors_of(exc)["form"][0]
    d = record(w, form="dismissal", violation_on=D(2014, 1, 5), decided_on=D(2024, 1, 5), post_held="Phó Bí thư")
    assert d.post_held == "Phó Bí thư"
    with pytest.raises(ValidationError):
        record(w, form="dismissal", violation_on=D(2014, 1, 5), decided_on=D(2024, 1, 6), post_held="Phó Bí thư")


def test_expulsion_has_no_limitation_and_ends_membership(w):
    d = record(w, form="expulsion", violation_on=D(1995, 1, 1), decided_on=D(2024, 3, 1), decision_number="12-QĐ/UBKT")
    w.full.refresh_from_db()
    assert w.full.status == Status.EXPELLED
    event = MemberEvent.objects.get(member=w.full, kind="expulsion")
    assert event.on == D(2024, 3, 1) and event.decision == "12-QĐ/UBKT"
    assert d.form == "expulsion"


def test_new_violation_restarts_the_limitation(w):
    d = record(w, violation_on=D(2015, 1, 1), new_violation_on=D(2020, 1, 1), decided_on=D(2024, 12, 31))
    assert d.new_violation_on == D(2020, 1, 1)


def test_organisation_limitation_and_dissolution(w):
    cell = w.t["cell_b"]
    with pytest.raises(ValidationError) as exc:
        record(w, member=None, organization=cell, form="warning", violation_on=D(2013, 1, 1), decided_on=D(2024, 1, 1))
    assert "10 năm" in errors_of(exc)["violation_on"][0]
    d = record(w, member=None, organization=cell, form="dissolution", violation_on=D(2000, 1, 1),
               decided_on=D(2024, 1, 1))
    assert d.decided_by == w.t["committee"] and d.scope_organization == cell


# ------------------------------------------------------------------------------ allowed forms


@pytest.mark.parametrize("subject,form", [
    ("probationary", "dismissal"), ("probationary", "expulsion"), ("probationary", "dissolution"),
    ("full", "dissolution"), ("org", "expulsion"), ("org", "dismissal"),
])
def test_form_not_allowed_for_subject_writes_nothing(w, subject, form):
    kw = {"organization": w.t["cell_b"], "member": None} if subject == "org" else {"member": getattr(w, subject)}
    with pytest.raises(ValidationError) as exc:
        record(w, form=form, post_held="Bí thư", violation_on=D(2024, 1, 1), decided_on=D(2024, 2, 1), **kw)
    msg = errors_of(exc)["form"][0]
    assert "không áp dụng" in msg and "Quy định 69-QĐ/TW" in msg
    assert Discipline.objects.count() == 0 and Denunciation.objects.count() == 0


def test_probationary_member_reprimand_allowed(w):
    d = record(w, member=w.probationary, violation_on=D(2026, 1, 5), decided_on=D(2026, 2, 2))
    assert d.member_status == "probationary"


@pytest.mark.parametrize("kw,field", [
    ({"decided_on": D(2019, 6, 1)}, "decided_on"),  # before the violation
    ({"decided_on": D(2099, 1, 1)}, "decided_on"),  # in the future
    ({"form": "fine"}, "form"),
    ({"violation_on": None}, "violation_on"),
    ({"received_on": D(2024, 6, 1)}, "received_on"),  # before the decision
    ({"decided_by": "OTHER"}, "decided_by_id"),  # subject outside the deciding body's sub-tree
    ({"member": None}, "member_id"),
])
def test_bad_discipline_input_writes_nothing(w, kw, field):
    if kw.get("decided_by") == "OTHER":
        kw["decided_by"] = w.t["other"]
    with pytest.raises(ValidationError) as exc:
        record(w, **kw)
    assert field in errors_of(exc)
    assert Discipline.objects.count() == 0
    w.full.refresh_from_db()
    assert w.full.status == Status.FULL


def test_out_of_scope_subject_is_404(w):
    with pytest.raises(Http404):
        record(w, member=w.other_member)
    for user in (w.office, w.secretary, w.member_user, w.handler):
        with pytest.raises(Http404):
            record(w, actor=user)
    assert Discipline.objects.count() == 0


def test_disciplines_in_period_contract(w):
    d1 = record(w, decided_on=D(2024, 6, 10))
    record(w, decided_on=D(2023, 6, 10))
    assert disciplines_in_period([w.full.pk], D(2024, 1, 1), D(2024, 12, 31)) == {w.full.pk: [d1]}


# ------------------------------------------------------------------------------ complaints


def test_complaint_window_one_month_from_receipt(w):
    d = record(w, decided_on=D(2024, 6, 10), received_on=D(2024, 6, 15))
    with pytest.raises(ValidationError) as exc:
        services.file_complaint(w.ubkt, d, filed_on=D(2024, 7, 16), content="Không đồng ý")
    msg = errors_of(exc)["filed_on"][0]
    assert "quá thời hạn khiếu nại 1 tháng" in msg and "15/07/2024" in msg and "Điều lệ Đảng" in msg
    assert Complaint.objects.count() == 0
    c = services.file_complaint(w.ubkt, d, filed_on=D(2024, 7, 15), content="Không đồng ý")
    assert c.handled_by == w.t["committee"]  # the superior of the deciding chi bộ
    assert c.due_on > c.filed_on


def test_complaint_window_end_of_month_clamped(w):
    d = record(w, decided_on=D(2024, 1, 31))
    assert d.complaint_until == D(2024, 2, 29)


def test_complaint_annuls_or_changes_the_discipline(w):
    d = record(w, form="warning", decided_on=D(2024, 6, 10))
    c = services.file_complaint(w.ubkt, d, filed_on=D(2024, 6, 20), content="Xin xem xét lại")
    with pytest.raises(ValidationError) as exc:
        services.resolve_complaint(w.ubkt, c, result="changed", new_form="dissolution", resolved_on=D(2024, 8, 1))
    assert "new_form" in errors_of(exc)
    services.resolve_complaint(w.ubkt, c, result="changed", new_form="reprimand", resolved_on=D(2024, 8, 1))
    d.refresh_from_db()
    assert d.form == "reprimand" and d.status == "in_force"
    c2 = services.file_complaint(w.ubkt, d, filed_on=D(2024, 7, 1), content="Lần hai")
    services.resolve_complaint(w.ubkt, c2, result="annulled", resolved_on=D(2024, 9, 1))
    d.refresh_from_db()
    assert d.status == "annulled"
    assert disciplines_in_period([w.full.pk], D(2024, 1, 1), D(2024, 12, 31)) == {}


# ------------------------------------------------------------------------------ denunciations

HOLIDAYS_2026 = {D(2026, 1, 1), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
                 D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 1), D(2026, 9, 2)}


def working_days_after(start, n):
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAYS_2026:
            n -= 1
    return day


def denounce(w, actor=None, **kw):
    data = {"received_on": D(2026, 1, 5), "content": "Vi phạm quy định nêu gương", "denouncer_name": "Người A",
            "subject_member": w.full}
    data.update(kw)
    return services.register_denunciation(actor or w.ubkt, **data)


def test_denunciation_deadline_90_working_days_across_tet(w):
    d = denounce(w)
    assert d.status == "handling"
    assert d.due_on == working_days_after(D(2026, 1, 5), 90)
    # Tết 2026 (16–20/02) is skipped: 90 working days without holidays would end earlier
    assert d.due_on == D(2026, 5, 21)
    assert d.handled_by == w.t["committee"] and d.level == "grassroots"


def test_denunciation_one_extension_up_to_30_working_days(w):
    d = denounce(w)
    with pytest.raises(ValidationError) as exc:
        services.extend_denunciation(w.ubkt, d, days=31)
    assert "từ 1 đến 30 ngày làm việc" in errors_of(exc)["days"][0]
    d = services.extend_denunciation(w.ubkt, d, days=30, reason="Cần xác minh thêm")
    assert d.due_on == working_days_after(D(2026, 5, 21), 30)
    with pytest.raises(ValidationError) as exc:
        services.extend_denunciation(w.ubkt, d, days=5)
    assert "chỉ được gia hạn 1 lần" in errors_of(exc)["days"][0]


@pytest.mark.parametrize("anonymous,impersonating,reason", [(True, False, "anonymous"), (False, True, "impersonating")])
def test_anonymous_or_impersonating_not_handled(w, anonymous, impersonating, reason):
    d = denounce(w, anonymous=anonymous, impersonating=impersonating,
                 denouncer_name="" if anonymous else "Người B")
    assert d.status == "not_handled" and d.not_handled_reason == reason and d.due_on is None


def test_pre_congress_boundary_25_working_days_grassroots(w):
    congress = D(2026, 3, 20)  # Friday
    # 25 working days before the congress (counting the congress day): passed to the new committee
    received = D(2026, 2, 6)  # across Tết 16–20/02
    from dangvu.core.dates import working_days_between
    assert working_days_between(received, congress) == 25
    d = denounce(w, received_on=received, congress_on=congress)
    assert d.status == "deferred" and d.due_on == working_days_after(congress, 90)
    d2 = denounce(w, received_on=D(2026, 2, 5), congress_on=congress)
    assert working_days_between(D(2026, 2, 5), congress) == 26
    assert d2.status == "handling"


def test_pre_congress_from_term_data_and_higher_level(w):
    bloc = w.t["bloc"]
    Term.objects.create(organization=bloc, name="2026-2031", started_on=D(2026, 3, 20))
    committee = w.t["committee"]
    # organisation subject: handled by its superior (the bloc, above grassroots: 30 working days)
    received = D(2026, 1, 30)
    from dangvu.core.dates import working_days_between
    assert working_days_between(received, D(2026, 3, 20)) == 30
    d = denounce(w, subject_member=None, subject_organization=committee, received_on=received)
    assert d.handled_by == bloc and d.level == "higher" and d.status == "deferred"
    assert d.congress_on == D(2026, 3, 20)
    d2 = denounce(w, subject_member=None, subject_organization=committee, received_on=D(2026, 1, 29))
    assert d2.status == "handling"


@pytest.mark.parametrize("kw,field", [
    ({"content": "  "}, "content"),
    ({"denouncer_name": ""}, "denouncer_name"),
    ({"anonymous": True}, "denouncer_name"),  # anonymous but a name given
    ({"received_on": D(2099, 1, 1)}, "received_on"),
    ({"subject_member": None}, "subject_member_id"),
    ({"congress_on": D(2025, 1, 1)}, "congress_on"),
])
def test_bad_denunciation_input_writes_nothing(w, kw, field):
    with pytest.raises(ValidationError) as exc:
        denounce(w, **kw)
    assert field in errors_of(exc)
    assert Denunciation.objects.count() == 0 and Denouncer.objects.count() == 0


def test_denunciation_result_and_notification(w):
    d = denounce(w)
    with pytest.raises(ValidationError):
        services.notify_denunciation(w.ubkt, d, notified_on=D(2026, 3, 1))
    d = services.conclude_denunciation(w.ubkt, d, result="partly", concluded_on=D(2026, 3, 2), result_text="Đúng một phần")
    assert d.status == "resolved"
    with pytest.raises(ValidationError):
        services.notify_denunciation(w.ubkt, d, notified_on=D(2026, 3, 1))
    d = services.notify_denunciation(w.ubkt, d, notified_on=D(2026, 3, 3))
    assert d.notified_on == D(2026, 3, 3)


def test_denouncer_identity_not_in_audit_trail(w):
    d = denounce(w, denouncer_name="Phạm Văn Tố", denouncer_address="Số 1 đường A", denouncer_contact="lienhe@vi.du")
    for entry in history(d):
        text = repr(entry.before) + repr(entry.after) + entry.note
        assert "Phạm Văn Tố" not in text and "lienhe@vi.du" not in text and "đường A" not in text
    assert services.read_identity(w.ubkt, d).name == "Phạm Văn Tố"


def test_stale_version_conflict(w):
    from dangvu.core.errors import ConflictError

    d = denounce(w)
    with pytest.raises(ConflictError):
        services.extend_denunciation(w.ubkt, d, days=5, version=d.version + 1)


def test_expulsion_of_removed_member_refused(w):
    gone = MemberFactory(organization=w.t["cell_a"], status=Status.REMOVED)
    with pytest.raises(ValidationError) as exc:
        record(w, member=gone, form="expulsion")
    assert "không còn sinh hoạt" in errors_of(exc)["member_id"][0]


def test_annulling_an_expulsion_is_refused_and_writes_nothing(w):
    d = record(w, form="expulsion", violation_on=D(2024, 1, 1), decided_on=D(2024, 3, 1))
    c = services.file_complaint(w.ubkt, d, filed_on=D(2024, 3, 20), content="Xin xem xét")
    with pytest.raises(ValidationError) as exc:
        services.resolve_complaint(w.ubkt, c, result="annulled", resolved_on=D(2024, 5, 1))
    assert "khai trừ" in errors_of(exc)["result"][0]
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == "handling" and d.status == "in_force"


def test_impersonation_found_later_stops_handling(w):
    d = denounce(w)
    d = services.declare_impersonating(w.ubkt, d, note="Người đứng tên xác nhận không viết đơn")
    assert d.status == "not_handled" and d.not_handled_reason == "impersonating" and d.due_on is None
    with pytest.raises(ValidationError):
        services.declare_impersonating(w.ubkt, d)


def test_expulsion_by_admin_is_audited_on_the_member_with_the_admin(w):
    record(w, actor=w.admin, form="expulsion", violation_on=D(2024, 1, 1), decided_on=D(2024, 3, 1))
    entry = history(w.full).first()
    assert entry.actor == w.admin and entry.after["status"] == "expelled"
    other = MemberFactory(organization=w.t["cell_a"])
    record(w, member=other, form="expulsion", violation_on=D(2024, 1, 1), decided_on=D(2024, 3, 1))
    entry = history(other).first()
    assert entry.actor is None and "quyết định kỷ luật" in entry.note
