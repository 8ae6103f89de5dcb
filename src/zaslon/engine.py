"""The composition root: lists from the store, an index over them, screening.

``Engine`` is what the CLI, the API and batch screening hold.  It is built
once from the current list versions and is immutable afterwards; a new list
version means a new engine (see ``EngineHolder`` for swapping one in while
requests continue).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from zaslon.core.index import CandidateIndex
from zaslon.core.match import logic
from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Hit, Query
from zaslon.settings import Settings
from zaslon.store import ListStore, VersionInfo


@dataclass(slots=True)
class Engine:
    index: CandidateIndex
    versions: list[VersionInfo] = field(default_factory=list)
    generation: int = 0
    build_seconds: float = 0.0

    @classmethod
    def build(
        cls,
        entities: Iterable[Entity],
        *,
        versions: list[VersionInfo] | None = None,
        generation: int = 0,
        warm: bool = True,
    ) -> "Engine":
        """An engine over ``entities``; ``warm=False`` skips work that only pays off over many screens."""
        started = time.perf_counter()
        index = CandidateIndex.build(entities, warm=warm)
        return cls(index, list(versions or []), generation, time.perf_counter() - started)

    @classmethod
    def from_store(cls, store: ListStore, *, warm: bool = True) -> "Engine":
        generation = store.generation()
        return cls.build(store.entities(), versions=store.current(), generation=generation, warm=warm)

    @classmethod
    def open(cls, settings: Settings) -> "Engine":
        """The engine over the store the settings name, filled from the bundled snapshot if empty."""
        from zaslon.lists import ensure_snapshot, open_store

        store = open_store(settings)
        try:
            if store.is_empty():
                ensure_snapshot(store)
            return cls.from_store(store)
        finally:
            store.close()

    @property
    def threshold(self) -> float:
        return logic.DEFAULT_THRESHOLD

    @property
    def algorithm(self) -> logic.AlgorithmInfo:
        return logic.info()

    @property
    def size(self) -> int:
        return len(self.index.entities)

    def screen(
        self,
        query: Query,
        *,
        limit: int = 10,
        threshold: float | None = None,
        datasets: Collection[str] | None = None,
        exclude_datasets: Collection[str] = (),
        exclude_schemata: Collection[str] = (),
        exclude_ids: Collection[str] = (),
        min_score: float = 0.0,
    ) -> list[Hit]:
        """Listed entities the query may be, best first, each scored and explained.

        ``threshold`` decides which hits are matches; ``min_score`` leaves out
        hits scoring below it altogether (what batch screening does not write).
        """
        threshold = self.threshold if threshold is None else threshold
        filtered = bool(datasets or exclude_datasets or exclude_schemata or exclude_ids)
        # filters remove hits after scoring, so ask for more when filtering
        hits = logic.screen(
            self.index,
            query,
            limit=limit * 4 if filtered else limit,
            threshold=threshold,
            candidates=logic.CANDIDATES * (3 if filtered else 1),
            min_score=min_score,
        )
        if filtered:
            hits = [
                h
                for h in hits
                if (not datasets or set(h.datasets) & set(datasets))
                and not set(h.datasets) & set(exclude_datasets)
                and h.schema not in exclude_schemata
                and h.entity_id not in exclude_ids
            ][:limit]
        return hits


class EngineHolder:
    """Holds the serving engine; a rebuilt one replaces it in one assignment.

    Readers take ``holder.engine`` once per request and keep using that object,
    so no request ever sees a half-built index and none fails during a swap.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self._engine

    def refresh(self, store: ListStore, *, force: bool = False) -> bool:
        """Rebuild from the store if its lists changed; True if a new engine was swapped in."""
        with self._lock:
            if not force and store.generation() == self._engine.generation:
                return False
            self._engine = Engine.from_store(store)
            return True
