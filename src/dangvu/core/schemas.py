"""The base of every API schema: text cleaned and integers bounded on the way in, in one place.

Every ``src/dangvu/*/api*`` module imports ``Schema`` from here instead of ``ninja.Schema``. On input (a
request body or a query schema, validated by django-ninja with the request in the context):

- every string, in a field or inside a list or an object, goes through ``vntext.clean`` (NFC, no control
  character but tab and newline); a NUL character is refused with a message naming the field (forms refuse
  it the same way), since it is never typed on purpose and PostgreSQL cannot store it. Password fields
  are checked for NUL only and kept as typed;
- every integer must fit its column: ids (``id``, ``…_id``, ``…_ids``) a 64-bit ``bigint``, anything else
  (counts, versions, years, sequence numbers) a 32-bit ``integer``, the smaller of SQLite's and
  PostgreSQL's ranges. Columns narrower than that declare their own ``Field(le=…)``.

Answers (validated with a ``response_status`` in the context) are not touched. The aliases ``Id`` and
``Int`` bound path and query parameters the same way (``organization_id: Id | None = None``).
"""

from typing import Annotated, Any

import ninja
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from . import vntext

INT_MAX = 2**31 - 1  # PostgreSQL integer (IntegerField, PositiveIntegerField)
BIGINT_MAX = 2**63 - 1  # bigint (BigAutoField ids)
SMALLINT_MAX = 2**15 - 1  # smallint (PositiveSmallIntegerField: years, days, months)

Id = Annotated[int, Field(ge=-BIGINT_MAX - 1, le=BIGINT_MAX)]
Int = Annotated[int, Field(ge=-INT_MAX - 1, le=INT_MAX)]
SmallInt = Annotated[int, Field(ge=-SMALLINT_MAX - 1, le=SMALLINT_MAX)]  # PositiveSmallIntegerField columns

NUL_MESSAGE = vntext.NUL_MESSAGE
TOO_LARGE_MESSAGE = "Số quá lớn (tối đa {limit})."
TOO_SMALL_MESSAGE = "Số quá nhỏ (tối thiểu {limit})."
_MAX_DEPTH = 20


def _is_input(info: ValidationInfo) -> bool:
    context = info.context
    return not (isinstance(context, dict) and "response_status" in context)


def _is_request(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, dict) and "request" in context and "response_status" not in context


def _is_id(name: str | None) -> bool:
    return bool(name) and (name == "id" or name.endswith(("_id", "_ids", "_pk")))


def clean_value(value: Any, *, refuse_nul: bool, raw: bool = False, depth: int = 0) -> Any:
    """Strings cleaned by ``vntext.clean`` wherever they are in value (lists, tuples, dict values); a
    NUL raises a ``PydanticCustomError`` when ``refuse_nul``, else it is dropped."""
    if isinstance(value, str):
        if refuse_nul and vntext.has_nul(value):
            raise PydanticCustomError("text_nul", NUL_MESSAGE)
        return value.replace("\x00", "") if raw else vntext.clean(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [clean_value(v, refuse_nul=refuse_nul, raw=raw, depth=depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v, refuse_nul=refuse_nul, raw=raw, depth=depth + 1) for v in value)
    if isinstance(value, dict):
        return {k: clean_value(v, refuse_nul=refuse_nul, raw=raw, depth=depth + 1) for k, v in value.items()}
    return value


def check_ints(value: Any, limit: int, depth: int = 0) -> None:
    """PydanticCustomError when an integer in value (or in a list of them) is outside ±limit."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if value > limit:
            raise PydanticCustomError("int_too_large", TOO_LARGE_MESSAGE, {"limit": limit})
        if value < -limit - 1:
            raise PydanticCustomError("int_too_small", TOO_SMALL_MESSAGE, {"limit": -limit - 1})
        return
    if depth < _MAX_DEPTH and isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            check_ints(v, limit, depth + 1)


class Schema(ninja.Schema):
    """ninja.Schema with the project's input rules (see the module's docstring)."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value, info: ValidationInfo):
        if not _is_input(info) or isinstance(value, (int, float, bool)) or value is None:
            return value
        raw = "password" in (info.field_name or "")
        return clean_value(value, refuse_nul=_is_request(info), raw=raw)

    @field_validator("*", mode="after")
    @classmethod
    def _bound_ints(cls, value, info: ValidationInfo):
        if _is_input(info):
            check_ints(value, BIGINT_MAX if _is_id(info.field_name) else INT_MAX)
        return value


class PickOption(Schema):
    """One match of a picker search: the value to submit, the name, and its place in the tree."""

    value: str
    label: str
    context: str


class PickPage(Schema):
    items: list[PickOption]
