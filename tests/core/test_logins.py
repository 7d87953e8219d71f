"""Logins: lockout after repeated failures (page and API), unlock by the administrator, password rules,
session length, the Content-Security-Policy header."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from dangvu.core.models import ApiToken

pytestmark = pytest.mark.django_db

LOGIN_URL = "/dang-nhap/"
TOKEN_URL = "/api/v1/auth/token"
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    return settings


def page_login(client, username, password, addr="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=addr)


def api_login(client, username, password, addr="10.0.0.1"):
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json", REMOTE_ADDR=addr
    )


def test_page_login_locked_after_five_failures_even_with_right_password(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    for _ in range(4):
        response = page_login(client, "an", "sai")
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    response = page_login(client, "an", "sai")  # the fifth failure locks
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    response = page_login(client, "an", "Mật-khẩu-đúng-1")
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and "30 phút" in body
    assert response["Retry-After"] == "1800"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not logged in


def test_page_lockout_ends_after_the_cooloff(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    for _ in range(5):
        page_login(client, "an", "sai")
    time_machine.move_to(START + dt.timedelta(minutes=29), tick=False)
    assert page_login(client, "an", "Mật-khẩu-đúng-1").status_code == 429
    time_machine.move_to(START + dt.timedelta(minutes=29 + 31), tick=False)
    response = page_login(client, "an", "Mật-khẩu-đúng-1")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_lockout_is_per_user_and_address(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    make_user("binh", "Mật-khẩu-đúng-2")
    for _ in range(5):
        page_login(Client(), "an", "sai", addr="10.0.0.1")
    assert page_login(Client(), "an", "Mật-khẩu-đúng-1", addr="10.0.0.1").status_code == 429
    # Another user from the same address, and the same user from another address, still log in.
    assert page_login(Client(), "binh", "Mật-khẩu-đúng-2", addr="10.0.0.1").status_code == 302
    assert page_login(Client(), "an", "Mật-khẩu-đúng-1", addr="10.0.0.2").status_code == 302


def test_api_token_locked_after_five_failures_with_vietnamese_json(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    for _ in range(4):
        assert api_login(client, "an", "sai").status_code == 401
    response = api_login(client, "an", "sai")
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    response = api_login(client, "an", "Mật-khẩu-đúng-1")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert LOCKED in response.json()["detail"]
    assert ApiToken.objects.count() == 0


def test_failures_on_page_and_api_add_up(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    for _ in range(3):
        page_login(client, "an", "sai")
    for _ in range(2):
        api_login(client, "an", "sai")
    assert api_login(client, "an", "Mật-khẩu-đúng-1").status_code == 429
    assert page_login(client, "an", "Mật-khẩu-đúng-1").status_code == 429


def test_success_forgets_earlier_failures(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    for _ in range(4):
        api_login(Client(), "an", "sai")
    assert api_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 200
    for _ in range(4):
        api_login(Client(), "an", "sai")
    assert api_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 200


def test_administrator_unlocks_with_the_command(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    for _ in range(5):
        api_login(Client(), "an", "sai")
    assert api_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 429
    call_command("axes_reset_username", "an", stdout=io.StringIO())
    assert api_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 200


def test_administrator_sees_and_unlocks_in_the_admin(limits, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    make_user("an", "Mật-khẩu-đúng-1")
    for _ in range(5):
        page_login(Client(), "an", "sai")
    attempt = AccessAttempt.objects.get(username="an")
    admin = make_user("quantri", "Quản-trị-1", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    listing = client.get("/quan-tri/axes/accessattempt/")
    assert listing.status_code == 200
    assert "an" in listing.content.decode()
    response = client.post(f"/quan-tri/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert page_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 302


def test_limit_and_cooloff_follow_the_settings(settings, make_user, time_machine):
    time_machine.move_to(START, tick=False)
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)
    make_user("an", "Mật-khẩu-đúng-1")
    assert api_login(Client(), "an", "sai").status_code == 401
    response = api_login(Client(), "an", "sai")
    assert response.status_code == 429
    assert "10 phút" in response.json()["detail"]
    time_machine.move_to(START + dt.timedelta(minutes=11), tick=False)
    assert api_login(Client(), "an", "Mật-khẩu-đúng-1").status_code == 200


def test_test_client_login_without_request_still_works(make_user):
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    assert client.login(username="an", password="Mật-khẩu-đúng-1")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1-xyz", "quá ngắn"),
        ("12345678901", "hoàn toàn"),
        ("password123", "phổ biến"),
    ],
)
def test_password_rules_answer_in_vietnamese(make_user, password, fragment):
    user = make_user("nguyenvanan", "Mật-khẩu-đúng-1")
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password, user)
    assert any(fragment in m for m in exc.value.messages), exc.value.messages


def test_password_like_the_username_is_refused(make_user):
    user = make_user("nguyenvanan", "Mật-khẩu-đúng-1")
    with pytest.raises(ValidationError):
        password_validation.validate_password("nguyenvanan1", user)
    password_validation.validate_password("Sông-Hồng-chảy-mãi", user)  # a good one passes


def test_session_lasts_the_configured_hours(settings, make_user):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # DANGVU_SESSION_HOURS unset: 8 hours
    make_user("an", "Mật-khẩu-đúng-1")
    client = Client()
    response = page_login(client, "an", "Mật-khẩu-đúng-1")
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600


def test_pages_and_api_carry_a_content_security_policy(make_user):
    client = Client()
    page = client.get(LOGIN_URL)
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "http" not in policy  # nothing loaded from elsewhere
    assert client.get("/api/v1/organizations")["Content-Security-Policy"] == policy


def test_token_with_a_nul_character_is_refused_naming_the_field_not_500(make_user):
    make_user("an", "Mật-khẩu-đúng-1")
    for username, password, field in (("an\x00", "sai", "username"), ("an", "sai\x00", "password")):
        response = api_login(Client(), username, password)
        assert response.status_code == 422 and field in response.content.decode()
        assert "NUL" in response.content.decode()


def test_page_login_with_a_nul_character_is_refused_not_500(make_user):
    make_user("an", "Mật-khẩu-đúng-1")
    response = page_login(Client(), "an\x00", "sai")
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_very_long_credentials_answer_401_not_500(make_user):
    long_name = "Nguyễn" * 100
    assert api_login(Client(), long_name, "sai").status_code == 401
    assert page_login(Client(), long_name, "sai").status_code == 200
