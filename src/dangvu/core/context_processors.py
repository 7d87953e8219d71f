from django.urls import NoReverseMatch, reverse


def navigation(request):
    """Main menu: only the sections the user's roles open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from . import providers

    r = providers.get("organizations.reach")(user)  # the tree sits above core
    items = [("core:home", "Trang chủ")]
    if r.is_admin or r.grants:
        items += [("organizations:index", "Tổ chức đảng"), ("members:list", "Đảng viên")]
    elif getattr(user, "member", None) is not None:
        items += [("members:list", "Hồ sơ của tôi")]
    from .plugins import nav_items

    items += nav_items(user, r)
    out = []
    for name, label in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        out.append({"url": url, "label": label, "active": active})
    return {"nav_items": out}
