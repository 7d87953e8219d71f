"""The results grid at a province's size: its rows written in Python give the markup the template gave, its page of
subjects is read from the cycle's sort index (SQLite: no sort of the whole sub-tree) and its queries do not grow
with its rows."""

import decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from dangvu.reviews import queries, services
from dangvu.reviews.grid_rows import rows_html
from dangvu.reviews.models import Assessment, Subject
from tests.factories import MemberFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

# the rows of the grid's template before they were written in Python (reviews/grid.html, 05/12/2026)
ROW_TEMPLATE = """{% for r in rows %}{% with s=r.subject %}
    <tr{% if r.editable %} data-editable="1"{% endif %} data-group="{{ r.group }}" data-fallback="{{ r.fallback }}" data-prev="{{ r.prev.level|default:'' }}"{% if r.errors %} class="row-error"{% endif %}>
      <td class="col-no">{{ forloop.counter }}</td>
      <td><a href="{% url 'reviews:subject' cycle.pk s.pk %}" tabindex="-1">{{ s.name }}</a></td>
      {% if show_org %}<td class="col-org">{{ s.organization.name }}</td>{% endif %}
      {% if stage != "self" %}<td class="col-prev" title="{{ r.prev.get_level_display }}">{{ r.prev_short|default:"—" }}</td>{% endif %}
      {% if r.editable %}
        {% for code, short, label in levels %}<td class="col-level"><input type="radio" name="level_{{ s.pk }}" value="{{ code }}" aria-label="{{ s.name }}: {{ label }}"{% if r.level == code %} checked{% endif %}></td>{% endfor %}
        {% if show_score %}<td>{% if r.scored %}<input type="text" inputmode="decimal" name="score_{{ s.pk }}" value="{{ r.score|default_if_none:'' }}" size="5" aria-label="Điểm của {{ s.name }}">{% endif %}</td>{% endif %}
        <td class="col-note">{% if r.version %}<input type="hidden" name="v_{{ s.pk }}" value="{{ r.version }}">{% endif %}{% for e in r.errors %}<span class="row-msg">{{ e }}</span>{% endfor %}</td>
      {% else %}
        <td colspan="{{ levels|length }}" class="muted locked">{% if r.current %}<span title="{{ r.current.get_level_display }}">{{ r.current_short|default:"—" }}</span>{% else %}—{% endif %}<span class="why-inline"> · {{ r.why }}</span></td>
        {% if show_score %}<td class="num">{{ r.current.score|floatformat:"-2" }}</td>{% endif %}
        <td class="muted col-note">{{ r.why }}</td>
      {% endif %}
    </tr>{% endwith %}
  {% endfor %}"""

LEVELS = [("excellent", "Xuất sắc", "Hoàn thành xuất sắc nhiệm vụ"), ("good", "Tốt", "Hoàn thành tốt nhiệm vụ"),
          ("completed", "Hoàn thành", "Hoàn thành nhiệm vụ"), ("not_completed", "Không HT", "Không hoàn thành")]


def _variants():
    org = SimpleNamespace(name="Chi bộ <Văn phòng> & \"Kế toán\"")
    prev = Assessment(level="good", score=decimal.Decimal("85.50"))
    current = Assessment(level="excellent", score=decimal.Decimal("92.25"))
    subject = SimpleNamespace(pk=31644, name="Nguyễn Thị <An> & 'Bảo'", organization=org)
    base = {"subject": subject, "editable": True, "why": "", "current": None, "prev": None, "prev_short": "",
            "current_short": "", "level": "", "score": None, "version": "", "scored": False}
    return [
        base,
        {**base, "prev": prev, "prev_short": "Tốt", "level": "good", "score": decimal.Decimal("12.5"), "version": 3,
         "scored": True, "group": "12:", "fallback": "good", "errors": ["Điểm <sai>", "Thiếu mức"]},
        {**base, "scored": True, "score": "7,5"},
        {**base, "editable": False, "why": "Đã khóa: bước sau đã ghi kết quả", "current": current,
         "current_short": "Xuất sắc", "prev": prev, "prev_short": "Tốt", "group": "12:g1"},
        {**base, "editable": False, "why": "Không xếp loại (miễn sinh hoạt)", "current": prev, "current_short": ""},
        {**base, "editable": False, "why": "Chưa có kết quả bước trước"},
    ]


@pytest.mark.parametrize("stage", ["self", "collective", "decision"])
@pytest.mark.parametrize("show_org, show_score", [(False, False), (True, True), (True, False)])
def test_rows_written_in_python_are_the_template_s_rows(stage, show_org, show_score):
    rows = _variants()
    cycle = SimpleNamespace(pk=7)
    expected = Template(ROW_TEMPLATE).render(Context({"rows": rows, "cycle": cycle, "stage": stage, "levels": LEVELS,
                                                      "show_org": show_org, "show_score": show_score}))
    written = rows_html(rows, cycle=cycle, stage=stage, levels=LEVELS, show_org=show_org, show_score=show_score)
    got = "".join(f"{html}\n  " for html in written)
    assert got == expected


def _grid_subject_sql(client, user, cycle, org=None):
    client.force_login(user)
    url = f"/danh-gia/{cycle.pk}/nhap-ket-qua/" + (f"?to-chuc={org.pk}" if org else "")
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries if 'FROM "reviews_subject"' in q["sql"] and "ORDER BY" in q["sql"]
           and '"reviews_subject"."sort_key" ASC' in q["sql"]]
    assert len(sql) == 1, sql
    return r, sql[0], len(ctx.captured_queries)


