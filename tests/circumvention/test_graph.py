"""The graph the store gives: what the lists state themselves, what counts as listed, bad FtM files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.circumvention.conftest import run_in
from tests.cli.conftest import assert_one_line_error
from zaslon.exc import QueryError
from zaslon.ownership import OwnershipService, dataset_name, unlisted_id


def test_ofac_linked_to_is_a_stake_of_unknown_size(circ_service: OwnershipService) -> None:
    # us_ofac_cons-17017 BM BANK JSC is "Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY"
    v = circ_service.check("us_ofac_cons-17017", "ofac", "2025-01-01")
    assert (v.verdict, v.listed, v.ownership) == ("blocked", True, "review")
    [stake] = v.contributions
    assert (stake.owner, stake.percentage) == ("us_ofac_cons-17013", None)
    assert stake.source == "OFAC remark 'Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY'"
    assert [f.kind for f in v.findings] == ["unknown-percentage"]
    assert circ_service.derived > 2000  # organisations' links in the bundled SDN and consolidated lists


def test_who_is_listed_under_which_regime(circ_service: OwnershipService) -> None:
    sberbank = "us_ofac_cons-17018"
    assert circ_service.check(sberbank, "ofac", "2025-01-01").listed
    assert not circ_service.check(sberbank, "eu", "2025-01-01").listed  # no EU list file is loaded
    # the EU fixture's own flags: listed for the EU from the date its notes give
    assert circ_service.check("cx-alabuga-sez", "eu", "2023-12-18").listed
    assert not circ_service.check("cx-alabuga-sez", "eu", "2023-12-17").listed
    assert not circ_service.check("cx-alabuga-sez", "ofac", "2025-01-01").listed
    assert not circ_service.check(unlisted_id("Kama Freight LLC"), "ofac", "2025-01-01").listed


def test_unlisted_parties_are_not_name_hits(circ_engine: object) -> None:
    assert not any(e.id.startswith(("unlisted-", "cx-")) for e in circ_engine.index.entities)  # type: ignore[attr-defined]


def test_dataset_names() -> None:
    assert (dataset_name(None), dataset_name("suppliers"), dataset_name("ownership-x")) == (
        "ownership", "ownership-suppliers", "ownership-x",
    )  # fmt: skip
    with pytest.raises(QueryError):
        dataset_name("Bad Name!")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('{"id": "a", "schema": "Ownership", "properties": {"owner": ["x"], "asset": ["y"], "percentage": 50}}',
         ["line 1", "'percentage' must be a list"]),
        ('{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}\nnot json',
         ["line 2", "not JSON"]),
        ('{"id": "o", "schema": "Ownership", "properties": {"owner": ["x"], "asset": ["y"], "percentage": ["-5"]}}',
         ["line 1", "outside 0–100"]),
        ('{"id": "o", "schema": "Ownership", "properties": {"owner": ["x"]}}',
         ["line 1", "needs both 'owner' and 'asset'"]),
    ],
)  # fmt: skip
def test_bad_ftm_is_one_line_and_changes_nothing(
    own_dir: Path, tmp_path: Path, text: str, fragments: list[str]
) -> None:
    before = run_in(own_dir, "lists", "--json").stdout
    bad = tmp_path / "bad.ftm.jsonl"
    bad.write_text(text + "\n", encoding="utf-8")
    assert_one_line_error(run_in(own_dir, "ownership", "load", str(bad)), "bad.ftm.jsonl", *fragments)
    assert run_in(own_dir, "lists", "--json").stdout == before
