"""The ownership graph: who owns how much of whom, from when to when, on whose word.

Built for a million companies and millions of stakes, so nothing here is an
object per node or per edge: entity ids are interned to ints, and edges live in
parallel ``array`` columns (owner, asset, percentage, validity, source).  A
``DatedView`` selects the edges valid on one day and lays them out twice in
compressed-sparse-row form — by owner for the fixpoint, by asset for checking
one entity — so the rules walk ints only.

Percentages are stored as ints in units of 1/10,000 of a percent: ``49.99``
becomes ``499_900``, so sums such as 25 + 25 are exact and ``50%`` compares
without rounding error.  ``UNKNOWN`` (-1) marks a stake whose size no source
states; the rules never treat it as 0 or 100.

Bad input is never fatal here: an edge with a percentage outside 0–100 or an
end before its start is left out and recorded in ``problems``; an edge naming
an id no ``add_node`` declared creates a placeholder that ``validate`` flags.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

REGIMES = ("ofac", "eu")
PCT_SCALE = 10_000  # stored units per percent
FULL = 100 * PCT_SCALE
UNKNOWN = -1
OPEN_START = 0
OPEN_END = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class OwnershipEdge:
    """One stake as a source states it: ``owner`` holds ``percentage`` of ``asset``.

    ``percentage`` is ``None`` when the source does not state it.  Dates are ISO
    strings and may be partial (``"2013"``): a partial start means its first day,
    a partial end its last.  ``as_of`` is the date the figure was true, when a
    source gives one (stale figures are shown, not discarded).  ``control``
    records that the source says the owner controls the asset (appoints the
    board, runs it), which the ownership tests do not count but report.
    """

    owner: str
    asset: str
    percentage: float | None
    start_date: str | None = None
    end_date: str | None = None
    source: str = ""
    control: bool = False
    as_of: str | None = None
    ref: str | None = None  # the record it came from: an FtM id, "file.csv line 7"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a person should look at: a data problem, a caution, a review item."""

    kind: str  # e.g. "cycle", "over-100", "bad-percentage", "unknown-id", "control", "minority"
    message: str
    entities: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "entities": list(self.entities)}


def first_day(iso: str | date | None) -> int:
    """The ordinal of the first day a possibly partial ISO date covers (0 if none)."""
    if iso is None or iso == "":
        return OPEN_START
    if isinstance(iso, date):
        return iso.toordinal()
    parts = [int(p) for p in str(iso)[:10].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1).toordinal()


