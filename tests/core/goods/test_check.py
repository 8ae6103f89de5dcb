"""Goods codes against the CHPL and the EU 833/2014 annexes (bundled data)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from zaslon.core.goods import check_code, default_lists, format_code, normalize_code
from zaslon.exc import QueryError

DATA = resources.files("zaslon") / "data" / "circumvention"


def _chpl() -> list[tuple[str, str]]:
    with (DATA / "chpl.csv").open(encoding="utf-8") as fh:
        return [(r["hs6"], r["tier"]) for r in csv.DictReader(fh)]


def test_chpl_has_50_codes_in_six_tiers() -> None:
    codes = _chpl()
    assert len(codes) == 50 and len({c for c, _ in codes}) == 50
    assert {t for _, t in codes} == {"1", "2", "3.A", "3.B", "4.A", "4.B"}


@pytest.mark.parametrize(("hs6", "tier"), _chpl(), ids=lambda x: x if len(str(x)) == 6 else "")
def test_every_chpl_code_found_with_its_tier(hs6: str, tier: str) -> None:
    declared = [
        hs6,  # HS
        hs6 + "00",  # CN, zeros appended
        f"{hs6[:4]}.{hs6[4:]}.90",  # CN with dots
        f"{hs6[:4]} {hs6[4:]} 10 99",  # TARIC with spaces
        hs6 + "8015",  # HTS/TARIC, other digits
    ]
    for code in declared:
        v = check_code(code)
        assert v.verdict == "listed", (code, v.reasons)
        assert v.chpl_tiers == [tier], code
        assert "XL" in v.annexes  # the CHPL is Annex XL of 833/2014


@pytest.mark.parametrize(
    ("code", "annex", "why"),
    [
        ("2932 19 00", "XXIIIH", "'ex' entry"),
        ("9304 00 00", "XXXV", "'ex' entry"),
        ("4016 99 97", "XXIIIH", "'ex' entry"),
        ("8704 21 91", "XXIII", "has conditions"),  # named in an exclusion that only applies to small engines
    ],
)
def test_ex_entries_and_clauses_give_review(code: str, annex: str, why: str) -> None:
    v = check_code(code)
    assert v.verdict == "review" and v.annexes == [annex]
    assert any(why in r for r in v.reasons)


def test_outright_exclusion_is_not_covered() -> None:
    v = check_code("2932 20 10")  # Annex XXIIIH: 2932, except CN 2932 20
    assert v.verdict == "none" and [m.status for m in v.matches] == ["excluded"]
    assert any("excluded from 2932" in r for r in v.reasons)


def test_declared_heading_broader_than_listing_is_review() -> None:
    v = check_code("8542")
    assert v.verdict == "review" and v.chpl_tiers == ["1"]
    assert {m.listed_code for m in v.matches if m.list == "CHPL"} == {
        "8542 31",
        "8542 32",
        "8542 33",
        "8542 39",
    }


def test_listed_heading_covers_its_subcodes() -> None:
    v = check_code("9303 10 00")
    assert v.verdict == "listed" and v.annexes == ["XXXV"] and v.chpl_tiers == []


def test_code_on_no_list_gives_none_and_states_coverage() -> None:
    v = check_code("0101 21 00")  # pure-bred breeding horses
    assert v.verdict == "none" and v.matches == [] and v.chpl_tiers == [] and v.annexes == []
    assert "on none of the lists checked" in v.reasons[0]
    assert "Not checked" in v.reasons[-1] and "765/2006" in v.reasons[-1] and "Annex XXI " in v.reasons[-1]


def test_coverage_says_what_is_partial_and_missing() -> None:
    cov = default_lists().coverage
    status = {a.annex: a.status for a in cov.annexes}
    assert status == {
        "XL": "complete",
        "XLVIII": "complete",
        "XXXIII": "complete",
        "XXXV": "complete",
        "XXXVII": "complete",
        "XXIII": "partial",
        "XXIIIH": "complete",
        "XXIV": "partial",
    }
    assert {a.annex: a.entries for a in cov.annexes}["XL"] == 50
    assert sum(a.entries for a in cov.annexes) == 153
    assert any("XXI " in m for m in cov.missing) and any("765/2006" in m for m in cov.missing)


@pytest.mark.parametrize(
    ("hs2017", "verdict", "tiers"),
    [
        ("8525 80 00", "review", ["3.A"]),  # split into 8525 81/82/83/89; only 89 is listed
        ("8541 40 90", "review", ["3.A"]),  # split; 8541 49 listed
        ("854150", "listed", ["3.A"]),  # 8541 51 and 8541 59 both listed
        ("8548 90 00", "listed", ["2"]),  # now 8548 00
        ("8803 30 00", "listed", ["3.B"]),  # now 8807 30
    ],
)
def test_hs2017_codes_are_mapped(hs2017: str, verdict: str, tiers: list[str]) -> None:
    v = check_code(hs2017)
    assert (v.verdict, v.chpl_tiers) == (verdict, tiers)
    assert v.hs2022 and v.reasons[0].startswith(
        f"HS 2017 {format_code(normalize_code(hs2017)[:6])} is HS 2022"
    )
    assert check_code(hs2017, hs_version=2022).verdict == "none"  # no mapping: the old code matches nothing


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("85A231", "contains 'A'"),
        ("abc", "contains 'abc'"),
        ("854", "has 3 digits"),
        ("85423190001234", "has 14 digits"),
        ("", "is empty"),
        ("8542/31", "contains '/'"),
    ],
)
def test_malformed_codes_raise_query_error(code: str, message: str) -> None:
    with pytest.raises(QueryError) as err:
        check_code(code)
    assert message in str(err.value) and repr(code) in str(err.value)
    assert err.value.field == "code"


def test_normalize() -> None:
    assert normalize_code(" 8542.31 90-00 ") == "8542319000"
    assert format_code("8542319000") == "8542 31 90 00"


def test_verdict_to_dict() -> None:
    data = check_code("8542 31").to_dict()
    assert data["verdict"] == "listed" and data["chpl_tiers"] == ["1"] and data["annexes"] == ["XL"]
    assert data["coverage"] == check_code("8542 31").coverage.to_dict()
