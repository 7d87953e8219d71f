"""Menu entries of the reports."""


def items(user, reach):
    return []