def last_day(iso: str | date | None) -> int:
    """The ordinal of the last day a possibly partial ISO date covers (``OPEN_END`` if none)."""
    if iso is None or iso == "":
        return OPEN_END
    if isinstance(iso, date):
        return iso.toordinal()
    parts = [int(p) for p in str(iso)[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31).toordinal()
    if len(parts) == 2:
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt.toordinal() - 1
    return date(parts[0], parts[1], parts[2]).toordinal()


def to_units(percentage: float | None) -> int:
    """A percentage as stored units; ``UNKNOWN`` for ``None``."""
    if percentage is None:
        return UNKNOWN
    return round(percentage * PCT_SCALE)


def from_units(units: int) -> float | None:
    return None if units < 0 else units / PCT_SCALE


def format_percent(units: int | None) -> str:
    """``500_000`` -> ``"50%"``, ``499_900`` -> ``"49.99%"``, unknown -> ``"?%"``."""
    if units is None or units < 0:
        return "?%"
    text = f"{units / PCT_SCALE:.4f}".rstrip("0").rstrip(".")
    return f"{text}%"


@dataclass(slots=True)
class DatedView:
    """The edges valid on one day, as two CSR layouts of edge indices.

    ``out_*[out_start[v]:out_start[v + 1]]`` are the stakes ``v`` holds;
    ``in_*[in_start[v]:in_start[v + 1]]`` the stakes held in ``v``.
    """

    day: int  # ordinal; OPEN_START when the graph has no dated edge
    edges: int
    out_start: array
    out_asset: array
    out_pct: array
    in_start: array
    in_edge: array


def _csr(n: int, keys: Sequence[int], selected: Iterable[int], count: int) -> tuple[array, array]:
    """Counting sort of the ``selected`` edge indices by ``keys[e]``."""
    start = [0] * (n + 1)
    chosen = list(selected)
    for e in chosen:
        start[keys[e] + 1] += 1
    total = 0
    for i in range(n + 1):
        total += start[i]
        start[i] = total
    fill = start[:-1]
    order = [0] * count
    for e in chosen:
        k = keys[e]
        order[fill[k]] = e
        fill[k] += 1
    return array("l", start), array("l", order)


@dataclass(slots=True)
class OwnershipGraph:
    """Entities (interned to ints) and the stakes between them."""

    _ids: list[str] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)
    _captions: dict[int, str] = field(default_factory=dict)
    _declared: bytearray = field(default_factory=bytearray)
    # regime -> node -> ordinal of the first day listed (OPEN_START: date not known)
    _listed: dict[str, dict[int, int]] = field(default_factory=lambda: {r: {} for r in REGIMES})
    owner: array = field(default_factory=lambda: array("l"))
    asset: array = field(default_factory=lambda: array("l"))
    pct: array = field(default_factory=lambda: array("l"))
    start: array = field(default_factory=lambda: array("l"))
    end: array = field(default_factory=lambda: array("l"))
    control: bytearray = field(default_factory=bytearray)
    source: array = field(default_factory=lambda: array("l"))
    as_of: dict[int, str] = field(default_factory=dict)  # sparse: few sources date their figures
    sources: list[str] = field(default_factory=lambda: [""])
    refs: dict[int, str] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    _source_index: dict[str, int] = field(default_factory=lambda: {"": 0})
    _dated: bool = False
    _views: dict[int, DatedView] = field(default_factory=dict)

    # -- nodes ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._declared)

    @property
    def edge_count(self) -> int:
        return len(self.owner)

    def _intern(self, entity_id: str) -> int:
        i = self._index.get(entity_id)
        if i is None:
            i = len(self._declared)
            self._index[entity_id] = i
            self._ids.append(entity_id)
            self._declared.append(0)
        return i

    def add_node(
        self,
        entity_id: str,
        *,
        caption: str | None = None,
        listed: Mapping[str, str | date | None] | None = None,
    ) -> int:
        """Declare an entity; ``listed`` maps a regime to the date listed (``None``: date unknown)."""
        i = self._intern(entity_id)
        self._declared[i] = 1
        if caption:
            self._captions[i] = caption
        for regime, since in (listed or {}).items():
            self.set_listed(entity_id, regime, since)
        return i

    def set_listed(self, entity_id: str, regime: str, since: str | date | None = None) -> None:
        if regime not in self._listed:
            raise ValueError(f"unknown regime {regime!r}; expected one of {', '.join(REGIMES)}")
        self._listed[regime][self._intern(entity_id)] = first_day(since)
        self._views.clear()

    def index_of(self, entity_id: str) -> int | None:
        if not self._ids and entity_id.isdigit() and int(entity_id) < len(self):
            return int(entity_id)  # a graph built from_arrays without ids
        return self._index.get(entity_id)

    def id_of(self, i: int) -> str:
        return self._ids[i] if i < len(self._ids) else str(i)

    def caption_of(self, i: int) -> str:
        return self._captions.get(i) or self.id_of(i)

    def declared(self, i: int) -> bool:
        return bool(self._declared[i])

    def listed_on(self, i: int, regime: str, day: int) -> bool:
        since = self._listed[regime].get(i)
        return since is not None and since <= day

    def listed_nodes(self, regime: str, day: int) -> list[int]:
        return [i for i, since in self._listed[regime].items() if since <= day]

    # -- edges ---------------------------------------------------------------------------------

    def add_edge(self, edge: OwnershipEdge) -> int | None:
        """Add one stake; a stake that cannot be true is recorded in ``problems`` and left out."""
        where = f" ({edge.ref})" if edge.ref else ""
        p = edge.percentage
        if p is not None and (math.isnan(p) or p < 0 or p > 100):
            self.problems.append(
                Finding(
                    "bad-percentage",
                    f"stake of {edge.owner!r} in {edge.asset!r}{where} is {p}%: "
                    "a percentage must be between 0 and 100; the edge is left out",
                    (edge.owner, edge.asset),
                )
            )
            return None
        try:
            lo, hi = first_day(edge.start_date), last_day(edge.end_date)
            first_day(edge.as_of)
        except (ValueError, IndexError):
            self.problems.append(
                Finding(
                    "bad-date",
                    f"stake of {edge.owner!r} in {edge.asset!r}{where} has a date that is not ISO "
                    f"(start {edge.start_date!r}, end {edge.end_date!r}, as of {edge.as_of!r}); left out",
                    (edge.owner, edge.asset),
                )
            )
            return None
        if hi < lo:
            self.problems.append(
                Finding(
                    "bad-date",
                    f"stake of {edge.owner!r} in {edge.asset!r}{where} ends ({edge.end_date}) before it "
                    f"starts ({edge.start_date}); left out",
                    (edge.owner, edge.asset),
                )
            )
            return None
        e = len(self.owner)
        self.owner.append(self._intern(edge.owner))
        self.asset.append(self._intern(edge.asset))
        self.pct.append(to_units(p))
        self.start.append(lo)
        self.end.append(hi)
        self.control.append(1 if edge.control else 0)
        if edge.as_of:
            self.as_of[e] = edge.as_of
        src = self._source_index.get(edge.source)
        if src is None:
            src = self._source_index[edge.source] = len(self.sources)
            self.sources.append(edge.source)
        self.source.append(src)
        if edge.ref:
            self.refs[e] = edge.ref
        if lo != OPEN_START or hi != OPEN_END:
            self._dated = True
        self._views.clear()
        return e

    def add_edges(self, edges: Iterable[OwnershipEdge]) -> None:
        for edge in edges:
            self.add_edge(edge)

    @classmethod
    def from_arrays(
        cls,
        n: int,
        owners: array,
        assets: array,
        pcts: array,
        listed: Mapping[str, Iterable[int]],
        ids: Sequence[str] | None = None,
    ) -> OwnershipGraph:
        """A graph of ``n`` declared nodes straight from int columns (percent units, -1 unknown).

        For bulk loads and benchmarks: no per-edge Python objects.  Without
        ``ids`` node ``i`` is called ``str(i)``.  Bad percentages raise
        ``ValueError`` here, since the caller built the columns itself.
        """
        if not len(owners) == len(assets) == len(pcts):
            raise ValueError("owners, assets and pcts must have the same length")
        if len(pcts) and (min(pcts) < UNKNOWN or max(pcts) > FULL):
            raise ValueError("a percentage is outside 0-100")
        if len(owners) and (min(min(owners), min(assets)) < 0 or max(max(owners), max(assets)) >= n):
            raise ValueError("an edge refers to a node outside 0..n-1")
        g = cls()
        g._ids = list(ids) if ids is not None else []
        if ids is not None:
            g._index = {x: i for i, x in enumerate(g._ids)}
        g._declared = bytearray(b"\x01") * n
        g.owner, g.asset, g.pct = array("l", owners), array("l", assets), array("l", pcts)
        m = len(owners)
        g.start = array("l", [OPEN_START]) * m
        g.end = array("l", [OPEN_END]) * m
        g.control = bytearray(m)
        g.source = array("l", [0]) * m
        for regime, nodes in listed.items():
            g._listed[regime] = dict.fromkeys(nodes, OPEN_START)
        return g

    # -- views ---------------------------------------------------------------------------------

    def view(self, on: date | None = None) -> DatedView:
        """The edges valid on ``on`` (all edges if ``on`` is None or no edge is dated)."""
        day = on.toordinal() if (on is not None and self._dated) else OPEN_START
        cached = self._views.get(day)
        if cached is not None:
            return cached
        n, m = len(self), len(self.owner)
        if day == OPEN_START:
            selected: Iterable[int] = range(m)
            count = m
        else:
            start, end = self.start, self.end
            chosen = [e for e in range(m) if start[e] <= day <= end[e]]
            selected, count = chosen, len(chosen)
        out_start, out_order = _csr(n, self.owner, selected, count)
        in_start, in_edge = _csr(n, self.asset, selected, count)
        asset, pct = self.asset, self.pct
        view = DatedView(
            day=day,
            edges=count,
            out_start=out_start,
            out_asset=array("l", [asset[e] for e in out_order]),
            out_pct=array("l", [pct[e] for e in out_order]),
            in_start=in_start,
            in_edge=in_edge,
        )
        if len(self._views) >= 4:
            self._views.pop(next(iter(self._views)))
        self._views[day] = view
        return view
