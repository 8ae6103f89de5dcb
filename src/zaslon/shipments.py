"""Shipment screening: parties, vessel, goods and route of each shipment, one verdict with all its reasons.

A shipment file (CSV, TSV or JSON lines) has one shipment per row, with the
columns ``shipment_id``, ``consignor``, ``consignee``, ``notify_party``,
``vessel_name``, ``vessel_imo``, ``goods_codes``, ``origin``, ``destination``
and ``transit_countries`` (several codes or countries separated by ``;``,
``,`` or ``|``; lists in JSON).  Every row gets ``block``, ``review`` or
``clear`` with the reasons, strictest first:

- parties go through the name matcher and the ownership data: a strong name
  match (score ≥ 0.90) or a party blocked through its owners blocks, a weaker
  match (≥ the threshold) or an ownership ``review`` asks for review;
- the vessel by IMO number (a listed vessel's IMO blocks) and by name (review);
- the route against the country-risk table (``core.routes``);
- goods through ``core.goods.check_code``: a high-priority code takes the
  route's action (to Russia or Belarus it blocks, through a transshipment hub
  it asks for review); on a clear route it is stated, not acted on.

A row that cannot be screened — no shipment id, a malformed goods code or IMO
number, an unknown country, unreadable bytes — goes to ``OUT.errors.csv``
with its row number and reason, as in batch screening: rows read = screened +
rejected.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from zaslon.batch.readers import detect_format, read_rows
from zaslon.batch.writers import ErrorWriter, errors_path
from zaslon.core.goods import GoodsVerdict, check_code
from zaslon.core.goods.lists import CHPL_VERSION
from zaslon.core.model.query import Query
from zaslon.core.model.schema import LEGAL_ENTITY, VESSEL
from zaslon.core.routes import ACTIONS, RouteTable, assess_route
from zaslon.engine import Engine
from zaslon.exc import ConfigError, QueryError, SourceError
from zaslon.ownership import OwnershipService, screen_with_ownership

PARTIES = ("consignor", "consignee", "notify_party")
COLUMNS = ("shipment_id", *PARTIES, "vessel_name", "vessel_imo", "goods_codes", "origin", "destination",
           "transit_countries")  # fmt: skip
ALIASES = {
    "id": "shipment_id",
    "shipment": "shipment_id",
    "notify": "notify_party",
    "vessel": "vessel_name",
    "imo": "vessel_imo",
    "goods": "goods_codes",
    "hs_codes": "goods_codes",
    "transit": "transit_countries",
}
STRONG_MATCH = 0.90  # names agree part for part after romanisation (see README, "What a score means")
_LIST_SEP = re.compile(r"[;,|]")
_IMO = re.compile(r"^(?:IMO)?\s*(\d{7})$", re.IGNORECASE)
_SEVEN = re.compile(r"\b(\d{7})\b")


@dataclass(slots=True)
class Reason:
    """One thing found about a shipment and what it calls for."""

    category: str  # party | vessel | goods | route
    action: str  # block | review | clear
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"category": self.category, "action": self.action, "text": self.text}


@dataclass(slots=True)
class ShipmentResult:
    row: int
    shipment_id: str
    verdict: str
    reasons: list[Reason]

    def to_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "shipment_id": self.shipment_id,
            "verdict": self.verdict,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def goods_verdict(code: str, on: date) -> tuple[GoodsVerdict, str | None]:
    """``check_code`` for a day; the note says when the day is before the data's own version."""
    verdict = check_code(code)
    note = None
    if on < date.fromisoformat(CHPL_VERSION):
        note = (f"the goods data are the CHPL of {CHPL_VERSION} and EU 833/2014 as consolidated in 2026; "
                f"lists in force on {on} are not held, so the check uses these")  # fmt: skip
    return verdict, note


def _text(values: dict[str, Any], column: str) -> str:
    value = values.get(column)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        raise QueryError(f"{column} must be text, not a list", field=column)
    return " ".join(str(value).split())


def _items(values: dict[str, Any], column: str) -> list[str]:
    value = values.get(column)
    if value is None or value == "":
        return []
    parts = value if isinstance(value, (list, tuple)) else _LIST_SEP.split(str(value))
    return [" ".join(str(p).split()) for p in parts if str(p).strip()]


def normalise_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Column names lower-cased with ``_`` for spaces and hyphens, aliases resolved."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = re.sub(r"[\s\-]+", "_", str(key).strip().lower())
        out[ALIASES.get(name, name)] = value
    return out


