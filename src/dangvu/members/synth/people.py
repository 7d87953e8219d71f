"""Member rows consistent with the models (dates, statuses, keys)."""

from __future__ import annotations

import datetime as dt
import random

from dangvu.core import vntext
from dangvu.core.dates import add_months
from dangvu.core.names import FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE

from .data import (
    ETHNICITIES,
    NULL,
    PLACE_WORDS,
    PROFESSIONS,
    PROVINCES,
    QUALIFICATIONS,
    RELIGIONS,
    STATUSES,
    THEORY,
    _cum,
    _zipf,
)

# --------------------------------------------------------------------------- members


class MemberMaker:
    """Members of one cell at a time, as tuples in MEMBER_COLUMNS order (text, None for NULL)."""

    def __init__(self, rng: random.Random, today: dt.date, created_at: str):
        self.rng = rng
        self.today = today
        self.t = today.toordinal()
        self.created_at = created_at
        self.family = _cum(FAMILY_NAMES)
        self.mid_m = _cum(MIDDLE_MALE)
        self.mid_f = _cum(MIDDLE_FEMALE)
        self.given_m = _zipf(GIVEN_MALE)
        self.given_f = _zipf(GIVEN_FEMALE)
        self.ethnic = _cum(ETHNICITIES)
        self.religion = _cum(RELIGIONS)
        self.qual = _cum(QUALIFICATIONS)
        self.theory = _cum(THEORY)
        self.status = _cum(STATUSES)
        self.keys: dict[str, tuple[str, str]] = {}  # full name -> (search_key, sort_key)
        self.places = {}

    def name_keys(self, full_name: str) -> tuple[str, str]:
        keys = self.keys.get(full_name)
        if keys is None:
            keys = self.keys[full_name] = tuple(vntext.person_name_keys(full_name).values())
        return keys

    def _places(self, prov: int) -> list[str]:
        out = self.places.get(prov)
        if out is None:
            word, pname, _ = PROVINCES[prov]
            rng = random.Random(prov)
            out = [f"xã {a} {b}, {word} {pname}" for a in PLACE_WORDS for b in rng.sample(PLACE_WORDS, 4) if a != b]
            self.places[prov] = out
        return out

    def cell(self, first_id: int, size: int, org_id: int, org_path: str, prov: int, unit: str,
             text: bool = False) -> list:
        rng = self.rng
        choices = rng.choices
        females = [rng.random() < 0.38 for _ in range(size)]
        n_f = sum(females)
        n_m = size - n_f
        fam = choices(self.family[0], cum_weights=self.family[1], k=size)
        mid_m = iter(choices(self.mid_m[0], cum_weights=self.mid_m[1], k=n_m))
        mid_f = iter(choices(self.mid_f[0], cum_weights=self.mid_f[1], k=n_f))
        giv_m = iter(choices(self.given_m[0], cum_weights=self.given_m[1], k=n_m))
        giv_f = iter(choices(self.given_f[0], cum_weights=self.given_f[1], k=n_f))
        statuses = choices(self.status[0], cum_weights=self.status[1], k=size)
        theory = choices(self.theory[0], cum_weights=self.theory[1], k=size)
        ethnic = choices(self.ethnic[0], cum_weights=self.ethnic[1], k=size)
        religion = choices(self.religion[0], cum_weights=self.religion[1], k=size)
        qual = choices(self.qual[0], cum_weights=self.qual[1], k=size)
        places = self._places(prov)
        prov_code = PROVINCES[prov][2]
        random_ = rng.random
        n_places = len(places)
        n_prof = len(PROFESSIONS)
        rows = []
        for i in range(size):
            mid = next(mid_f) if females[i] else next(mid_m)
            given = next(giv_f) if females[i] else next(giv_m)
            if rng.random() < 0.08:  # a compound middle name: "Thị Thu", "Văn Minh"
                table = self.mid_f if females[i] else self.mid_m
                mid2 = choices(table[0], cum_weights=table[1], k=1)[0]
                if mid2 != mid:
                    mid = f"{mid} {mid2}"
            full_name = f"{fam[i]} {mid} {given}"
            search, sort = self.name_keys(full_name)
            status = statuses[i]
            birth, admitted, official, changed = self._dates(status)
            mid_id = first_id + i
            national_id = None if rng.random() < 0.12 else f"{prov_code}{(mid_id * 7919 + 104729) % 10**9:09d}"
            home = places[int(random_() * n_places)]
            residence = home if random_() < 0.6 else places[int(random_() * n_places)]
            if text:
                rows.append(
                    f"{mid_id}\t{full_name}\t\t{'female' if females[i] else 'male'}\t{birth}\t{home}\t{home}\t"
                    f"{residence}\t{ethnic[i]}\t{religion[i]}\t{national_id or NULL}\t12/12\t{qual[i]}\t"
                    f"{PROFESSIONS[int(random_() * n_prof)]}\t{unit}\t"
                    f"{theory[i] if status != 'probationary' else 'none'}\t{admitted}\t{official or NULL}\t"
                    f"{mid_id:09d}\t{org_id}\t{status}\t{changed or NULL}\t\\N\t{org_path}\t{search}\t{sort}\t"
                    f"1\t{self.created_at}\n"
                )
                continue
            rows.append((
                mid_id, full_name, "", "female" if females[i] else "male", birth, home,
                home, residence, ethnic[i], religion[i], national_id, "12/12", qual[i],
                PROFESSIONS[int(random_() * n_prof)], unit, theory[i] if status != "probationary" else "none",
                admitted, official, f"{mid_id:09d}", org_id, status, changed, None, org_path, search, sort,
                1, self.created_at,
            ))
        return rows

    def _dates(self, status: str):
        rng = self.rng
        t = self.t
        if status == "probationary":
            admitted = t - rng.randint(1, 360)
            age_at = rng.randint(18, 38)
        else:
            # at least 13 months a member (the 12 months of probation have passed)
            admitted = t - 400 - int(rng.triangular(0, 60, 8) * 365)
            age_at = int(rng.triangular(18, 50, 24))
        adm = dt.date.fromordinal(admitted)
        # born at least age_at full years before admission (so admitted at 18 or later)
        by = adm.year - age_at - 1
        birth = dt.date(by, rng.randint(1, 12), rng.randint(1, 28))
        official = changed = None
        if status != "probationary":
            official = add_months(adm, 12).isoformat()
        if status in ("exempt", "transferred_out", "deceased", "removed", "expelled"):
            changed = dt.date.fromordinal(rng.randint(max(admitted + 400, t - 3650), t)).isoformat()
        return birth.isoformat(), adm.isoformat(), official, changed


