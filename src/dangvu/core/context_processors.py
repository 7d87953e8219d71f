from django.urls import NoReverseMatch, reverse

# Menu groups, by the URL namespace of an entry: a group with two entries or more becomes one drop-down
# (<details>) so that a commission's or the administrator's menu stays on one row. Entries of other
# namespaces stay at the top level, in their order.
NAV_GROUPS = (
    ("Tổ chức, đảng viên", ("organizations", "members", "development", "congresses", "dues", "accounts")),
    ("Kiểm tra, kỷ luật", ("inspections", "discipline")),
    ("Sinh hoạt, học tập", ("meetings", "studies", "reviews")),
    ("Văn bản", ("documents",)),
    ("Báo cáo, dữ liệu", ("reports", "imports", "quality", "jobs")),
)


def group_menu(entries):
    """[{url, label, active, ns}] → top-level menu: plain entries and groups {label, active, entries}."""
    group_of = {ns: label for label, spaces in NAV_GROUPS for ns in spaces}
    counts = {}
    for e in entries:
        g = group_of.get(e["ns"])
        if g:
            counts[g] = counts.get(g, 0) + 1
    out, groups = [], {}
    for e in entries:
        g = group_of.get(e["ns"])
        if not g or counts[g] < 2:
            out.append(e)
            continue
        if g not in groups:
            groups[g] = {"label": g, "active": False, "entries": []}
            out.append(groups[g])
        groups[g]["entries"].append(e)
        groups[g]["active"] = groups[g]["active"] or e["active"]
    return out


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
    items.append(("core:jobs", "Công việc nền"))  # everyone's own background jobs (exports, imports)
    out = []
    for name, label in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        ns = "jobs" if name == "core:jobs" else name.split(":")[0]
        out.append({"url": url, "label": label, "active": active, "ns": ns})
    return {"nav_items": out, "nav_menu": group_menu(out)}


def features(request):
    """What this server can do, for templates: `pdf_available` (LibreOffice is installed, so the PDF buttons show;
    without it only the Word downloads are offered)."""
    from . import partydoc

    return {"pdf_available": partydoc.libreoffice() is not None}
