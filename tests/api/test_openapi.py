"""The OpenAPI document: every operation has its own id, and apps split into packages keep their ids."""

import collections

import pytest


@pytest.mark.django_db
def test_operation_ids_are_unique_and_stable(client):
    schema = client.get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert [i for i, n in collections.Counter(ids).items() if n > 1] == []
    for kept in ("dangvu_inspections_api_conclude", "dangvu_studies_api_update_session",
                 "dangvu_reviews_api_record_assessment"):
        assert kept in ids
