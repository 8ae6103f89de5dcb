"""The composition root: lists from the store, an index over them, screening.

``Engine`` is what the CLI, the API and batch screening hold.  It is built
once from the current list versions and is immutable afterwards; a new list
version means a new engine (see ``EngineHolder`` for swapping one in while
requests continue).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from zaslon.core.index import CandidateIndex
from zaslon.core.index.candidates import IndexedEntity
from zaslon.core.match import logic, parties
from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Hit, Query
from zaslon.settings import Settings
from zaslon.store import ListStore, VersionInfo


@dataclass(slots=True)
class Engine:
    index: CandidateIndex
    parties: parties.Parties
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
        # the build makes millions of long-lived objects and no garbage cycles: the cyclic
        # collector would only walk them again and again (a fifth of the build time)
        collecting = gc.isenabled()
        gc.disable()
        try:
            index = CandidateIndex.build(entities, warm=warm)
            linked = parties.link(index)
        finally:
            if collecting:
                gc.enable()
        return cls(index, linked, list(versions or []), generation, time.perf_counter() - started)

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

    def referents(self, entity_id: str) -> list[str]:
        """The same party's listings on other lists (see ``core.match.parties``)."""
        number = self.index.by_id.get(entity_id)
        if number is None:
            return []
        return self.parties.referents(self.index, number)

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
        keep: Callable[[IndexedEntity], bool] | None = None
        if datasets or exclude_datasets or exclude_schemata or exclude_ids:
            wanted, unwanted = set(datasets or ()), set(exclude_datasets)

            def keep(entity: IndexedEntity) -> bool:
                return (
                    (not wanted or not wanted.isdisjoint(entity.datasets))
                    and unwanted.isdisjoint(entity.datasets)
                    and entity.schema not in exclude_schemata
                    and entity.id not in exclude_ids
                )

        return logic.screen(
            self.index,
            query,
            limit=limit,
            threshold=threshold,
            # filters leave candidates out, so look at more of them
            candidates=logic.CANDIDATES * (1 if keep is None else 3),
            min_score=min_score,
            parties=self.parties,
            keep=keep,
        )


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
