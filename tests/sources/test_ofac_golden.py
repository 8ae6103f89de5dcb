"""Golden outputs: small excerpts of the bundled OFAC files and the FtM JSON they must parse to.

The excerpts are byte-exact lines of the official files (see ``fixtures/ofac``):
an individual with many remarks, a vessel, an aircraft, entities with aliases
and addresses, remarks continued in the comments file.  To regenerate after an
intended change, run with ``ZASLON_REGEN_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.sources.golden import assert_golden, view
from zaslon.sources import ofac_cons, ofac_sdn
from zaslon.sources.ofac_sdn import OfacFormat

FIXTURES = Path(__file__).parent / "fixtures" / "ofac"
CASES = {"sdn": ofac_sdn.FORMAT, "cons": ofac_cons.FORMAT}


def _parse(folder: str, fmt: OfacFormat) -> dict[str, Any]:
    files = {p.name: p.read_bytes() for p in (FIXTURES / folder).glob("*.csv")}
    return view(fmt.parse(files, fmt.main))


@pytest.mark.parametrize("folder", sorted(CASES))
def test_golden(folder: str) -> None:
    assert_golden(_parse(folder, CASES[folder]), FIXTURES / f"{folder}.expected.json")


def test_golden_excerpt_covers_every_schema() -> None:
    got = _parse("sdn", ofac_sdn.FORMAT)
    schemas = {e["schema"] for e in got["entities"]}
    assert schemas == {"Person", "Vessel", "Airplane", "Company", "Organization"}


def test_loaded_under_another_dataset_name() -> None:
    files = {p.name: p.read_bytes() for p in (FIXTURES / "sdn").glob("*.csv")}
    parsed = ofac_sdn.FORMAT.parse(files, "sdn.csv", dataset="us_ofac_sdn_test")
    e = next(e for e in parsed.entities if e.provenance.native_id == "9760")
    assert e.id == "us_ofac_sdn_test-9760" and e.dataset == "us_ofac_sdn_test"
    assert parsed.dataset == "us_ofac_sdn_test"
