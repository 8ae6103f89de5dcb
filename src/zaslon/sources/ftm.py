"""FollowTheMoney entities as JSON lines: import and export.

One JSON object per line, ``{"id", "schema", "properties", "datasets"}`` as
OpenSanctions and nomenklatura write them, plus zaslon's ``provenance`` (and
``name_langs``) when zaslon wrote the file.  Import is lenient about what it
does not know: an unknown property is left out and an unknown schema skips
the entity, each counted in a warning that gives the lines.  What is not
JSON, or not an entity, is an error naming the line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import IO, Any

import orjson

from zaslon.core.model import Entity
from zaslon.core.model.schema import PROPERTIES, SCHEMATA
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList

_LINES_SHOWN = 5


def dump_ftm(entity: Entity) -> str:
    """One entity as one line of FtM JSON (without the newline)."""
    return orjson.dumps(entity.to_ftm()).decode("utf-8")


def write_ftm(entities: Iterable[Entity], fh: IO[str]) -> int:
    """Write entities as FtM JSON lines to a text file; return how many were written."""
    count = 0
    for entity in entities:
        fh.write(dump_ftm(entity))
        fh.write("\n")
        count += 1
    return count


def _first_line(head: bytes) -> bytes:
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        if line.strip():
            return line.strip()
    return b""


def _values(raw: object) -> list[object]:
    """Property values as a list; nested entities (``{"id": ...}``) stand for their id."""
    values = raw if isinstance(raw, list) else [raw]
    return [v.get("id") if isinstance(v, dict) else v for v in values]


def _where(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:_LINES_SHOWN]))
    more = f" and {len(lines) - _LINES_SHOWN} more" if len(lines) > _LINES_SHOWN else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


class FtmFormat:
    """FollowTheMoney entities, one JSON object per line."""

    name = "ftm_jsonl"
    dataset = "ftm"
    title = "FollowTheMoney entities (JSON lines)"
    urls: Mapping[str, str] = {}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        line = _first_line(head)
        if not line.startswith(b"{"):
            return False
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError:
            # the first line may be cut off by the sniffing window
            return len(line) >= len(head.strip()) - 3 and b'"schema"' in line and b'"id"' in line
        return isinstance(data, dict) and "schema" in data and "id" in data

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        data = files[main]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            where = data[: exc.start].count(b"\n") + 1
            raise SourceError(f"not UTF-8 text (byte {data[exc.start]:#04x})", file=main, line=where) from None
        entities: list[Entity] = []
        unknown_props: dict[str, list[int]] = defaultdict(list)
        unknown_schemata: dict[str, list[int]] = defaultdict(list)
        seen: dict[str, int] = {}
        duplicates: list[int] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            obj = self._object(line, main, number)
            schema = obj["schema"]
            if schema not in SCHEMATA:
                unknown_schemata[schema].append(number)
                continue
            properties = obj.get("properties")
            properties = {} if properties is None else properties
            if not isinstance(properties, dict):
                raise SourceError("'properties' is not an object", file=main, line=number, record=obj["id"])
            for prop in properties:
                if prop not in PROPERTIES:
                    unknown_props[prop].append(number)
            obj["properties"] = {k: _values(v) for k, v in properties.items()}
            try:
                entity = Entity.from_ftm(obj, dataset=dataset, strict=False)
            except (ValueError, TypeError, KeyError) as exc:
                raise SourceError(
                    f"not a valid entity: {exc}", file=main, line=number, record=obj["id"]
                ) from None
            if not isinstance(obj.get("provenance"), dict):
                entity.provenance.source_file = main
            if entity.id in seen:
                duplicates.append(number)
                continue
            seen[entity.id] = number
            entities.append(entity)
        warnings = [
            f"{main}: unknown property {prop!r} left out on {_where(lines)}"
            for prop, lines in unknown_props.items()
        ]
        warnings += [
            f"{main}: {len(lines)} entit{'ies' if len(lines) > 1 else 'y'} of unknown schema {schema!r} "
            f"skipped ({_where(lines)})"
            for schema, lines in unknown_schemata.items()
        ]
        if duplicates:
            warnings.append(f"{main}: {len(duplicates)} repeated entity id(s) skipped ({_where(duplicates)})")
        versions = {e.provenance.list_version for e in entities}
        version = versions.pop() if len(versions) == 1 else ""  # a file of one list's one version
        return ParsedList(self._dataset(dataset, entities), version, entities, warnings, [main])

    @staticmethod
    def _object(line: str, main: str, number: int) -> dict[str, Any]:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise SourceError(f"not valid JSON ({exc})", file=main, line=number) from None
        if not isinstance(obj, dict):
            raise SourceError(f"expected a JSON object, found {type(obj).__name__}", file=main, line=number)
        for key in ("id", "schema"):
            if not isinstance(obj.get(key), str) or not obj[key]:
                raise SourceError(f"the entity has no {key!r}", file=main, line=number)
        return obj

    def _dataset(self, dataset: str | None, entities: list[Entity]) -> str:
        """The dataset asked for, else the one the entities share, else ``ftm``."""
        if dataset:
            return dataset
        names = {e.provenance.dataset for e in entities}
        return names.pop() if len(names) == 1 else self.dataset


FORMAT = FtmFormat()
