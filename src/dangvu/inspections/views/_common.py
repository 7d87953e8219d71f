"""What the inspection pages share: the member and user searches, the tabs a user sees, refusing those without a role,
calling a service and telling the user how it went, downloading an attached file."""

from django.contrib.auth import get_user_model
from django.http import Http404

from dangvu.core import files, vntext
from dangvu.core.pages import call_service
from dangvu.members.models import Member, Status
from dangvu.organizations.access import reach

from ..queries import CASE_ROLES, PROGRAMME_ROLES, has_case_role, sees_cases, users_for_teams

PICK_LIMIT = 50


def _one_or_search(qs, pk, q, order):
    """One row by id (none for a bad id), or the first rows whose folded search key contains q."""
    if pk:
        return qs.filter(pk=int(pk)) if str(pk).isdigit() else qs.none()
    needle = vntext.fold(q or "")  # without diacritics, like every search of the house
    return (qs.filter(search_key__contains=needle) if needle else qs).order_by(*order)[:PICK_LIMIT]


def members_for(user, member_id=None, q=""):
    """Members that the user's inspection roles reach: one by id, or the first matches of a name search."""
    qs = Member.objects.filter(status__in=Status.active()).select_related("organization")
    scope = reach(user).q(CASE_ROLES, path_field="org_path", id_field="organization_id")
    if scope is not None:
        qs = qs.filter(scope)
    return _one_or_search(qs, member_id, q, ("sort_key", "id"))


def users_for(user, user_id=None, q=""):
    """Users the user may put on a team (queries.users_for_teams): one by id, or the first matches of a name search."""
    qs = users_for_teams(user)
    return _one_or_search(qs if qs is not None else get_user_model().objects.none(), user_id, q,
                          ("full_name", "username"))


def sees_programmes(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(PROGRAMME_ROLES))


def tabs(user) -> dict:
    return {"hide_cases": not sees_cases(user), "hide_report": not has_case_role(user),
            "hide_programmes": not sees_programmes(user)}


def require_case_role(user):
    if not has_case_role(user):
        raise Http404("Không tìm thấy.")


def submit(request, call, done, form=None, aliases=None):
    """Call the service and say how it went (core.pages.call_service); what it returned, None when refused."""
    return call_service(request, call, done, form=form, aliases=aliases)[1]


def download(obj, att_id):
    """One file attached to obj (404 when it is not one of obj's)."""
    att = files.attachments(obj).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)
