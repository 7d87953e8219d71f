"""Document rule data (types, abbreviations, numbering) and who may do what with documents.

Types and numbering come from ``rulesets/document_types.json`` (Quy định 66-QĐ/TW until 08/01/2026,
Quy định 399-QĐ/TW from 09/01/2026; format of Hướng dẫn 36-HD/VPTW): code evaluates, never lists them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

TYPES_FILE = Path(__file__).with_name("rulesets") / "document_types.json"

# Roles that read the register of an organisation in reach; roles that write it (plus admin).
READ_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
WRITE_ROLES = {Role.OFFICE}
# Roles through which a user is served an organisation recipient's inbox (the organisation itself).
INBOX_ROLES = {Role.OFFICE, Role.SECRETARY}


def ruleset_for(day: dt.date | None) -> dict:
    """The ruleset in force on day; the earliest one for a day before every ruleset (old incoming documents)."""
    day = day or dates.today()
    try:
        return rules.in_force(TYPES_FILE, day)
    except rules.RuleNotFound:
        all_sets = rules.load(str(TYPES_FILE))
        return all_sets[0] if day < all_sets[0]["effective_from"] else all_sets[-1]


def types_for(day: dt.date | None) -> list[dict]:
    return list(ruleset_for(day)["types"])


def type_by_code(code: str, day: dt.date | None) -> dict | None:
    """The type of that code in the catalogue in force on day; a code typed in another case ("kh", "Hd") is
    read as the catalogue's own."""
    types = types_for(day)
    for t in types:
        if t["code"] == code:
            return t
    for t in types:
        if t["code"].casefold() == (code or "").casefold():
            return t
    return None


def all_type_codes() -> list[tuple[str, str]]:
    """(code, name) of every type in any ruleset, for filters."""
    seen = {}
    for rs in rules.load(str(TYPES_FILE)):
        for t in rs["types"]:
            seen.setdefault(t["code"], t["name"])
    return list(seen.items())


def format_number(ruleset: dict, seq: int, type_code: str, issuer: str) -> str:
    return ruleset["number_format"].format(seq=seq, type=type_code, issuer=issuer)


# ------------------------------------------------------------------------------------------ permissions


def can_write(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(WRITE_ROLES))


def can_read(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(READ_ROLES))


def inbox_organization_ids(user) -> list[int]:
    """Organisations whose inbox the user is served (office / secretary grant on that very organisation)."""
    return sorted({g.organization_id for g in reach(user).grants_for(INBOX_ROLES)})
