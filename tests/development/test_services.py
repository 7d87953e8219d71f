"""Member development services: the way from proposal to admission, its checks, the kept counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.models import AuditEntry
from dangvu.core.workdays import add_working_days
from dangvu.development import queries, services
from dangvu.development.models import AdmissionCount, DossierItem, Prospect, Stage
from dangvu.members.models import Member, Status

from .conftest import complete_dossier, make_prospect, to_resolved


def _snapshot():
    return (list(Prospect.objects.values()), DossierItem.objects.count(), Member.objects.count(),
            AuditEntry.objects.count(), list(AdmissionCount.objects.values()))


def _refused(call, field):
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.message_dict, exc.value.message_dict
    assert _snapshot() == before
    return " ".join(exc.value.message_dict[field])


def test_admit_creates_probationary_member_from_prospect(t, resolved):
    m = services.admit(None, resolved, decision="125-QĐ/ĐU", on=dt.date(2026, 4, 1), organization=t["committee"])
    resolved.refresh_from_db()
    assert m.status == Status.PROBATIONARY and m.admitted_on == dt.date(2026, 4, 1)
    assert (m.full_name, m.birth_date, m.gender, m.organization_id) == (
        "Lê Thị Ưu Tú", dt.date(2000, 3, 15), "female", t["cell_a"].pk)
    assert resolved.stage == Stage.DECIDED and resolved.member_id == m.pk
    assert resolved.ceremony_due_on == add_working_days(dt.date(2026, 4, 1), 30)
    assert set(resolved.dossier_items.values_list("code", flat=True)) >= {"6-KNĐ", "9-KNĐ"}
    counts = dict(AdmissionCount.objects.filter(year=2026).values_list("organization_id", "admitted"))
    for org in ("province", "bloc", "committee", "cell_a"):
        assert counts[t[org].pk] == 1
    assert t["cell_b"].pk not in counts


def test_resolution_refused_when_dossier_item_missing(t, prospect):
    services.record_step(None, prospect, step="class", on=dt.date(2026, 2, 10), class_name="Lớp 1")
    msg = _refused(lambda: services.record_step(None, prospect, step="dossier", on=dt.date(2026, 3, 5)), "dossier")
    assert "1-KNĐ" in msg and "5-KNĐ" in msg
    complete_dossier(prospect, ["1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"])
    services.record_step(None, prospect, step="dossier", on=dt.date(2026, 3, 5))
    DossierItem.objects.filter(prospect=prospect, code="2-KNĐ").delete()
    msg = _refused(lambda: services.record_step(None, prospect, step="resolution", on=dt.date(2026, 3, 20)), "dossier")
    assert "2-KNĐ" in msg and "1-KNĐ" not in msg


def test_resolution_refused_under_18(t):
    p = make_prospect(t, birth_date=dt.date(2008, 6, 1))
    services.record_step(None, p, step="class", on=dt.date(2026, 2, 10), class_name="Lớp 1")
    complete_dossier(p)
    services.record_step(None, p, step="dossier", on=dt.date(2026, 3, 5))
    msg = _refused(lambda: services.record_step(None, p, step="resolution", on=dt.date(2026, 3, 20)), "on")
    assert "chưa đủ 18 tuổi" in msg
    services.record_step(None, p, step="resolution", on=dt.date(2026, 6, 1))  # 18 that day
    p.refresh_from_db()
    assert p.stage == Stage.RESOLVED


def test_resolution_refused_without_awareness_class(t, prospect):
    complete_dossier(prospect)
    msg = _refused(lambda: services.record_step(None, prospect, step="resolution", on=dt.date(2026, 3, 20)), "step")
    assert "giai đoạn" in msg


def test_decision_before_resolution_refused(t, resolved):
    msg = _refused(lambda: services.admit(None, resolved, decision="1-QĐ", on=dt.date(2026, 3, 19)), "on")
    assert "20/03/2026" in msg


def test_ceremony_before_decision_refused_and_late_needs_reason(t, resolved):
    services.admit(None, resolved, decision="1-QĐ", on=dt.date(2026, 4, 1))
    resolved.refresh_from_db()
    _refused(lambda: services.record_step(None, resolved, step="ceremony", on=dt.date(2026, 3, 31)), "on")
    late = resolved.ceremony_due_on + dt.timedelta(days=1)
    msg = _refused(lambda: services.record_step(None, resolved, step="ceremony", on=late), "note")
    assert "Lý do" in msg
    services.record_step(None, resolved, step="ceremony", on=late, note="Bí thư chi bộ đi công tác.")
    resolved.refresh_from_db()
    assert resolved.stage == Stage.ADMITTED and resolved.ceremony_late


def test_ceremony_on_time_not_late(t, resolved):
    services.admit(None, resolved, decision="1-QĐ", on=dt.date(2026, 4, 1))
    services.record_step(None, resolved, step="ceremony", on=dt.date(2026, 4, 15))
    resolved.refresh_from_db()
    assert not resolved.ceremony_late and resolved.ceremony_late_reason == ""


def test_refusal_needs_reason_and_is_audited(t, prospect):
    _refused(lambda: services.record_step(None, prospect, step="refuse", on=dt.date(2026, 2, 1)), "note")
    services.record_step(None, prospect, step="refuse", on=dt.date(2026, 2, 1), note="Chưa đủ tiêu chuẩn.")
    prospect.refresh_from_db()
    assert prospect.stage == Stage.REFUSED and prospect.closed_reason == "Chưa đủ tiêu chuẩn."
    assert AuditEntry.objects.filter(model="prospect", object_id=str(prospect.pk), action="step").exists()
    _refused(lambda: services.record_step(None, prospect, step="class", on=dt.date(2026, 2, 2), class_name="x"),
             "step")


def test_withdraw_after_decision_refused(t, resolved):
    services.admit(None, resolved, decision="1-QĐ", on=dt.date(2026, 4, 1))
    _refused(lambda: services.record_step(None, resolved, step="withdraw", on=dt.date(2026, 4, 2), note="x"), "step")


def test_create_refuses_bad_details(t, helpers):
    _refused(lambda: make_prospect(t, national_id="123"), "national_id")
    _refused(lambda: make_prospect(t, national_id=helpers[0].national_id), "national_id")
    _refused(lambda: make_prospect(t, organization=t["committee"]), "organization_id")
    _refused(lambda: make_prospect(t, full_name=""), "full_name")
    _refused(lambda: make_prospect(t, birth_date=dt.date(2030, 1, 1)), "birth_date")
    from tests.factories import MemberFactory

    stranger = MemberFactory(organization=t["cell_b"])
    _refused(lambda: make_prospect(t, helpers=[stranger.pk]), "helper_ids")
    p = make_prospect(t, helpers=[h.pk for h in helpers], full_name="Lê  Thị   Na")
    assert sorted(p.helpers.values_list("pk", flat=True)) == sorted(h.pk for h in helpers)


def test_update_prospect_version_and_helpers(t, prospect, helpers):
    from dangvu.core.errors import ConflictError

    services.update_prospect(None, prospect, version=prospect.version, full_name="Lê Thị Ưu Tú Mới",
                             helpers=[helpers[0].pk])
    prospect.refresh_from_db()
    assert prospect.full_name == "Lê Thị Ưu Tú Mới" and prospect.version == 2
    with pytest.raises(ConflictError):
        services.update_prospect(None, prospect, version=1, full_name="X Y")


def test_progress_across_subtree(t, users):
    services.set_target(users["office"], organization=t["committee"], year=2026, target=4)
    services.set_target(users["office"], organization=t["cell_a"], year=2026, target=3)
    services.set_target(users["dept_office"], organization=t["cell_b"], year=2026, target=1)
    for i in range(2):
        p = to_resolved(t, full_name=f"Người Thứ {'Nhất' if i == 0 else 'Hai'}")
        services.admit(None, p, decision=f"{i}-QĐ", on=dt.date(2026, 4, 1))
    data = queries.progress(t["committee"], 2026)
    assert (data["total"]["target"], data["total"]["admitted"]) == (4, 2)
    rows = {r["organization"].pk: r for r in data["children"]}
    assert (rows[t["cell_a"].pk]["target"], rows[t["cell_a"].pk]["admitted"]) == (3, 2)
    assert (rows[t["cell_b"].pk]["target"], rows[t["cell_b"].pk]["admitted"]) == (1, 0)
    assert data["children_target"] == 4 and data["children_admitted"] == 2
    assert queries.progress(t["bloc"], 2026)["total"]["admitted"] == 2
    assert queries.progress(t["committee"], 2025)["total"]["admitted"] == 0


def test_target_set_by_superior_office_only(t, users):
    _refused(lambda: services.set_target(users["dept_office"], organization=t["committee"], year=2026, target=3),
             "organization_id")
    _refused(lambda: services.set_target(users["other_office"], organization=t["cell_a"], year=2026, target=3),
             "organization_id")
    _refused(lambda: services.set_target(users["secretary"], organization=t["cell_a"], year=2026, target=3),
             "organization_id")
    _refused(lambda: services.set_target(users["office"], organization=t["cell_a"], year=2026, target=-1), "target")
    _refused(lambda: services.set_target(users["office"], organization=t["cell_a"], year=1999, target=1), "year")
    row = services.set_target(users["office"], organization=t["cell_a"], year=2026, target=3)
    row = services.set_target(users["office"], organization=t["cell_a"], year=2026, target=5, version=row.version)
    assert row.target == 5 and row.version == 2


def test_dossier_item_rejects_unknown_code_and_bad_file(t, prospect):
    from django.core.files.base import ContentFile

    _refused(lambda: services.record_item(None, prospect, code="99-KNĐ", on=dt.date(2026, 2, 1)), "code")
    _refused(lambda: services.record_item(None, prospect, code="1-KNĐ", on=dt.date(2026, 2, 1),
                                          file=ContentFile(b"not a pdf", name="don.pdf")), "file")
    item = services.record_item(None, prospect, code="1-KNĐ", on=dt.date(2026, 2, 1),
                                file=ContentFile(b"%PDF-1.4\n", name="don.pdf"))
    check = {c["code"]: c for c in services.checklist(prospect)}
    assert check["1-KNĐ"]["item"] == item and len(check["1-KNĐ"]["files"]) == 1
    assert check["2-KNĐ"]["missing"] and not check["4-KNĐ"]["missing"] and not check["6-KNĐ"]["missing"]


def test_rule_data_by_date():
    from dangvu.development import rulesets

    assert "12-HD/BTCTW" in rulesets.in_force(dt.date(2023, 1, 1))["regulation"]
    assert "09-HD/BTCTW" in rulesets.in_force(dt.date(2018, 1, 1))["regulation"]
    assert rulesets.in_force(dt.date(2005, 1, 1))["code"] == "admission-forms-2012"
    codes = [f["code"] for f in rulesets.forms(dt.date(2026, 1, 1))]
    assert codes == [f"{i}-KNĐ" for i in range(1, 10)]


def test_move_to_other_cell_checks_helpers(t, helpers):
    p = make_prospect(t, helpers=[h.pk for h in helpers])
    _refused(lambda: services.update_prospect(None, p, organization=t["cell_b"]), "helper_ids")
    services.update_prospect(None, p, organization=t["cell_b"], helpers=[])
    p.refresh_from_db()
    assert p.organization_id == t["cell_b"].pk and p.org_path == t["cell_b"].path and not p.helpers.exists()


def test_kept_counts_match_a_recount(t, users, helpers):
    from dangvu.development import counts
    from dangvu.development.models import ProspectCount

    a = to_resolved(t, full_name="Người Một")
    services.admit(None, a, decision="1-QĐ", on=dt.date(2026, 4, 1))
    b = make_prospect(t, full_name="Người Hai")
    services.update_prospect(None, b, organization=t["cell_b"])
    c = make_prospect(t, full_name="Người Ba")
    services.record_step(None, c, step="withdraw", on=dt.date(2026, 2, 1), note="Chuyển công tác.")

    def snapshot():
        return ({(r.organization_id, r.stage): r.count for r in ProspectCount.objects.all() if r.count},
                {(r.organization_id, r.year): r.admitted for r in AdmissionCount.objects.all() if r.admitted})

    kept = snapshot()
    counts.rebuild()
    assert snapshot() == kept
    assert kept[0][t["committee"].pk, "decided"] == 1 and kept[0][t["cell_b"].pk, "proposed"] == 1
    assert queries.stage_counts(users["office"]) == {"decided": 1, "proposed": 1, "withdrawn": 1}
    assert queries.stage_counts(users["secretary_b"]) == {"proposed": 1}
