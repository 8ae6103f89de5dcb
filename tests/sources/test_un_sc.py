"""The UN Security Council consolidated XML: the bundled list, a golden excerpt, the unpacking rules."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.sources.golden import assert_golden
from zaslon.core.model import Entity
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.files import _read
from zaslon.sources.un_sc import FORMAT, URL, document_number, split_names

FIXTURES = Path(__file__).parent / "fixtures" / "un_sc"
EXCERPT = FIXTURES / "consolidated_excerpt.xml"


@pytest.fixture(scope="session")
def un_list(snapshot_dir: Path) -> tuple[ParsedList, float]:
    data = _read(snapshot_dir / "un_sc" / "consolidated.xml.xz")
    start = time.perf_counter()
    parsed = FORMAT.parse({"consolidated.xml": data}, "consolidated.xml")
    return parsed, time.perf_counter() - start


@pytest.fixture(scope="session")
def un_reference(reference_entities: dict[str, dict]) -> dict[str, dict]:
    return {k: v for k, v in reference_entities.items() if v["datasets"] == ["un_sc"]}


def test_bundled_list_counts_and_version(un_list: tuple[ParsedList, float]) -> None:
    parsed, _seconds = un_list
    assert parsed.dataset == "un_sc"
    assert parsed.version == "2026-02-27"
    assert parsed.targets == 1003
    persons = sum(1 for e in parsed.entities if e.schema == "Person")
    assert (persons, parsed.targets - persons) == (730, 273)


def test_ids_are_the_reference_ids(un_list: tuple[ParsedList, float], un_reference: dict[str, dict]) -> None:
    assert {e.id for e in un_list[0].entities} == set(un_reference)


def test_provenance_of_every_entity(un_list: tuple[ParsedList, float]) -> None:
    for entity in un_list[0].entities:
        prov = entity.provenance
        assert entity.id == f"un_sc-{prov.native_id}"
        assert (prov.dataset, prov.list_version, prov.source_url, prov.source_file) == (
            "un_sc",
            "2026-02-27",
            URL,
            "consolidated.xml",
        )


def test_names_in_original_script_are_kept(un_list: tuple[ParsedList, float]) -> None:
    by_id = {e.id: e for e in un_list[0].entities}
    assert "صدام حسين التكريتي" in by_id["un_sc-IQi.001"].get("alias")
    assert "Аслан Авгазарович Бютукаев" in by_id["un_sc-QDi.396"].get("alias")
    non_latin = sum(1 for e in by_id.values() if any(ord(c) > 0x24F for _, n in e.names() for c in n))
    assert non_latin >= 400  # 378 NAME_ORIGINAL_SCRIPT fields plus scripts inside alias fields


def _key(name: str) -> str:
    """A name without brackets or "original script:" (the reference splits some of those halfway)."""
    return " ".join(re.sub(r"[()]|original script:", " ", name).split())


def test_agreement_with_the_reference(
    un_list: tuple[ParsedList, float], un_reference: dict[str, dict]
) -> None:
    """Where ours differs from the reference it holds more, never less.

    The reference keeps alias fields whole ("A; B; C") and prose around
    document numbers; ours splits and extracts, so every reference alias is
    covered by ours once split the same way, and every reference birth date
    is among ours.
    """
    ours = {e.id: e for e in un_list[0].entities}
    same_name = 0
    for ref_id, ref in un_reference.items():
        entity, props = ours[ref_id], ref["properties"]
        same_name += entity.get("name") == props["name"]
        known = {_key(n) for _, n in entity.names()}
        for alias in props.get("alias", []) + props.get("weakAlias", []):
            assert {_key(n) for n in split_names(alias)} <= known, (ref_id, alias)
        assert set(props.get("birthDate", [])) <= set(entity.get("birthDate")), ref_id
        for prop in ("passportNumber", "idNumber"):
            for number in props.get(prop, []):
                assert document_number(number) in entity.get("passportNumber") + entity.get("idNumber")
    # the one difference: a name field holding two names ("CAGL ; GLBC") is split into name and alias
    assert same_name == len(un_reference) - 1


def test_golden_excerpt() -> None:
    parsed = FORMAT.parse({"consolidated.xml": EXCERPT.read_bytes()}, "consolidated.xml")
    assert parsed.warnings == []
    assert_golden([e.to_ftm() for e in parsed.entities], FIXTURES / "consolidated_excerpt.expected.json")


def test_alias_quality_and_dates_from_the_excerpt() -> None:
    parsed = FORMAT.parse({"consolidated.xml": EXCERPT.read_bytes()}, "consolidated.xml")
    by_id = {e.id: e for e in parsed.entities}
    soleimani = by_id["un_sc-IRi.039"]
    assert "Haji Qassem" in soleimani.get("weakAlias")  # QUALITY Low
    assert "Kasim Sulaymani" in soleimani.get("alias")  # QUALITY Good, one of eight in one field
    assert soleimani.get("passportNumber") == ["008827"]
    kim = by_id["un_sc-KPi.066"]
    assert kim.get("birthDate") == ["1967", "1968", "1969"]  # BETWEEN 1967 and 1969, year precision
    assert (kim.first("lastName"), kim.first("firstName")) == ("KIM", "JONG SIK")
    assert by_id["un_sc-QDe.157"].schema == "Company"  # "Al Kawthar Co."
    assert "شركة الكوثر" in by_id["un_sc-QDe.157"].get("alias")  # from the alias NOTE


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Haj Qasem; Haji Qassem; Sardar Soleimani", ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]),
        (
            "Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet",
            ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Sabet"],
        ),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("حسن غول (Hassan Ghul; Hasan Gul)", ["حسن غول", "Hassan Ghul", "Hasan Gul"]),
        ("Abubakar (original script: Абубакар)", ["Abubakar", "Абубакар"]),
        ("Ezatullah Haqqani (previously listed as)", ["Ezatullah Haqqani"]),
        ("Agha Jan Alizai اغا جان عالیزی", ["Agha Jan Alizai", "اغا جان عالیزی"]),
        ("BUTEMBO AIRLINES (BAL)", ["BUTEMBO AIRLINES (BAL)"]),
        ("(Ansar al Charia in Libya (ASL))", ["Ansar al Charia in Libya (ASL)"]),
        ("Ansar al-Mujahideen Network - sub-unit name", ["Ansar al-Mujahideen Network"]),
        ("", []),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("CAR diplomatic passport no. D00000897", "D00000897"),
        ("Provisional passport No.: 28642163", "28642163"),
        ("Libyan Passport No. 96/184442", "96/184442"),
        ("Russian foreign travel passport number 515458008", "515458008"),
        ("96 03 464086", "96 03 464086"),
        ("008827", "008827"),
    ],
)
def test_document_number(text: str, number: str) -> None:
    assert document_number(text) == number


def test_sniff() -> None:
    assert FORMAT.sniff("consolidated.xml", EXCERPT.read_bytes()[:4096])
    assert not FORMAT.sniff("sema-lmes.xml", b'<?xml version="1.0"?><data-set><record/>')


def test_wrong_root_is_an_error() -> None:
    with pytest.raises(SourceError, match="root element is 'data-set'"):
        FORMAT.parse({"x.xml": b"<data-set/>"}, "x.xml")


def test_record_without_name_names_file_line_and_record() -> None:
    data = b"""<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z"><INDIVIDUALS>
<INDIVIDUAL><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>
<INDIVIDUAL><REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>"""
    with pytest.raises(SourceError) as info:
        FORMAT.parse({"consolidated.xml": data}, "consolidated.xml")
    assert str(info.value) == "consolidated.xml, line 3, record XXi.002: an individual without a name"


def test_repeated_record_is_merged_with_a_warning() -> None:
    data = b"""<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z"><ENTITIES>
<ENTITY><REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER><FIRST_NAME>ALPHA LTD</FIRST_NAME></ENTITY>
<ENTITY><REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER><FIRST_NAME>ALPHA LIMITED</FIRST_NAME></ENTITY>
</ENTITIES></CONSOLIDATED_LIST>"""
    parsed = FORMAT.parse({"consolidated.xml": data}, "consolidated.xml")
    assert [e.get("name") for e in parsed.entities] == [["ALPHA LTD", "ALPHA LIMITED"]]
    assert parsed.warnings and "XXe.001" in parsed.warnings[0]
    assert Counter(type(e) for e in parsed.entities) == Counter({Entity: 1})
