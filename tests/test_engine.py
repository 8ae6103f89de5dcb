"""The engine over every bundled list: what the matching issue says must hold.

One engine for the whole session (``tests.engine_fixture``).  The names here
are real listings; the expected ids are the bundled lists' own.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import engine_fixture
from zaslon.core.match.parties import Parties
from zaslon.core.model.query import Hit, Query, query_from_ftm
from zaslon.core.model.schema import compatible
from zaslon.engine import Engine

engine = engine_fixture.engine  # the session fixture, registered in this module


LUKASHENKA = {"us_ofac_sdn-9760", "gb_hmt-13918", "au_dfat-6824"}  # OFAC, UK, Australia
SBERBANK = "us_ofac_sdn-17018"  # PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA


def _screen(engine: Engine, schema: str, limit: int = 10, **props: list[str]) -> list[Hit]:
    return engine.screen(query_from_ftm({"schema": schema, "properties": props}), limit=limit)


def _ids(hits: list[Hit]) -> set[str]:
    """Every listing the hits stand for: their own and their parties' on other lists."""
    return {i for h in hits for i in h.ids}


@pytest.fixture(scope="module")
def listings(engine: Engine) -> Engine:
    """The engine with every listing a party of its own: for what one listing scores and why."""
    return dataclasses.replace(engine, parties=Parties.none(engine.size))


@pytest.mark.parametrize(
    "name",
    [
        "Лукашэнка Аляксандр Рыгоравіч",  # Belarusian
        "Лукашенко Александр Григорьевич",  # Russian
        "Aliaksandr Lukashenka",  # Belarusian passport romanisation
        "Alexander Lukashenko",  # English
        "LUKASHENKO A.G.",  # initials, as Russian-language documents write them
    ],
)
def test_lukashenka_in_any_script_finds_exactly_his_listings(engine: Engine, name: str) -> None:
    hits = _screen(engine, "Person", name=[name], birthDate=["1954"])
    # one man on three lists is one hit, naming all three listings
    assert set(hits[0].ids) == LUKASHENKA, [(h.ids, h.score) for h in hits[:3]]
    assert [set(h.ids) for h in hits if h.match] == [LUKASHENKA]
    # his relatives share the surname; they must rank below him
    assert all(h.score < hits[0].score for h in hits[1:])


@pytest.mark.parametrize("name", ["Alexander Lukashenko", "Aliaksandr Lukashenka", "Лукашенко Александр"])
def test_lukashenka_without_birth_date(engine: Engine, name: str) -> None:
    hits = _screen(engine, "Person", name=[name])
    assert set(hits[0].ids) == LUKASHENKA and hits[0].match


@pytest.mark.parametrize("name", ["ПАО Сбербанк", "Sberbank of Russia", "PJSC Sberbank", "Sberbank Rossii"])
def test_sberbank_is_found_at_the_top(engine: Engine, name: str) -> None:
    hits = _screen(engine, "Company", name=[name])
    found = [h for h in hits if SBERBANK in h.ids]
    assert found, [(h.entity_id, round(h.score, 3)) for h in hits]
    assert found[0].match and found[0].score == hits[0].score  # among the top hits, tied or first


def test_a_common_name_does_not_flood(engine: Engine) -> None:
    """Some people are listed as 'Mohammed Ali' (or 'Ali Mohammed'), several on more than one list:
    each is one alert, so the name alone raises a handful, not dozens."""
    hits = _screen(engine, "Person", limit=50, name=["Mohammed Ali"])
    assert sum(h.match for h in hits) < 10, [(h.ids, h.caption) for h in hits if h.match]


def test_a_common_name_flood_is_bounded(engine: Engine) -> None:
    """Whatever the tuning, "Mohammed Ali" never produces dozens of matches."""
    hits = _screen(engine, "Person", limit=100, name=["Mohammed Ali"])
    assert sum(h.match for h in hits) < 24


