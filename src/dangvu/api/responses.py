"""The error answers every operation may give, declared in the OpenAPI (``errors.py`` writes them).

- 401 ``Error``: no valid bearer token (every operation but the token endpoint);
- 404 ``Error``: the object is missing or out of the user's reach (answered alike);
- 409 ``Error``: a write carrying a stale ``version`` (every operation that is not a GET);
- 422 ``ValidationError``: the fields at fault, in Vietnamese (every operation that takes input).

They are added to the generated schema once, here, rather than on each route's decorator; an answer
a route already declares is left as it is.
"""

from ninja import Schema


class Error(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str]
    msg: str


class ValidationError(Schema):
    detail: list[FieldError]
    errors: dict[str, list[str]]
    message: str


DESCRIPTIONS = {
    "401": "Chưa xác thực (thiếu hoặc sai Authorization: Bearer <token>).",
    "404": "Không tìm thấy (hoặc ngoài phạm vi của người dùng).",
    "409": "Dữ liệu đã bị người khác sửa (phiên bản cũ).",
    "422": "Dữ liệu không hợp lệ: lỗi theo từng trường.",
}


def _ref(name):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def declare_errors(schema: dict) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Error, FieldError, ValidationError):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in body.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components.setdefault(model.__name__, body)
    for operations in schema.get("paths", {}).values():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            answers = []
            if op.get("security"):  # the token endpoint has none: it answers 401 itself, and 422
                answers += [("401", "Error"), ("404", "Error")]
                if method != "get":
                    answers.append(("409", "Error"))
            if op.get("parameters") or op.get("requestBody"):
                answers.append(("422", "ValidationError"))
            declared = {str(code) for code in responses}
            for code, name in answers:
                if code not in declared:
                    responses[code] = {"description": DESCRIPTIONS[code], "content": _ref(name)}
    return schema
