"""The materialised path of the organisation tree, the one way to derive it (services, demo, factories, synth).

A path lists the ids from the root down, each followed by a dot: the root 7 is "7.", its child 12 is "7.12.";
`path__startswith=org.path` is the sub-tree, `path.count(".") - 1` the depth.
"""

from __future__ import annotations


def child_path(parent_path: str | None, pk: int) -> str:
    """The path of row pk under the row whose path is parent_path (None or "" for a root)."""
    return f"{parent_path or ''}{pk}."
