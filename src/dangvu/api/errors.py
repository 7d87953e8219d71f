"""Vietnamese error answers for the API: 422 names the field, 409 on stale versions, 404 out of reach."""

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dangvu.core.errors import ConflictError
from dangvu.core.schemas import NUL_MESSAGE

# pydantic error type -> Vietnamese message
PYDANTIC_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 1990-02-28).",
    "date_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 1990-02-28).",
    "date_from_datetime_inexact": "Ngày không hợp lệ.",
    "date_type": "Ngày không hợp lệ.",
    "datetime_parsing": "Thời điểm không hợp lệ.",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "float_parsing": "Phải là số.",
    "bool_parsing": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_long": "Quá dài.",
    "string_too_short": "Không được để trống.",
    "enum": "Giá trị không hợp lệ.",
    "literal_error": "Giá trị không hợp lệ.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung gửi lên không phải JSON hợp lệ.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "extra_forbidden": "Trường không được phép.",
    "text_nul": NUL_MESSAGE,
}
# Our own error types whose pydantic message is already Vietnamese (with its context filled in).
OWN_MESSAGES = {"int_too_large", "int_too_small"}

NOT_FOUND = "Không tìm thấy."
NO_SUCH_PATH = "Không có địa chỉ này trong API (xem /api/v1/docs)."
BAD_JSON = "Dữ liệu JSON không hợp lệ: nội dung gửi lên phải là một đối tượng JSON đúng cú pháp."
UNSUPPORTED = "Kiểu nội dung “{ctype}” không được hỗ trợ: gửi JSON với Content-Type: application/json."
NOT_ALLOWED = "Phương thức {method} không được phép ở địa chỉ này; chấp nhận: {allowed}."
NUMBER_OUT_OF_RANGE = "Số quá lớn so với giới hạn lưu trữ."
HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Không có quyền.",
    404: NOT_FOUND,
    405: "Phương thức không được phép.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
    429: "Quá nhiều yêu cầu; thử lại sau.",
}
_JSON_TYPES = ("", "application/json", "text/json")


def json_error(status: int, detail: str, **headers) -> JsonResponse:
    """A JSON error answer outside an operation (unknown path, method not allowed)."""
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _bad_body(request) -> tuple[int, str]:
    ctype = (request.content_type or "").split(";")[0].strip().lower()
    if ctype in _JSON_TYPES or ctype.endswith("+json"):
        return 400, BAD_JSON
    return 415, UNSUPPORTED.format(ctype=ctype)


def _field_of(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "data")]
    return ".".join(parts) or "__all__"


def _answer(api, request, errors: dict, status=422):
    detail = [{"loc": ["body", *f.split(".")], "msg": m} for f, msgs in errors.items() for m in msgs]
    return api.create_response(
        request, {"detail": detail, "errors": errors, "message": "Dữ liệu không hợp lệ."}, status=status
    )


def install(api):
    @api.exception_handler(NinjaValidationError)
    def pydantic_errors(request, exc):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            field = _field_of(err.get("loc", ()))
            etype = err.get("type", "")
            msg = err.get("msg") if etype in OWN_MESSAGES else PYDANTIC_MESSAGES.get(etype)
            if msg is None:
                ctx = err.get("ctx") or {}
                msg = str(ctx.get("error")) if ctx.get("error") else "Giá trị không hợp lệ."
            if etype in ("enum", "literal_error") and err.get("ctx", {}).get("expected"):
                msg = f"Giá trị không hợp lệ; chấp nhận: {err['ctx']['expected']}."
            errors.setdefault(field, []).append(msg)
        return _answer(api, request, errors)

    @api.exception_handler(ValidationError)
    def domain_errors(request, exc):
        if hasattr(exc, "error_dict"):
            errors = {f: [str(m) for e in errs for m in e.messages] for f, errs in exc.error_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        return _answer(api, request, errors)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return api.create_response(request, {"detail": ConflictError.message}, status=409)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    @api.exception_handler(HttpError)
    def http_errors(request, exc):
        # django-ninja answers a body it cannot parse with 400 "Cannot parse request body": say it in
        # Vietnamese, and 415 when the content type is not JSON at all.
        if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
            status, detail = _bad_body(request)
        else:
            status = exc.status_code
            detail = exc.message if _is_vietnamese(exc.message) else HTTP_MESSAGES.get(status, str(exc.message))
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        # A number past a column's range that slipped through the schemas (SQLite refuses it when binding).
        return _answer(api, request, {"__all__": [NUMBER_OUT_OF_RANGE]})

    @api.exception_handler(DataError)
    def data_error(request, exc):
        # PostgreSQL's "integer out of range" and the like: the request's fault, not the server's.
        if "out of range" not in str(exc):
            raise exc
        return _answer(api, request, {"__all__": [NUMBER_OUT_OF_RANGE]})

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return api.create_response(
            request, {"detail": "Chưa xác thực: gửi Authorization: Bearer <token>."}, status=401
        )


def _is_vietnamese(message) -> bool:
    return any(ord(ch) > 127 for ch in str(message))
