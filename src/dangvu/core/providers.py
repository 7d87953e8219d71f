"""Named slots through which an app lends a function to apps that may not import it.

The layers (checked by import-linter, pyproject ``[tool.importlinter]``) are one-way: core ← organizations ←
members ← feature apps, and the feature apps do not import one another. Where a lower layer or a sibling needs
a fact another app owns (core's home page needs the user's reach, a review needs the discipline decisions of the
period, the study register needs the meetings' figures), the owner fills a named slot here, in its
``providers.py`` module imported by its ``AppConfig.ready()``, and the consumer calls it by name::

    # dangvu/discipline/providers.py
    from dangvu.core import providers
    providers.register("discipline.member_decisions", member_decisions)

    # dangvu/reviews/services/evaluate.py
    providers.get("discipline.member_decisions")(member_id, start, end)

``get`` fails loudly when nobody filled the slot (an app missing from INSTALLED_APPS, or a ``ready()`` that
does not import its providers); ``optional`` is for the few facts a consumer can do without, and says so in code.
Every slot, with the app that fills it, is listed in ``SLOTS`` so that a typo in a name fails too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# slot name -> what it answers (the app filling it is the name's prefix)
SLOTS = {
    "organizations.reach": "reach(user) -> Reach: the organisations the user's role assignments reach",
    "organizations.role_labels": "role_labels() -> {role code: Vietnamese label}",
    "members.in_subtree": "in_subtree(org, active=False) -> Member queryset of org's sub-tree (active only)",
    "discipline.member_decisions": "member_decisions(member_id, start, end) -> [Discipline] in force, by date",
    "discipline.collective_decisions": "collective_decisions(org, start, end) -> Discipline queryset or None",
    "discipline.organizations_disciplined": "organizations_disciplined(org_ids, start, end) -> int",
    "inspections.open_remedies": "open_remedies(org, end) -> Remedy queryset not remedied by end",
    "inspections.remedy_summary": "remedy_summary(org, start, end) -> dict of figures",
    "meetings.period_summary": "period_summary(org, date_from, date_to, limit=None, offset=0) -> dict of figures",
    "meetings.model": "model() -> the Meeting model (whose attachments the documents app serves)",
    "reports.home_dashboard": "home_dashboard(request, reach) -> HTML fragment (str) of the dashboard, or ''",
    "meetings.access_meeting": "access_meeting(user, meeting_id, action) -> Meeting, or Http404",
    "dues.unpaid_flags_summary": "unpaid_flags_summary(user, org, year) -> {count, months, url} of the members flagged "
                                 "by the dues' three-month rule, or None when the user does not read org's dues",
}

_registry: dict[str, Callable] = {}


def register(name: str, fn: Callable) -> Callable:
    """Fill the slot ``name`` with ``fn`` (once: a second, different provider is a configuration error)."""
    if name not in SLOTS:
        raise ImproperlyConfigured(f"providers: unknown slot {name!r}; declare it in dangvu.core.providers.SLOTS")
    current = _registry.get(name)
    if current is not None and current is not fn:
        raise ImproperlyConfigured(f"providers: slot {name!r} is already filled by {current.__module__}."
                                   f"{current.__qualname__}")
    _registry[name] = fn
    return fn


def get(name: str) -> Callable:
    """The function in slot ``name``; ImproperlyConfigured when the slot is unknown or empty."""
    fn = optional(name)
    if fn is None:
        app = name.split(".", 1)[0]
        raise ImproperlyConfigured(
            f"providers: nothing fills the slot {name!r}. Is dangvu.{app} in INSTALLED_APPS, and does its "
            f"AppConfig.ready() import dangvu.{app}.providers?")
    return fn


def optional(name: str) -> Callable | None:
    """The function in slot ``name``, or None when the app providing it is not installed."""
    if name not in SLOTS:
        raise ImproperlyConfigured(f"providers: unknown slot {name!r}; declare it in dangvu.core.providers.SLOTS")
    return _registry.get(name)
