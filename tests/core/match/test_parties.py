"""Which listings are one party: hand-built lists for each rule, then the bundled lists."""

from __future__ import annotations

import pytest

from tests import engine_fixture
from zaslon.core.index import CandidateIndex
from zaslon.core.match.parties import Parties, link
from zaslon.core.model.entity import Entity, Provenance
from zaslon.engine import Engine

engine = engine_fixture.engine  # the session fixture, registered in this module

Listing = tuple[str, str, str, dict[str, list[str]]]  # list, native id, schema, properties


def _parties(listings: list[Listing]) -> tuple[CandidateIndex, Parties]:
    entities = []
    for dataset, native_id, schema, props in listings:
        entity = Entity(id=f"{dataset}-{native_id}", schema=schema, provenance=Provenance(dataset, native_id))
        for prop, values in props.items():
            entity.add_all(prop, values)
        entities.append(entity)
    index = CandidateIndex.build(entities, warm=False)
    return index, link(index)


def _groups(listings: list[Listing]) -> set[frozenset[str]]:
    index, parties = _parties(listings)
    return {frozenset(index.entities[m].id for m in ms) for ms in parties.members.values()}


_WORDS = [f"{a}{b}{c}" for a in "bdkmt" for b in "aeiou" for c in "lnrs"][:60]

# filler so that the names below are rare in the lists, as real names are
_OTHERS: list[Listing] = [
    ("filler", str(n), "Person", {"name": [f"{given} {surname}"]})
    for n, (given, surname) in enumerate(
        (g, s)
        for g in ("Ivan", "Pavel", "Oleg", "Anton", "Boris", "Gleb", "Yuri", "Lev")
        for s in ("Smirnov", "Popov", "Kuznetsov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov")
    )
]


def test_the_same_birth_date_and_agreeing_names_link_three_lists() -> None:
    listings: list[Listing] = [
        ("us", "1", "Person", {"name": ["KHODAKOVSKYY, Oleksandr Sergeyevich"], "birthDate": ["1972-12-18"]}),
        ("gb", "1", "Person", {"name": ["Alexander Sergeevich KHODAKOVSKY"], "birthDate": ["1972-12-18"]}),
        ("au", "1", "Person", {"name": ["Alexander KHODAKOVSKY"], "birthDate": ["1972-12-18"]}),
        *_OTHERS,
    ]
    index, parties = _parties(listings)
    groups = _groups(listings)
    assert any({"us-1", "gb-1"} <= g for g in groups)
    assert not any({"us-1", "ca-1"} <= g for g in groups), groups
    us = index.by_id["us-1"]
    assert sorted(index.entities[n].id for n in parties.others(us)) == ["au-1", "gb-1"]
    # why, a sentence per link, naming both listings
    assert len(parties.why(us)) == 2 and all(" and " in why for why in parties.why(us))
    assert any("same birth date 1972-12-18" in why for why in parties.why(us))
    assert parties.referents(index, us) == [index.entities[n].id for n in parties.others(us)]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"birthDate": ["1967-06-28"]}, {"birthDate": ["1961-10-26"]}),
        ({"birthDate": ["1967-06-28"]}, {"birthDate": ["1967-03-28"]}),  # the same year is not enough
        ({"nationality": ["by"]}, {"nationality": ["il", "cy"]}),
        ({"gender": ["male"]}, {"gender": ["female"]}),
    ],
)
def test_contradicting_birth_dates_countries_or_gender_keep_listings_apart(
    one: dict[str, list[str]], other: dict[str, list[str]]
) -> None:
    name = {"name": ["Aleksandr Grigorievich VOLFOVICH"]}
    agreeing: list[Listing] = [("us", "1", "Person", name | one), ("au", "1", "Person", name), *_OTHERS]
    assert _groups(agreeing) == {frozenset({"us-1", "au-1"})}
    assert (
        _groups([("us", "1", "Person", name | one), ("au", "1", "Person", name | other), *_OTHERS]) == set()
    )


def test_a_party_takes_no_listing_that_contradicts_one_it_holds() -> None:
    name = {"name": ["Aleksandr Grigorievich VOLFOVICH"]}
    listings: list[Listing] = [
        ("us", "1", "Person", name | {"birthDate": ["1967-06-28"]}),
        ("gb", "1", "Person", name | {"birthDate": ["1967-06-28"]}),  # the strongest link: us and gb
        ("au", "1", "Person", name),  # agrees with both
        ("ca", "1", "Person", name | {"birthDate": ["1961-10-26"]}),  # agrees with au alone
        *_OTHERS,
    ]
    groups = _groups(listings)
    assert any({"us-1", "gb-1"} <= g for g in groups)
    assert not any({"us-1", "ca-1"} <= g for g in groups), groups


def test_one_list_never_holds_two_listings_of_one_party() -> None:
    listings: list[Listing] = [
        ("us", "1", "Person", {"name": ["Sergei Borisovich IVANOV"], "birthDate": ["1953-01-31"]}),
        ("us", "2", "Person", {"name": ["Sergei Borisovich IVANOV"], "birthDate": ["1953-01-31"]}),
        *_OTHERS,
    ]
    assert _groups(listings) == set()


def test_a_name_that_meets_two_listings_of_one_list_links_to_neither() -> None:
    listings: list[Listing] = [
        ("us", "1", "Person", {"name": ["IVANOV, Sergei Borisovich"]}),
        ("us", "2", "Person", {"name": ["IVANOV, Sergei Sergeevich"]}),
        ("ca", "1", "Person", {"name": ["Sergei IVANOV"]}),
        *_OTHERS,
    ]
    assert _groups(listings) == set()
    # with one of them gone, the name says which
    assert _groups(listings[:1] + listings[2:]) == {frozenset({"us-1", "ca-1"})}


