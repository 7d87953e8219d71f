"""What every page shares: the grouped menu, the PDF buttons only where LibreOffice is installed, the Django admin
kept for the system administrator, scores with a decimal comma, inputs as long as the data they fill, and no
source notes ("seed 004") in what users read."""

import io
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from dangvu.core import partydoc
from dangvu.organizations.models import Role
from tests.factories import UserFactory, grant, tree


@pytest.fixture
def t(db):
    return tree()


def test_commission_menu_is_grouped_on_one_row(t, client):
    ubkt = UserFactory(username="ubkt")
    grant(ubkt, Role.INSPECTION, t["bloc"])
    client.force_login(ubkt)
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="mainnav">'):html.index("</nav>", html.index('<nav class="mainnav">'))]
    groups = re.findall(r'<details class="navgroup[^"]*"><summary>([^<]+)</summary>', nav)
    assert "Kiểm tra, kỷ luật" in groups and "Sinh hoạt, học tập" in groups
    top_level = re.sub(r"<details.*?</details>", "", nav, flags=re.S)
    assert len(re.findall(r"<a href=", top_level)) + len(groups) <= 7
    inside = nav[nav.index("<summary>Kiểm tra, kỷ luật</summary>"):]
    assert "Kỷ luật, khiếu nại, tố cáo" in inside[:inside.index("</details>")]


def test_a_single_entry_of_a_group_stays_a_plain_link(t, client):
    from dangvu.core.context_processors import group_menu

    entries = [{"url": "/", "label": "Trang chủ", "active": True, "ns": "core"},
               {"url": "/van-ban/hop-thu/", "label": "Hộp thư văn bản", "active": False, "ns": "documents"}]
    assert group_menu(entries) == entries


@pytest.mark.parametrize("installed", [True, False])
def test_pdf_buttons_show_only_where_libreoffice_is_installed(t, client, monkeypatch, installed):
    from dangvu.reviews.models import ReviewCycle  # noqa: F401  (the reviews app is installed)

    monkeypatch.setattr(partydoc, "libreoffice", lambda: "/usr/bin/soffice" if installed else None)
    admin = UserFactory(username="quantri", is_superuser=True)
    client.force_login(admin)
    from dangvu.core.context_processors import features

    assert features(None) == {"pdf_available": installed}
    html = client.get("/sinh-hoat/so-bien-ban/").content.decode()
    assert ("Tải bản PDF" in html) is installed


def test_django_admin_is_for_superusers_only(t, client):
    office = UserFactory(username="vp", is_staff=True)
    grant(office, Role.OFFICE, t["bloc"])
    client.force_login(office)
    assert client.get("/quan-tri/").status_code == 302  # to the admin's login: staff flag alone does not open it
    assert "/quan-tri/" not in client.get("/").content.decode()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    html = client.get("/quan-tri/").content.decode()
    assert "Quản trị hệ thống" in html and "Quá trình sinh hoạt tại tổ chức" in html
    from django.contrib import admin

    from dangvu.core.models import AuditEntry

    audit_admin = admin.site._registry[AuditEntry]
    columns = [getattr(audit_admin, name).short_description for name in audit_admin.list_display]
    assert columns == ["Thời điểm", "Người thực hiện", "Thao tác", "Phân hệ", "Loại bản ghi", "Bản ghi"]


@pytest.mark.parametrize("value, shown", [(Decimal("94.00"), "94"), (Decimal("100.00"), "100"),
                                          (Decimal("94.50"), "94,50"), ("20.00", "20")])
def test_scores_read_with_a_decimal_comma(value, shown):
    with translation.override("vi"):
        assert Template('{{ v|floatformat:"-2" }}').render(Context({"v": value})) == shown


def test_word_review_summary_writes_scores_the_vietnamese_way():
    from dangvu.reviews.services._common import format_decimal

    assert [format_decimal(v) for v in (Decimal("94.00"), Decimal("94.50"), None)] == ["94", "94,5", ""]


def test_text_inputs_carry_the_length_the_record_takes(t, client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    html = client.get("/dang-vien/them/").content.decode()
    tag = re.search(r'<input[^>]*name="full_name"[^>]*>', html).group(0)
    # the length is carried for the page, but the server, not the browser, refuses longer text (tối đa N ký tự)
    assert 'data-maxlength="150"' in tag and ' maxlength=' not in tag


def test_demo_output_has_no_source_notes(db):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "seed 0" not in out.getvalue()
    assert "dữ liệu mẫu" in out.getvalue()


def test_ruleset_notes_shown_to_users_name_no_seed():
    from pathlib import Path

    import dangvu

    root = Path(dangvu.__file__).parent
    for path in root.glob("*/rulesets/**/*.json"):
        assert "seed 0" not in path.read_text(encoding="utf-8"), path


