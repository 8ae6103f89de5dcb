"""Ownership data in the store, the graph built from it, and verdicts for the CLI, API and screening.

Storage: ownership data is kept through the list store as FollowTheMoney
entities of a dataset called ``ownership`` (or ``ownership-<name>``), versioned
like any list — a load is a new version of that dataset, all or nothing.  It
holds ``Ownership`` records (owner, asset, percentage, startDate, endDate,
date, sourceUrl/summary) and the parties they name that are on no list:
companies and persons with ids starting ``unlisted-`` and the topic
``unlisted``.  The name index skips ownership datasets, so such a party is
never reported as a listed target; ``OwnershipService.hits`` screens them apart
and reports a hit of kind ``ownership`` when their owners block them.

The graph (``OwnershipService.build``) joins, for one moment of the store:

- listed entities: the OFAC datasets count for the ``ofac`` regime, ``eu_fsf``
  for ``eu`` (no EU list file is bundled, so without one only the parties an
  FtM ownership file itself marks with the topic ``sanction`` count for ``eu``);
- the stakes of every ownership dataset;
- links the lists state themselves — OFAC ``Linked To:`` remarks of an
  organisation and "subsidiary of …" / "owned or controlled by …" phrases —
  as stakes of unknown size (the owner is the entity named), which can make a
  verdict ``review`` but never decide it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from zaslon.core.index import CandidateIndex
from zaslon.core.match import logic
from zaslon.core.model.entity import Entity, Provenance
from zaslon.core.model.query import Feature, Hit, Query
from zaslon.core.model.schema import COMPANY, LEGAL_ENTITY, MATCHABLE, ORGANIZATION, OWNERSHIP, PERSON
from zaslon.core.names.analyze import analyze
from zaslon.core.ownership import Analysis, Finding, OwnershipEdge, OwnershipGraph, OwnershipVerdict, analyse
from zaslon.core.ownership import validate as validate_graph
from zaslon.core.ownership.graph import OPEN_END, OPEN_START, from_units
from zaslon.core.ownership.rules import WORDS, parse_day
from zaslon.engine import Engine
from zaslon.exc import NotFound, QueryError, SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.ofac_remarks import links
from zaslon.sources.ownership_csv import OwnershipRows, parse_ownership_csv, parse_ownership_ftm
from zaslon.store import ListStore, VersionInfo

DATASET = "ownership"
UNLISTED_TOPIC = "unlisted"
UNLISTED_PREFIX = "unlisted-"
REGIME_DATASETS: dict[str, tuple[str, ...]] = {"ofac": ("us_ofac_sdn", "us_ofac_cons"), "eu": ("eu_fsf",)}
ORGS = frozenset({COMPANY, ORGANIZATION, LEGAL_ENTITY})
_PARTY_SCHEMATA = {"PublicBody": ORGANIZATION}  # FtM schemata zaslon has no class for
_NAME_OK = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")
_PREFIXED = re.compile(r"^(person|company)\s*:\s*(.+)$", re.IGNORECASE)
# stated parents in list remarks; "Transactions Prohibited For Persons Owned or Controlled By U.S.
# Financial Institutions" is a programme note, not a parent, and is excluded by the lookahead
_PARENT = re.compile(
    r"\b(?:subsidiary of|owned or controlled by)\s+(?!U\.S\.)(.+?)(?=\s+and\s|[.;,()]|$)", re.IGNORECASE
)


def is_ownership_dataset(dataset: str) -> bool:
    return dataset == DATASET or dataset.startswith(DATASET + "-")


def dataset_name(name: str | None) -> str:
    """``None`` -> ``ownership``; ``"suppliers"`` -> ``ownership-suppliers``."""
    if not name or name == DATASET:
        return DATASET
    short = name[len(DATASET) + 1 :] if name.startswith(DATASET + "-") else name
    if not _NAME_OK.match(short):
        raise QueryError(
            f"ownership data name {name!r} must be lower-case letters, digits, '-' or '_' (at most 41)",
            field="dataset",
        )
    return f"{DATASET}-{short}"


def unlisted_id(name: str) -> str:
    """A stable id for a party named in ownership data and on no list (same name, same id)."""
    key = " ".join(name.casefold().split())
    return UNLISTED_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:16]


# -- loading ------------------------------------------------------------------------------------


@dataclass(slots=True)
class OwnershipLoad:
    """What ``load_ownership`` did."""

    dataset: str
    status: str  # updated | unchanged
    version: VersionInfo
    stakes: int
    parties: int
    unlisted_created: int
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "status": self.status,
            "version": self.version.id,
            "stakes": self.stakes,
            "parties": self.parties,
            "unlisted_created": self.unlisted_created,
            "warnings": list(self.warnings),
        }


def _is_ftm(name: str, data: bytes) -> bool:
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix in ("jsonl", "ndjson", "json"):
        return True
    if suffix == "csv":
        return False
    return data.lstrip()[:1] == b"{"


def load_ownership(
    store: ListStore, path: str | Path, *, dataset: str | None = None, force: bool = False
) -> OwnershipLoad:
    """Load an ownership file (CSV or FtM JSON lines) as the new version of its ownership dataset.

    Every row is read and resolved before anything is written: a bad row raises
    ``SourceError`` naming the file and line and the store is unchanged.
    """
    from zaslon.lists import files_meta, files_sha256

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    if not data.strip():
        raise SourceError("the file is empty", file=str(path))
    ds = dataset_name(dataset)
    if _is_ftm(path.name, data):
        fmt, (entities, created, warnings) = "ownership_ftm", _ftm_entities(store, data, path.name, ds)
    else:
        fmt, (entities, created, warnings) = "ownership_csv", _csv_entities(store, data, path.name, ds)
    stakes = sum(1 for e in entities if e.schema == OWNERSHIP)
    if not stakes:
        raise SourceError("no ownership stakes found", file=str(path))
    parsed = ParsedList(ds, date.today().isoformat(), entities, warnings, [path.name])
    files = {path.name: data}
    result = store.load(
        parsed,
        source=str(path.resolve()),
        sha256=files_sha256(files),
        format=fmt,
        files=files_meta(files),
        force=force,
    )
    return OwnershipLoad(ds, result.status, result.version, stakes, len(entities) - stakes, created, warnings)


class _Resolver:
    """Turns a CSV cell into an entity id: a stored id, or a new unlisted party by name."""

    def __init__(self, store: ListStore, dataset: str, file: str) -> None:
        self.store = store
        self.dataset = dataset
        self.file = file
        self.known: dict[str, bool] = {}
        self.prefixes = tuple(v.dataset + "-" for v in store.current()) + (UNLISTED_PREFIX,)
        self.created: dict[str, Entity] = {}

    def exists(self, entity_id: str) -> bool:
        if entity_id not in self.known:
            self.known[entity_id] = self.store.entity(entity_id) is not None
        return self.known[entity_id]

    def __call__(self, cell: str, role: str, line: int) -> str:
        m = _PREFIXED.match(cell)
        if m is None:
            if self.exists(cell):
                return cell
            if cell.startswith(self.prefixes) and " " not in cell:
                raise SourceError(
                    f"{role} {cell!r} looks like an entity id but no current list holds it",
                    file=self.file,
                    line=line,
                )
        schema = (m[1].lower() if m else "").title() or self._guess(cell, role)
        name = m[2].strip() if m else cell
        entity_id = unlisted_id(name)
        entity = self.created.get(entity_id)
        if entity is None:
            entity = Entity(entity_id, schema, Provenance(self.dataset, entity_id, source_file=self.file))
            entity.add("name", name)
            entity.add("topics", UNLISTED_TOPIC)
            self.created[entity_id] = entity
        elif m is not None and entity.schema != schema:
            raise SourceError(
                f"{role} {cell!r}: {name!r} is a {entity.schema} elsewhere in the file",
                file=self.file,
                line=line,
            )
        if entity.schema == PERSON and role == "asset":
            raise SourceError(
                f"asset {name!r} is a person; a person cannot be owned", file=self.file, line=line
            )
        return entity_id

    @staticmethod
    def _guess(name: str, role: str) -> str:
        """An asset is a company; an owner is one if its name has a legal form, else unknown."""
        if role == "asset":
            return COMPANY
        forms = analyze(name, organization=True, person=False)
        return COMPANY if any(f.legal_forms for f in forms) else LEGAL_ENTITY


def _stake_entity(edge: OwnershipEdge, entity_id: str, dataset: str, file: str) -> Entity:
    stake = Entity(entity_id, OWNERSHIP, Provenance(dataset, entity_id, source_file=file))
    stake.add("owner", edge.owner)
    stake.add("asset", edge.asset)
    if edge.percentage is not None:
        stake.add("percentage", f"{edge.percentage:.4f}".rstrip("0").rstrip("."))
    stake.add("startDate", edge.start_date)
    stake.add("endDate", edge.end_date)
    stake.add("date", edge.as_of)
    if edge.control:
        stake.add("ownershipType", "control")
    if edge.source.startswith(("http://", "https://")):
        stake.add("sourceUrl", edge.source)
    else:
        stake.add("summary", edge.source)
    return stake


def _csv_entities(
    store: ListStore, data: bytes, file: str, dataset: str
) -> tuple[list[Entity], int, list[str]]:
    rows = parse_ownership_csv(data, file=file)
    resolve = _Resolver(store, dataset, file)
    stakes: list[Entity] = []
    for edge in rows.edges:
        line = int((edge.ref or "").rsplit(" ", 1)[-1] or 0)
        owner, asset = resolve(edge.owner, "owner", line), resolve(edge.asset, "asset", line)
        if owner == asset:
            raise SourceError(f"owner and asset are the same entity {owner!r}", file=file, line=line)
        resolved = OwnershipEdge(
            owner,
            asset,
            edge.percentage,
            edge.start_date,
            edge.end_date,
            edge.source,
            edge.control,
            edge.as_of,
        )
        stakes.append(_stake_entity(resolved, f"{dataset}-stake-{line}", dataset, file))
    return [*resolve.created.values(), *stakes], len(resolve.created), []


def _check_ftm_shape(data: bytes, file: str) -> None:
    """Every line a JSON object with an id, a schema and properties as lists of text; else ``SourceError``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise SourceError(f"not JSON: {exc}", file=file, line=line) from None
        if (
            not isinstance(obj, dict)
            or not isinstance(obj.get("id"), str)
            or not isinstance(obj.get("schema"), str)
        ):
            raise SourceError("an entity needs an 'id' and a 'schema' (strings)", file=file, line=line)
        props = obj.get("properties") or {}
        if not isinstance(props, dict):
            raise SourceError("'properties' must be an object", file=file, line=line, record=obj["id"])
        for prop, values in props.items():
            values = [values] if isinstance(values, str) else values
            if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
                raise SourceError(f"property {prop!r} must be a list of strings, not {values!r}"[:200],
                                  file=file, line=line, record=obj["id"])  # fmt: skip


