"""``zaslon goods check``: tiers and annexes, ``ex`` entries, codes on no list, malformed codes."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from tests.cli.conftest import assert_one_line_error
from zaslon.cli import main

CHPL = resources.files("zaslon") / "data" / "circumvention" / "chpl.csv"


def goods(tmp_path: Path, *args: str) -> Result:
    # goods checks need no store: the data dir stays empty
    return CliRunner().invoke(main, ["--data-dir", str(tmp_path), "goods", "check", *args])


def test_chpl_code_with_dots(tmp_path: Path) -> None:
    result = goods(tmp_path, "8542.31")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "8542.31: LISTED (CHPL tier 1) (EU 833/2014 Annex XL)"
    assert "Not checked: EU 833/2014 Annex XXI" in result.stdout  # says what the data does not cover
    assert not (tmp_path / "zaslon.sqlite3").exists()


def test_json_for_a_ten_digit_declaration(tmp_path: Path) -> None:
    result = goods(tmp_path, "8542 31 90 00", "--json", "--date", "2025-01-15")
    assert result.exit_code == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert (data["date"], data["normalized"], data["verdict"]) == ("2025-01-15", "8542319000", "listed")
    assert (data["chpl_tiers"], data["annexes"]) == (["1"], ["XL"])
    assert data["coverage"]


@pytest.mark.parametrize("width", [6, 8, 10])
def test_every_chpl_code_at_every_width(tmp_path: Path, width: int) -> None:
    with CHPL.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 50
    for row in rows:
        code = row["hs6"].ljust(width, "0")
        data = orjson.loads(goods(tmp_path, code, "--json").stdout)
        assert data["verdict"] == "listed" and data["chpl_tiers"] == [row["tier"]], (code, data["reasons"])


def test_ex_entry_is_review_and_unlisted_code_is_none(tmp_path: Path) -> None:
    ex = orjson.loads(goods(tmp_path, "9304 00 00", "--json").stdout)
    assert (ex["verdict"], ex["annexes"]) == ("review", ["XXXV"])
    coffee = goods(tmp_path, "0901.11")
    assert coffee.exit_code == 0 and coffee.stdout.startswith("0901.11: NONE")
    assert "0901 11 is on none of the lists checked" in coffee.stdout


def test_a_date_before_the_data_is_noted(tmp_path: Path) -> None:
    result = goods(tmp_path, "8542.31", "--date", "2023-01-01")
    assert result.exit_code == 0 and "note: the goods data are the CHPL of 2024-02-23" in result.stderr


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("85A2", "contains 'A'"),
        ("854", "has 3 digits"),
        ("12345678901234", "has 14 digits"),
        ("..", "is empty"),
    ],
)
def test_malformed_codes_are_one_line_errors(tmp_path: Path, code: str, fragment: str) -> None:
    assert_one_line_error(goods(tmp_path, code), f"goods code {code!r}", fragment)
