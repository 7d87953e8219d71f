"""The JSON API at /api/v1/: every app's router, one auth, one way of answering errors."""

import importlib

from django.contrib.auth import authenticate
from ninja import NinjaAPI, Router, Schema, Status

from dangvu.core.models import ApiToken

from . import errors
from .auth import BearerAuth
from .responses import declare_errors


class DangvuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated schema, with the 401/404/409/422 answers of every operation (``responses``)."""
        return declare_errors(super().get_openapi_schema(*args, **kwargs))


api = DangvuAPI(
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


@auth_router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def obtain_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."})
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
