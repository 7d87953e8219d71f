"""Pages of dues (đảng phí): an organisation's month, a chi bộ's sheet, a member's dues, the member's own."""

from .member import basis, cancel, confirm, excuse, member, mine, pay, receipt, relief
from .months import flags, index
from .remit import confirm_remit, remit
from .report import report
from .sheet import bulk, generate, sheet, word, xlsx

__all__ = ["basis", "bulk", "cancel", "confirm", "confirm_remit", "excuse", "flags", "generate", "index", "member",
           "mine", "pay", "receipt", "relief", "remit", "report", "sheet", "word", "xlsx"]
