"""What the document pages share: the organisations a user writes or reads for, the query string without page,
and messages of a refused service call."""


from ..forms import committees


def writable_organizations(user):
    """Committees the user may issue for (office grants and what is under them, chi bộ left out)."""
    return committees(user, "change")


def readable_organizations(user):
    return committees(user, "view")


def querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def body_lines(doc) -> list[str]:
    return [line for line in doc.body.splitlines() if line.strip()]