def _ftm_entities(
    store: ListStore, data: bytes, file: str, dataset: str
) -> tuple[list[Entity], int, list[str]]:
    _check_ftm_shape(data, file)
    parse_ownership_ftm(data, file=file)  # validates every record, raising on the first bad one
    entities: list[Entity] = []
    warnings: list[str] = []
    ids: set[str] = set()
    unlisted = 0
    for line, text in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        if not text.strip():
            continue
        obj = orjson.loads(text)
        schema = _PARTY_SCHEMATA.get(str(obj["schema"]), str(obj["schema"]))
        if schema != OWNERSHIP and schema not in MATCHABLE:
            warnings.append(
                f"{file} line {line}: {obj['schema']} record {obj['id']!r} is not a party; left out"
            )
            continue
        if schema != OWNERSHIP and store.entity(str(obj["id"])) is not None:
            continue  # a party the lists already hold: their record wins
        entity = Entity.from_ftm({**obj, "schema": schema}, dataset=dataset, strict=False)
        entity.provenance.source_file = file
        dropped = sorted(set(obj.get("properties") or {}) - set(entity.properties))
        if dropped:
            warnings.append(f"{file} line {line}: properties {', '.join(dropped)} are not kept")
        if schema != OWNERSHIP and "sanction" not in entity.get("topics"):
            entity.add("topics", UNLISTED_TOPIC)
            unlisted += 1
        if entity.id in ids:
            raise SourceError(f"entity id {entity.id!r} occurs twice", file=file, line=line)
        ids.add(entity.id)
        entities.append(entity)
    for entity in entities:
        if entity.schema != OWNERSHIP:
            continue
        for role in ("owner", "asset"):
            ref = entity.first(role) or ""
            if ref not in ids and store.entity(ref) is None:
                warnings.append(
                    f"{file}: stake {entity.id!r}: {role} {ref!r} is neither in the file nor listed"
                )
    return entities, unlisted, warnings


