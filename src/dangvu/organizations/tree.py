"""The materialised path of the organisation tree, the one way to derive it (services, demo, factories, synth).

A path lists the ids from the root down, each followed by a dot: the root 7 is "7.", its child 12 is "7.12.";
`path__subtree=org.path` (or `subtree_q(org.path)`) is the sub-tree, `path.count(".") - 1` the depth.

`__subtree` is `__startswith` on PostgreSQL (LIKE 'p%', served by the varchar_pattern_ops index) and a
range on SQLite (`path >= 'p' AND path < successor('p')`): SQLite cannot serve Django's `LIKE … ESCAPE`
from an index, a range it can. The range is exact because a path ends with "." and "." + 1 is "/".
"""

from __future__ import annotations

from django.db.models import CharField, Q
from django.db.models.lookups import StartsWith


def child_path(parent_path: str | None, pk: int) -> str:
    """The path of row pk under the row whose path is parent_path (None or "" for a root)."""
    return f"{parent_path or ''}{pk}."


def successor(path: str) -> str:
    """The least string greater than every string that starts with path (binary order)."""
    return path[:-1] + chr(ord(path[-1]) + 1)


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` (a path such as "path", "org_path" or "organization__path") lies in the
    sub-tree of path, that row included."""
    return Q(**{f"{field}__subtree": path})


@CharField.register_lookup
class Subtree(StartsWith):
    """`field__subtree=path`: field starts with path, in the form each database can index."""

    lookup_name = "subtree"

    def as_sql(self, compiler, connection):
        # the backends' operator tables know "startswith", not this name
        return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str) or not self.rhs:
            return self.as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return (f"({lhs_sql} >= %s AND {lhs_sql} < %s)",
                (*lhs_params, self.rhs, *lhs_params, successor(self.rhs)))
