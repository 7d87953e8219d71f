"""GET /api/v1/members/export: the list's workbook in the members import template's columns; a large list on a
background job (202, then the file from the job's download link)."""

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from dangvu.core.models import Job
from dangvu.members import columns
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/members/export"


@pytest.fixture
def w():
    t = tree()
    data = dict(t)
    data["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo", card_number="00012345")
    data["b1"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường")
    data["o1"] = MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    data["office"] = UserFactory()
    grant(data["office"], "office", t["committee"])
    data["office_other"] = UserFactory()
    grant(data["office_other"], "office", t["other"])
    return data


def sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_small_list_streams_the_template_columns(api_client, w):
    response = api_client.auth(w["office"]).get(URL, {"organization_id": w["committee"].pk})
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    ws = sheet(b"".join(response.streaming_content))
    assert [c.value for c in ws[3]] == columns.LABELS
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {"Trần Văn Bảo", "Lê Văn Cường"}
    assert rows["Trần Văn Bảo"][columns.LABELS.index("Số thẻ đảng viên")] == "00012345"
    assert rows["Trần Văn Bảo"][columns.LABELS.index("Chi bộ")] == w["cell_a"].code


def test_filters_apply(api_client, w):
    response = api_client.auth(w["office"]).get(URL, {"organization_id": w["committee"].pk, "q": "cuong"})
    assert [r[0] for r in sheet(b"".join(response.streaming_content)).iter_rows(min_row=4, values_only=True)] \
        == ["Lê Văn Cường"]


@override_settings(EXPORT_JOB_THRESHOLD=1)
def test_large_list_goes_to_a_job_with_a_download_link(api_client, w, run_jobs):
    api_client.auth(w["office"])
    response = api_client.get(URL, {"organization_id": w["committee"].pk})
    assert response.status_code == 202
    body = response.json()
    job = Job.objects.get()
    assert body["id"] == job.pk and body["status"] == "queued" and body["url"] == f"/api/v1/jobs/{job.pk}"
    run_jobs()
    state = api_client.get(body["url"]).json()
    assert state["status"] == "done" and state["download_url"]
    download = api_client.get(state["download_url"])
    ws = sheet(b"".join(download.streaming_content))
    assert [c.value for c in ws[3]] == columns.LABELS
    assert {r[0] for r in ws.iter_rows(min_row=4, values_only=True)} == {"Trần Văn Bảo", "Lê Văn Cường"}


def test_outside_scope_404_and_anonymous_401(api_client, w):
    assert api_client.get(URL).status_code == 401
    assert api_client.auth(w["office_other"]).get(URL, {"organization_id": w["committee"].pk}).status_code == 404
    assert Job.objects.count() == 0
