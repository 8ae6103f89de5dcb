"""Canada's SEMA XML: the bundled list, a golden excerpt, ids, names and aliases."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.sources.golden import assert_golden
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.ca_sema import FORMAT, bilingual, native_id, person_aliases, regime_slug, split_aliases
from zaslon.sources.files import _read

FIXTURES = Path(__file__).parent / "fixtures" / "ca_sema"
EXCERPT = FIXTURES / "sema-lmes_excerpt.xml"


@pytest.fixture(scope="session")
def ca_list(snapshot_dir: Path) -> tuple[ParsedList, float]:
    data = _read(snapshot_dir / "ca_sema" / "sema-lmes.xml.xz")
    start = time.perf_counter()
    parsed = FORMAT.parse({"sema-lmes.xml": data}, "sema-lmes.xml")
    return parsed, time.perf_counter() - start


@pytest.fixture(scope="session")
def ca_reference(reference_entities: dict[str, dict]) -> dict[str, dict]:
    return {k: v for k, v in reference_entities.items() if v["datasets"] == ["ca_sema"]}


def test_bundled_list_counts(ca_list: tuple[ParsedList, float]) -> None:
    parsed, _seconds = ca_list
    assert parsed.targets == 1369
    assert sum(1 for e in parsed.entities if e.schema == "Person") == 985
    assert parsed.version == ""  # the file states no publication date
    assert parsed.warnings == []


def test_ids_are_the_reference_ids(ca_list: tuple[ParsedList, float], ca_reference: dict[str, dict]) -> None:
    assert {e.id for e in ca_list[0].entities} == set(ca_reference)


def test_agreement_with_the_reference(
    ca_list: tuple[ParsedList, float], ca_reference: dict[str, dict]
) -> None:
    """Ours differs only where it unpacks what the reference leaves packed.

    A name "English/French" is an English name plus a French alias; a birth
    date is never less precise than the reference's.
    """
    ours = {e.id: e for e in ca_list[0].entities}
    split = 0
    for ref_id, ref in ca_reference.items():
        entity, props = ours[ref_id], ref["properties"]
        if entity.get("name") != props["name"]:
            english, french = bilingual(props["name"][0])
            assert entity.get("name") == [english] and french in entity.get("alias"), ref_id
            split += 1
        for ref_date in props.get("birthDate", []):
            assert any(d.startswith(ref_date) for d in entity.get("birthDate")), ref_id
    assert split == 41


def test_provenance(ca_list: tuple[ParsedList, float]) -> None:
    entity = next(e for e in ca_list[0].entities if e.id == "ca_sema-russia-1, Part 2-60")
    prov = entity.provenance
    assert (prov.dataset, prov.native_id, prov.source_file) == (
        "ca_sema",
        "russia-1, Part 2-60",
        "sema-lmes.xml",
    )
    assert prov.source_url.endswith("/sanctions/sema-lmes.xml")


def test_golden_excerpt() -> None:
    parsed = FORMAT.parse({"sema-lmes.xml": EXCERPT.read_bytes()}, "sema-lmes.xml")
    assert parsed.warnings == []
    assert_golden([e.to_ftm() for e in parsed.entities], FIXTURES / "sema-lmes_excerpt.expected.json")


@pytest.mark.parametrize(
    ("country", "slug"),
    [
        ("Russia / Russie", "russia"),
        ("Venezuela ", "venezuela"),
        ("South Sudan / Soudan du sud", "south-sudan"),
        (
            "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / \xa0Règlement relatif à la justice",
            "justice-for-victims-of-corrupt-foreign-officials-regulations-jvcfor",
        ),
    ],
)
def test_regime_slug(country: str, slug: str) -> None:
    assert regime_slug(country) == slug


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [("1", "russia-1-4"), ("1, Part 2", "russia-1, Part 2-4"), ("N/A", "russia-0-4"), ("", "russia-0-4")],
)
def test_native_id(schedule: str, expected: str) -> None:
    assert native_id("Russia / Russie", schedule, " 4 ") == expected


@pytest.mark.parametrize(
    ("given", "last", "aliases", "strong", "weak"),
    [
        ("Andrey Igorevich", "AKIMOV", " Andrei ", ["Andrei Igorevich AKIMOV"], []),
        (
            "Aleksandr Aleksandrovich",
            "ZHAROV",
            "Alexander Alexandrovich",
            ["Alexander Alexandrovich ZHAROV"],
            [],
        ),
        ("Natalya Aleksandrovna", "PASHCHENKO", "PASHENKO", ["Natalya Aleksandrovna PASHENKO"], []),
        ("Vladimir Vladimirovich", "YERYGIN", "ERYGIN", ["Vladimir Vladimirovich ERYGIN"], []),
        ("Pavel", "DREMOV", "Batya, Kazak", [], ["Batya", "Kazak"]),
        ("Amir Ali Haji", "Zadeh", "Amir Ali Hajizadeh", ["Amir Ali Hajizadeh"], []),
        ("Igor", "GIRKIN", "Igor STRELKOV", ["Igor STRELKOV"], []),
        (
            "Aleksey Mikhailovich",
            "SALYAEV",
            "Aleksei, Oleksii SALYAYEV, SALIAIEV",
            ["Aleksei Mikhailovich SALYAEV", "Oleksii SALYAYEV", "Aleksey Mikhailovich SALIAIEV"],
            [],
        ),
    ],
)
def test_person_aliases(given: str, last: str, aliases: str, strong: list[str], weak: list[str]) -> None:
    assert person_aliases(given, last, aliases) == (strong, weak)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Air Bagan Holdings Pte. Ltd., Air Bagan Limited",
            ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"],
        ),
        ("Technodinamica Holding, JSC", ["Technodinamica Holding, JSC"]),
        ("(Rosselkhozbank)", ["Rosselkhozbank"]),
        (
            "IRGC, Gardiens, Sepah-e Pasdaran et Pasdaran",
            ["IRGC", "Gardiens", "Sepah-e Pasdaran", "Pasdaran"],
        ),
        ("MEC Steel Mills (Hmaw Bi, Pyi)", ["MEC Steel Mills (Hmaw Bi, Pyi)"]),
    ],
)
def test_split_aliases(text: str, names: list[str]) -> None:
    assert split_aliases(text) == names


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Presidential Guard/Garde présidentielle", ("Presidential Guard", "Garde présidentielle")),
        ("GORT/ORTAS", ("GORT", "ORTAS")),
        ("MEC Steel Mills (Hmaw Bi/Pyi/Ywama)", ("MEC Steel Mills (Hmaw Bi/Pyi/Ywama)", None)),
    ],
)
def test_bilingual(name: str, parts: tuple[str, str | None]) -> None:
    assert bilingual(name) == parts


NEWER = """<?xml version="1.0" encoding="UTF-8"?>
<data-set>
  <record>
    <Country-Pays>Russia / Russie</Country-Pays>
    <EntityOrShip-EntiteOuNavire>Sun Ship</EntityOrShip-EntiteOuNavire>
    <TitleOrShip-TitreOuNavire>Oil tanker</TitleOrShip-TitreOuNavire>
    <ShipIMONumber-NumeroOMIDuNavire>9123456</ShipIMONumber-NumeroOMIDuNavire>
    <DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>2004</DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>
    <Schedule-Annexe>1, Part 7</Schedule-Annexe>
    <Item-NumeroDarticle>12</Item-NumeroDarticle>
    <DateOfListing-DateDinscription>2025-02-24</DateOfListing-DateDinscription>
  </record>
  <record>
    <Country-Pays>Belarus / Bélarus</Country-Pays>
    <LastName-NomDeFamille>Karaev</LastName-NomDeFamille>
    <GivenName-Prenom>Yuri Khadzimuratovich</GivenName-Prenom>
    <DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>1966-06-21</DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>
    <Schedule-Annexe>1, Part 1</Schedule-Annexe>
    <Item-NumeroDarticle>3</Item-NumeroDarticle>
  </record>
