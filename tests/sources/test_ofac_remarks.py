"""OFAC remarks items, one table row each, as they appear in the bundled sdn.csv."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zaslon.core.model import Entity, Provenance
from zaslon.sources.ofac_remarks import (
    country_value,
    linked_to,
    merge_overflow,
    parse_remarks,
    split_identifier,
)

ITEMS = [
    ("DOB 30 Aug 1954", [("birthDate", "1954-08-30")]),
    ("alt. DOB 31 Aug 1954", [("birthDate", "1954-08-31")]),
    ("DOB circa 1951", [("birthDate", "1951")]),
    ("DOB Jun 1959", [("birthDate", "1959-06")]),
    ("DOB 1960 to 1962", [("birthDate", "1960"), ("birthDate", "1961"), ("birthDate", "1962")]),
    ("DOB 01 Jan 1961 to 31 Dec 1962", [("birthDate", "1961"), ("birthDate", "1962")]),
    ("DOB 01 Feb 1960 to 29 Feb 1960", [("birthDate", "1960-02")]),
    ("DOB 21 Mar 1950 to 20 Mar 1951", [("birthDate", "1950"), ("birthDate", "1951")]),
    ("POB Kopys, Vitebsk oblast, Belarus", [("birthPlace", "Kopys, Vitebsk oblast, Belarus")]),
    ("nationality Belarus", [("nationality", "by")]),
    ("nationality Korea, North", [("nationality", "kp")]),
    ("nationality North Macedonia, The Republic of", [("nationality", "mk")]),
    ("nationality possibly Palestinian", [("nationality", "possibly Palestinian")]),
    ("citizen Russia", [("citizenship", "ru")]),
    ("Gender Male", [("gender", "male")]),
    ("Gender Female", [("gender", "female")]),
    ("Passport 1234567 (Belarus) expires 01 Jan 2030", [("passportNumber", "1234567")]),
    ("Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004", [("passportNumber", "G025057")]),
    ("alt. Passport D10007350 (Iran) expires 13 Oct 2025", [("passportNumber", "D10007350")]),
    ("Diplomatic Passport 008768 (Iran)", [("passportNumber", "008768")]),
    ("National ID No. 216040 (Yemen)", [("idNumber", "216040")]),
    ("Cedula No. 16215230 (Colombia)", [("idNumber", "16215230")]),
    ("Identification Number 2.194.575 (Paraguay)", [("idNumber", "2.194.575")]),
    ("SSN 123-45-6789 (United States)", [("idNumber", "123-45-6789")]),
    ("Personal ID Card 123456 (Serbia)", [("idNumber", "123456")]),
    ("Tax ID No. 7707083893 (Russia)", [("taxNumber", "7707083893")]),
    ("RFC PMA-910805 (Mexico)", [("taxNumber", "PMA-910805")]),
    ("NIT # 800018928-0 (Colombia)", [("taxNumber", "800018928-0")]),
    ("Registration Number 1027700132195 (Russia)", [("registrationNumber", "1027700132195")]),
    ("Registration Number HRA 738077 (Stuttgart) (Germany)", [("registrationNumber", "HRA 738077")]),
    ("Business Registration Number 1037739709138 (Russia)", [("registrationNumber", "1037739709138")]),
    ("Company Number 01074897 (United Kingdom)", [("registrationNumber", "01074897")]),
    ("Government Gazette Number 09804148 (Russia)", [("registrationNumber", "09804148")]),
    ("Registration ID 14063277", [("registrationNumber", "14063277")]),
    ("Vessel Registration Identification IMO 7406784", [("imoNumber", "7406784")]),
    ("Identification Number IMO 5342883", [("imoNumber", "5342883")]),
    ("MMSI 572469210", [("mmsi", "572469210")]),
    ("Email Address rasoul.jalili@peykasa.ir", [("email", "rasoul.jalili@peykasa.ir")]),
    ("Website www.sberbank.ru", [("website", "www.sberbank.ru")]),
    ("SWIFT/BIC SABRRUMM", [("swiftBic", "SABRRUMM")]),
    ("Legal Entity Number 253400V1H6ART1UQ0N98", [("leiCode", "253400V1H6ART1UQ0N98")]),
    ("Legal Entity Number 851683897", [("registrationNumber", "851683897")]),  # not an LEI
    ("Organization Established Date 17 Oct 1990", [("incorporationDate", "1990-10-17")]),
    ("Organization Type: Manufacture of computers", [("sector", "Manufacture of computers")]),
    ("Aircraft Model IL76-TD", [("model", "IL76-TD")]),
    ("Aircraft Manufacture Date 1992", [("buildDate", "1992")]),
    ("Aircraft Manufacturer's Serial Number (MSN) 1023409321", [("serialNumber", "1023409321")]),
    ("Aircraft Tail Number RA-76842", [("registrationNumber", "RA-76842")]),
    ("a.k.a. 'BNC'", [("weakAlias", "BNC")]),
    ("a.k.a. 'AL-QA'IDA'", [("weakAlias", "AL-QA'IDA")]),
    ("f.k.a. 'MEXICAN FEDERATION'", [("weakAlias", "MEXICAN FEDERATION")]),
]


@pytest.mark.parametrize(("item", "expected"), ITEMS)
def test_item(item: str, expected: list[tuple[str, str]]) -> None:
    remarks = parse_remarks(item + ".")
    assert remarks.values == expected
    assert remarks.notes == [] and remarks.problems == []


NOTES = [
    "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
    "Additional Sanctions Information - Subject to Secondary Sanctions",
    "Target Type Financial Institution",
    "Member of the State Duma of the Federal Assembly of the Russian Federation",
    "alt. Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
    "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
    "Passport issued in Sarajevo, Bosnia-Herzegovina",
    "a.k.a. ''",
    "Gender Unknown",
]


@pytest.mark.parametrize("item", NOTES)
def test_unrecognised_items_are_kept_as_notes(item: str) -> None:
    remarks = parse_remarks(item + ".")
    assert remarks.values == [] and remarks.notes == [item]


def test_lukashenka_remarks_in_order() -> None:
    remarks = parse_remarks(
        "DOB 30 Aug 1954; alt. DOB 31 Aug 1954; POB Kopys, Vitebsk oblast, Belarus; nationality Belarus; "
        "Gender Male."
    )
    assert remarks.values == [
        ("birthDate", "1954-08-30"),
        ("birthDate", "1954-08-31"),
        ("birthPlace", "Kopys, Vitebsk oblast, Belarus"),
        ("nationality", "by"),
        ("gender", "male"),
    ]


def test_missing_space_after_semicolon() -> None:
    remarks = parse_remarks("nationality possibly Palestinian;arrested 23 Apr 2002.")
    assert remarks.get("nationality") == ["possibly Palestinian"]
    assert remarks.notes == ["arrested 23 Apr 2002"]


def test_unreadable_date_is_kept_as_text_and_reported() -> None:
    remarks = parse_remarks("DOB sometime in the 1960s; alt. DOB 1962.")
    assert remarks.get("birthDate") == ["1962"]
    assert remarks.notes == ["DOB: sometime in the 1960s"]
    assert remarks.problems == ["DOB 'sometime in the 1960s' is not a date"]


def test_linked_to() -> None:
    remarks = parse_remarks("Registration ID 1165024055613; Linked To: PRIGOZHIN, Yevgeniy Viktorovich.")
    assert remarks.linked_to == ["PRIGOZHIN, Yevgeniy Viktorovich"]
    entity = Entity(id="x-1", schema="Company", provenance=Provenance(dataset="x", native_id="1"))
    entity.add_all("notes", ["Secondary sanctions risk: ...", *remarks.notes])
    assert linked_to(entity) == ["PRIGOZHIN, Yevgeniy Viktorovich"]


@pytest.mark.parametrize(
    ("text", "number", "country"),
    [
        ("1234 (Belarus) expires 2030", "1234", "Belarus"),
        ("C 1415363 - 16/2/1421H issued 21 May 2000", "C 1415363 - 16/2/1421H", ""),
        ("343997 (Mexico) issued 14 Dec 2005", "343997", "Mexico"),
        ("HRA 738077 (Stuttgart) (Germany)", "HRA 738077", "Germany"),
        ("No. 12345", "12345", ""),
    ],
)
def test_split_identifier(text: str, number: str, country: str) -> None:
    assert split_identifier(text) == (number, country)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Belarus", "by"),
        ("Region: Gaza", "ps"),
        ("Man, Isle of", "im"),
        ("Congo, Republic of the", "cg"),
        ("Bahamas, The", "bs"),
        ("Cote d Ivoire", "ci"),
        ("St. Kitts & Nevis", "kn"),
        ("undetermined", ""),
        ("Region: Kafia Kingi", "Region: Kafia Kingi"),
    ],
)
def test_country_value(text: str, value: str) -> None:
    assert country_value(text) == value


def test_overflow_continues_where_the_remarks_stop() -> None:
    remarks = "Tax ID No. 1; Listing Date (EO 14024 Direct"
    assert merge_overflow(remarks, "ive 2): 24 Feb 2022.") == remarks + "ive 2): 24 Feb 2022."


def test_overflow_from_another_publication_is_joined_at_the_overlap() -> None:
    shared = "; Effective Date (EO 14024 Directive 2): 26 Mar 2022; Listing Date (EO 14024 Directive 3)"
    remarks = "Website www.sberbank.ru; Listing Date (EO 14024 Directive 2): 24 Feb 2022" + shared
    overflow = "ive 2): 24 Feb 2022" + shared + ": 24 Feb 2022; Tax ID No. 7707083893 (Russia)."
    merged = merge_overflow(remarks, overflow)
    assert merged == remarks + ": 24 Feb 2022; Tax ID No. 7707083893 (Russia)."


def test_overflow_already_contained() -> None:
    assert merge_overflow("Registration Number 1027700067328 (Russia).", "67328 (Russia).") == (
        "Registration Number 1027700067328 (Russia)."
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([i for i, _ in ITEMS] + NOTES) | st.text(min_size=1, max_size=40), max_size=6)
)
def test_parsing_never_raises_and_keeps_what_it_cannot_read(items: list[str]) -> None:
    text = "; ".join(items) + "."
    remarks = parse_remarks(text)
    if any(item.strip() for item in re.split(r";\s*", text.strip().removesuffix("."))):
        assert remarks.values or remarks.notes
    for note in remarks.notes:  # notes are the published text, or a date kept with its label
        assert note in text or note.split(": ", 1)[-1] in text
