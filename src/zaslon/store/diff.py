"""What changed in a list between two of its versions.

Only what a list says about an entity counts: its schema and property values
(compared as sets, so a re-ordering is no change).  Provenance is left out:
every entity carries the list version it came from, which differs by design.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zaslon.core.model import Entity

if TYPE_CHECKING:
    from zaslon.store.lists import VersionInfo


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity in both versions whose schema or properties differ."""

    id: str
    caption: str
    properties: tuple[str, ...]  # properties whose values differ ("schema" if the schema did)


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed in one dataset between two versions."""

    dataset: str
    old: VersionInfo | None  # None: ``new`` is the first version
    new: VersionInfo
    added: list[tuple[str, str]]  # (id, caption)
    removed: list[tuple[str, str]]
    changed: list[EntityChange]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict(),
            "added": [{"id": i, "caption": c} for i, c in self.added],
            "removed": [{"id": i, "caption": c} for i, c in self.removed],
            "changed": [
                {"id": ch.id, "caption": ch.caption, "properties": list(ch.properties)} for ch in self.changed
            ],
        }


def compare(
    dataset: str,
    old: VersionInfo | None,
    new: VersionInfo,
    before: Iterable[Entity],
    after: Iterable[Entity],
) -> Diff:
    """The diff between the entities of version ``old`` (``before``) and ``new`` (``after``)."""
    was = {e.id: e for e in before}
    now = {e.id: e for e in after}
    added = [(i, now[i].caption) for i in sorted(now.keys() - was.keys())]
    removed = [(i, was[i].caption) for i in sorted(was.keys() - now.keys())]
    changed = []
    for i in sorted(now.keys() & was.keys()):
        props = changed_properties(was[i], now[i])
        if props:
            changed.append(EntityChange(i, now[i].caption, props))
    return Diff(dataset, old, new, added, removed, changed)


def changed_properties(a: Entity, b: Entity) -> tuple[str, ...]:
    """The properties (and "schema") whose values differ between two states of one entity."""
    props = [
        p
        for p in sorted(a.properties.keys() | b.properties.keys())
        if set(a.properties.get(p, ())) != set(b.properties.get(p, ()))
    ]
    if a.schema != b.schema:
        props.insert(0, "schema")
    return tuple(props)