def imo_number(text: str) -> str:
    """The 7 digits of an IMO number, check digit verified; ``QueryError`` otherwise."""
    m = _IMO.match(text.strip())
    if m is None:
        raise QueryError(f"vessel_imo {text!r} is not an IMO number (7 digits, e.g. IMO 9179701)",
                         field="vessel_imo")  # fmt: skip
    digits = m[1]
    check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1))) % 10
    if check != int(digits[6]):
        raise QueryError(f"vessel_imo {text!r} fails the IMO check digit (expected {check} last)",
                         field="vessel_imo")  # fmt: skip
    return digits


class ShipmentScreener:
    """Screens one shipment at a time against the engine, the ownership data, goods and routes."""

    def __init__(
        self,
        engine: Engine,
        ownership: OwnershipService | None = None,
        *,
        on: date | None = None,
        table: RouteTable | None = None,
    ) -> None:
        self.engine = engine
        self.ownership = ownership
        self.on = on or date.today()
        self.table = table
        self._imo: dict[str, list[int]] | None = None

    def _vessels_by_imo(self) -> dict[str, list[int]]:
        if self._imo is None:
            found: dict[str, list[int]] = {}
            for number, entity in enumerate(self.engine.index.entities):
                if entity.schema != VESSEL:
                    continue
                for value in entity.identifiers:
                    for digits in _SEVEN.findall(value):
                        found.setdefault(digits, []).append(number)
            self._imo = found
        return self._imo

    def screen(self, values: dict[str, Any], row: int = 0) -> ShipmentResult:
        """The verdict for one shipment; ``QueryError`` (naming the column) if it cannot be screened."""
        values = normalise_columns(values)
        shipment_id = _text(values, "shipment_id")
        if not shipment_id:
            raise QueryError("shipment_id is empty", field="shipment_id")
        # read and check everything before screening anything
        codes = [(c, check_code(c)) for c in _items(values, "goods_codes")]
        route = assess_route(
            origin=_text(values, "origin") or None,
            destination=_text(values, "destination") or None,
            transit=_items(values, "transit_countries"),
            table=self.table,
        )
        imo_text = _text(values, "vessel_imo")
        imo = imo_number(imo_text) if imo_text else None
        reasons: list[Reason] = []
        for role in PARTIES:
            name = _text(values, role)
            if name:
                reasons += self._party(role, name)
        vessel = _text(values, "vessel_name")
        if vessel or imo:
            reasons += self._vessel(vessel, imo)
        reasons += [Reason("route", r.action, r.text) for r in route.reasons]
        for code, verdict in codes:
            reasons += self._goods(code, verdict, route.verdict)
        reasons.sort(key=lambda r: -ACTIONS.index(r.action))
        final = reasons[0].action if reasons else "clear"
        return ShipmentResult(row, shipment_id, final, reasons)

    def _party(self, role: str, name: str) -> list[Reason]:
        query = Query(names=[name], schema=LEGAL_ENTITY)
        hits = screen_with_ownership(self.engine, self.ownership, query, limit=3, on=self.on)
        out: list[Reason] = []
        for hit in hits:
            if not hit.match:
                continue
            where = ", ".join(hit.datasets)
            if hit.referents:
                where += f"; also listed as {', '.join(hit.referents)}"
            if hit.kind == "ownership":
                verdicts = " ".join(f.description for f in hit.explanation.features if f.name == "ownership")
                blocked = any(w in verdicts for w in (" blocked:", " owned:"))
                out.append(Reason("party", "block" if blocked else "review",
                                  f"{role} {name!r} ~ {hit.caption} [{hit.entity_id}] (score {hit.score:.2f}), "
                                  f"not listed but {verdicts}"))  # fmt: skip
            else:
                action = "block" if hit.score >= STRONG_MATCH else "review"
                out.append(Reason("party", action, f"{role} {name!r} ~ listed {hit.caption} [{hit.entity_id}, "
                                  f"{where}] (score {hit.score:.2f}): {hit.explanation.summary()}"))  # fmt: skip
        return out

    def _vessel(self, name: str, imo: str | None) -> list[Reason]:
        out: list[Reason] = []
        listed_ids: set[str] = set()
        if imo:
            for number in self._vessels_by_imo().get(imo, []):
                entity = self.engine.index.entities[number]
                listed_ids.add(entity.id)
                out.append(Reason("vessel", "block", f"vessel IMO {imo} is listed: {entity.caption} "
                                  f"[{entity.id}, {', '.join(entity.datasets)}]"))  # fmt: skip
        if name:
            query = Query(names=[name], schema=VESSEL, identifiers=[imo] if imo else [])
            for hit in self.engine.screen(query, limit=3):
                if hit.match and listed_ids.isdisjoint(hit.ids):
                    same = f"IMO {imo} differs from the listing's" if imo else "no IMO given"
                    out.append(Reason("vessel", "review", f"vessel name {name!r} ~ listed {hit.caption} "
                                      f"[{hit.entity_id}] (score {hit.score:.2f}; {same})"))  # fmt: skip
        return out

    def _goods(self, code: str, verdict: GoodsVerdict, route: str) -> list[Reason]:
        if verdict.verdict == "none":
            return []
        what = ", ".join([*(f"CHPL tier {t}" for t in verdict.chpl_tiers),
                          *(f"EU 833/2014 Annex {a}" for a in verdict.annexes)])  # fmt: skip
        if route == "clear":
            return [Reason("goods", "clear", f"goods {code} {verdict.verdict} ({what}); the route is not to "
                           "or through a country in the risk table")]  # fmt: skip
        action = route if verdict.verdict == "listed" else "review"
        first = verdict.reasons[0] if verdict.reasons else ""
        return [Reason("goods", action, f"goods {code} {verdict.verdict} ({what}) on a route that is "
                       f"'{route}': {first}")]  # fmt: skip


