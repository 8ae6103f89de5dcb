"""A tiny list format for tests of the store, orchestration and CLI.

It lets those tests run without depending on any real parser.  A toy list is
a text file::

    #toy <version>
    <native id>|<schema>|<name>[|<alias>...]

with an optional companion ``toy_notes.txt`` of ``<native id>|<note>`` lines.
A malformed line is a ``SourceError`` naming file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zaslon.core.model import Entity, Provenance
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList


@dataclass
class ToyFormat:
    name: str = "toy_txt"
    dataset: str = "toy"
    title: str = "Toy list"
    urls: Mapping[str, str] = field(
        default_factory=lambda: {
            "toy.txt": "https://example.invalid/toy.txt",
            "toy_notes.txt": "https://example.invalid/toy_notes.txt",
        }
    )
    companions: tuple[str, ...] = ("toy_notes.txt",)

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"#toy") or (name == "toy_notes.txt")

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        dataset = dataset or self.dataset
        try:
            text = files[main].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"not UTF-8 ({exc.reason} at byte {exc.start})", file=main) from None
        lines = text.splitlines()
        if not lines or not lines[0].startswith("#toy"):
            raise SourceError("no '#toy' header", file=main, line=1)
        version = lines[0][4:].strip()
        entities: list[Entity] = []
        warnings: list[str] = []
        for no, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            parts = line.split("|")
            if len(parts) < 3:
                raise SourceError(f"expected 'id|schema|name', got {line!r}", file=main, line=no)
            native, schema, name, *aliases = parts
            try:
                entity = Entity(
                    id=f"{dataset}-{native}",
                    schema=schema,
                    provenance=Provenance(
                        dataset=dataset, native_id=native, list_version=version, source_file=main
                    ),
                )
            except ValueError as exc:
                raise SourceError(str(exc), file=main, line=no) from None
            entity.add("name", name)
            entity.add_all("alias", aliases)
            if schema == "Person" and not aliases:
                warnings.append(f"{main} line {no}: no alias for {name!r} (kept as is)")
            entities.append(entity)
        notes = files.get("toy_notes.txt", b"").decode("utf-8")
        by_id = {e.provenance.native_id: e for e in entities}
        for line in notes.splitlines():
            native, _, note = line.partition("|")
            if native in by_id:
                by_id[native].add("notes", note)
        return ParsedList(
            dataset=dataset,
            version=version,
            entities=entities,
            warnings=warnings,
            source_files=[main, *(f for f in self.companions if f in files)],
        )


TOY = ToyFormat()


def toy_text(version: str, rows: list[tuple[str, str, str]] | int) -> str:
    """A toy list file: explicit rows, or ``n`` generated people."""
    if isinstance(rows, int):
        rows = [(str(i), "Person", f"Person Number {i}|Alias {i}") for i in range(rows)]
    return "\n".join([f"#toy {version}", *("|".join(r) for r in rows)]) + "\n"
