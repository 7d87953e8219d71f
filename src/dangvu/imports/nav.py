"""Menu entry of imports: the office and inspection roles, admins."""

from .access import ALL_ROLES


def items(user, reach):
    return [("imports:index", "Nhập dữ liệu")] if reach.is_admin or reach.grants_for(ALL_ROLES) else []
