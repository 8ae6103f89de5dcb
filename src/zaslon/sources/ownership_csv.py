"""Ownership data in: a CSV of stakes, or FollowTheMoney Ownership entities, as graph edges.

Bytes in, ``OwnershipEdge`` rows out; no store, no files.  Not a list format
(it is not in the registry): ownership files describe relations between
entities, not listed targets.

CSV: ``owner,asset,percentage[,start_date,end_date,source]``, with or without
that header line.  With a header, columns may come in any order and two more
are understood: ``control`` (yes/no: the source says the owner controls the
asset) and ``as_of`` (the date the figure was true).  An empty percentage, or
``?``/``unknown``, means the source does not state it.  ``49,99`` and ``50%``
are read as 49.99 and 50.

FtM: JSON lines of Person/Company/Organization/LegalEntity and Ownership
entities (``owner``, ``asset``, ``percentage``, ``startDate``, ``endDate``,
``date`` as the figure's date, ``summary``/``sourceUrl`` as the source).

A bad row raises ``SourceError`` naming the file, line and value; with
``strict=False`` bad rows are skipped and their errors returned instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zaslon.core.model.dates import parse_date
from zaslon.core.ownership.graph import OwnershipEdge, OwnershipGraph
from zaslon.exc import SourceError

COLUMNS = ("owner", "asset", "percentage", "start_date", "end_date", "source")
EXTRA_COLUMNS = ("control", "as_of")
UNSTATED = {"", "?", "unknown", "n/a", "na", "-", "none", "null"}
PARTIES = {"Person", "Company", "Organization", "LegalEntity", "PublicBody"}
_YES = {"yes", "y", "true", "1", "x", "control"}
_SINCE = re.compile(r"\bsince\s+(\d{4}-\d{2}-\d{2})")


@dataclass(slots=True)
class OwnershipNode:
    """A party named in ownership data; ``sanctioned`` when its FtM topics say so."""

    id: str
    caption: str
    schema: str
    sanctioned: bool = False
    listed_since: str | None = None  # FtM listingDate, or "… since YYYY-MM-DD" in its notes


@dataclass(slots=True)
class OwnershipRows:
    """What a file held: parties (FtM only), stakes, and the rows that could not be read."""

    edges: list[OwnershipEdge] = field(default_factory=list)
    nodes: list[OwnershipNode] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def parse_percentage(text: object, *, file: str, line: int, record: str | None = None) -> float | None:
    """A stated percentage as a float in 0–100, ``None`` when unstated; ``SourceError`` otherwise."""
    raw = str(text if text is not None else "").strip()
    if raw.lower() in UNSTATED:
        return None
    cleaned = raw.rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise SourceError(
            f"percentage {raw!r} is not a number (expected e.g. 50, 49.99 or empty for unknown)",
            file=file,
            line=line,
            record=record,
        ) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise SourceError(f"percentage {raw!r} is outside 0–100", file=file, line=line, record=record)
    return float(value)


def _date(text: str | None, column: str, *, file: str, line: int, record: str | None = None) -> str | None:
    raw = (text or "").strip()
    if not raw:
        return None
    iso = parse_date(raw)
    if iso is None:
        raise SourceError(
            f"{column} {raw!r} is not a date (expected YYYY-MM-DD)", file=file, line=line, record=record
        )
    return iso


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start})", file=file) from None


def parse_ownership_csv(data: bytes, *, file: str = "ownership.csv", strict: bool = True) -> OwnershipRows:
    """Stakes from a CSV file's bytes."""
    out = OwnershipRows()
    reader = csv.reader(io.StringIO(_decode(data, file)))
    columns: dict[str, int] | None = None
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if columns is None:
            columns = _header(row, file, line)
            if columns is not None:
                continue
            columns = {name: k for k, name in enumerate(COLUMNS)}
        try:
            out.edges.append(_edge(row, columns, file, line))
        except SourceError as exc:
            if strict:
                raise
            out.errors.append(exc)
    return out


def _header(row: list[str], file: str, line: int) -> dict[str, int] | None:
    names = [c.strip().lower().replace(" ", "_") for c in row]
    if names[0] != "owner":
        return None
    unknown = [n for n in names if n not in COLUMNS + EXTRA_COLUMNS]
    if unknown:
        raise SourceError(
            f"unknown column(s) {', '.join(map(repr, unknown))}; expected {', '.join(COLUMNS + EXTRA_COLUMNS)}",
            file=file,
            line=line,
        )
    missing = [c for c in COLUMNS[:3] if c not in names]
    if missing:
        raise SourceError(f"missing column(s) {', '.join(missing)}", file=file, line=line)
    return {name: k for k, name in enumerate(names)}


