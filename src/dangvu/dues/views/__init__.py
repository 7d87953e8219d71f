"""Pages of dues (đảng phí): an organisation's month, a chi bộ's sheet, a member's dues, the member's own."""

from .member import basis, cancel, confirm, member, mine, pay, relief
from .months import flags, index
from .sheet import bulk, generate, sheet, xlsx

__all__ = ["basis", "bulk", "cancel", "confirm", "flags", "generate", "index", "member", "mine", "pay", "relief", "sheet",
           "xlsx"]
