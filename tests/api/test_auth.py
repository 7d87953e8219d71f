import datetime as dt

import pytest
from django.utils import timezone

from dangvu.core.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_issued_for_right_credentials(api_client, make_user):
    make_user("an", "bí-mật")
    response = api_client.post("/api/v1/auth/token", {"username": "an", "password": "bí-mật"})
    assert response.status_code == 200
    assert len(response.json()["token"]) > 20
    assert ApiToken.objects.count() == 1


def test_token_wrong_password_answers_401_in_vietnamese(api_client, make_user):
    make_user("an", "pw")
    response = api_client.post("/api/v1/auth/token", {"username": "an", "password": "sai"})
    assert response.status_code == 401
    assert "không đúng" in response.json()["detail"]
    assert ApiToken.objects.count() == 0


def test_token_missing_field_answers_422_naming_it(api_client):
    response = api_client.post("/api/v1/auth/token", {"username": "an"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"password": ["Trường này là bắt buộc."]}


def test_token_malformed_json_answers_422_not_500(api_client):
    response = api_client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_api_without_token_answers_401(api_client):
    response = api_client.get("/api/v1/organizations")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_api_with_expired_or_forged_token_answers_401(api_client, make_user):
    user = make_user("an")
    api_client.auth(user)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert api_client.get("/api/v1/organizations").status_code == 401
    api_client.defaults["HTTP_AUTHORIZATION"] = "Bearer forged"
    assert api_client.get("/api/v1/organizations").status_code == 401


def test_api_token_of_deactivated_user_answers_401(api_client, make_user):
    user = make_user("an")
    api_client.auth(user)
    user.is_active = False
    user.save()
    assert api_client.get("/api/v1/organizations").status_code == 401


def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/token" in paths
    assert "/api/v1/organizations" in paths
    assert "/api/v1/members" in paths
