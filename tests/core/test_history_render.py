"""The history panel under every record reads as Vietnamese sentences: no ISO timestamps, no Python
lists or dicts, no English field names, no raw ids."""

import datetime as dt
import functools
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangvu.core import audit, history
from dangvu.core.models import AuditEntry
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T?")
# a change whose new value is a bare number: a raw id unless the field is a count ("Số có mặt: — → 9")
# (tried only where a label can start, after a separator or at the start: the leftmost matches are the same, without
# the scan from every character of a long sentence that made this check a fifth of the test)
RAW_ID_ARROW = re.compile(r"(?:(?<=[;:\n—])|^)([^;:\n—]+): [^;\n]*?→\s*#?\d+\s*(?:[;<]|$)")
PANEL = re.compile(r'<details class="history-panel".*?</details>\s*(?=<|$)', re.S)


def english_names():
    """Field names and auto-generated (English) verbose names of every model of the project."""
    out = set()
    for model in apps.get_models():
        if not model.__module__.startswith("dangvu"):
            continue
        for f in model._meta.concrete_fields:
            if str(f.verbose_name) != f.name:
                out.add(f.name)
            if str(f.verbose_name) == f.name.replace("_", " ") and f.name != "id":
                out.add(f.name.replace("_", " "))
    return {n for n in out if len(n) > 3}


def panels(html):
    start = html.find('<details class="history-panel"')
    assert start >= 0, "no history panel on the page"
    # the panel runs to the end of the including block: the whole rest of the panel markup
    end = html.find("</main>", start)
    chunk = html[start:end if end > 0 else None]
    return unescape(re.sub(r"<[^>]+>", " ", chunk))


def assert_readable(text, where, names):
    assert not ISO.search(text), f"{where}: ISO timestamp in history: {ISO.search(text).group()!r}\n{text[:2000]}"
    for token in ("['", "{'", '["', '{"', "[{"):
        assert token not in text, f"{where}: Python repr {token!r} in history:\n{text[:2000]}"
    m = next((m for m in RAW_ID_ARROW.finditer(text) if not m.group(1).strip().startswith("Số ")), None)
    assert m is None, f"{where}: raw id after an arrow {m.group()!r}:\n{text[:2000]}"
    words = set(re.findall(r"[A-Za-z_][A-Za-z_ ]*[A-Za-z_]", text))
    # one pattern for every name (longest first), searched once per word: the same check as a search per
    # (name, word) pair, without compiling thousands of expressions per page
    pattern = _names_pattern(frozenset(names))
    for w in words:
        m = pattern.search(w)
        if m:
            raise AssertionError(f"{where}: English field name {m.group(1)!r} in history:\n{text[:2000]}")


@functools.lru_cache(maxsize=4)
def _names_pattern(names):
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alternatives})(?![\w])")


def _sample(app_label, model, limit=3):
    ids = (AuditEntry.objects.filter(app_label=app_label, model=model).values_list("object_id", flat=True)
           .distinct().order_by("object_id"))
    return list(ids[:limit])


def test_demo_history_panels_read_as_vietnamese_sentences(client):
    load_demo()
    from django.contrib.auth import get_user_model

    from dangvu.members.models import Member
    from dangvu.members.services import update_member
    from dangvu.reviews.models import Subject

    admin = get_user_model().objects.get(username="admin")
    # the demo loads members in bulk: give a few of them a history (name, dates, choices, booleans)
    members = list(Member.objects.order_by("id")[:2])
    for m in members:
        update_member(admin, m, version=m.version, full_name=m.full_name + " Sửa",
                      birth_date=m.birth_date - dt.timedelta(days=1), theory_level="cao_cap")
    client.force_login(admin)

    pages = {
        ("organizations", "organization"): lambda pk: reverse("organizations:detail", args=[pk]) + "?tab=history",
        ("members", "member"): lambda pk: reverse("members:detail", args=[pk]) + "?tab=lich-su",
        ("meetings", "meeting"): lambda pk: reverse("meetings:detail", args=[pk]),
        ("reviews", "reviewcycle"): lambda pk: reverse("reviews:cycle", args=[pk]),
        ("inspections", "inspection"): lambda pk: reverse("inspections:detail", args=[pk]),
        ("inspections", "programme"): lambda pk: reverse("inspections:programme", args=[pk]),
        ("inspections", "remedy"): lambda pk: reverse("inspections:remedy", args=[pk]),
        ("discipline", "discipline"): lambda pk: reverse("discipline:detail", args=[pk]),
        ("discipline", "complaint"): lambda pk: reverse("discipline:complaint", args=[pk]),
        ("discipline", "denunciation"): lambda pk: reverse("discipline:denunciation", args=[pk]),
        ("studies", "studysession"): lambda pk: reverse("studies:session", args=[pk]),
        ("documents", "document"): lambda pk: reverse("documents:detail", args=[pk]),
    }
    names = english_names()
    seen_entries = 0
    for (app_label, model), url in pages.items():
        ids = _sample(app_label, model)
        assert ids, f"the demo has no history for {app_label}.{model}"
        for pk in ids:
            response = client.get(url(pk))
            assert response.status_code == 200, (app_label, model, pk)
            text = panels(response.content.decode())
            assert "ịch sử thay đổi (" in text
            assert_readable(text, f"{app_label}.{model} #{pk}", names)
            seen_entries += 1
    # a review subject's page (its assessments are audited on the assessment)
    subject = Subject.objects.select_related("cycle").order_by("id").first()
    response = client.get(reverse("reviews:subject", args=[subject.cycle_id, subject.pk]))
    assert response.status_code == 200
    assert_readable(panels(response.content.decode()), "reviews.subject", names)

    # every audit entry of the demo, rendered the same way, reads without raw codes
    for app_label, model in AuditEntry.objects.values_list("app_label", "model").distinct():
        rows = history.render(AuditEntry.objects.filter(app_label=app_label, model=model).order_by("-id")[:40])
        assert_readable("\n".join(r.sentence for r in rows), f"{app_label}.{model} (all)", names)
    assert seen_entries >= 12