@pytest.mark.parametrize(
    ("schema", "name", "expected"),
    [
        ("Person", "صدام حسين", "un_sc-IQi.001"),  # Saddam Hussein in Arabic
        ("Person", "Саддам Хусейн", "un_sc-IQi.001"),
        ("Person", "Roman Viktorovich Busargin", "gb_hmt-15459"),
        ("Person", "Бусаргин Роман Викторович", "gb_hmt-15459"),
        ("Person", "Petr Petrowitsch Miklaschewitsch", "gb_hmt-13996"),  # German romanisation
        ("Company", "ОАО Алмазный мир", "gb_hmt-16397"),
        ("Person", "Bashar al-Assad", "au_dfat-2241"),
    ],
)
def test_names_across_scripts(engine: Engine, schema: str, name: str, expected: str) -> None:
    hits = _screen(engine, schema, name=[name])
    assert expected in _ids([h for h in hits if h.match]), [
        (h.entity_id, round(h.score, 3)) for h in hits[:5]
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Belarusian officials listed under Belarusian forms, screened under other forms
        ("Sergey Azemsha", "gb_hmt-13989"),  # Russian given name, Belarusian surname
        ("Siarhiej Azemša", "gb_hmt-13989"),  # Łacinka
        ("Сергей Яковлевич Аземша", "gb_hmt-13989"),  # Russian Cyrillic
        ("Aleksei Avramenko", "gb_hmt-14118"),  # Russian form of Auramenka
        ("Aliaksiej Auramienka", "gb_hmt-14118"),  # Łacinka
        ("Awramenko Alexej", "gb_hmt-14118"),  # German
        ("Alaksandr Astrejka", "gb_hmt-13943"),
        ("Астрэйка Аляксандр", "gb_hmt-13943"),
        ("Wiktor Lukaschenko", "gb_hmt-13919"),  # German
        ("Victor Loukachenko", "gb_hmt-13919"),  # French
        ("Hryhoriy Azaronak", "gb_hmt-14162"),
        ("Grigorij Azarenok", "gb_hmt-14162"),  # ISO 9 of the Russian form
        ("Serhij Aksjonow", "gb_hmt-12922"),  # Ukrainian given name, German surname
        ("Сергій Аксьонов", "gb_hmt-12922"),  # Ukrainian Cyrillic
        ("Wiktor Wjatscheslawowitsch Jazenko", "gb_hmt-13210"),  # German, ц written z
        ("Maxim Jakubez", "gb_hmt-16583"),  # German
        ("SHOIGU S.K.", "gb_hmt-14640"),  # initials
        ("Шойгу С.К.", "gb_hmt-14640"),
    ],
)
def test_east_slavic_forms_meet(engine: Engine, name: str, expected: str) -> None:
    hits = _screen(engine, "Person", name=[name])
    assert expected in _ids([h for h in hits if h.match]), [
        (h.entity_id, round(h.score, 3)) for h in hits[:5]
    ]


def test_german_z_is_read_as_ts(engine: Engine) -> None:
    """Jakubez is YAKUBETS in German spelling: the same name, not a typo of it."""
    top = _screen(engine, "Person", name=["Maxim Jakubez"])[0]
    rules = {m.query: m.rule for m in top.explanation.tokens}
    assert rules["jakubez"] == "romanisation" and top.score > 0.9


@pytest.mark.parametrize("name", ["Аземша С.Я.", "AZEMSHA S.YA."])
def test_two_letter_initials(engine: Engine, name: str) -> None:
    hits = _screen(engine, "Person", name=[name])
    assert "gb_hmt-13989" in _ids([h for h in hits if h.match])


@pytest.mark.parametrize("name", ["بشار الأسد", "بشار الاسد"])
def test_bashar_al_assad_in_arabic_script(engine: Engine, name: str) -> None:
    """With and without the hamza, the joined article al- must not hide the surname."""
    hits = _screen(engine, "Person", name=[name])
    assert {"us_ofac_sdn-12735", "au_dfat-2241"} <= _ids([h for h in hits if h.match])


def test_a_listed_alias_screened_as_written_finds_its_listing(engine: Engine) -> None:
    """A part written twice reaches short names a typo away twice over ('Lal' from 'Hilal Hilal'):
    what a name shares with the query is bounded by the name's own weight, so they do not outrank it."""
    hits = _screen(engine, "Person", name=["هلال هلال"])  # gb_hmt-13384's alias, Hilal HILAL
    assert hits and "gb_hmt-13384" in hits[0].ids, [(h.ids, h.score) for h in hits[:3]]


def test_the_same_name_on_four_lists_takes_one_candidate_place(listings: Engine) -> None:
    """Hamid Hamad Hamid al-Ali is listed by the US, UK, UN and Australia: all four are found at the top."""
    hits = _screen(listings, "Person", name=["Hamid Hamad Hamid Al-'Ali"])
    top = {h.entity_id for h in hits if h.score == 1.0}
    assert {"us_ofac_sdn-17189", "au_dfat-2952", "gb_hmt-13088"} <= top, [
        (h.entity_id, h.score) for h in hits[:5]
    ]


