"""The JSON API at /api/v1/: every app's router, one auth, one way of answering errors."""

import importlib

from django.contrib.auth import authenticate
from ninja import NinjaAPI, Router, Schema, Status

from dangvu.core.backends import lockout_message
from dangvu.core.models import ApiToken

from . import errors
from .auth import BearerAuth, token_issued

api = NinjaAPI(
    title="dangvu API",
    version="1",
    description="API của dangvu: tổ chức đảng, đảng viên. Xác thực: POST /api/v1/auth/token rồi gửi "
    "Authorization: Bearer <token>.",
    urls_namespace="api",
    auth=BearerAuth(),
)
errors.install(api)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    detail: str


auth_router = Router(tags=["Xác thực"])
USERNAME_MAX_LENGTH = 150  # core.User.username, as on the login page's form


@auth_router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def obtain_token(request, payload: TokenIn):
    # No account has a NUL or an over-long name (PostgreSQL refuses the first, the lockout's table the second).
    if "\x00" in payload.username + payload.password or len(payload.username) > USERNAME_MAX_LENGTH:
        return Status(401, {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."})
    # With the request, so that the lockout counts this attempt like one on the login page.
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": lockout_message()})
    if user is None or not user.is_active:
        return Status(401, {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."})
    token_issued(request, user)
    return Status(200, {"token": ApiToken.issue(user)})


api.add_router("/auth", auth_router)

# Each app exposes `router` in its api.py (mounted at the prefix given here), or `routers`, a list of
# (prefix, router) pairs when it answers under several top-level paths (e.g. /reviews and /rulesets).
APP_APIS = [
    ("/organizations", "dangvu.organizations.api"),
    ("/members", "dangvu.members.api"),
    ("/reviews", "dangvu.reviews.api"),
    ("/inspections", "dangvu.inspections.api"),
    ("/disciplines", "dangvu.discipline.api"),
    ("/meetings", "dangvu.meetings.api"),
    ("/study-sessions", "dangvu.studies.api"),
    ("/documents", "dangvu.documents.api"),
]

for prefix, module in APP_APIS:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:  # an app without an API yet
        if exc.name != module:
            raise
        continue
    for sub_prefix, router in getattr(mod, "routers", None) or [(prefix, mod.router)]:
        api.add_router(sub_prefix, router)
