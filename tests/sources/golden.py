"""Golden outputs of the parsers: a parse compared with its reviewed expected JSON.

After an intended change to a parser, run the tests with ``ZASLON_REGEN_GOLDEN=1``
to rewrite the expected files, and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from zaslon.sources.base import ParsedList


def view(parsed: ParsedList) -> dict[str, Any]:
    """Everything a parse says, as JSON: list facts, warnings and every entity."""
    return {
        "dataset": parsed.dataset,
        "version": parsed.version,
        "warnings": parsed.warnings,
        "source_files": parsed.source_files,
        "entities": [e.to_ftm() for e in parsed.entities],
    }


def assert_golden(got: Any, expected: Path) -> None:
    if os.environ.get("ZASLON_REGEN_GOLDEN"):
        expected.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(expected.read_text(encoding="utf-8"))
