"""The review cycle list and a cycle's organisations are paged with their totals (they showed the first 200 and
300 rows without saying how many there were), in a number of queries that does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.reviews import services, views
from dangvu.reviews.models import ReviewCycle, Subject
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(w):
    return services.open_cycle(None, w["committee"].pk, "2020")


def _more_cycles(cycle, n):
    """n more cycles of the same organisation (periods 1901 …), without their subjects."""
    fields = {f.name: getattr(cycle, f.name) for f in ReviewCycle._meta.concrete_fields if f.name not in ("id",)}
    ReviewCycle.objects.bulk_create([
        ReviewCycle(**{**fields, "period": str(1901 + i), "starts_on": dt.date(1901 + i, 1, 1),
                       "ends_on": dt.date(1901 + i, 12, 31)}) for i in range(n)])


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return r.content.decode(), len(ctx.captured_queries)


def test_the_cycle_list_says_its_total_and_pages(client, w, cycle, monkeypatch):
    client.force_login(w["office"])
    body, few = _get(client, "/danh-gia/")
    assert "Tổng số: 1 kỳ đánh giá" in body and "Trang 1 /" not in body
    _more_cycles(cycle, 7)
    monkeypatch.setattr(views, "CYCLES_PAGE", 3)
    body, many = _get(client, "/danh-gia/")
    assert "Tổng số: 8 kỳ đánh giá · đang xem kỳ thứ 1–3 / tổng 8" in body and "Trang 1 / 3" in body
    assert many == few
    shown = [c.period for c in ReviewCycle.objects.order_by("-ends_on", "id")]
    assert [p for p in shown if f">{p}</a>" in body] == shown[:3]
    body, _ = _get(client, "/danh-gia/?trang=3")
    assert "kỳ thứ 7–8 / tổng 8" in body and [p for p in shown if f">{p}</a>" in body] == shown[6:]
    assert "‹ Trước" in body and "Sau ›" not in body


def test_the_cycle_list_counts_only_what_the_user_sees(client, w, cycle):
    services.open_cycle(None, w["other"].pk, "2020")
    client.force_login(w["office"])
    body, _ = _get(client, "/danh-gia/")
    assert "Tổng số: 1 kỳ đánh giá" in body
    client.force_login(w["admin"])
    body, _ = _get(client, "/danh-gia/")
    assert "Tổng số: 2 kỳ đánh giá" in body


def test_a_cycle_s_organisations_are_paged_with_their_total(client, w, monkeypatch):
    for i in range(5):
        OrganizationFactory(parent=w["committee"], name=f"Chi bộ Thêm {i}")
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    total = Subject.objects.filter(cycle=cycle, subject_type="organization").count()
    assert total == 8  # the committee, its two chi bộ and the five more
    client.force_login(w["office"])
    body, few = _get(client, f"/danh-gia/{cycle.pk}/")
    assert f"Tổ chức đảng được đánh giá <span class=\"muted\">({total})</span>" in body
    assert "Tổ chức thứ" not in body
    monkeypatch.setattr(views, "ORG_SUBJECTS_PAGE", 3)
    body, many = _get(client, f"/danh-gia/{cycle.pk}/")
    assert "Tổ chức thứ 1–3 / tổng 8." in body and "Trang 1 / 3" in body and many == few
    assert "trang_to_chuc=2#to-chuc-duoc-danh-gia" in body
    names = list(Subject.objects.filter(cycle=cycle, subject_type="organization").order_by("org_path", "id")
                 .values_list("pk", flat=True))
    body, _ = _get(client, f"/danh-gia/{cycle.pk}/?trang_to_chuc=3")
    assert "Tổ chức thứ 7–8 / tổng 8." in body
    assert [pk for pk in names if f"/doi-tuong/{pk}/\"" in body] == names[6:]


def test_a_cycle_s_organisations_below_a_chosen_one(client, w, cycle):
    client.force_login(w["office"])
    body, _ = _get(client, f"/danh-gia/{cycle.pk}/?to-chuc={w['cell_a'].pk}")
    assert "Tổ chức đảng được đánh giá <span class=\"muted\">(1)</span>" in body
