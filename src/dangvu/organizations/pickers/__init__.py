"""Organisation and member pickers: one widget, two fields, one registry of purposes.

A picker never lists its options in the page: it renders the chosen values only (hidden inputs and a chip per
value) and a search box; typing asks the app's search endpoint (``organizations:pick`` / ``members:pick``, pages
that answer an HTML fragment; the same search under /api/v1/.../pick in JSON) for at most ``LIMIT`` matches,
diacritic-free, each with its place in the tree ("Chi bộ I · Đảng bộ Sở … › Đảng bộ tỉnh …").

A *purpose* names what the user is choosing for ("reviews.open", "documents.distribute", ...) and which rows the
user may choose for it (``scope(user) -> QuerySet``). The endpoints search only inside that scope; the fields
validate the submitted ids against the scope the form was given (ModelChoiceField's way: ``field.queryset``), so a
forged id outside the user's reach gets the field's Vietnamese error, never a 500 and never the row's name.

The tree never imports a feature app by name: scopes are callables given by the apps (declared with the field, in
their forms modules), the endpoints live in the organisations and members apps.
"""

from .endpoints import api_route, member_pick_page, organization_pick_page, pick_page, render_options, search
from .fields import MemberPicker, OrganizationPicker, PickedIds, PickerWidget, account_of
from .registry import (
    CELLS_PREFIX,
    LIMIT,
    MAX_CHOSEN,
    PURPOSES,
    SEP,
    Purpose,
    active_in_reach,
    member_options,
    org_contexts,
    organization_options,
    purpose,
    register,
    search_members,
    search_organizations,
)

__all__ = [
    "CELLS_PREFIX", "LIMIT", "MAX_CHOSEN", "PURPOSES", "SEP", "MemberPicker", "OrganizationPicker", "PickedIds",
    "PickerWidget", "Purpose", "account_of", "active_in_reach", "api_route", "member_options", "member_pick_page",
    "org_contexts", "organization_options", "organization_pick_page", "pick_page", "purpose", "register",
    "render_options", "search", "search_members", "search_organizations",
]