@pytest.mark.parametrize(
    ("schema", "name", "expected"),
    [
        ("Company", "PNAYA AG", "us_ofac_sdn-16839"),  # PANYA AG: two letters swapped in five
        ("Company", "CONOC LTD", "us_ofac_cons-30926"),  # CNOOC LIMITED
        ("Person", "EL HIET, Ali", "us_ofac_sdn-8205"),  # EL HEIT: the swap drops a vowel from the key
    ],
)
def test_letters_swapped_in_a_short_name_part(engine: Engine, schema: str, name: str, expected: str) -> None:
    hits = _screen(engine, schema, name=[name])
    assert hits and expected in hits[0].ids and hits[0].match, [(h.ids, h.score) for h in hits[:3]]


@pytest.mark.parametrize(
    ("name", "other"),
    [
        # one letter off at the start of the surname is another family (Butina / Putina)
        ("Maria Valerievna BUTINA", "gb_hmt-15078"),
        # a parent's and a sibling's Arabic names (nasab): Saja's father Barzan, Mohammad's brother Ali
        ("سجا برزان إبراهيم حسن التكريتي", "au_dfat-683"),
        ("محمد برزان إبراهيم حسن التكريتي", "au_dfat-709"),
    ],
)
def test_near_names_of_other_people_stay_below_the_threshold(engine: Engine, name: str, other: str) -> None:
    hits = {i: h for h in _screen(engine, "Person", limit=20, name=[name]) for i in h.ids}
    assert other not in hits or not hits[other].match, hits[other].explanation


@pytest.mark.parametrize(
    "name", ["TERIBERKA", "ARTAVIL", "Lukashenko", "Sberbank", "Mohammed Ali", "Al Qaida"]
)
def test_a_person_query_never_returns_a_vessel_or_company(engine: Engine, name: str) -> None:
    hits = _screen(engine, "Person", limit=50, name=[name])
    assert all(h.schema == "Person" for h in hits), {h.schema for h in hits}
    vessel_hits = _screen(engine, "Vessel", limit=50, name=[name])
    assert all(compatible("Vessel", h.schema) for h in vessel_hits)


def test_vessels_are_found_as_vessels(engine: Engine) -> None:
    assert _screen(engine, "Person", name=["TERIBERKA"]) == []
    assert _ids(_screen(engine, "Vessel", name=["TERIBERKA"])) >= {
        "us_ofac_sdn-37058", "us_ofac_sdn-37136"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "imo", "right", "wrong"),
    [
        # two listed vessels called TERIBERKA, told apart only by their IMO numbers
        ("TERIBERKA", "9081291", "us_ofac_sdn-37136", "us_ofac_sdn-37058"),
        ("TERIBERKA", "IMO 8931748", "us_ofac_sdn-37058", "us_ofac_sdn-37136"),
        ("TERIBERKAA", "IMO 8931748", "us_ofac_sdn-37058", "us_ofac_sdn-37136"),
        ("TERIBERKAA", "9081291", "us_ofac_sdn-37136", "us_ofac_sdn-37058"),
    ],
)
def test_an_imo_number_lifts_the_right_vessel(
    engine: Engine, name: str, imo: str, right: str, wrong: str
) -> None:
    hits = _screen(engine, "Vessel", name=[name], imoNumber=[imo])
    assert hits[0].entity_id == right
    assert any(f.name == "identifier" for f in hits[0].explanation.features)
    other = next(h for h in hits if h.entity_id == wrong)
    # the other ship's own, different IMO number counts against it
    assert [f.contribution < 0 for f in other.explanation.features if f.name == "identifier"] == [True]
    if name != "TERIBERKA":  # an exact name is already 1.0: the IMO can only order the tie
        assert hits[0].score > other.score


def test_an_imo_number_rescues_a_misspelt_vessel(engine: Engine) -> None:
    plain = {h.entity_id: h.score for h in _screen(engine, "Vessel", name=["ARTAVILA"])}
    with_imo = _screen(engine, "Vessel", name=["ARTAVILA"], imoNumber=["9187629"])
    assert with_imo[0].entity_id == "us_ofac_sdn-15036" and with_imo[0].match
    assert with_imo[0].score > plain.get("us_ofac_sdn-15036", 0.0)


