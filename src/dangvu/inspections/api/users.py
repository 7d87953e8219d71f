"""/api/v1/users: finding a user to put on a team (for those who form teams)."""

from django.http import Http404
from ninja import Query, Router

from dangvu.core import vntext

from ..queries import users_for_teams
from .schemas import Page

router = Router(tags=["Người dùng"])


@router.get("", response=Page, summary="Tìm người dùng (chọn thành viên đoàn)")
def find_users(request, q: str = "", limit: int = Query(20, ge=1, le=100)):
    """For those who form teams (admin, inspection roles); 404 for everyone else. A commission finds only the users
    holding a role grant inside its reach or linked to a party member of its reach (the administrator: everyone)."""
    qs = users_for_teams(request.auth)
    if qs is None:
        raise Http404("Không tìm thấy.")
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    count = qs.count()
    items = [{"id": u.pk, "username": u.username, "full_name": u.full_name}
             for u in qs.order_by("username")[:limit]]
    return {"items": items, "count": count}
