"""Member development: the only writers of prospects, their dossier and the targets."""

from .dossier import PURPOSE as DOSSIER_PURPOSE
from .dossier import checklist, record_item
from .prospects import (
    STEP_LABELS,
    STEPS,
    admit,
    create_prospect,
    missing_items,
    record_step,
    update_prospect,
)
from .targets import set_target

__all__ = [
    "DOSSIER_PURPOSE",
    "STEPS",
    "STEP_LABELS",
    "admit",
    "checklist",
    "create_prospect",
    "missing_items",
    "record_item",
    "record_step",
    "set_target",
    "update_prospect",
]
