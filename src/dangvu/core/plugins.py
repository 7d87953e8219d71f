"""One registry per app: each app says in its AppConfig what it adds to the project, and the project collects it.

An app declares ``manifest = Manifest(...)`` on its AppConfig (see docs/adding-a-feature-app.md). References
are ``"module"`` or ``"module:attribute"``, relative to the app's package:

- ``pages=("sinh-hoat/", "urls")``: the URL prefix of the app's pages and its urls module (``dangvu.urls``
  mounts it);
- ``api={"/meetings": "api:router"}``: API prefix → ninja Router, mounted in this order by ``dangvu.api.api``;
- ``menu="nav:items"``: ``items(user, reach) -> [(url_name, label), ...]``, the menu entries the user may open;
- ``cards="nav:cards"``: ``cards(request, reach) -> [{"title", "value", "note", "url", "tone"}, ...]``, figures
  for the home page ("tone" is "" or "warn" or "bad");
- ``member_links="nav:member_links"``: ``member_links(user, reach, member) -> [(url, label)]``, buttons on a
  member's record (the app's own pages about that member the user may open);
- ``worklist="worklist:items"``: ``items(user, reach, today) -> [WorkItem, ...]`` (``dangvu.core.worklist``), what
  is due for this user in the app (the home page's "Việc cần làm" and ``GET /api/v1/worklist`` merge them, soonest
  first);
- ``demo="demo:load"``: ``load() -> bool`` (idempotent, on top of the base demo; the module's first docstring
  line is what ``dangvu demo`` prints);
- ``providers="providers"``: a module imported at start-up (it fills core's registries of named interfaces);
- ``upkeep="upkeep:run"``: ``run() -> [message, ...]``, the app's housekeeping (dropping what is kept only for a
  while), which ``dangvu worker`` runs when it starts and then every ``DANGVU_UPKEEP_HOURS`` hours
  (``dangvu.core.upkeep``); each message says in Vietnamese what was done.

Everything is resolved once, when core's AppConfig is ready (every model is loaded by then): a reference to a
module or attribute that does not exist, an app module (urls, api, nav, demo) that exists but the manifest does
not declare, a prefix used twice, or an api module whose ``routers`` list disagrees with the manifest stops the
start-up with ImproperlyConfigured naming the app and the piece. Nothing is skipped silently.

Core never imports a feature app by name: it only reads the manifests of the installed apps, in
``INSTALLED_APPS`` order (which is the order of the menu, the home cards and the routes).
"""

import importlib
import importlib.util
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

# The modules an app may hold that mean something only when its manifest declares them.
DECLARED_MODULES = ("urls", "api", "nav", "demo", "worklist", "upkeep")


@dataclass(frozen=True)
class Manifest:
    """What one app adds to the project (references relative to the app's package)."""

    pages: tuple[str, str] | None = None  # (URL prefix, urls module): ("sinh-hoat/", "urls")
    api: dict[str, str] = field(default_factory=dict)  # API prefix -> router: {"/meetings": "api:router"}
    menu: str | None = None  # items(user, reach) -> [(url_name, label)]
    cards: str | None = None  # cards(request, reach) -> [{"title", "value", "note", "url", "tone"}]
    member_links: str | None = None  # member_links(user, reach, member) -> [(url, label)]
    worklist: str | None = None  # items(user, reach, today) -> [core.worklist.WorkItem]
    demo: str | None = None  # load() -> bool
    providers: str | None = None  # module imported at start-up
    upkeep: str | None = None  # run() -> [message]: housekeeping, run by the worker


@dataclass
class Registry:
    """The manifests of the installed apps, resolved: what urls.py, api.py, the menu and the demo read."""

    pages: list = field(default_factory=list)  # (app label, URL prefix, urls module)
    api: list = field(default_factory=list)  # (app label, API prefix, Router)
    menu: list = field(default_factory=list)  # callables
    cards: list = field(default_factory=list)
    member_links: list = field(default_factory=list)
    worklist: list = field(default_factory=list)  # callables
    demos: list = field(default_factory=list)  # (app label, load)
    upkeep: list = field(default_factory=list)  # (app label, run)


class _Missing(Exception):
    pass


def _import(config, module_name, what):
    full = f"{config.name}.{module_name}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name and (full == exc.name or full.startswith(exc.name + ".")):
            raise _Missing(f"{config.label}: manifest.{what} names the module {full}, which does not exist") from exc
        exc.add_note(f"while loading manifest.{what} of the app {config.label} ({full})")
        raise
    except Exception as exc:
        exc.add_note(f"while loading manifest.{what} of the app {config.label} ({full})")
        raise


