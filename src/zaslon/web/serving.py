"""What the API serves: one immutable snapshot of engine and entities, swapped whole.

A ``Snapshot`` pairs the matching engine with the entities it was built from
(results carry each entity's FtM properties without a database read) and the
list versions behind them.  ``Serving.refresh`` builds a complete new snapshot
off to the side and installs it with one assignment, as ``engine.EngineHolder``
does for the engine alone: a request takes ``serving.snapshot`` once and uses
that object throughout, so it never sees a half-built index and never fails
during a swap.  A watcher thread polls the store's generation so a version
loaded from the CLI (or by another worker) is picked up without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from zaslon.core.model.entity import Entity
from zaslon.engine import Engine
from zaslon.store import ListStore, VersionInfo

log = logging.getLogger("zaslon.web")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One consistent view of the lists: the index, the entities, their versions."""

    engine: Engine
    entities: Mapping[str, Entity]
    versions: Mapping[str, VersionInfo]  # by dataset
    built_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def build(cls, engine: Engine, entities: Iterable[Entity]) -> Snapshot:
        return cls(engine, {e.id: e for e in entities}, {v.dataset: v for v in engine.versions})

    @property
    def generation(self) -> int:
        return self.engine.generation


class Serving:
    """Holds the current snapshot; rebuilds and swaps it when the store's lists change."""

    def __init__(self, store: ListStore) -> None:
        self.store = store
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()  # one rebuild at a time; readers never take it
        self.swaps = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def snapshot(self) -> Snapshot | None:
        return self._snapshot

    def install(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self.swaps += 1

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild from the store if its lists changed (or ``force``); True if swapped."""
        with self._lock:
            # the generation is read first: a load committing while we read the
            # entities makes it differ from the store's, so the next check rebuilds
            generation = self.store.generation()
            current = self._snapshot
            if not force and current is not None and current.generation == generation:
                return False
            versions = self.store.current()
            entities = list(self.store.entities())
            engine = Engine.build(entities, versions=versions, generation=generation)
            self.install(Snapshot.build(engine, entities))
            self.last_error = None
            log.info("serving generation %d: %d entities, index built in %.1f s",
                     generation, engine.size, engine.build_seconds)  # fmt: skip
            return True

    def start_watching(self, interval: float) -> None:
        """Poll the store every ``interval`` seconds in a daemon thread (0: never)."""
        if interval <= 0 or self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(
            target=self._watch, args=(interval,), name="zaslon-watch", daemon=True
        )
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=30)
            self._watcher = None

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - keep serving the old snapshot, say why
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("could not refresh the lists: %s", self.last_error)

    def load_initial(self) -> None:
        """Fill an empty store from the bundled snapshot and build the first snapshot."""
        from zaslon.lists import ensure_snapshot

        started = time.perf_counter()
        try:
            if self.store.is_empty():
                ensure_snapshot(self.store)
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - /readyz reports it; the process stays up
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.error("could not load the lists: %s", self.last_error)
            return
        log.info("ready in %.1f s", time.perf_counter() - started)
