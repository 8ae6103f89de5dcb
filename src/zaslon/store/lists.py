"""The list store: every loaded version of every list, and which one is served.

A load is all-or-nothing.  The caller parses completely first; ``load`` then
writes the version row, all its entities and moves the dataset's pointer in one
transaction.  If anything fails before the commit, the previous version keeps
serving and nothing of the new one remains.  Versions are never changed once
written, so any past screening can be explained against the list it used.

Reading the current entities (``entities``) is one query over JSON text,
decoded with orjson: the matching index is rebuilt from it whenever
``generation`` changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from zaslon.core.model import Entity, Provenance
from zaslon.exc import NotFound, StoreError
from zaslon.sources.base import ParsedList
from zaslon.store.db import WRITE, _short, open_engine
from zaslon.store.diff import Diff, compare
from zaslon.store.schema import counters, current_versions, entities, list_versions

GENERATION = "generation"
_BATCH = 2000  # rows per INSERT round trip: big enough to be fast, small enough for any driver


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One loaded version of one list."""

    id: int
    dataset: str
    version: str  # as the list states it, "" if it states none
    format: str
    loaded_at: datetime  # UTC
    source: str
    sha256: str
    entity_count: int
    targets: int
    schemata: Mapping[str, int]
    warnings: Sequence[str]
    files: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``zaslon lists --json`` and the API."""
        return {
            "id": self.id,
            "dataset": self.dataset,
            "version": self.version,
            "format": self.format,
            "entities": self.targets,
            "entity_count": self.entity_count,
            "schemata": dict(self.schemata),
            "loaded_at": self.loaded_at.isoformat(),
            "source": self.source,
            "sha256": self.sha256,
            "warnings": len(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A completely parsed list, with where it came from, ready to be loaded."""

    parsed: ParsedList
    source: str  # path or address(es)
    sha256: str  # of the input files: the same content is not loaded twice
    format: str = ""
    files: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # name -> size, sha256


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What ``load`` did: wrote a new version, or found the content already current."""

    status: Literal["updated", "unchanged"]
    version: VersionInfo


@dataclass(frozen=True, slots=True)
class Served:
    """What the store serves at one moment (see ``ListStore.served``)."""

    generation: int
    versions: list[VersionInfo]
    entities: list[Entity]


_VERSION_COLUMNS = tuple(f.name for f in fields(VersionInfo) if f.name != "id")


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything the store writes is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _version_from_row(row: sa.Row[Any]) -> VersionInfo:
    return VersionInfo(
        id=row.id,
        dataset=row.dataset,
        version=row.version,
        format=row.format,
        loaded_at=_utc(row.loaded_at),
        source=row.source,
        sha256=row.sha256,
        entity_count=row.entity_count,
        targets=row.targets,
        schemata=dict(row.schemata or {}),
        warnings=list(row.warnings or []),
        files=dict(row.files or {}),
    )


def entity_from_json(data: str | bytes) -> Entity:
    """Rebuild a stored entity; values were normalised when first added, so no re-cleaning."""
    obj = orjson.loads(data)
    return Entity(
        id=obj["id"],
        schema=obj["schema"],
        provenance=Provenance.from_dict(obj.get("provenance") or {}),
        properties=obj.get("properties") or {},
        name_langs=obj.get("name_langs") or {},
    )


class ListStore:
    """Versions of the sanctions lists in a SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> ListStore:
        """Open (and migrate) the database at ``url``."""
        return cls(open_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -------------------------------------------------------------

    def load(
        self,
        parsed: ParsedList,
        *,
        source: str,
        sha256: str,
        format: str = "",
        files: Mapping[str, Mapping[str, Any]] | None = None,
        force: bool = False,
    ) -> LoadResult:
        """Store ``parsed`` as the dataset's new current version, all or nothing.

        When the dataset's current version has the same ``sha256`` nothing is
        written and the result is ``"unchanged"`` (unless ``force``).
        """
        new = NewVersion(parsed, source=source, sha256=sha256, format=format, files=files or {})
        return self.load_many([new], force=force)[0]

    def load_many(self, items: Iterable[NewVersion], *, force: bool = False) -> list[LoadResult]:
        """Load several lists in one transaction: all of them become current, or none."""
        results: list[LoadResult] = []
        dataset = ""
        try:
            with self.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
                # One load at a time: lock the generation row (PostgreSQL; SQLite's
                # BEGIN IMMEDIATE already holds the database's write lock).
                conn.execute(
                    sa.select(counters.c.value).where(counters.c.name == GENERATION).with_for_update()
                )
                for item in items:
                    dataset = item.parsed.dataset
                    results.append(self._load(conn, item, force))
                if any(r.status == "updated" for r in results):
                    self._bump_generation(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store {dataset or 'the lists'}: {_short(exc)}") from None
        return results

    def _load(self, conn: Connection, item: NewVersion, force: bool) -> LoadResult:
        parsed = item.parsed
        current = self._current_row(conn, parsed.dataset)
        if current is not None and current.sha256 == item.sha256 and not force:
            return LoadResult("unchanged", _version_from_row(current))
        now = datetime.now(UTC)
        info = VersionInfo(
            id=0,  # assigned by the insert
            dataset=parsed.dataset,
            version=parsed.version or "",
            format=item.format,
            loaded_at=now,
            source=item.source,
            sha256=item.sha256,
            entity_count=len(parsed.entities),
            targets=parsed.targets,
            schemata=dict(sorted(Counter(e.schema for e in parsed.entities).items())),
            warnings=list(parsed.warnings),
            files={k: dict(v) for k, v in item.files.items()},
        )
        row = {name: getattr(info, name) for name in _VERSION_COLUMNS}
        version_id = conn.execute(
            list_versions.insert().values(**row).returning(list_versions.c.id)
        ).scalar_one()
        batch: list[dict[str, Any]] = []
        seen: set[str] = set()
        for entity in parsed.entities:
            if entity.id in seen:
                raise StoreError(f"{parsed.dataset}: entity id {entity.id!r} occurs twice in one version")
            seen.add(entity.id)
            batch.append(
                {
                    "version_id": version_id,
                    "entity_id": entity.id,
                    "schema": entity.schema,
                    "data": orjson.dumps(entity.to_ftm()).decode(),
                }
            )
            if len(batch) >= _BATCH:
                self._insert_batch(conn, batch)
                batch = []
        if batch:
            self._insert_batch(conn, batch)
        if current is None:
            conn.execute(
                current_versions.insert().values(
                    dataset=parsed.dataset, version_id=version_id, updated_at=now
                )
            )
        else:
            conn.execute(
                current_versions.update()
                .where(current_versions.c.dataset == parsed.dataset)
                .values(version_id=version_id, updated_at=now)
            )
        return LoadResult("updated", replace(info, id=version_id))

    def _insert_batch(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        # One seam for all entity writes: the crash-safety tests interrupt a load here.
        conn.execute(entities.insert(), rows)

    def _bump_generation(self, conn: Connection) -> None:
        conn.execute(
            counters.update().where(counters.c.name == GENERATION).values(value=counters.c.value + 1)
        )

    # -- reading -------------------------------------------------------------

    def _current_row(self, conn: Connection, dataset: str) -> sa.Row[Any] | None:
        return conn.execute(
            sa.select(list_versions)
            .join(current_versions, current_versions.c.version_id == list_versions.c.id)
            .where(current_versions.c.dataset == dataset)
        ).first()

    def generation(self) -> int:
        """A number that changes whenever any dataset's current version changes (0: never loaded)."""
        with self._read() as conn:
            value = conn.execute(sa.select(counters.c.value).where(counters.c.name == GENERATION)).scalar()
        return int(value or 0)

    def is_empty(self) -> bool:
        with self._read() as conn:
            return conn.execute(sa.select(current_versions.c.dataset).limit(1)).first() is None

    def current(self) -> list[VersionInfo]:
        """The served version of every dataset, by dataset name."""
        with self._read() as conn:
            rows = conn.execute(self._current_query()).all()
        return [_version_from_row(r) for r in rows]

    def current_version(self, dataset: str) -> VersionInfo | None:
        with self._read() as conn:
            row = self._current_row(conn, dataset)
        return _version_from_row(row) if row is not None else None

    def versions(self, dataset: str) -> list[VersionInfo]:
        """Every version of ``dataset`` ever loaded, newest first."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(list_versions)
                .where(list_versions.c.dataset == dataset)
                .order_by(list_versions.c.id.desc())
            ).all()
        return [_version_from_row(r) for r in rows]

    def version(self, version_id: int) -> VersionInfo:
        with self._read() as conn:
            row = conn.execute(sa.select(list_versions).where(list_versions.c.id == version_id)).first()
        if row is None:
            raise NotFound(f"no list version {version_id}")
        return _version_from_row(row)

    def served(self) -> Served:
        """Generation, current versions and all their entities, read as one consistent snapshot.

        What an index is built from: the three agree even while a load commits.
        """
        with self._read() as conn:
            generation = conn.execute(
                sa.select(counters.c.value).where(counters.c.name == GENERATION)
            ).scalar()
            rows = conn.execute(self._current_query()).all()
            data = conn.execute(self._entities_query(None)).scalars().all()
        return Served(
            int(generation or 0), [_version_from_row(r) for r in rows], [entity_from_json(d) for d in data]
        )

    def _current_query(self) -> sa.Select[Any]:
        return (
            sa.select(list_versions)
            .join(current_versions, current_versions.c.version_id == list_versions.c.id)
            .order_by(list_versions.c.dataset)
        )

    def _entities_query(self, datasets: Iterable[str] | None) -> sa.Select[Any]:
        query = sa.select(entities.c.data).join(
            current_versions, current_versions.c.version_id == entities.c.version_id
        )
        if datasets is not None:
            query = query.where(current_versions.c.dataset.in_(list(datasets)))
        return query

    def entities(self, datasets: Iterable[str] | None = None) -> Iterator[Entity]:
        """Every entity of the current versions (of ``datasets`` if given)."""
        with self._read() as conn:
            rows = conn.execute(self._entities_query(datasets)).scalars().all()
        for data in rows:
            yield entity_from_json(data)

    def version_entities(self, version_id: int) -> Iterator[Entity]:
        """Every entity of one version, current or not."""
        with self._read() as conn:
            rows = (
                conn.execute(sa.select(entities.c.data).where(entities.c.version_id == version_id))
                .scalars()
                .all()
            )
        for data in rows:
            yield entity_from_json(data)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id in a current version, or None."""
        found = self.entity_with_version(entity_id)
        return found[0] if found else None

    def entity_with_version(self, entity_id: str) -> tuple[Entity, VersionInfo] | None:
        """The current entity with this id and the list version it comes from."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(entities.c.data, entities.c.version_id)
                .join(current_versions, current_versions.c.version_id == entities.c.version_id)
                .where(entities.c.entity_id == entity_id)
                .order_by(current_versions.c.dataset)
                .limit(1)
            ).first()
        if row is None:
            return None
        return entity_from_json(row.data), self.version(row.version_id)

    def entity_at(self, entity_id: str, version_id: int) -> Entity | None:
        """The entity as it was in one version (current or not), or None."""
        with self._read() as conn:
            data = conn.execute(
                sa.select(entities.c.data).where(
                    entities.c.version_id == version_id, entities.c.entity_id == entity_id
                )
            ).scalar()
        return entity_from_json(data) if data is not None else None

    def diff(self, dataset: str, old: int | None = None, new: int | None = None) -> Diff:
        """Entities added, removed and changed in ``dataset`` between versions ``old`` and ``new``.

        By default ``new`` is the current version and ``old`` the version loaded
        just before it.  Provenance (the list version stamped on every entity)
        is not a change; schema and property values are.
        """
        if new is None:
            current = self.current_version(dataset)
            if current is None:
                raise NotFound(f"no list {dataset!r} is loaded")
            new_v = current
        else:
            new_v = self.version(new)
        if old is None:
            older = [v for v in self.versions(dataset) if v.id < new_v.id]
            old_v = older[0] if older else None
        else:
            old_v = self.version(old)
        for v in (old_v, new_v):
            if v is not None and v.dataset != dataset:
                raise NotFound(f"list version {v.id} is of {v.dataset!r}, not {dataset!r}")
        before = self.version_entities(old_v.id) if old_v else iter(())
        return compare(dataset, old_v, new_v, before, self.version_entities(new_v.id))

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; driver errors become one-line ``StoreError``s."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store: {_short(exc)}") from None