def _resolve(config, ref, what):
    module_name, _, attr = ref.partition(":")
    module = _import(config, module_name, what)
    if not attr:
        return module
    try:
        return getattr(module, attr)
    except AttributeError:
        raise _Missing(f"{config.label}: manifest.{what} names {module.__name__}.{attr}, which does not exist") from None


def _exists(module_name):
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # the package itself is missing
        return False


def manifest_configs():
    """The installed apps that declare a manifest, in INSTALLED_APPS order."""
    from django.apps import apps

    return [c for c in apps.get_app_configs() if isinstance(getattr(c, "manifest", None), Manifest)]


def collect(configs) -> Registry:
    """Resolve the manifests of ``configs`` (AppConfig-like: name, label, manifest); every problem, or none."""
    reg, problems, owners = Registry(), [], {}
    for config in configs:
        problems += _collect_app(config, reg, owners)
    if problems:
        raise ImproperlyConfigured("App manifests:\n  " + "\n  ".join(problems))
    return reg


def _collect_app(config, reg, owners):
    """Add one app's manifest to ``reg``; return its problems. ``owners``: prefix -> app label, across apps."""
    from ninja import Router

    m, label = config.manifest, config.label
    problems, used, mounted = [], set(), []

    def piece(what, ref, check=None, expected=""):
        used.add(ref.partition(":")[0].split(".")[0])
        try:
            value = _resolve(config, ref, what)
        except _Missing as exc:
            problems.append(str(exc))
            return None
        if check is not None and not check(value):
            problems.append(f"{label}: manifest.{what} names {ref}, which is not {expected}")
            return None
        return value

    def own(kind, prefix):
        if (kind, prefix) in owners:
            problems.append(f"{label}: manifest.{kind} prefix {prefix!r} is already {owners[kind, prefix]}'s")
        owners.setdefault((kind, prefix), label)

    if m.pages is not None:
        prefix, urls_ref = m.pages
        if not prefix.endswith("/") or prefix.startswith("/"):
            problems.append(f"{label}: manifest.pages prefix {prefix!r} must end with '/' and not start with one")
        own("pages", prefix)
        module = piece("pages", urls_ref, lambda mod: hasattr(mod, "urlpatterns"), "a urls module (no urlpatterns)")
        if module is not None:
            reg.pages.append((label, prefix, module))

    for prefix, ref in m.api.items():
        if not prefix.startswith("/"):
            problems.append(f"{label}: manifest.api prefix {prefix!r} must start with '/'")
        own("api", prefix)
        router = piece(f"api[{prefix!r}]", ref, lambda r: isinstance(r, Router), "a ninja Router")
        if router is not None:
            mounted.append((prefix, router))
            reg.api.append((label, prefix, router))
    # An api module that lists its own routers (for keep_operation_ids) must not list one the manifest leaves out.
    for top in sorted({ref.partition(":")[0].split(".")[0] for ref in m.api.values()}):
        try:
            listed = getattr(_import(config, top, "api"), "routers", None) or []
        except _Missing:
            continue  # already reported
        for prefix, router in listed:
            if not any(p == prefix and r is router for p, r in mounted):
                problems.append(f"{label}: {config.name}.{top}.routers lists {prefix!r}, "
                                "which manifest.api does not mount at that prefix")

    for what, target in (("menu", reg.menu), ("cards", reg.cards), ("member_links", reg.member_links),
                         ("worklist", reg.worklist)):
        ref = getattr(m, what)
        if ref is not None and (fn := piece(what, ref, callable, "callable")) is not None:
            target.append(fn)
    if m.demo is not None and (fn := piece("demo", m.demo, callable, "callable")) is not None:
        reg.demos.append((label, fn))
    if m.upkeep is not None and (fn := piece("upkeep", m.upkeep, callable, "callable")) is not None:
        reg.upkeep.append((label, fn))
    if m.providers is not None:
        piece("providers", m.providers)

    for name in DECLARED_MODULES:
        if name not in used and _exists(f"{config.name}.{name}"):
            problems.append(f"{label}: has the module {config.name}.{name} but its manifest does not declare it")
    return problems


_registry = None


def registry() -> Registry:
    """The collected manifests of the installed apps (resolved once, at start-up)."""
    global _registry
    if _registry is None:
        _registry = collect(manifest_configs())
    return _registry


def nav_items(user, r):
    items = []
    for fn in registry().menu:
        items += list(fn(user, r))
    return items


def home_cards(request, r):
    cards = []
    for fn in registry().cards:
        cards += list(fn(request, r))
    return cards


def member_links(user, r, member):
    links = []
    for fn in registry().member_links:
        links += list(fn(user, r, member))
    return links


def demo_loaders():
    """(app label, load) of every app that ships demo data, in INSTALLED_APPS order."""
    return list(registry().demos)
