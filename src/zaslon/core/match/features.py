"""Evidence beyond the name: birth dates, countries, identifiers, gender.

Each function compares what the query says with what the list says and
returns a ``Feature``: its contribution to the score and a sentence for the
analyst.  Absent data on either side contributes nothing — most customer
records have no passport number, and most listings no birth date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from zaslon.core.model.query import Feature

DOB_EXACT = 0.08
DOB_PARTIAL = 0.03
DOB_SWAP = 0.04
DOB_NEAR = 0.0
DOB_CONFLICT = -0.22
COUNTRY_MATCH = 0.03
COUNTRY_CONFLICT = -0.04
ID_MATCH = 0.35
GENDER_CONFLICT = -0.15


def most_added(*, birth_dates: bool, countries: bool, identifiers: bool) -> float:
    """The most the features here can add to a name score, given which kinds of evidence a query has."""
    most = max(DOB_EXACT, DOB_SWAP, DOB_PARTIAL) if birth_dates else 0.0
    most += COUNTRY_MATCH if countries else 0.0
    return most + (ID_MATCH if identifiers else 0.0)  # gender and IMO numbers only take away


@lru_cache(maxsize=100_000)
def _parts(iso: str) -> tuple[int, int, int]:
    bits = [int(x) for x in iso.split("-")[:3]]
    while len(bits) < 3:
        bits.append(0)
    return bits[0], bits[1], bits[2]


def _agreement(q: tuple[int, int, int], c: tuple[int, int, int]) -> tuple[float, str]:
    """How two parsed dates relate: the contribution, and which case it is (named in ``_NOTES``)."""
    qy, qm, qd = q
    cy, cm, cd = c
    if qy == cy:
        if qm and cm and qd and cd:
            if (qm, qd) == (cm, cd):
                return DOB_EXACT, "exact"
            if (qm, qd) == (cd, cm):
                return DOB_SWAP, "swap"
            if qm == cm:
                return DOB_PARTIAL / 2, "month"
            return DOB_CONFLICT / 2, "day"
        if qm and cm and qm != cm:
            return DOB_CONFLICT / 2, "months"
        return DOB_PARTIAL, "year"
    if abs(qy - cy) == 1:
        return DOB_NEAR, "near"
    return DOB_CONFLICT, "differ"


_NOTES = {
    "exact": "same birth date {c}",
    "swap": "birth date {q} is {c} with day and month swapped",
    "month": "birth year and month agree ({q} / {c})",
    "day": "birth dates differ in the same year ({q} / {c})",
    "months": "birth months differ ({q} / {c})",
    "year": "birth year {y} agrees ({q} / {c})",
    "near": "birth years one apart ({q} / {c})",
    "differ": "birth dates differ ({q} / {c})",
}


def _relate(q: str, c: str) -> tuple[float, str]:
    value, case = _agreement(_parts(q), _parts(c))
    return value, _NOTES[case].format(q=q, c=c, y=_parts(q)[0])


def birth_date(query: Iterable[str], listed: Iterable[str]) -> Feature | None:
    """The best agreement between any query birth date and any listed one."""
    qs = [d for d in query if d and d[:4].isdigit()]
    cs = [d for d in listed if d and d[:4].isdigit()]
    if not qs or not cs:
        return None
    best: tuple[float, str, str] | None = None
    for q in qs:
        qp = _parts(q)
        for c in cs:
            value = _agreement(qp, _parts(c))[0]
            if best is None or value > best[0]:
                best = (value, q, c)
    assert best is not None
    value, note = _relate(best[1], best[2])
    return Feature("birth_date", value, note)


def country(query: Iterable[str], listed: Iterable[str]) -> Feature | None:
    qs = {c.lower() for c in query if c}
    cs = {c.lower() for c in listed if c and len(c) == 2}
    if not qs or not cs:
        return None
    common = qs & cs
    if common:
        return Feature("country", COUNTRY_MATCH, f"country agrees ({', '.join(sorted(common))})")
    return Feature(
        "country", COUNTRY_CONFLICT, f"countries differ ({', '.join(sorted(qs))} / {', '.join(sorted(cs))})"
    )


_ID_CLEAN = re.compile(r"[^0-9A-Z]")


def normalize_identifier(value: str) -> str:
    """Identifiers compare without spaces, dashes, dots and prefixes like 'IMO'."""
    text = _ID_CLEAN.sub("", value.upper())
    for prefix in ("IMO", "MMSI", "INN", "OGRN"):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            text = text[len(prefix) :]
    return text


def identifier(query: Iterable[str], listed: Iterable[str]) -> Feature | None:
    qs = {normalize_identifier(v) for v in query if v}
    qs = {v for v in qs if len(v) >= 4}
    if not qs:
        return None
    cs = {normalize_identifier(v): v for v in listed if v}
    common = qs & set(cs)
    if common:
        shown = ", ".join(cs[v] for v in sorted(common))
        return Feature("identifier", ID_MATCH, f"identifier agrees ({shown})")
    return None


ID_CONFLICT = -0.15


def is_imo(value: str) -> bool:
    """A valid IMO ship number: seven digits, the last a check digit."""
    if len(value) != 7 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:6], range(7, 1, -1)))
    return total % 10 == int(value[6])


def vessel_number(query: Iterable[str], listed_imo: Iterable[str]) -> Feature | None:
    """Two different valid IMO numbers: two different ships, whatever their names."""
    qs = {v for v in (normalize_identifier(x) for x in query) if is_imo(v)}
    cs = {v for v in (normalize_identifier(x) for x in listed_imo) if is_imo(v)}
    if not qs or not cs or qs & cs:
        return None
    return Feature(
        "identifier", ID_CONFLICT, f"IMO numbers differ ({', '.join(sorted(qs))} / {', '.join(sorted(cs))})"
    )


def gender(query: str | None, listed: Iterable[str]) -> Feature | None:
    if not query:
        return None
    values = {g.lower() for g in listed if g}
    if not values or query.lower() in values:
        return None
    return Feature("gender", GENDER_CONFLICT, f"gender differs ({query} / {', '.join(sorted(values))})")
