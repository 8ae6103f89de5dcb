"""``zaslon ownership load/check/blocked`` over the bundled lists, the official EU fixture and a stakes CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.circumvention.conftest import EU_FIXTURE, run_in
from tests.cli.conftest import assert_one_line_error
from zaslon.ownership import unlisted_id

SEZ = "JSC 'Alabuga' Special Economic Zone of Industrial and Production Type (listed)"


def check(data_dir: Path, entity: str, *args: str) -> dict[str, Any]:
    result = run_in(data_dir, "ownership", "check", entity, "--json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = orjson.loads(result.stdout)
    return data


def test_loads_report_what_they_stored(circ_dir: Path) -> None:
    assert (circ_dir / "load_eu.txt").read_text().strip().startswith("ownership: updated (version ")
    assert (
        "12 stakes, 16 parties (1 on no list)" in (circ_dir / "load_eu.txt").read_text()
    )  # Sistema is unlisted
    assert "ownership-suppliers: updated" in (circ_dir / "load_csv.txt").read_text()
    assert "5 stakes, 4 parties (4 on no list)" in (circ_dir / "load_csv.txt").read_text()


def test_same_file_again_is_unchanged_and_versions_are_kept(own_dir: Path) -> None:
    again = run_in(own_dir, "ownership", "load", str(EU_FIXTURE))
    assert again.exit_code == 0 and "ownership: unchanged" in again.stdout
    lists = orjson.loads(run_in(own_dir, "lists", "--json").stdout)
    ours = {row["dataset"]: row for row in lists if row["dataset"].startswith("ownership")}
    assert set(ours) == {"ownership", "ownership-suppliers"}
    assert ours["ownership"]["entity_count"] == 28 and ours["ownership"]["format"] == "ownership_ftm"


def test_alabuga_chain_eu_before_the_subsidiaries_were_listed(circ_dir: Path) -> None:
    # On 2024-06-01 only JSC Alabuga SEZ was EU-listed (2023-12-18); the Council calls it the
    # "indirect owner" of LLC Drake: Development 100% -> Machinery 100% -> Drake 50% + 50%.
    drake = check(circ_dir, "cx-drake", "--regime", "eu", "--date", "2024-06-01")
    assert {"entity", "regime", "date", "verdict", "aggregate_percent", "paths"} <= drake.keys()
    assert (drake["entity"], drake["regime"], drake["date"]) == ("cx-drake", "eu", "2024-06-01")
    assert (drake["verdict"], drake["listed"], drake["aggregate_percent"]) == ("owned", False, 100.0)
    assert drake["threshold"] == "> 50%"  # before the Best Practices update of 2024-07-03
    assert sorted(p["text"] for p in drake["paths"]) == [
        f"{SEZ} —100%→ LLC Alabuga Development —100%→ LLC Alabuga Machinery —50%→ LLC Drake",
        f"{SEZ} —100%→ LLC Alabuga Development —50%→ LLC Drake",
    ]
    # the day before the SEZ was listed nothing in the chain is owned
    before = check(circ_dir, "cx-drake", "--regime", "eu", "--date", "2023-12-17")
    assert (before["verdict"], before["aggregate_percent"], before["paths"]) == ("not owned", 0.0, [])


def test_alabuga_chain_eu_once_all_are_listed(circ_dir: Path) -> None:
    drake = check(circ_dir, "LLC Drake", "--regime", "eu", "--date", "2025-06-01")  # by exact name
    assert (drake["entity"], drake["verdict"], drake["listed"], drake["ownership"]) == (
        "cx-drake", "owned", True, "owned",
    )  # fmt: skip
    text = run_in(circ_dir, "ownership", "check", "cx-drake", "--regime", "eu", "--date", "2025-06-01")
    assert text.exit_code == 0
    assert text.stdout.startswith("LLC Drake [cx-drake]: OWNED (EU, 2025-06-01)")
    assert "= 100% ≥ 50%" in text.stdout


@pytest.mark.parametrize(
    ("entity", "ownership", "aggregate", "listed"),
    [
        ("cx-volga-dnepr-group", "owned", 75.0, True),  # three listed shareholders, 25% each
        ("cx-ridotto", "not owned", 49.99, True),  # listed in its own right; 49.99% < 50%
        ("cx-sistema", "not owned", 49.2, False),  # not EU-listed; control to be assessed
        ("cx-bank-rossiya", "not owned", 48.0, True),  # 38% + 10%, 2013 figures
    ],
)
def test_eu_fixture_cases(
    circ_dir: Path, entity: str, ownership: str, aggregate: float, listed: bool
) -> None:
    v = check(circ_dir, entity, "--regime", "eu", "--date", "2025-06-01")
    assert (v["ownership"], v["aggregate_percent"], v["listed"]) == (ownership, aggregate, listed)
    if ownership == "not owned":
        assert {f["kind"] for f in v["findings"]} & {"minority", "control", "dated-figure"}


def test_csv_stakes_under_the_ofac_rule_by_date(circ_dir: Path) -> None:
    # two OFAC-listed Alabuga companies hold 30% + 25% of Kama Components (from 2023): blocked;
    # Kama Components holds 60% of Kama Freight from 2024-01-01
    freight = check(circ_dir, "Kama Freight LLC", "--date", "2024-06-01")
    assert (freight["entity"], freight["verdict"], freight["aggregate_percent"]) == (
        unlisted_id("Kama Freight LLC"), "blocked", 60.0,
    )  # fmt: skip
    assert [p["steps"][0]["entity"] for p in freight["paths"]] == ["us_ofac_sdn-45714", "us_ofac_sdn-45713"]
    assert (
        "Kama Components Trading LLC (blocked: 30% ALABUGA DEVELOPMENT OOO (listed)" in freight["explanation"]
    )
    assert check(circ_dir, "Kama Freight LLC", "--date", "2023-06-01")["verdict"] == "not blocked"
    # the EU regime has no EU list here: the OFAC listings do not count
    assert (
        check(circ_dir, "Kama Freight LLC", "--regime", "eu", "--date", "2024-06-01")["verdict"]
        == "not owned"
    )
    services = check(circ_dir, "Kama Services LLC", "--date", "2024-06-01")  # stake of unknown size
    assert services["verdict"] == "review"
    assert [f["kind"] for f in services["findings"]] == ["unknown-percentage"]


def test_blocked_set(circ_dir: Path) -> None:
    result = run_in(circ_dir, "ownership", "blocked", "--date", "2024-06-01", "--json")
    assert result.exit_code == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert data["blocked"] == sorted(
        [unlisted_id("Kama Freight LLC"), unlisted_id("Kama Components Trading LLC")]
    )


def test_match_returns_an_ownership_hit_with_the_path(circ_dir: Path) -> None:
    result = run_in(circ_dir, "match", "Kama Freight", "--json")
    assert result.exit_code == 0, result.stderr
    hits = orjson.loads(result.stdout)["hits"]
    first = hits[0]
    assert (first["id"], first["kind"], first["match"]) == (
        unlisted_id("Kama Freight LLC"),
        "ownership",
        True,
    )
    assert "OFAC blocked" in first["explanation"] and "—60%→ Kama Freight LLC" in first["explanation"]
    # an unlisted party is never a name hit of its own
    assert all(h["kind"] == "name" for h in hits if not h["id"].startswith("unlisted-"))


@pytest.mark.parametrize(
    ("rows", "fragments"),
    [
        ("us_ofac_sdn-99999999,Some Asset LLC,50\n", ["line 2", "'us_ofac_sdn-99999999'", "no current list"]),
        ("Owner LLC,Asset LLC,150\n", ["line 2", "'150'", "outside 0–100"]),
        ("Owner LLC,Asset LLC,50,2024-05-01,2023-01-01\n", ["line 2", "before start_date"]),
        (
            "person:Ivan Testov,Asset LLC,50\nOther LLC,Ivan Testov,10\n",
            ["line 3", "a person cannot be owned"],
        ),
        ("Owner LLC,person:Jane Roe,10\n", ["line 2", "a person cannot be owned"]),
        ("Owner LLC,Asset LLC,50\nperson:Owner LLC,Other LLC,10\n", ["line 3", "is a Company elsewhere"]),
    ],
)
def test_bad_csv_is_one_line_and_changes_nothing(
    own_dir: Path, tmp_path: Path, rows: str, fragments: list[str]
) -> None:
    before = run_in(own_dir, "lists", "--json").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("owner,asset,percentage,start_date,end_date,source\n" + rows, encoding="utf-8")
    assert_one_line_error(run_in(own_dir, "ownership", "load", str(bad)), "bad.csv", *fragments)
    assert run_in(own_dir, "lists", "--json").stdout == before


def test_unknown_entity_and_bad_date_are_one_line(circ_dir: Path) -> None:
    assert_one_line_error(run_in(circ_dir, "ownership", "check", "no-such-entity"), "'no-such-entity'")
    assert_one_line_error(
        run_in(circ_dir, "ownership", "check", "cx-drake", "--date", "2024-13-01"), "2024-13-01"
    )


def test_cycle_and_over_100_are_flagged_not_fatal(own_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "loop.csv"
    data.write_text(
        "owner,asset,percentage\n"
        "us_ofac_sdn-45714,Loop A LLC,40\n"
        "Loop A LLC,Loop B LLC,60\n"
        "Loop B LLC,Loop A LLC,30\n"  # A and B own each other
        "Someone Else LLC,Loop B LLC,70\n",  # 60 + 70 = 130% of B
        encoding="utf-8",
    )
    assert run_in(own_dir, "ownership", "load", str(data), "--dataset", "loop").exit_code == 0
    result = run_in(own_dir, "ownership", "blocked", "--json")
    assert result.exit_code == 0, result.stderr
    kinds = {f["kind"] for f in orjson.loads(result.stdout)["findings"]}
    assert {"cycle", "over-100"} <= kinds
    # A: 40% listed + 30% from B (not blocked) -> not blocked; terminates despite the loop
    assert check(own_dir, "Loop A LLC")["verdict"] == "not blocked"
