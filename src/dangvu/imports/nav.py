"""Menu entry of imports: the office role and admins."""

from .access import ROLES


def items(user, reach):
    return [("imports:index", "Nhập dữ liệu")] if reach.is_admin or reach.grants_for(ROLES) else []
