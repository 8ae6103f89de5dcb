"""Entities and scored hits in yente's response shape (``EntityResponse``, ``ScoredEntityResponse``)."""

from __future__ import annotations

from typing import Any

from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Hit
from zaslon.store import VersionInfo
from zaslon.web.serving import Snapshot


def entity_json(
    entity: Entity, version: VersionInfo | None, referents: list[str] | None = None
) -> dict[str, Any]:
    """An entity as yente shows one, plus zaslon's provenance and list version."""
    loaded = version.loaded_at.isoformat() if version else None
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema,
        "properties": entity.properties,
        "datasets": entity.datasets,
        "referents": list(referents or []),
        "target": entity.matchable,
        # a list version is the finest grain zaslon knows when an entity was seen
        "first_seen": None,
        "last_seen": loaded,
        "last_change": None,
        "provenance": entity.provenance.to_dict(),
        "list_version": version.to_dict() if version else None,
    }


def hit_json(snapshot: Snapshot, hit: Hit) -> dict[str, Any]:
    """A scored hit: the entity, its score and match decision, and why."""
    entity = snapshot.entities.get(hit.entity_id)
    dataset = hit.datasets[0] if hit.datasets else ""
    version = snapshot.versions.get(dataset)
    explanation = hit.explanation
    details = explanation.to_dict()  # holds the summary too: build it once
    return {
        "id": hit.entity_id,
        "caption": hit.caption,
        "schema": hit.schema,
        "properties": entity.properties if entity is not None else {},
        "datasets": list(hit.datasets),
        # the same party's listings on other lists, as yente names the records an entity merges
        "referents": list(hit.referents),
        "target": True,
        "first_seen": None,
        "last_seen": version.loaded_at.isoformat() if version else None,
        "last_change": None,
        "score": round(hit.score, 4),
        "match": hit.match,
        "kind": hit.kind,  # "name", or "ownership": an unlisted party blocked through its owners
        "features": {f.name: round(f.contribution, 4) for f in explanation.features},
        "explanation": details["summary"],
        "explanations": [details],
    }
