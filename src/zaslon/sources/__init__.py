"""Parsers for the official sanctions lists, one module per native format.

``FORMATS`` is the registry; ``detect`` picks the format of a file from its
name and first bytes.  Each format module exposes one object, ``FORMAT``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from zaslon.exc import UnknownFormat
from zaslon.sources.base import ListFormat, ParsedList

# Order matters only where sniffing could be ambiguous: specific before generic.
_MODULES = (
    "zaslon.sources.ofac_sdn",
    "zaslon.sources.ofac_cons",
    "zaslon.sources.uk_hmt",
    "zaslon.sources.un_sc",
    "zaslon.sources.au_dfat",
    "zaslon.sources.ca_sema",
    "zaslon.sources.eu_fsf",
    "zaslon.sources.ftm",
)


@lru_cache(maxsize=1)
def formats() -> tuple[ListFormat, ...]:
    """Every list format zaslon can read."""
    return tuple(importlib.import_module(m).FORMAT for m in _MODULES)


def by_dataset(dataset: str) -> ListFormat | None:
    for fmt in formats():
        if fmt.dataset == dataset:
            return fmt
    return None


def detect(name: str, head: bytes) -> ListFormat:
    """The format of a file, from its name and first bytes, or ``UnknownFormat``."""
    if not head.strip():
        raise UnknownFormat("the file is empty", file=name)
    for fmt in formats():
        if fmt.sniff(name, head):
            return fmt
    raise UnknownFormat(
        "not a list format zaslon knows (OFAC CSV, UK ConList xlsx, UN XML, Canada SEMA XML, "
        "Australia DFAT xlsx, EU FSF XML, FtM JSON lines)",
        file=name,
    )


__all__ = ["ListFormat", "ParsedList", "detect", "formats", "by_dataset"]