</data-set>
""".encode()


def test_newer_bilingual_element_names_and_vessels() -> None:
    parsed = FORMAT.parse({"sema-lmes.xml": NEWER}, "sema-lmes.xml")
    ship, person = parsed.entities
    assert (ship.id, ship.schema) == ("ca_sema-russia-1, Part 7-12", "Vessel")
    assert ship.get("imoNumber") == ["9123456"] and ship.get("buildDate") == ["2004"]
    assert ship.get("listingDate") == ["2025-02-24"] and ship.get("type") == ["Oil tanker"]
    assert "birthDate" not in ship.properties
    assert (person.id, person.schema, person.get("birthDate")) == (
        "ca_sema-belarus-1, Part 1-3",
        "Person",
        ["1966-06-21"],
    )
    assert person.get("country") == ["by"]


def test_record_without_item_names_the_line() -> None:
    data = b"<data-set>\n<record><Country>Iran</Country><Entity>X</Entity><Item>1</Item></record>\n<record><Country>Iran</Country><Entity>Y</Entity></record></data-set>"
    with pytest.raises(SourceError, match=r"^sema-lmes.xml, line 3: a record without Country or Item"):
        FORMAT.parse({"sema-lmes.xml": data}, "sema-lmes.xml")


def test_repeated_key_keeps_both_targets() -> None:
    record = "<record><Country>Iran</Country><Entity>{}</Entity><Schedule>1</Schedule><Item>1</Item></record>"
    data = f"<data-set>{record.format('Alpha Co.')}{record.format('Beta Co.')}</data-set>".encode()
    parsed = FORMAT.parse({"sema-lmes.xml": data}, "sema-lmes.xml")
    assert [e.id for e in parsed.entities] == ["ca_sema-iran-1-1", "ca_sema-iran-1-1-2"]
    assert "a second record with the key 'iran-1-1'" in parsed.warnings[0]


def test_sniff() -> None:
    assert FORMAT.sniff("sema-lmes.xml", EXCERPT.read_bytes()[:4096])
    assert not FORMAT.sniff("consolidated.xml", b"<CONSOLIDATED_LIST>")
