"""What every list format provides: sniffing, parsing, and its official address.

A format is pure: bytes in, entities out.  Reading files lives in ``files.py``
and downloading in ``fetch.py``; neither is a parser's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from zaslon.core.model import Entity


@dataclass(slots=True)
class ParsedList:
    """The result of parsing one publication of one list."""

    dataset: str
    version: str  # the publication date or version the file itself states ("" if none)
    entities: list[Entity]
    warnings: list[str] = field(default_factory=list)
    source_files: list[str] = field(default_factory=list)

    @property
    def targets(self) -> int:
        """How many listed targets (matchable entities, not relations)."""
        return sum(1 for e in self.entities if e.matchable)


class ListFormat(Protocol):
    """One native list format.

    ``files`` maps a file's base name (``"sdn.csv"``) to its bytes; ``main`` is
    the base name of the file the user pointed at.  Formats split over several
    files (OFAC's CSVs) name the others in ``companions``; a missing companion
    is a warning, not an error.
    """

    name: str  # stable format name, e.g. "us_ofac_sdn_csv"
    dataset: str  # the dataset a file of this format is loaded as by default
    title: str  # human title of the list
    urls: Mapping[str, str]  # base file name -> official download address
    companions: tuple[str, ...]

    def sniff(self, name: str, head: bytes) -> bool:
        """Whether a file called ``name`` starting with ``head`` is of this format."""
        ...

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        """Parse; raise ``SourceError`` naming file and line/record on bad input."""
        ...