@dataclass(slots=True)
class ShipmentSummary:
    rows_read: int = 0
    screened: int = 0
    rejected: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("block", "review", "clear"), 0))
    seconds: float = 0.0
    errors_path: Path | None = None

    def line(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.verdicts.items())
        return (f"rows read {self.rows_read}, screened {self.screened}, rejected {self.rejected} "
                f"({counts}), time {self.seconds:.1f} s")  # fmt: skip


def screen_rows(screener: ShipmentScreener, rows: Iterable[tuple[int, dict[str, Any] | None, str | None]]
                ) -> Iterator[ShipmentResult | tuple[int, str]]:  # fmt: skip
    """A result per row, or ``(row, reason)`` for a row that cannot be screened."""
    for number, values, error in rows:
        if values is None:
            yield number, error or "unreadable row"
            continue
        try:
            yield screener.screen(values, number)
        except QueryError as exc:
            yield number, exc.message


def check_paths(input_path: Path, output: Path, fmt: str | None = None) -> tuple[str, str]:
    """The input and output formats, or the one-line error to give before any work is done."""
    kind = detect_format(input_path, fmt)
    if kind == "parquet":
        raise SourceError("shipment files are CSV, TSV or JSON lines", file=str(input_path))
    out_kind = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(output.suffix.lower())
    if out_kind is None:
        raise ConfigError(f"cannot tell the output format from {str(output)!r}; name it .csv or .jsonl")
    if not input_path.is_file():
        raise SourceError("no such file", file=str(input_path))
    return kind, out_kind


def screen_file(screener: ShipmentScreener, input_path: Path, output: Path, *, fmt: str | None = None
                ) -> ShipmentSummary:  # fmt: skip
    """Screen a shipment file into ``output`` (.csv or .jsonl) and ``output.errors.csv``."""
    kind, out_kind = check_paths(input_path, output, fmt)
    started = time.perf_counter()
    summary = ShipmentSummary()
    results: list[ShipmentResult] = []
    rejected: list[tuple[int, str]] = []
    rows = ((r.number, r.values, r.error) for r in read_rows(input_path, kind))
    for item in screen_rows(screener, rows):
        summary.rows_read += 1
        if isinstance(item, ShipmentResult):
            results.append(item)
            summary.screened += 1
            summary.verdicts[item.verdict] += 1
        else:
            rejected.append(item)
            summary.rejected += 1
    # written only once every row is screened: a failure leaves no half-written output
    output.write_bytes(_results_bytes(results, out_kind))
    errors = ErrorWriter(output)
    errors.write(rejected)
    errors.close()
    summary.errors_path = errors_path(output)
    summary.seconds = time.perf_counter() - started
    return summary


def _results_bytes(results: list[ShipmentResult], kind: str) -> bytes:
    if kind == "jsonl":
        return b"".join(orjson.dumps(r.to_dict()) + b"\n" for r in results)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["row", "shipment_id", "verdict", "reasons"])
    for r in results:
        writer.writerow(
            [r.row, r.shipment_id, r.verdict, " | ".join(f"{x.action}: {x.text}" for x in r.reasons)]
        )
    return buf.getvalue().encode("utf-8")


__all__ = ["COLUMNS", "Reason", "ShipmentResult", "ShipmentScreener", "ShipmentSummary", "check_paths", "goods_verdict",
           "imo_number", "screen_file", "screen_rows"]  # fmt: skip
