"""The EU FSF XML 1.1 export: a hand-written fixture in the export's exact shape, golden-tested."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.sources.golden import assert_golden
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.eu_fsf import DEFAULT_TOKEN, FILE, FORMAT, birth_dates, download_url

FIXTURES = Path(__file__).parent / "fixtures" / "eu_fsf"
EXPORT = FIXTURES / "export.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FORMAT.parse({"export.xml": EXPORT.read_bytes()}, "export.xml")


def test_golden(parsed: ParsedList) -> None:
    assert (parsed.dataset, parsed.version, parsed.targets, parsed.warnings) == (
        "eu_fsf",
        "2026-03-02",
        5,
        [],
    )
    assert_golden([e.to_ftm() for e in parsed.entities], FIXTURES / "export.expected.json")


def test_person_with_names_in_several_languages(parsed: ParsedList) -> None:
    person = next(e for e in parsed.entities if e.id == "eu_fsf-139021")
    assert person.schema == "Person"
    assert person.get("name") == ["Ivan Piatrovich Sidarenka"]  # the first strong name without a language
    assert person.get("weakAlias") == ["Vanya Sidarenka"]  # strong="false"
    assert person.name_langs["Іван Пятровіч Сідарэнка"] == "be"
    assert person.name_langs["Иван Петрович Сидоренко"] == "ru"
    assert "Ivan Petrovich Sidorenko" in person.get("alias")
    assert person.get("passportNumber") == ["MP1234567"] and person.get("idNumber") == ["3120565A001PB1"]
    assert person.get("nationality") == ["by"] and person.get("gender") == ["male"]
    assert person.get("listingDate") == ["2020-10-02"]  # the first regulation, not the amendment
    prov = person.provenance
    assert (prov.native_id, prov.list_version, prov.source_file) == ("139021", "2026-03-02", "export.xml")
    assert prov.source_url == download_url()


def test_partial_and_circa_birth_dates(parsed: ParsedList) -> None:
    by_id = {e.id: e for e in parsed.entities}
    assert by_id["eu_fsf-148830"].get("birthDate") == ["1971-03", "1972"]
    assert by_id["eu_fsf-2144"].get("birthDate") == ["1958"]
    assert by_id["eu_fsf-2144"].get("birthPlace") == ["Hadramawt, Yemen"]


def test_enterprises(parsed: ParsedList) -> None:
    by_id = {e.id: e for e in parsed.entities}
    company = by_id["eu_fsf-152206"]
    assert company.schema == "Company"
    assert company.get("registrationNumber") == ["191234567"]
    assert company.get("address") == ["vul. Kalvaryjskaja 21, office 405, 220004, Minsk, Belarus"]
    assert company.get("country") == ["by"]
    assert by_id["eu_fsf-160011"].schema == "Organization"  # no legal form in any of its names


def test_reads_the_file_whatever_its_namespace(parsed: ParsedList) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    for variant in (
        text.replace(' xmlns="http://eu.europa.ec/fpi/fsd/export"', ""),
        text.replace(
            'xmlns="http://eu.europa.ec/fpi/fsd/export"', 'xmlns="http://eu.europa.eu/fsd/fsf/export/1.1"'
        ),
    ):
        again = FORMAT.parse({"export.xml": variant.encode()}, "export.xml")
        assert [e.to_ftm() for e in again.entities] == [e.to_ftm() for e in parsed.entities]


@pytest.mark.parametrize(
    ("attrs", "dates"),
    [
        ({"birthdate": "1965-05-12", "year": "1965", "monthOfYear": "5", "dayOfMonth": "12"}, ["1965-05-12"]),
        ({"year": "1971", "monthOfYear": "3"}, ["1971-03"]),
        ({"year": "1971", "monthOfYear": "3", "dayOfMonth": "9"}, ["1971-03-09"]),
        ({"year": "1958", "circa": "true"}, ["1958"]),
        ({"birthdate": "1958-01-01", "circa": "true"}, ["1958"]),
        ({"yearRangeFrom": "1960", "yearRangeTo": "1962"}, ["1960", "1961", "1962"]),
        ({"city": "Minsk"}, []),
    ],
)
def test_birth_dates(attrs: dict[str, str], dates: list[str]) -> None:
    assert birth_dates(ET.Element("birthdate", attrs)) == dates


def test_download_url_token_is_configurable() -> None:
    assert download_url("abc") == (
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=abc"
    )
    assert FORMAT.urls[FILE].endswith(f"token={DEFAULT_TOKEN}")


def test_sniff() -> None:
    assert FORMAT.sniff("anything", EXPORT.read_bytes()[:4096])
    assert not FORMAT.sniff("consolidated.xml", b"<CONSOLIDATED_LIST/>")


def test_entity_without_logical_id_names_the_line() -> None:
    data = b'<export generationDate="2026-03-02">\n<sanctionEntity>\n<nameAlias wholeName="X"/></sanctionEntity></export>'
    with pytest.raises(SourceError, match=r"^export.xml, line 2: a sanctionEntity without a logicalId$"):
        FORMAT.parse({"export.xml": data}, "export.xml")


def test_nameless_entity_is_skipped_with_a_warning() -> None:
    data = b'<export generationDate="bad">\n<sanctionEntity logicalId="7"><subjectType code="person"/></sanctionEntity></export>'
    parsed = FORMAT.parse({"export.xml": data}, "export.xml")
    assert parsed.entities == [] and parsed.version == ""
    assert any("record 7: no name; skipped" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("subject", "schema"),
    [
        ('<subjectType code="person" classificationCode="P"/>', "Person"),
        ('<subjectType classificationCode="P"/>', "Person"),
        ('<subjectType code="enterprise" classificationCode="E"/>', "Organization"),
        ('<subjectType code="something" classificationCode="X"/>', "LegalEntity"),
    ],
)
def test_subject_type(subject: str, schema: str) -> None:
    data = f'<export generationDate="2026-03-02"><sanctionEntity logicalId="1">{subject}<nameAlias wholeName="N N"/></sanctionEntity></export>'
    parsed = FORMAT.parse({"export.xml": data.encode()}, "export.xml")
    assert parsed.entities[0].schema == schema
    assert bool(parsed.warnings) is (schema == "LegalEntity")
