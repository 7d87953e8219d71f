"""/api/v1/users: finding a user to put on a team (for those who form teams)."""

from django.contrib.auth import get_user_model
from django.http import Http404
from ninja import Query, Router

from dangvu.core import vntext

from ..queries import has_case_role
from .schemas import Page

router = Router(tags=["Người dùng"])


@router.get("", response=Page, summary="Tìm người dùng (chọn thành viên đoàn)")
def find_users(request, q: str = "", limit: int = Query(20, ge=1, le=100)):
    """For those who form teams (admin, inspection roles); 404 for everyone else."""
    if not has_case_role(request.auth):
        raise Http404("Không tìm thấy.")
    qs = get_user_model().objects.filter(is_active=True)
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    count = qs.count()
    items = [{"id": u.pk, "username": u.username, "full_name": u.full_name}
             for u in qs.order_by("username")[:limit]]
    return {"items": items, "count": count}