def test_birth_dates_move_the_score(listings: Engine) -> None:
    def score(*dob: str) -> float:
        props = {"name": ["Alexander Lukashenko"]} | ({"birthDate": list(dob)} if dob else {})
        hits = listings.screen(query_from_ftm({"schema": "Person", "properties": props}))
        return next(h.score for h in hits if h.entity_id == "au_dfat-6824")

    none, year, exact, conflict = score(), score("1954"), score("1954-08-30"), score("1980-01-01")
    assert exact >= year > none > conflict
    assert none - conflict >= 0.15


def test_nationality_moves_the_score(listings: Engine) -> None:
    def score(country: str | None) -> float:
        props = {"name": ["Alexander Lukashenko"]} | ({"nationality": [country]} if country else {})
        hits = listings.screen(query_from_ftm({"schema": "Person", "properties": props}))
        return next(h.score for h in hits if h.entity_id == "gb_hmt-13918")  # listed as Belarus

    assert score("Belarus") > score(None) > score("Ukraine")
    assert score("BY") == score("Belarus")


def test_every_hit_is_explained(engine: Engine) -> None:
    queries = [
        ("Person", "Aliaksandr Lukashenka", ["1954"]),
        ("Company", "ПАО Сбербанк", []),
        ("Person", "Mohammed Ali", []),
        ("Person", "صدام حسين", []),
    ]
    for schema, name, dob in queries:
        props = {"name": [name]} | ({"birthDate": dob} if dob else {})
        for hit in engine.screen(query_from_ftm({"schema": schema, "properties": props}), limit=20):
            summary = hit.explanation.summary()
            assert summary and hit.explanation.listed_name in summary
            assert hit.explanation.tokens, summary
            for part in hit.explanation.tokens:  # every matched part is named, with its rule unless exact
                assert part.listed in summary and (part.rule == "exact" or part.query in summary)
            assert all(p in summary for p in hit.explanation.unmatched_listed)
            if dob and hit.explanation.features[-1].name == "birth_date":
                assert "birth" in summary
            assert hit.to_dict()["explanation"] == summary


def test_lukashenka_explanation_names_the_romanisation(listings: Engine) -> None:
    hits = _screen(listings, "Person", name=["Aliaksandr Lukashenka"])
    au = next(h for h in hits if h.entity_id == "au_dfat-6824")  # listed only as LUKASHENKO
    summary = au.explanation.summary()
    assert "lukashenka↔lukashenko" in summary and "surname" in summary


def test_filters_and_threshold(engine: Engine) -> None:
    query = Query(names=["Alexander Lukashenko"], schema="Person")
    only_uk = engine.screen(query, datasets=["gb_hmt"])
    assert only_uk and all(h.datasets == ["gb_hmt"] for h in only_uk)
    without = engine.screen(query, exclude_ids=["gb_hmt-13918"], exclude_datasets=["au_dfat"])
    assert {h.entity_id for h in without[:1]} == {"us_ofac_sdn-9760"}
    strict = engine.screen(query, threshold=0.999)
    assert [h.entity_id for h in strict] == [h.entity_id for h in engine.screen(query)]
    assert all(h.match == (h.score >= 0.999) for h in strict)
    assert len(engine.screen(query, limit=2)) == 2


def test_an_empty_name_gives_no_hits(engine: Engine) -> None:
    assert engine.screen(Query(names=["..."])) == []


_NAME_PARTS = st.sampled_from(
    ["Aleksandr", "Lukashenko", "Mohammed", "Ali", "Sberbank", "OOO", "Ivanov", "Petrov", "Kim", "Hassan",
     "Лукашенко", "Иван", "محمد", "حسين", "金", "Bank", "Trading", "LLC", "1954", "X"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(_NAME_PARTS, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["Person", "Company", "LegalEntity", "Vessel", "Thing"]),
    st.lists(st.sampled_from(["1954", "1954-08-30", "1980-02-29"]), max_size=1),
)
def test_scores_in_unit_interval_and_sorted(engine: Engine, name: str, schema: str, dob: list[str]) -> None:
    hits = engine.screen(Query(names=[name], schema=schema, birth_dates=dob), limit=15)
    scores = [h.score for h in hits]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert len({h.entity_id for h in hits}) == len(hits)
    assert all(h.match == (h.score >= engine.threshold) for h in hits)
    assert all(compatible(schema, h.schema) for h in hits)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30), st.sampled_from(["Person", "Company", "Vessel", "Thing"]))
def test_any_text_screens_without_error(engine: Engine, name: str, schema: str) -> None:
    hits = engine.screen(Query(names=[name], schema=schema), limit=5)
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
