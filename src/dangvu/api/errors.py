"""Vietnamese error answers for the API: 422 names the field, 409 on stale versions, 404 out of reach."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from dangvu.core.errors import ConflictError

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
}


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
            msg = PYDANTIC_MESSAGES.get(etype)
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
        return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return api.create_response(
            request, {"detail": "Chưa xác thực: gửi Authorization: Bearer <token>."}, status=401
        )
