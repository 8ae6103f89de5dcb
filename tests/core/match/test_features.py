"""Evidence beyond the name: birth dates, countries, identifiers, gender."""

from __future__ import annotations

import pytest

from zaslon.core.match import features, logic


@pytest.mark.parametrize(
    ("query", "listed", "sign", "words"),
    [
        (["1954-08-30"], ["1954-08-30"], 1, "same birth date"),
        (["1954"], ["1954-08-30", "1954-08-31"], 1, "birth year 1954 agrees"),
        (["1954-08"], ["1954-08-30"], 1, "agrees"),
        (["1954-03-04"], ["1954-04-03"], 1, "day and month swapped"),
        (["1980-01-01"], ["1954-08-30"], -1, "birth dates differ"),
        (["1954-01-01"], ["1954-08-30"], -1, "differ in the same year"),
        (["1955"], ["1954-08-30"], 0, "one apart"),
        # several dates: the best agreement counts
        (["1980", "1954-08-30"], ["1954-08-30"], 1, "same birth date"),
    ],
)
def test_birth_date(query: list[str], listed: list[str], sign: int, words: str) -> None:
    feature = features.birth_date(query, listed)
    assert feature is not None and feature.name == "birth_date"
    assert (feature.contribution > 0) - (feature.contribution < 0) == sign
    assert words in feature.description


def test_birth_date_precision_orders_the_evidence() -> None:
    exact = features.birth_date(["1954-08-30"], ["1954-08-30"])
    year = features.birth_date(["1954"], ["1954-08-30"])
    conflict = features.birth_date(["1990"], ["1954-08-30"])
    assert exact and year and conflict
    assert exact.contribution > year.contribution > 0 > conflict.contribution


@pytest.mark.parametrize(("query", "listed"), [([], ["1954"]), (["1954"], []), (["n/a"], ["1954"])])
def test_no_birth_date_no_evidence(query: list[str], listed: list[str]) -> None:
    assert features.birth_date(query, listed) is None


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("IMO 9187629", "9187629"),
        ("9187629", "IMO9187629"),
        ("ab-12 34.56", "AB123456"),
        ("MMSI 273456780", "273456780"),
        ("INN 7707083893", "7707083893"),
    ],
)
def test_identifier_normalized_match(query: str, listed: str) -> None:
    feature = features.identifier([query], ["other-1", listed])
    assert feature is not None and feature.contribution == features.ID_MATCH
    assert listed in feature.description


def test_identifier_absent_or_different_is_no_evidence_and_short_ones_ignored() -> None:
    assert features.identifier(["9187629"], ["9187630"]) is None
    assert features.identifier([], ["9187629"]) is None
    assert features.identifier(["123"], ["123"]) is None  # too short to identify anything


def test_country_and_gender() -> None:
    agree = features.country(["by"], ["by", "ru"])
    differ = features.country(["ua"], ["by"])
    assert agree and agree.contribution > 0 and differ and differ.contribution < 0
    assert features.country([], ["by"]) is None
    assert features.gender("male", ["male"]) is None
    female = features.gender("male", ["female"])
    assert female and female.contribution < 0
    assert features.gender(None, ["female"]) is None


def test_algorithm_info_describes_every_feature() -> None:
    info = logic.info()
    assert info.name and 0 < info.threshold < 1
    assert {"name", "birth_date", "country", "identifier", "gender"} <= set(info.features)
    assert all(info.features.values()) and "calibrated" in info.description


@pytest.mark.parametrize(
    ("dates", "countries", "ids"),
    [
        (["1954-08-30"], [], []),
        ([], ["by"], []),
        ([], [], ["9187629"]),
        (["1954-08-30"], ["by"], ["9187629"]),
    ],
)
def test_most_added_is_what_agreeing_evidence_adds(
    dates: list[str], countries: list[str], ids: list[str]
) -> None:
    """Batch screening skips entities that even ``most_added`` cannot lift: it must be reachable, not lower."""
    from zaslon.core.index.candidates import IndexedEntity
    from zaslon.core.model.query import Query

    query = Query(names=["x"], schema="Person", birth_dates=dates, countries=countries, identifiers=ids)
    entity = IndexedEntity("e", "Person", "x", ["t"], dates, countries, ids, [], [])
    added = sum(f.contribution for f in logic._evidence(query, entity))
    assert added == pytest.approx(
        features.most_added(birth_dates=bool(dates), countries=bool(countries), identifiers=bool(ids))
    )
