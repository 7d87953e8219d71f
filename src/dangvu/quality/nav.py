"""Menu entry of the data-quality page."""

from .access import READ_ROLES


def items(user, reach):
    return [("quality:index", "Chất lượng dữ liệu")] if reach.is_admin or reach.grants_for(READ_ROLES) else []