def test_member_change_reads_as_a_sentence_with_local_time_labels_and_choice_names():
    from tests.factories import MemberFactory, OrganizationFactory, UserFactory

    cell = OrganizationFactory(kind="grassroots_cell")
    other = OrganizationFactory(kind="grassroots_cell", name="Chi bộ Văn phòng")
    m = MemberFactory(organization=cell, full_name="Lê Văn B")
    actor = UserFactory(full_name="Nguyễn Văn A")
    # recorded at 07:05 UTC (the audit trail is append-only: the moment is set by the clock, not an UPDATE)
    with time_machine.travel(dt.datetime(2025, 5, 13, 7, 5, tzinfo=dt.UTC), tick=False):
        audit.record(
            actor, m, "update",
            before={"full_name": "Lê Văn B", "status": "probationary", "organization": cell.pk,
                    "birth_date": "1980-05-13", "version": 3, "sort_key": "b van le"},
            after={"full_name": "Lê Văn C", "status": "full", "organization": other.pk,
                   "birth_date": "1980-05-14", "version": 4, "sort_key": "c van le"},
        )
    (row,) = history.render(audit.history(m))
    org_label = history.label_for(type(m), "organization")
    assert row.sentence == (
        "13/05/2025 14:05 — Nguyễn Văn A sửa: Họ và tên đang dùng: “Lê Văn B” → “Lê Văn C”; "
        f"Ngày sinh: 13/05/1980 → 14/05/1980; {org_label}: {cell.name} → Chi bộ Văn phòng; Trạng thái: Dự bị → Chính thức"
    )


def test_values_lists_dicts_booleans_decimals_and_rulesets_are_readable():
    show = history.show
    assert show(["Lý Văn An: đồng ý", "Trần Văn B: bổ sung"]) == "Lý Văn An: đồng ý; Trần Văn B: bổ sung"
    assert show([{"code": "committee", "label": "Cấp ủy viên"}, {"code": "member", "label": "Đảng viên"}]) == \
        "Cấp ủy viên; Đảng viên"
    assert show({"I": "38", "II": "9.50"}) == "I: 38, II: 9,5"
    assert show(True) == "Có" and show(False) == "Không"
    assert show("94.00") == "94"
    assert show("2025-11-07T05:00:00+00:00") == "07/11/2025 12:00"
    assert show(None) == "—" and show([]) == "—"
    from dangvu.meetings.models import Meeting

    assert show("ct50-2025", Meeting, "ruleset") != "ct50-2025"


def test_history_page_costs_one_query_per_related_model_not_per_entry(django_assert_max_num_queries):
    from tests.factories import MemberFactory, OrganizationFactory, UserFactory

    cell = OrganizationFactory(kind="grassroots_cell")
    orgs = [OrganizationFactory(kind="grassroots_cell") for _ in range(6)]
    m = MemberFactory(organization=cell)
    actors = [UserFactory() for _ in range(3)]
    for i, org in enumerate(orgs):
        audit.record(actors[i % 3], m, "transfer", before={"organization": cell.pk}, after={"organization": org.pk})
    entries = list(AuditEntry.objects.filter(model="member", object_id=str(m.pk)))  # actors not joined
    with CaptureQueriesContext(connection) as ctx:
        rows = history.render(entries)
    assert len(rows) == 6
    assert len(ctx.captured_queries) <= 2  # organisations, users
    assert all("→" in r.sentence and r.changes[0].after in {o.name for o in orgs} for r in rows)
    assert {r.actor for r in rows} == {str(a) for a in actors}
