"""Route risk: a shipment's origin, destination and transit countries against a country-risk table.

The table is data, not code: each row gives a country, what to do when it is
the destination, a transit country or the origin (``block``, ``review`` or
``clear``), a reason a person can read and the official source.  The default
(``default_route_table()``, from ``zaslon/data/circumvention/country_risk.csv``)
has Russia and Belarus as sanctioned countries and the transshipment hubs the
US alerts on diversion name; ``RouteTable.from_csv`` or ``with_rows`` replace
or extend it.

A country missing from the table is ``clear`` — the verdict says it checked
the route against the table, not that the route is safe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from zaslon.core.model.countries import names_by_code, to_code
from zaslon.exc import QueryError, SourceError

ACTIONS = ("clear", "review", "block")  # in rising order
ROLES = ("destination", "transit", "origin")
COLUMNS = ("country", "name", "category", "as_destination", "as_transit", "as_origin", "reason", "source")


@dataclass(frozen=True, slots=True)
class CountryRisk:
    """One row of the table."""

    country: str  # ISO alpha-2, lower case
    name: str
    category: str  # sanctioned | transshipment | anything the table's author chooses
    destination: str
    transit: str
    origin: str
    reason: str
    source: str

    def action(self, role: str) -> str:
        return str(getattr(self, role))


@dataclass(frozen=True, slots=True)
class RouteReason:
    role: str  # destination | transit | origin
    country: str
    action: str
    text: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "role": self.role,
            "country": self.country,
            "action": self.action,
            "text": self.text,
            "source": self.source,
        }


@dataclass(slots=True)
class RouteVerdict:
    """``block``, ``review`` or ``clear`` for a route, with one reason per risky leg."""

    verdict: str
    origin: str | None
    destination: str | None
    transit: list[str]
    reasons: list[RouteReason] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "origin": self.origin,
            "destination": self.destination,
            "transit": list(self.transit),
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(slots=True)
class RouteTable:
    rows: dict[str, CountryRisk] = field(default_factory=dict)

    @classmethod
    def from_csv(cls, text: str, *, file: str = "country_risk.csv") -> RouteTable:
        """Read a table with the columns of ``COLUMNS``; bad rows raise ``SourceError``."""
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"missing column(s) {', '.join(missing)}", file=file, line=1)
        table = cls()
        for row in reader:
            line = reader.line_num
            code = to_code(row["country"])
            if code is None:
                raise SourceError(f"country {row['country']!r} is not a country", file=file, line=line)
            actions = {}
            for role in ROLES:
                value = (row[f"as_{role}"] or "").strip().lower()
                if value not in ACTIONS:
                    raise SourceError(
                        f"as_{role} {value!r} is not one of {', '.join(ACTIONS)}", file=file, line=line
                    )
                actions[role] = value
            if code in table.rows:
                raise SourceError(f"country {code!r} appears twice", file=file, line=line)
            table.rows[code] = CountryRisk(
                country=code,
                name=row["name"].strip() or names_by_code().get(code, code),
                category=row["category"].strip(),
                reason=row["reason"].strip(),
                source=row["source"].strip(),
                **actions,
            )
        return table

    def with_rows(self, rows: Iterable[CountryRisk]) -> RouteTable:
        """A copy with ``rows`` added or replacing the rows of the same countries."""
        merged = dict(self.rows)
        merged.update({r.country: r for r in rows})
        return RouteTable(merged)

    def without(self, *countries: str) -> RouteTable:
        return RouteTable({k: v for k, v in self.rows.items() if k not in countries})

    def get(self, country: str) -> CountryRisk | None:
        return self.rows.get(country)


@lru_cache(maxsize=1)
def default_route_table() -> RouteTable:
    """The bundled table (package data; see data/circumvention/README.md)."""
    path = resources.files("zaslon") / "data" / "circumvention" / "country_risk.csv"
    return RouteTable.from_csv(path.read_text(encoding="utf-8"))


def _country(value: str | None, role: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    code = to_code(str(value))
    if code is None:
        raise QueryError(
            f"{role} {value!r} is not a country (give an ISO code or a name)",
            field=role,
            expected="a country",
        )
    return code


def assess_route(
    *,
    origin: str | None = None,
    destination: str | None = None,
    transit: Sequence[str] = (),
    table: RouteTable | None = None,
) -> RouteVerdict:
    """The route's verdict: the strictest action any of its countries calls for in its role."""
    table = table or default_route_table()
    legs: list[tuple[str, str]] = []
    o, d = _country(origin, "origin"), _country(destination, "destination")
    through = [c for c in (_country(t, "transit") for t in transit) if c]
    if d:
        legs.append(("destination", d))
    legs += [("transit", t) for t in dict.fromkeys(through)]
    if o:
        legs.append(("origin", o))
    reasons = []
    for role, code in legs:
        row = table.get(code)
        if row is None or row.action(role) == "clear":
            continue
        action = row.action(role)
        reasons.append(
            RouteReason(role, code, action, f"{role} {row.name} ({row.category}): {row.reason}", row.source)
        )
    verdict = max((r.action for r in reasons), key=ACTIONS.index, default="clear")
    return RouteVerdict(verdict=verdict, origin=o, destination=d, transit=through, reasons=reasons)


__all__ = ["CountryRisk", "RouteReason", "RouteTable", "RouteVerdict", "assess_route", "default_route_table"]