def _plan(sql):
    with connection.cursor() as cur:
        cur.execute("EXPLAIN QUERY PLAN " + sql)
        return " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")


def _world(w, extra=0):
    for i in range(extra):
        MemberFactory(organization=w["cell_a" if i % 2 else "cell_b"], full_name=f"Đảng viên Thêm {i:03d}")
    return services.open_cycle(None, w["committee"].pk, "2020")


def test_the_grid_of_the_cycle_s_own_organisation_walks_the_cycle_s_order(client, w):
    """The office of the cycle's organisation sees all of it: neither its reach nor the sub-tree filter the page
    (SQLite read and sorted a province's 57 000 subjects for a page of 500)."""
    cycle = _world(w, extra=6)
    r, sql, _ = _grid_subject_sql(client, w["office"], cycle)
    assert "org_path" not in sql.split("WHERE", 1)[1].split("ORDER BY")[0]
    expected = list(Subject.objects.filter(cycle=cycle, subject_type="member").order_by("sort_key", "id")
                    .values_list("name", flat=True))
    body = r.content.decode()
    positions = [body.index(f">{name}</a>") for name in expected]
    assert positions == sorted(positions) and len(expected) == 9
    if connection.vendor == "sqlite":
        plan = _plan(sql)
        assert "review_subject_sort_idx" in plan and "TEMP B-TREE" not in plan, plan


def test_a_dense_sub_tree_walks_the_sort_index_on_sqlite_and_shows_its_own_subjects(client, w):
    cycle = _world(w, extra=6)
    # the bloc's office sees the committee's sub-tree whole: the cell holds more than 1/8 of the cycle
    r, sql, _ = _grid_subject_sql(client, w["bloc_office"], cycle, w["cell_a"])
    expected = list(Subject.objects.filter(cycle=cycle, subject_type="member", organization=w["cell_a"])
                    .order_by("sort_key", "id").values_list("name", flat=True))
    body = r.content.decode()
    assert all(f">{name}</a>" in body for name in expected) and "Lê Văn Cường" not in body
    if connection.vendor == "sqlite":
        plan = _plan(sql)
        assert "review_subject_sort_idx" in plan and "TEMP B-TREE" not in plan, plan


def test_a_partial_reach_keeps_its_filter(client, w):
    """A secretary (their chi bộ without a sub-tree) sees only it, whatever organisation the grid is asked for."""
    cycle = _world(w, extra=4)
    client.force_login(w["secretary"])
    body = client.get(f"/danh-gia/{cycle.pk}/nhap-ket-qua/").content.decode()
    assert "Nguyễn Thị An" in body and "Lê Văn Cường" not in body


def test_the_grid_s_queries_do_not_grow_with_its_rows(client, w):
    cycle = _world(w)
    *_, few = _grid_subject_sql(client, w["office"], cycle)
    for i in range(12):
        MemberFactory(organization=w["cell_b"], full_name=f"Đảng viên Mới {i:02d}")
    Subject.objects.filter(cycle=cycle).delete()
    cycle.delete()
    cycle = services.open_cycle(None, w["committee"].pk, "2021")
    *_, many = _grid_subject_sql(client, w["office"], cycle)
    assert many == few


def test_the_dense_rule_reads_the_roll_up_rows(w):
    cycle = _world(w, extra=0)
    assert queries.dense(cycle, w["cell_a"])  # 2 of 3 members
    user = UserFactory()
    grant(user, "office", w["committee"])
    for _ in range(30):
        MemberFactory(organization=w["cell_b"])
    cycle2 = services.open_cycle(None, w["committee"].pk, "2021")
    assert not queries.dense(cycle2, w["cell_a"])  # 2 of 33


@pytest.mark.parametrize("who, org", [("office", None), ("office", "cell_a"), ("bloc_office", "committee"),
                                      ("inspection", None), ("secretary", None), ("admin", "cell_b")])
def test_the_member_list_of_a_cycle_reads_what_the_user_sees_in_name_order(client, w, who, org):
    """/danh-gia/<id>/doi-tuong/ lists the same members as the access filter and the sub-tree did, page by page,
    from the cycle's sort index when the user sees the whole sub-tree."""
    from dangvu.reviews.access import subjects_for
    from dangvu.reviews.views import PAGE_SIZE

    cycle = _world(w, extra=PAGE_SIZE + 3)
    user = w[who]
    qs = subjects_for(user, cycle).filter(subject_type="member")
    if org:
        qs = qs.filter(org_path__startswith=w[org].path)
    want = list(qs.order_by("sort_key", "id").values_list("pk", flat=True))
    client.force_login(user)
    got = []
    for page in (1, 2):
        url = f"/danh-gia/{cycle.pk}/doi-tuong/?page={page}" + (f"&to-chuc={w[org].pk}" if org else "")
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        got += [pk for pk in want if f"/doi-tuong/{pk}/\"" in body]
        if who in ("office", "admin") and org in (None, "cell_b") and connection.vendor == "sqlite":
            sql = [q["sql"] for q in ctx.captured_queries if 'FROM "reviews_subject"' in q["sql"]
                   and '"reviews_subject"."sort_key" ASC' in q["sql"]]
            plan = _plan(sql[0])
            assert "review_subject_sort_idx" in plan and "TEMP B-TREE" not in plan, plan
    assert sorted(got, key=want.index) == want
