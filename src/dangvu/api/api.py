"""The JSON API at /api/v1/: every app's router, one auth, one way of answering errors."""

import functools

from django.contrib.auth import authenticate
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router, Status

from dangvu.core import plugins
from dangvu.core.api_jobs import router as jobs_router
from dangvu.core.api_worklist import router as worklist_router
from dangvu.core.backends import lockout_message
from dangvu.core.models import ApiToken
from dangvu.core.schemas import Schema

from . import errors
from .auth import BearerAuth, token_issued
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
api.add_router("/jobs", jobs_router)  # core's background jobs (dangvu.core.jobs)
api.add_router("/worklist", worklist_router)  # what is due for the caller, from every app (dangvu.core.worklist)

# Each app's routers, at the prefixes its manifest declares (dangvu.core.plugins), in INSTALLED_APPS order.
for _app, prefix, router in plugins.registry().api:
    api.add_router(prefix, router)


def _json_not_allowed(view):
    """django-ninja answers a wrong method with a plain-text 405: answer JSON in Vietnamese instead."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            detail = errors.NOT_ALLOWED.format(method=request.method, allowed=allowed or "không có")
            return errors.json_error(405, detail, Allow=allowed)
        return response

    return wrapper


@csrf_exempt
def unknown_path(request, rest=""):
    """Any path under /api/v1/ that no operation answers: JSON 404, not the HTML page."""
    return errors.json_error(404, errors.NO_SUCH_PATH)


def urls():
    """api.urls with JSON answers for wrong methods and unknown paths; mounted at /api/v1/."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_not_allowed(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", unknown_path, name="unknown_path")], app_name, namespace