def test_a_shared_alias_or_a_common_name_alone_links_nothing() -> None:
    listings: list[Listing] = [
        # two groups that share an alias, not a name
        ("au", "1", "Organization", {"name": ["Ansar al Charia Derna"], "alias": ["Ansar al-Sharia"]}),
        ("un", "1", "Organization", {"name": ["Ansar al-Shari'a in Tunisia"], "alias": ["Ansar al-Sharia"]}),
        # a name many listings share says nothing on its own
        *[("us", str(n), "Person", {"name": [f"Ivan Smirnov {chr(97 + n)}x"]}) for n in range(45)],
        ("gb", "1", "Person", {"name": ["Ivan SMIRNOV"]}),
        ("ca", "1", "Person", {"name": ["Ivan SMIRNOV"]}),
        *_OTHERS,
    ]
    assert _groups(listings) == set()


def test_companies_link_on_their_names_without_legal_forms_and_an_identifier_needs_agreeing_names() -> None:
    listings: list[Listing] = [
        ("us", "1", "Company", {"name": ["PUBLIC JOINT STOCK COMPANY TRANSNEFT"], "country": ["ru"]}),
        ("ca", "1", "Company", {"name": ["Transneft OAO"], "country": ["ru"]}),
        ("au", "1", "Organization", {"name": ["Transneft"]}),
        ("gb", "1", "Company", {"name": ["TRANSNEFT-SIBIR"]}),
        ("us", "2", "Company", {"name": ["LLC YOOMONEY"], "registrationNumber": ["1027739658070"]}),
        ("gb", "2", "Company", {"name": ["OOO PS YANDEX.MONEY"], "registrationNumber": ["1027739658070"]}),
        *_OTHERS,
    ]
    # an identifier is not enough when the names do not agree at all (renamed, or a shared number)
    assert _groups(listings) == {frozenset({"us-1", "ca-1", "au-1"})}


def test_a_shared_identifier_or_birth_date_links_a_common_name() -> None:
    smirnovs: list[Listing] = [
        ("us", str(n), "Person", {"name": [f"Ivan Smirnov {chr(97 + n)}x"]}) for n in range(45)
    ]
    listings: list[Listing] = [
        ("gb", "1", "Person", {"name": ["Ivan SMIRNOV"], "passportNumber": ["7512 345678"]}),
        ("ca", "1", "Person", {"name": ["SMIRNOV, Ivan"], "passportNumber": ["7512345678"]}),
        ("gb", "2", "Person", {"name": ["SMIRNOV, Ivan"], "birthDate": ["1961-04-02"]}),
        ("au", "2", "Person", {"name": ["Ivan SMIRNOV"], "birthDate": ["1961-04-02"]}),
        *smirnovs,
        *_OTHERS,
    ]
    index, parties = _parties(listings)
    assert _groups(listings) == {frozenset({"gb-1", "ca-1"}), frozenset({"gb-2", "au-2"})}
    assert any("same identifier 7512345678" in why for why in parties.why(index.by_id["gb-1"]))


def test_an_organisation_with_a_word_more_is_another_organisation() -> None:
    listings: list[Listing] = [
        ("gb", "1", "Company", {"name": ["RUSSIAN DIRECT INVESTMENT FUND"], "country": ["ru"]}),
        (
            "us",
            "1",
            "Company",
            {"name": ["RUSSIAN DIRECT INVESTMENT FUND MANAGEMENT COMPANY"], "country": ["ru"]},
        ),
        # words that name nothing may come and go
        ("gb", "2", "Organization", {"name": ["THE STRATEGIC CULTURE FOUNDATION"]}),
        ("au", "2", "Organization", {"name": ["Strategic Culture Foundation"]}),
        # "The" is as common in the lists as it is in English
        *[
            ("filler", f"o{n}", "Organization", {"name": [f"THE {word} GROUP"]})
            for n, word in enumerate(_WORDS)
        ],
        *_OTHERS,
    ]
    assert _groups(listings) == {frozenset({"gb-2", "au-2"})}


def test_an_index_without_links_has_a_party_per_listing() -> None:
    parties = Parties.none(3)
    assert parties.party == [0, 1, 2] and parties.others(1) == []


@pytest.mark.parametrize(
    ("listing", "party"),
    [
        ("us_ofac_sdn-9760", {"gb_hmt-13918", "au_dfat-6824"}),  # Lukashenka
        ("us_ofac_sdn-17747", {"gb_hmt-13010", "au_dfat-2985", "ca_sema-ukraine-1-33"}),  # Khodakovsky
        ("us_ofac_sdn-34976", {"au_dfat-6662"}),  # Volfovich: the other VOLFOVICH, born 1961, stays apart
        ("us_ofac_cons-17254", {"au_dfat-6947", "ca_sema-russia-3-6"}),  # Transneft
        ("us_ofac_sdn-34036", {"gb_hmt-14207", "au_dfat-6683"}),  # the fund, not its management company
    ],
)
def test_bundled_lists_parties(engine: Engine, listing: str, party: set[str]) -> None:
    index = engine.index
    others = {index.entities[n].id for n in engine.parties.others(index.by_id[listing])}
    assert party <= others, others
    assert "us_ofac_sdn-39784" not in others and "us_ofac_cons-18279" not in others


def test_bundled_parties_hold_one_listing_per_list(engine: Engine) -> None:
    entities = engine.index.entities
    sizes = []
    for members in engine.parties.members.values():
        lists = [d for m in members for d in entities[m].datasets]
        assert len(lists) == len(set(lists)), [entities[m].id for m in members]
        sizes.append(len(members))
    # six lists: a party is at most six listings; thousands of parties are on two or more
    assert max(sizes) <= 6 and len(sizes) > 2000
