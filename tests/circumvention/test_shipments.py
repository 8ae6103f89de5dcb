"""``zaslon shipments screen``: one verdict per shipment with all its reasons; bad rows to the errors file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.circumvention.conftest import FIXTURES, run_in
from tests.cli.conftest import assert_one_line_error
from zaslon.engine import Engine
from zaslon.exc import QueryError
from zaslon.ownership import OwnershipService, unlisted_id
from zaslon.shipments import ShipmentScreener, imo_number, screen_file

SHIPMENTS = FIXTURES / "shipments.csv"


@pytest.fixture(scope="module")
def screened(circ_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, str]:
    out = tmp_path_factory.mktemp("shipments") / "out.jsonl"
    result = run_in(
        circ_dir, "shipments", "screen", str(SHIPMENTS), "--out", str(out), "--date", "2024-06-01"
    )
    assert result.exit_code == 0, result.stderr
    by_id = {r["shipment_id"]: r for r in map(orjson.loads, out.read_bytes().splitlines())}
    errors = Path(str(out) + ".errors.csv").read_text(encoding="utf-8")
    return by_id, errors, result.stderr


def _texts(result: dict[str, Any], category: str) -> list[str]:
    return [f"{r['action']}: {r['text']}" for r in result["reasons"] if r["category"] == category]


def test_verdicts(screened: tuple[dict[str, Any], str, str]) -> None:
    by_id, _, _ = screened
    assert {k: v["verdict"] for k, v in by_id.items()} == {
        "S1": "block",  # consignee ПАО Сбербанк, to Russia
        "S2": "block",  # vessel MARSHAL ZHUKOV by its IMO
        "S3": "review",  # CHPL tier 1 chips to Uzbekistan (transshipment hub)
        "S4": "block",  # the same chips to Russia through Kazakhstan
        "S5": "clear",  # coffee and biscuits to France
        "S6": "block",  # consignee owned through listed companies (ownership data)
    }  # S8 (an IMO number with a wrong check digit) and rows 9-11 are rejected


def test_listed_consignee_in_cyrillic(screened: tuple[dict[str, Any], str, str]) -> None:
    parties = _texts(screened[0]["S1"], "party")
    assert parties and all(t.startswith("block: consignee 'ПАО Сбербанк' ~ listed") for t in parties)
    assert any("us_ofac_cons" in t and "SBERBANK" in t for t in parties)
    assert _texts(screened[0]["S1"], "route")[0].startswith("block: destination Russia (sanctioned)")


def test_vessel_by_imo(screened: tuple[dict[str, Any], str, str]) -> None:
    vessel = _texts(screened[0]["S2"], "vessel")
    assert vessel == ["block: vessel IMO 9690224 is listed: MARSHAL ZHUKOV [us_ofac_sdn-21115, us_ofac_sdn]"]


def test_chpl_goods_through_a_hub_and_to_russia(screened: tuple[dict[str, Any], str, str]) -> None:
    s3, s4 = screened[0]["S3"], screened[0]["S4"]
    assert _texts(s3, "route")[0].startswith("review: destination Uzbekistan (transshipment)")
    assert _texts(s3, "goods")[0].startswith(
        "review: goods 8542.31 listed (CHPL tier 1, EU 833/2014 Annex XL)"
    )
    assert _texts(s4, "goods")[0].startswith("block: goods 8542 31 90 listed (CHPL tier 1")
    assert [r["action"] for r in s4["reasons"]] == ["block", "block", "review"]  # strictest first
    assert any(t.startswith("review: transit Kazakhstan") for t in _texts(s4, "route"))


def test_clean_shipment_has_no_reasons(screened: tuple[dict[str, Any], str, str]) -> None:
    assert screened[0]["S5"]["reasons"] == []


def test_owned_consignee(screened: tuple[dict[str, Any], str, str]) -> None:
    party = _texts(screened[0]["S6"], "party")
    assert len(party) == 1 and party[0].startswith(
        f"block: consignee 'Kama Freight LLC' ~ Kama Freight LLC [{unlisted_id('Kama Freight LLC')}]"
    )
    assert "OFAC blocked" in party[0]


def test_bad_rows_go_to_the_errors_file(screened: tuple[dict[str, Any], str, str]) -> None:
    _, errors, stderr = screened
    rows = list(csv.reader(errors.splitlines()))
    assert rows[0] == ["row", "reason"]
    reasons = {int(r[0]): r[1] for r in rows[1:]}
    assert sorted(reasons) == [7, 8, 9, 10, 11]
    assert "goods code '85A2'" in reasons[7]
    assert "vessel_imo '1234560' fails the IMO check digit" in reasons[8]
    assert reasons[9] == "shipment_id is empty"
    assert "destination 'Atlantis' is not a country" in reasons[10]
    assert reasons[11].startswith("wrong column count")
    assert "rows read 11, screened 6, rejected 5 (block 4, review 1, clear 1)" in stderr


def test_jsonl_in_csv_out(circ_engine: Engine, circ_service: OwnershipService, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        orjson.dumps({"id": "J1", "consignee": "Acme Trading Ltd", "goods": ["8542.31"], "origin": "de",
                      "destination": "Armenia", "transit": []}) + b"\n"
        + b"[1, 2]\n"
        + orjson.dumps({"shipment_id": "J3", "vessel_name": "MARSHAL ZHUKOV"}) + b"\n"
    )  # fmt: skip
    out = tmp_path / "out.csv"
    summary = screen_file(ShipmentScreener(circ_engine, circ_service), source, out)
    assert (summary.rows_read, summary.screened, summary.rejected) == (3, 2, 1)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["shipment_id"], r["verdict"]) for r in rows] == [("J1", "review"), ("J3", "review")]
    assert "vessel name 'MARSHAL ZHUKOV' ~ listed MARSHAL ZHUKOV" in rows[1]["reasons"]  # no IMO given
    assert "expected a JSON object" in (tmp_path / "out.csv.errors.csv").read_text()


def test_imo_numbers() -> None:
    assert imo_number("IMO 9690224") == imo_number("9690224") == "9690224"
    for bad in ("969022", "IMO 9690225", "96902241", "abcdefg"):
        with pytest.raises(QueryError):
            imo_number(bad)


def test_unusable_output_name_is_one_line(circ_dir: Path, tmp_path: Path) -> None:
    result = run_in(circ_dir, "shipments", "screen", str(SHIPMENTS), "--out", str(tmp_path / "out.xlsx"))
    assert_one_line_error(result, "out.xlsx", ".csv or .jsonl")
