"""A record's change history as people read it: one Vietnamese sentence per audit entry.

``render(entries)`` turns audit entries (``core.audit.history(obj)[:n]`` or any list of
``AuditEntry``) into ``Row`` objects for ``core/_history.html``:

- the time as dd/mm/yyyy HH:MM in local time (Asia/Ho_Chi_Minh);
- fields by their Vietnamese label (the model field's ``verbose_name``, else a label below);
  technical fields (keys, paths, depth, versions, ids) are left out;
- choice codes by their label, rule-set codes by the rule set's name, booleans as Có/Không,
  dates dd/mm/yyyy, decimals with a comma, lists joined, dicts as "khóa: giá trị";
- foreign keys by the related record's name, looked up in one query per related model for the
  whole page of entries (no query per entry);
- id lists (a session's attendees) by their first ID_LIST_SHOWN names and a count of the others, only those named
  being loaded; at most CHANGES_MAX changes per entry, the others counted.
"""

from .labels import HIDDEN, LABELS, VERBS, field_for_key, field_of, is_hidden, label_for, verb_for
from .rows import CHANGES_MAX, SHOWN_CHANGES, Change, Row, render
from .values import (
    EMPTY,
    ID_LIST_SHOWN,
    ID_LISTS,
    ID_NOUNS,
    RULESET_FIELDS,
    TEXT_LIMIT,
    dong_text,
    month_text,
    register_format,
    register_values,
    show,
    vn_number,
)

__all__ = [
    "CHANGES_MAX", "EMPTY", "HIDDEN", "ID_LIST_SHOWN", "ID_LISTS", "ID_NOUNS", "LABELS", "RULESET_FIELDS", "SHOWN_CHANGES", "TEXT_LIMIT", "VERBS", "Change", "Row",
    "dong_text", "field_for_key", "field_of", "is_hidden", "label_for", "month_text", "register_format", "register_values", "render", "show", "verb_for",
    "vn_number",
]
