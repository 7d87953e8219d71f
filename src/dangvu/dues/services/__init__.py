"""Party dues: the only writers of bases, reliefs, the sheet's lines, payments, remittances and the totals."""

from .basis import confirm_basis, set_basis
from .owed import amount_owed, generate_month, line_for, refresh_member, status_of
from .payments import cancel_payment, excuse_month, record_bulk, record_payment
from .relief import grant_relief
from .remit import confirm_receipt, expected, record_remittance

__all__ = [
    "amount_owed",
    "cancel_payment",
    "confirm_basis",
    "confirm_receipt",
    "excuse_month",
    "expected",
    "generate_month",
    "grant_relief",
    "line_for",
    "record_bulk",
    "record_payment",
    "record_remittance",
    "refresh_member",
    "set_basis",
    "status_of",
]