def _edge(row: list[str], columns: dict[str, int], file: str, line: int) -> OwnershipEdge:
    if len(row) < 3 or len(row) > len(columns):
        raise SourceError(
            f"expected 3 to {len(columns)} columns ({', '.join(columns)}), found {len(row)}",
            file=file,
            line=line,
        )

    def cell(name: str) -> str:
        k = columns.get(name)
        return row[k].strip() if k is not None and k < len(row) else ""

    owner, asset = cell("owner"), cell("asset")
    if not owner or not asset:
        raise SourceError("owner and asset must both be given", file=file, line=line)
    start = _date(cell("start_date"), "start_date", file=file, line=line)
    end = _date(cell("end_date"), "end_date", file=file, line=line)
    if start and end and end < start:
        raise SourceError(f"end_date {end} is before start_date {start}", file=file, line=line)
    return OwnershipEdge(
        owner=owner,
        asset=asset,
        percentage=parse_percentage(cell("percentage"), file=file, line=line),
        start_date=start,
        end_date=end,
        source=cell("source"),
        control=cell("control").lower() in _YES,
        as_of=_date(cell("as_of"), "as_of", file=file, line=line),
        ref=f"{file} line {line}",
    )


def parse_ownership_ftm(
    data: bytes, *, file: str = "ownership.ftm.jsonl", strict: bool = True
) -> OwnershipRows:
    """Parties and stakes from FollowTheMoney JSON lines."""
    out = OwnershipRows()
    for line, text in enumerate(_decode(data, file).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            _ftm_record(text, file, line, out)
        except SourceError as exc:
            if strict:
                raise
            out.errors.append(exc)
    return out


def _ftm_record(text: str, file: str, line: int, out: OwnershipRows) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON: {exc.msg} at column {exc.colno}", file=file, line=line) from None
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise SourceError("an entity needs an 'id' and a 'schema'", file=file, line=line)
    record, schema = str(data["id"]), str(data["schema"])
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise SourceError("'properties' must be an object", file=file, line=line, record=record)

    def first(prop: str) -> str | None:
        values = props.get(prop) or []
        values = [values] if isinstance(values, str) else values
        return str(values[0]).strip() if values else None

    if schema == "Ownership":
        owner, asset = first("owner"), first("asset")
        if not owner or not asset:
            raise SourceError(
                "an Ownership needs both 'owner' and 'asset'", file=file, line=line, record=record
            )
        role = " ".join(str(v) for p in ("ownershipType", "role") for v in props.get(p) or []).lower()
        start = _date(first("startDate"), "startDate", file=file, line=line, record=record)
        end = _date(first("endDate"), "endDate", file=file, line=line, record=record)
        if start and end and end < start:
            raise SourceError(
                f"endDate {end} is before startDate {start}", file=file, line=line, record=record
            )
        out.edges.append(
            OwnershipEdge(
                owner=owner,
                asset=asset,
                percentage=parse_percentage(first("percentage"), file=file, line=line, record=record),
                start_date=start,
                end_date=end,
                source="; ".join(x for x in (first("summary"), first("sourceUrl")) if x),
                control="control" in role,
                as_of=_date(first("date"), "date", file=file, line=line, record=record),
                ref=record,
            )
        )
    elif schema in PARTIES:
        topics = {str(t) for t in props.get("topics") or []}
        since = first("listingDate")
        if not since:
            notes = " ".join(str(n) for n in props.get("notes") or [])
            m = _SINCE.search(notes)
            since = m[1] if m else None
        out.nodes.append(
            OwnershipNode(
                id=record,
                caption=first("name") or record,
                schema=schema,
                sanctioned="sanction" in topics,
                listed_since=since,
            )
        )


def build_graph(
    rows: OwnershipRows,
    *,
    listed: Callable[[OwnershipNode], dict[str, str | None]] | None = None,
) -> OwnershipGraph:
    """A graph from parsed rows; ``listed`` says per node under which regimes it is listed, since when.

    By default a node whose FtM topics include ``sanction`` is taken as listed in
    the EU regime — the case of the official EU fixtures; a store knows better
    and passes its own function.
    """

    def default(node: OwnershipNode) -> dict[str, str | None]:
        return {"eu": node.listed_since} if node.sanctioned else {}

    graph = OwnershipGraph()
    for node in rows.nodes:
        graph.add_node(node.id, caption=node.caption, listed=(listed or default)(node))
    graph.add_edges(rows.edges)
    return graph
