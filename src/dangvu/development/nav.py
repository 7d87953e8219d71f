from .access import sees_development


def items(user, reach):
    """Menu entries the user may open: [(url_name, label)]."""
    return [("development:index", "Phát triển đảng viên")] if sees_development(user) else []
