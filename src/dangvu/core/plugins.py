"""Hooks through which each feature app adds to the shared menu and home page.

An app may ship ``nav.py`` with ``items(user, reach) -> [(url_name, label), ...]`` (menu entries the user
may open) and ``cards(request, reach) -> [{"title", "value", "note", "url", "tone"}, ...]`` (figures for
the home page: "tone" is "" or "warn" or "bad"), and ``member_links(user, reach, member) -> [(url, label)]``
(buttons on a member's record: the app's own pages about that member the user may open). Core knows nothing
else about the apps, so the registry never imports the feature apps that sit above it.
"""

import importlib
from functools import cache

FEATURE_APPS = ["reviews", "inspections", "discipline", "meetings", "studies", "documents"]


@cache
def _nav_modules():
    out = []
    for app in FEATURE_APPS:
        name = f"dangvu.{app}.nav"
        try:
            out.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return out


def nav_items(user, r):
    items = []
    for mod in _nav_modules():
        if hasattr(mod, "items"):
            items += list(mod.items(user, r))
    return items


def home_cards(request, r):
    cards = []
    for mod in _nav_modules():
        if hasattr(mod, "cards"):
            cards += list(mod.cards(request, r))
    return cards


def member_links(user, r, member):
    links = []
    for mod in _nav_modules():
        if hasattr(mod, "member_links"):
            links += list(mod.member_links(user, r, member))
    return links