# -- the graph ----------------------------------------------------------------------------------


def _listed_since(entity: Entity) -> str | None:
    """The listing date if the list states one in ISO form (else: listed, date unknown)."""
    since = entity.first("listingDate")
    return since if since and re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", since) else None


def _derived_edges(ofac: list[Entity]) -> list[OwnershipEdge]:
    """Stakes of unknown size the OFAC lists state: ``Linked To:`` of an organisation, "subsidiary of"."""
    by_id = {e.id: e for e in ofac}
    edges: list[OwnershipEdge] = []
    per_list: dict[str, list[Entity]] = {}
    for entity in ofac:
        per_list.setdefault(entity.dataset, []).append(entity)
    # resolved within each list, as OFAC states them: across the SDN and consolidated lists one name
    # is often two entities, which would leave every such link unresolved
    stated = [link for entities in per_list.values() for link in links(entities)]
    for link in stated:
        source = by_id.get(link.source)
        if link.target and source is not None and source.schema in ORGS and link.target != link.source:
            edges.append(
                OwnershipEdge(
                    link.target,
                    link.source,
                    None,
                    source=f"OFAC remark 'Linked To: {link.name}'",
                    ref=link.source,
                )
            )
    names: dict[str, set[str]] = {}
    for entity in ofac:
        for _prop, value in entity.names():
            names.setdefault(value.upper(), set()).add(entity.id)
    for entity in ofac:
        if entity.schema not in ORGS:
            continue
        for note in entity.get("notes"):
            for m in _PARENT.finditer(note):
                named = names.get(m[1].strip().upper(), set())
                if len(named) == 1 and (parent := next(iter(named))) != entity.id:
                    edges.append(
                        OwnershipEdge(parent, entity.id, None, source=f"OFAC remark: {note}", ref=entity.id)
                    )
    return edges


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
                entity.id, caption=entity.caption, listed={regime: _listed_since(entity)} if regime else None
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
        derived = _derived_edges(ofac)
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


def has_ownership_data(datasets: Iterable[str] | Mapping[str, object]) -> bool:
    return any(is_ownership_dataset(d) for d in datasets)


__all__ = [
    "DATASET",
    "REGIME_DATASETS",
    "OwnershipLoad",
    "OwnershipService",
    "dataset_name",
    "has_ownership_data",
    "is_ownership_dataset",
    "load_ownership",
    "merge_hits",
    "screen_with_ownership",
    "unlisted_id",
]
