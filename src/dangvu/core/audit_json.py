"""The JSON of the audit trail: ``before``/``after`` normalised to what either database gives back
(``normal_json``) and the canonical encoding hashed into the chain (``_dumps``: sorted keys, no spaces,
ASCII only). Split from ``core.audit``."""

import json
import math

from django.core.serializers.json import DjangoJSONEncoder


def _normal(value):
    """JSON value as the databases give it back: JSON types only, string keys, no -0.0, integral floats
    too large for their digits to survive PostgreSQL's numeric (repr with an exponent) as integers."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("audit values must be finite numbers")
        if value == 0:
            return 0.0
        if value.is_integer() and abs(value) >= 1e16:
            return int(value)
    return value


_SCALARS = (str, int, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)
_STR_KEYS = frozenset((str,))


def _plain_copy(value):
    """A copy of value when it is made of str keys, str, int, bool and None only (what a JSON round trip
    gives back unchanged: no float, date, tuple…), else ``_NOT_PLAIN``. A str or int of a subclass (a choice of
    ``TextChoices``/``IntegerChoices``: a new member's status) is copied as the plain str or int the round trip
    gives (its characters, its digits)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__index__(value)
    if kind is dict:
        # a flat dict of scalars with str keys (most snapshots but for a JSON field or two): checked by C loops
        if _STR_KEYS.issuperset(map(type, value)) and _SCALAR_TYPES.issuperset(map(type, value.values())):
            return dict(value)
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                return _NOT_PLAIN
            if type(v) not in _SCALAR_TYPES:
                v = _plain_copy(v)
                if v is _NOT_PLAIN:
                    return _NOT_PLAIN
            out[k] = v
        return out
    if kind is list:
        out = [_plain_copy(v) for v in value]
        return _NOT_PLAIN if any(v is _NOT_PLAIN for v in out) else out
    return _NOT_PLAIN


_NOT_PLAIN = object()


def normal_json(value):
    """What ``before``/``after`` are stored as (and hashed as)."""
    if value is None:
        return None
    plain = _plain_copy(value)  # the snapshots' usual values: no JSON round trip needed
    if plain is not _NOT_PLAIN:
        return plain
    return _normal(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode
