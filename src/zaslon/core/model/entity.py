"""The listed entity: FtM-shaped properties plus the provenance of its listing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from zaslon.core.model.schema import MATCHABLE, NAME_PROPS, PROPERTIES, SCHEMATA


@dataclass(slots=True)
class Provenance:
    """Where a listing came from: dataset, the list's own version, native id, address."""

    dataset: str
    native_id: str
    list_version: str = ""  # the publication date or version the file states
    source_url: str = ""
    source_file: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "dataset": self.dataset,
            "native_id": self.native_id,
            "list_version": self.list_version,
            "source_url": self.source_url,
            "source_file": self.source_file,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        return cls(
            dataset=str(data.get("dataset", "")),
            native_id=str(data.get("native_id", "")),
            list_version=str(data.get("list_version", "") or ""),
            source_url=str(data.get("source_url", "") or ""),
            source_file=str(data.get("source_file", "") or ""),
        )


@dataclass(slots=True)
class Entity:
    """One listed target (or an unlisted party) in FollowTheMoney shape.

    ``properties`` maps FtM property names to their values, in the order the
    list gives them, without duplicates.  ``name_langs`` keeps the language the
    list states for a name value (ISO 639-1, e.g. ``"be"``), since FtM values
    carry none.
    """

    id: str
    schema: str
    provenance: Provenance
    properties: dict[str, list[str]] = field(default_factory=dict)
    name_langs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.schema not in SCHEMATA:
            raise ValueError(f"unknown schema {self.schema!r} for entity {self.id!r}")

    @property
    def dataset(self) -> str:
        return self.provenance.dataset

    @property
    def datasets(self) -> list[str]:
        return [self.provenance.dataset]

    @property
    def caption(self) -> str:
        for prop in ("name", "alias", "previousName", "weakAlias"):
            values = self.properties.get(prop)
            if values:
                return values[0]
        return self.id

    @property
    def matchable(self) -> bool:
        return self.schema in MATCHABLE

    def add(self, prop: str, value: object, *, lang: str | None = None) -> None:
        """Add a value, stripped; empty values and duplicates are ignored."""
        if prop not in PROPERTIES:
            raise ValueError(f"unknown property {prop!r} for entity {self.id!r}")
        if value is None:
            return
        text = " ".join(str(value).split())
        if not text:
            return
        values = self.properties.setdefault(prop, [])
        if text not in values:
            values.append(text)
        if lang and prop in NAME_PROPS:
            self.name_langs.setdefault(text, lang)

    def add_all(self, prop: str, values: Iterable[object]) -> None:
        for value in values:
            self.add(prop, value)

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    def names(self) -> Iterator[tuple[str, str]]:
        """Every (property, name) pair the entity is known by."""
        for prop in NAME_PROPS:
            for value in self.properties.get(prop, ()):
                yield prop, value

    def to_ftm(self) -> dict[str, Any]:
        """The FtM JSON object, with zaslon's provenance alongside."""
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "properties": {k: list(v) for k, v in self.properties.items() if v},
            "datasets": self.datasets,
            "provenance": self.provenance.to_dict(),
        }
        if self.name_langs:
            data["name_langs"] = dict(self.name_langs)
        return data

    @classmethod
    def from_ftm(
        cls, data: dict[str, Any], *, dataset: str | None = None, strict: bool = True
    ) -> Entity:
        """Build from an FtM JSON object.

        With ``strict`` an unknown property raises ``ValueError``; without, it is
        left out (the caller counts what was left out and says so).
        """
        prov_data = data.get("provenance")
        datasets = data.get("datasets") or []
        if isinstance(prov_data, dict):
            prov = Provenance.from_dict(prov_data)
        else:
            ds = dataset or (datasets[0] if datasets else "ftm")
            native = str(data["id"])
            if native.startswith(ds + "-"):
                native = native[len(ds) + 1 :]
            prov = Provenance(dataset=ds, native_id=native)
        if dataset:
            prov.dataset = dataset
        entity = cls(id=str(data["id"]), schema=str(data["schema"]), provenance=prov)
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise ValueError(f"entity {entity.id!r}: 'properties' must be an object")
        for prop, values in props.items():
            if not strict and prop not in PROPERTIES:
                continue
            if isinstance(values, str):
                values = [values]
            entity.add_all(prop, values)
        langs = data.get("name_langs")
        if isinstance(langs, dict):
            entity.name_langs.update({str(k): str(v) for k, v in langs.items()})
        return entity
