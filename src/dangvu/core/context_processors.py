from django.urls import reverse


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = [("core:home", "Trang chủ"), ("organizations:index", "Tổ chức đảng"), ("members:list", "Đảng viên")]
    out = []
    for name, label in items:
        try:
            url = reverse(name)
        except Exception:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        out.append({"url": url, "label": label, "active": active})
    return {"nav_items": out}
