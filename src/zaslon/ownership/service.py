"""The ownership graph of one moment of the store, its verdicts, and screening against it.

``OwnershipService.build`` joins the listed entities (the OFAC datasets count
for the ``ofac`` regime, ``eu_fsf`` for ``eu``; without an EU list file only the
parties an FtM ownership file marks with the topic ``sanction`` count for
``eu``), the stakes of every ownership dataset, and the links the lists state
(``stated.py``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import date

import orjson

from zaslon.core.index import CandidateIndex
from zaslon.core.match import logic
from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Feature, Hit, Query
from zaslon.core.model.schema import OWNERSHIP
from zaslon.core.ownership import Analysis, Finding, OwnershipGraph, OwnershipVerdict, analyse
from zaslon.core.ownership import validate as validate_graph
from zaslon.core.ownership.graph import OPEN_END, OPEN_START, from_units
from zaslon.core.ownership.rules import WORDS, parse_day
from zaslon.engine import Engine
from zaslon.exc import NotFound, QueryError
from zaslon.ownership.names import REGIME_DATASETS, is_ownership_dataset
from zaslon.ownership.stated import derived_edges, listed_since
from zaslon.sources.ownership_csv import OwnershipRows, parse_ownership_ftm
from zaslon.store import ListStore


class OwnershipService:
    """The ownership graph of one moment of the store, with verdicts, the blocked set and screening."""

    def __init__(self, graph: OwnershipGraph, parties: list[Entity], derived: int, problems: list[Finding]):
        self.graph = graph
        self.parties = {e.id: e for e in parties}
        self.derived = derived
        self.load_problems = problems
        self._analyses: dict[tuple[str, date], Analysis] = {}
        self._lock = threading.Lock()
        self._index: CandidateIndex | None = None
        self._captions: dict[str, list[str]] | None = None

    @classmethod
    def from_store(cls, store: ListStore) -> OwnershipService:
        return cls.build(store.entities())

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> OwnershipService:
        graph = OwnershipGraph()
        ofac: list[Entity] = []
        stakes: list[Entity] = []
        parties: list[Entity] = []
        regime_of = {ds: regime for regime, datasets in REGIME_DATASETS.items() for ds in datasets}
        for entity in entities:
            if is_ownership_dataset(entity.dataset):
                if entity.schema == OWNERSHIP:
                    stakes.append(entity)
                elif entity.matchable:
                    parties.append(entity)
                continue
            if not entity.matchable:
                continue
            regime = regime_of.get(entity.dataset)
            graph.add_node(
                entity.id, caption=entity.caption, listed={regime: listed_since(entity)} if regime else None
            )
            if regime == "ofac":
                ofac.append(entity)
        for party in parties:
            # a party the ownership data itself marks as sanctioned (the EU fixture) counts for the EU regime
            listed = None
            if "sanction" in party.get("topics") and graph.index_of(party.id) is None:
                notes = " ".join(party.get("notes"))
                m = re.search(r"\bsince\s+(\d{4}-\d{2}-\d{2})", notes)
                listed = {"eu": party.first("listingDate") or (m[1] if m else None)}
            graph.add_node(party.id, caption=party.caption, listed=listed)
        derived = derived_edges(ofac)
        graph.add_edges(derived)
        rows: OwnershipRows = parse_ownership_ftm(
            b"\n".join(orjson.dumps(s.to_ftm()) for s in stakes), file="ownership data", strict=False
        )
        graph.add_edges(rows.edges)
        problems = [Finding("bad-record", e.message) for e in rows.errors]
        return cls(graph, parties, len(derived), problems)

    # -- verdicts ----------------------------------------------------------------------------

    def analysis(self, regime: str, on: date | str | None = None) -> Analysis:
        if regime not in REGIME_DATASETS:
            raise QueryError(
                f"unknown regime {regime!r}; expected ofac or eu", field="regime", expected="ofac, eu"
            )
        day = _day(on)
        key = (regime, day)
        with self._lock:
            found = self._analyses.get(key)
            if found is None:
                if len(self._analyses) >= 8:
                    self._analyses.pop(next(iter(self._analyses)))
                found = self._analyses[key] = analyse(self.graph, regime, day)
        return found

    def resolve(self, ref: str) -> str:
        """An entity id from an id or an exact (case-insensitive) name of one entity in the graph."""
        ref = ref.strip()
        if self.graph.index_of(ref) is not None:
            return ref
        if self._captions is None:
            captions: dict[str, list[str]] = {}
            for i in range(len(self.graph)):
                captions.setdefault(self.graph.caption_of(i).casefold(), []).append(self.graph.id_of(i))
            self._captions = captions
        found = self._captions.get(" ".join(ref.split()).casefold(), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise QueryError(f"{ref!r} names {len(found)} entities ({', '.join(found[:5])}); give an id",
                             field="entity")  # fmt: skip
        raise NotFound(f"no entity {ref!r} in the lists or the ownership data (give an id or an exact name)")

    def check(self, ref: str, regime: str = "ofac", on: date | str | None = None) -> OwnershipVerdict:
        return self.analysis(regime, on).check(self.resolve(ref))

    def blocked(self, regime: str = "ofac", on: date | str | None = None) -> list[str]:
        """Every entity blocked (or owned, EU) through its owners and not listed itself."""
        return sorted(self.analysis(regime, on).blocked_ids())

    def findings(self, on: date | str | None = None) -> list[Finding]:
        return self.load_problems + validate_graph(self.graph, _day(on))

    def neighbourhood(
        self,
        ref: str,
        regime: str = "ofac",
        on: date | str | None = None,
        *,
        depth: int = 3,
        limit: int = 200,
    ) -> dict[str, object]:
        """The graph around one entity for drawing: its owners up to ``depth`` levels, what it owns.

        Nodes carry their status (listed, blocked or owned, review, clear); edges their
        percentage, dates and source, and ``deciding`` when they lie on a path
        of the verdict.  At most ``limit`` nodes (``truncated`` says so).
        """
        an = self.analysis(regime, on)
        graph, view = self.graph, an.view
        verdict = an.check(self.resolve(ref))
        start = graph.index_of(verdict.entity)
        assert start is not None
        deciding = {(a.entity, b.entity) for p in verdict.paths for a, b in zip(p.steps, p.steps[1:])}
        nodes: dict[int, int] = {start: 0}  # node -> level (negative: owners, positive: assets)
        edges: list[int] = []
        frontier, truncated = [start], False
        for level in range(1, depth + 1):
            nxt: list[int] = []
            for v in frontier:
                for k in range(view.in_start[v], view.in_start[v + 1]):
                    e = view.in_edge[k]
                    edges.append(e)
                    owner = graph.owner[e]
                    if owner not in nodes:
                        if len(nodes) >= limit:
                            truncated = True
                            continue
                        nodes[owner] = -level
                        nxt.append(owner)
            frontier = nxt
        for k in range(view.out_start[start], view.out_start[start + 1]):
            asset = view.out_asset[k]
            for j in range(view.in_start[asset], view.in_start[asset + 1]):
                e = view.in_edge[j]
                if graph.owner[e] == start:
                    edges.append(e)
            if asset not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[asset] = 1
        kept = [e for e in dict.fromkeys(edges) if graph.owner[e] in nodes and graph.asset[e] in nodes]
        return {
            "entity": verdict.entity,
            "regime": regime,
            "date": an.on.isoformat(),
            "verdict": verdict.verdict,
            "nodes": [
                {"id": graph.id_of(i), "caption": graph.caption_of(i), "status": _status(an, i), "level": lv}
                for i, lv in nodes.items()
            ],
            "edges": [self._edge_json(e, deciding) for e in kept],
            "truncated": truncated,
        }

    def _edge_json(self, e: int, deciding: set[tuple[str, str]]) -> dict[str, object]:
        g = self.graph
        owner, asset = g.id_of(g.owner[e]), g.id_of(g.asset[e])
        return {
            "owner": owner,
            "asset": asset,
            "percentage": from_units(g.pct[e]),
            "start_date": None if g.start[e] == OPEN_START else date.fromordinal(g.start[e]).isoformat(),
            "end_date": None if g.end[e] == OPEN_END else date.fromordinal(g.end[e]).isoformat(),
            "as_of": g.as_of.get(e),
            "control": bool(g.control[e]),
            "source": g.sources[g.source[e]],
            "deciding": (owner, asset) in deciding,
        }

    # -- screening ---------------------------------------------------------------------------

    def hits(self, query: Query, *, on: date | str | None = None, limit: int = 10,
             threshold: float = logic.DEFAULT_THRESHOLD) -> list[Hit]:  # fmt: skip
        """Unlisted parties of the ownership data the query may be and that their owners block.

        Each is a ``Hit`` of kind ``ownership`` whose explanation carries the
        verdict and its paths; a party whose verdict is clear in every regime
        is not reported.
        """
        if not self.parties:
            return []
        if self._index is None:
            self._index = CandidateIndex.build(self.parties.values(), skip_ownership=False)
        out: list[Hit] = []
        for hit in logic.screen(self._index, query, limit=limit, threshold=threshold):
            verdicts = [self.analysis(r, on).check(hit.entity_id) for r in REGIME_DATASETS]
            risky = [v for v in verdicts if v.verdict not in ("not blocked", "not owned")]
            if not risky:
                continue
            for v in risky:
                paths = "; ".join(p.text for p in v.paths[:3])
                text = f"{v.regime.upper()} {v.verdict}: {v.explanation}" + (
                    f" [paths: {paths}]" if paths else ""
                )
                hit.explanation.features.append(Feature("ownership", 0.0, text))
            hit.kind = "ownership"
            out.append(hit)
        return out

    def verdicts_for(self, hit: Hit, on: date | str | None = None) -> list[dict[str, object]]:
        """The verdicts behind an ownership hit, as JSON, for the API."""
        return [self.analysis(r, on).check(hit.entity_id).to_dict() for r in REGIME_DATASETS]


def _status(an: Analysis, i: int) -> str:
    """listed, blocked (OFAC) or owned (EU), review, clear."""
    status = an.status(i)
    return WORDS[an.regime][0] if status == "blocked" else status


def _day(on: date | str | None) -> date:
    if on is None or on == "":
        return date.today()
    try:
        return parse_day(on)
    except ValueError as exc:
        raise QueryError(str(exc), field="date", expected="YYYY-MM-DD") from None


def screen_with_ownership(
    engine: Engine,
    service: OwnershipService | None,
    query: Query,
    *,
    limit: int = 10,
    threshold: float | None = None,
    on: date | str | None = None,
) -> list[Hit]:
    """Name hits from ``engine.screen`` and ownership hits from ``service``, best first."""
    hits = engine.screen(query, limit=limit, threshold=threshold)
    if service is None:
        return hits
    cut = engine.threshold if threshold is None else threshold
    return merge_hits(hits, service.hits(query, on=on, limit=limit, threshold=cut), limit)


def merge_hits(name_hits: list[Hit], ownership_hits: list[Hit], limit: int) -> list[Hit]:
    """Name and ownership hits in one list, best score first (a name hit first on a tie)."""
    merged = sorted([*name_hits, *ownership_hits], key=lambda h: (-h.score, h.kind != "name"))
    return merged[:limit]
