"""The maintained document counts (documents.counts, DocumentCount) equal a recount from the register, the
distributions and the inboxes after every kind of service call; the period report and the dashboard read them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.documents import counts, services
from dangvu.documents.models import DocumentCount, InboxItem
from dangvu.reports.dashboard.data.documents import documents as documents_chart
from dangvu.reports.period import build

from .conftest import docx_bytes

pytestmark = pytest.mark.django_db
D = dt.date


def _agree():
    assert counts.stored() == counts.recount()


def _n(org, measure, side="sent"):
    return sum(DocumentCount.objects.filter(organization=org, measure=measure, side=side)
               .values_list("count", flat=True))


def _world(w, set_today):
    from dangvu.organizations.models import Term

    set_today(D(2026, 11, 20))
    Term.objects.create(organization=w.committee, name="2025–2030", started_on=D(2025, 9, 1))
    plan = services.issue_document(w.office, w.bloc, type_code="KH", summary="Kế hoạch kiểm điểm",
                                   issued_on=D(2026, 11, 2))
    _agree()
    services.issue_document(w.committee_office, w.committee, type_code="BC", summary="Báo cáo",
                            issued_on=D(2026, 11, 3))
    services.register_incoming(w.office, w.bloc, number="29-HD/BTCTU", issuer_name="Ban Tổ chức Tỉnh ủy",
                               issued_on=D(2026, 11, 7), received_on=D(2026, 11, 11), summary="Hướng dẫn")
    _agree()
    services.distribute(w.office, plan, mode="all_cells", due_on=D(2026, 11, 25))
    _agree()
    services.distribute(w.office, plan, member_ids=[w.member.pk], due_on=D(2026, 11, 30))
    _agree()
    items = {i.recipient_name: i for i in InboxItem.objects.filter(document=plan)}
    services.open_item(w.secretary, items["Chi bộ Văn phòng"].pk)
    _agree()
    services.acknowledge(w.secretary, items["Chi bộ Văn phòng"].pk)  # on time
    _agree()
    set_today(D(2026, 11, 27))
    from dangvu.organizations.models import Role
    from tests.factories import UserFactory, grant

    secretary_b = UserFactory(username="secretary_b")
    grant(secretary_b, Role.SECRETARY, w.cell_b, include_subtree=False)
    services.reply(secretary_b, items["Chi bộ Kế toán"].pk, SimpleUploadedFile("bao-cao.docx", docx_bytes("Báo cáo")))
    _agree()  # late
    return plan


def test_counts_follow_every_service_call(w, set_today):
    _world(w, set_today)
    assert _n(w.province, "issued") == 2 and _n(w.bloc, "received") == 1
    assert _n(w.bloc, "recipients") == 3 and _n(w.bloc, "distributions") == 2
    assert (_n(w.bloc, "on_time"), _n(w.bloc, "late"), _n(w.bloc, "pending")) == (1, 1, 1)
    assert (_n(w.committee, "on_time", "received"), _n(w.committee, "late", "received")) == (1, 1)
    assert _n(w.cell_b, "late", "received") == 1 and _n(w.other, "pending", "received") == 0
    assert not DocumentCount.objects.filter(organization=w.committee, measure="recipients").exists()


def test_rebuild_restores_the_rows(w, set_today):
    _world(w, set_today)
    expected = counts.stored()
    DocumentCount.objects.all().delete()
    DocumentCount.objects.create(organization=w.other, side="sent", measure="issued", day=D(2026, 1, 1), count=9)
    counts.rebuild()
    assert counts.stored() == expected


def test_period_report_and_dashboard_read_the_counts(w, set_today):
    _world(w, set_today)
    rep = build(w.admin, w.province, D(2026, 1, 1), D(2026, 12, 31), sections=["documents"])
    fig = {f.key: f for f in rep.section("documents").figures}
    assert (fig["issued"].value, fig["received"].value, fig["recipients"].value) == (2, 1, 3)
    assert (fig["acknowledged_on_time"].value, fig["acknowledged_late"].value) == (1, 1)
    assert fig["not_acknowledged_overdue"].value == 0  # the member's is due 30/11, today 27/11
    assert dict(fig["issued"].by_child) == {w.bloc.pk: 2, w.other.pk: 0}
    assert fig["issued"].previous == 0
    assert rep.section("documents").tables[0].rows == [["Báo cáo", 1], ["Kế hoạch", 1]]
    set_today(D(2026, 12, 5))
    rep = build(w.admin, w.province, D(2026, 1, 1), D(2026, 12, 31), sections=["documents"])
    assert rep.figure("documents", "not_acknowledged_overdue").value == 1
    chart = documents_chart(w.admin, w.bloc, [w.committee], D(2026, 11, 27))
    values = {s.key: s.values[-1] for s in chart.series}
    assert (values["on_time"], values["late"], values["overdue"], values["waiting"]) == (1, 1, 0, 0)
    assert values["share"] == 50.0
    assert chart.series[0].values[0] is None  # a month with nothing sent: no data, not 0
    assert chart.children.rows[0].cells[:2] == [1, 1]
    # the counts are what the chart reads
    DocumentCount.objects.filter(organization=w.bloc, side="received", measure="on_time").update(count=5)
    chart = documents_chart(w.admin, w.bloc, [w.committee], D(2026, 11, 27))
    assert chart.series[0].values[-1] == 5
