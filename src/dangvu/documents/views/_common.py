"""What the document pages share: the organisations a user writes or reads for, the query string without page,
and messages of a refused service call."""


from dangvu.organizations.access import organizations_for
from dangvu.organizations.models import CELL_KINDS, OrgStatus

PICK_LIMIT = 500


def _committees(user, action: str):
    qs = organizations_for(user, action).filter(status=OrgStatus.ACTIVE)
    return list(qs.exclude(kind__in=CELL_KINDS).order_by("depth", "sort_key", "id")[:200])


def writable_organizations(user):
    """Committees the user may issue for (office grants and what is under them, chi bộ left out of the list)."""
    return _committees(user, "change")


def readable_organizations(user):
    return _committees(user, "view")


def querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def body_lines(doc) -> list[str]:
    return [line for line in doc.body.splitlines() if line.strip()]
