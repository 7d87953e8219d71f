"""Menu entries of the reports."""

from .access import READ_ROLES


def items(user, reach):
    """"Báo cáo" for the office, the inspection commission and the admin."""
    return [("reports:index", "Báo cáo")] if reach.is_admin or reach.grants_for(READ_ROLES) else []
