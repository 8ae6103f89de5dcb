"""The entity model: FtM-shaped entities with provenance, dates, countries."""

from zaslon.core.model.entity import Entity, Provenance

__all__ = ["Entity", "Provenance"]
