"""Loading ownership data: a CSV of stakes or FtM JSON lines becomes a new version of an ownership dataset.

Owners and assets are entity ids already in the store or names; a name on no
list becomes a party of its own (``unlisted_id``, topic ``unlisted``).  Every
row is read and resolved before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from zaslon.core.model.entity import Entity, Provenance
from zaslon.core.model.schema import COMPANY, LEGAL_ENTITY, MATCHABLE, ORGANIZATION, OWNERSHIP, PERSON
from zaslon.core.names.analyze import analyze
from zaslon.core.ownership import OwnershipEdge
from zaslon.exc import SourceError
from zaslon.ownership.names import UNLISTED_PREFIX, UNLISTED_TOPIC, dataset_name, unlisted_id
from zaslon.sources.base import ParsedList
from zaslon.sources.ownership_csv import parse_ownership_csv, parse_ownership_ftm
from zaslon.store import ListStore, VersionInfo

_PARTY_SCHEMATA = {"PublicBody": ORGANIZATION}  # FtM schemata zaslon has no class for
_PREFIXED = re.compile(r"^(person|company)\s*:\s*(.+)$", re.IGNORECASE)


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
