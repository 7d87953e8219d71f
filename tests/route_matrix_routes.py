"""The routes of the application, read from Django's URL resolver and the API's OpenAPI, and the
helpers that turn a route into a URL (and, for an API write, a minimal valid body)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "/api/v1/"


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern)


def resolver_routes() -> list[str]:
    """Every URL pattern Django serves, as its route string (``/to-chuc/<int:pk>/``)."""
    return sorted(set(_walk(get_resolver().url_patterns)))


def openapi_schema():
    from dangvu.api.api import api

    return api.get_openapi_schema(path_prefix=API_PREFIX)


def api_operations(schema=None) -> list[str]:
    """Every operation of the API, as ``METHOD /api/v1/path/{param}``."""
    schema = schema or openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def api_route_of(django_route: str) -> str:
    """``/api/v1/organizations/<int:org_id>`` -> ``/api/v1/organizations/{org_id}``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", django_route)


# -- URLs ------------------------------------------------------------------------------------------

# page route prefix -> which object ``<int:pk>`` names there
PAGE_PK = [
    ("/to-chuc/", "org"),
    ("/dang-vien/", "member"),
    ("/danh-gia/", "cycle"),
    ("/kiem-tra/khac-phuc/", "remedy"),
    ("/kiem-tra/chuong-trinh/", "programme"),
    ("/kiem-tra/", "inspection"),
    ("/ky-luat/khieu-nai/", "complaint"),
    ("/ky-luat/to-cao/", "denunciation"),
    ("/ky-luat/", "discipline"),
    ("/sinh-hoat/", "meeting"),
    ("/dai-hoi/", "congress"),
    ("/hoc-tap/bai-viet/", "submission"),
    ("/hoc-tap/boi-duong/", "class"),
    ("/hoc-tap/hoc-vien/", "enrollment"),
    ("/hoc-tap/chi-thi-05/", "pledge"),
    ("/hoc-tap/", "session"),
    ("/van-ban/", "document"),
    ("/phat-trien-dang-vien/", "prospect"),
    ("/dang-phi/nop-cap-tren/xac-nhan/", "dues_remittance"),
    ("/dang-phi/dang-vien/", "member"),
]

# path parameter name -> object (both pages and API); a case overrides where the name is ambiguous
PARAMS = {
    "org_id": "org", "source_id": "org", "term_id": "term", "cm_id": "cm", "assignment_id": "assignment",
    "ra_id": "ra", "mass_id": "mass", "member_id": "member", "cycle_id": "cycle", "sid": "subject",
    "code": "scheme", "inspection_id": "inspection", "remedy_id": "remedy", "programme_id": "programme",
    "discipline_id": "discipline", "complaint_id": "complaint", "denunciation_id": "denunciation",
    "meeting_id": "meeting", "visit_id": "visit", "session_id": "session", "submission_id": "submission",
    "class_id": "class", "enrollment_id": "enrollment", "pledge_id": "pledge", "document_id": "document",
    "item_id": "inbox", "attachment_id": "inspection_attachment", "att_id": "inspection_attachment",
    "prospect_id": "prospect",
    "tt_id": "temporary_transfer", "transfer_id": "temporary_transfer", "letter_id": "transfer_letter",
    "congress_id": "congress",
    "payment_id": "dues_payment", "basis_id": "dues_basis", "month": "month",
}


def build_url(route: str, ids: dict, params: dict | None = None, query: str = "") -> str:
    """Fill a route's parameters: ``params`` gives a value (or an object name of ``ids``) per parameter."""
    params = params or {}

    def value(name):
        if name in params:
            v = params[name]
            return ids.get(v, v) if isinstance(v, str) else v
        if name == "pk":
            for prefix, obj in PAGE_PK:
                if route.startswith(prefix):
                    return ids[obj]
        return ids[PARAMS[name]]

    url = re.sub(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", lambda m: str(value(m.group(1) or m.group(2))), route)
    return url + (("?" + query) if query else "")


# -- minimal valid bodies ---------------------------------------------------------------------------


def _resolve(schema, components):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def minimal(schema, components, name=""):
    """The smallest instance of a JSON schema that pydantic accepts (required fields only)."""
    schema = _resolve(schema, components)
    if "default" in schema and name:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, components).get("type") != "null"]
            return minimal(options[0], components, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: minimal(props[k], components, k) for k in schema.get("required", [])}
    if kind == "array":
        return [minimal(schema["items"], components)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    if fmt == "date":
        return "2026-01-15"
    if fmt == "date-time":
        return "2026-01-15T09:00:00+07:00"
    if fmt == "binary":
        return b"x"
    return "Thử nghiệm ma trận"


def request_body(operation: dict, components: dict):
    """(content type, body) for an operation's request, or (None, None) when it takes none."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return "application/json", minimal(content["application/json"]["schema"], components)
    if "multipart/form-data" in content:
        return "multipart", minimal(content["multipart/form-data"]["schema"], components)
    return None, None
