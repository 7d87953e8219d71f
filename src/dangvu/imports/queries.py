"""The read side of imports, scoped through access.py."""

from .models import ImportRow, RowAction


def errors_of(batch):
    """Refused rows of a batch, in sheet order (paged by the caller)."""
    return ImportRow.objects.filter(batch=batch, action=RowAction.REFUSED).order_by("number")


def duplicates_of(batch):
    return ImportRow.objects.filter(batch=batch, action=RowAction.DUPLICATE).order_by("number")


def flat_errors(batch, rows) -> list[dict]:
    return [{"sheet": batch.sheet, "row": r.number, "column": e.get("column", ""), "message": e["message"]}
            for r in rows for e in r.errors]
