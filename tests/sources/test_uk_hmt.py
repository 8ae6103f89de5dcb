"""UK HM Treasury ConList.xlsx: golden excerpt, the whole bundled list against the reference, bad input.

The excerpt (``fixtures/uk_hmt/ConList.xlsx``) holds real rows written by
``tests/sources/xlsx_excerpts.py``; regenerate the expected JSON with
``ZASLON_REGEN_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.sources.golden import assert_golden, view
from tests.sources.xlsx_excerpts import read_rows, workbook_bytes
from zaslon.core.model import Entity
from zaslon.exc import SourceError, UnknownFormat
from zaslon.sources import au_dfat, uk_hmt
from zaslon.sources.base import ParsedList
from zaslon.sources.uk_hmt import FORMAT, company_numbers, name_language

FIXTURES = Path(__file__).parent / "fixtures" / "uk_hmt"
EXCERPT = FIXTURES / "ConList.xlsx"


def test_golden_excerpt() -> None:
    parsed = FORMAT.parse({"ConList.xlsx": EXCERPT.read_bytes()}, "ConList.xlsx")
    assert_golden(view(parsed), FIXTURES / "ConList.expected.json")


# --- the whole bundled list ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(snapshot_dir: Path) -> tuple[ParsedList, float]:
    data = (snapshot_dir / "gb_hmt" / "ConList.xlsx").read_bytes()
    start = time.perf_counter()
    result = FORMAT.parse({"ConList.xlsx": data}, "ConList.xlsx")
    return result, time.perf_counter() - start


@pytest.fixture(scope="module")
def by_id(parsed: tuple[ParsedList, float]) -> dict[str, Entity]:
    return {e.id: e for e in parsed[0].entities}


def test_counts_and_version(parsed: tuple[ParsedList, float]) -> None:
    result, _seconds = parsed
    schemas = [e.schema for e in result.entities]
    assert result.version == "2025-04-14"
    assert result.targets == len(result.entities) == 4688
    assert schemas.count("Person") == 3663
    assert schemas.count("Company") + schemas.count("Organization") == 1010
    assert schemas.count("Vessel") == 15


def test_provenance_on_every_entity(parsed: tuple[ParsedList, float]) -> None:
    for entity in parsed[0].entities:
        prov = entity.provenance
        assert entity.id == f"gb_hmt-{prov.native_id}"
        assert (prov.dataset, prov.list_version, prov.source_file) == ("gb_hmt", "2025-04-14", "ConList.xlsx")
        assert prov.source_url == uk_hmt.URL


def _norm(value: str) -> str:
    return re.sub(r"\W", "", value.casefold())


def _all_names(props: dict[str, list[str]]) -> set[str]:
    return {_norm(n) for p in ("name", "alias", "weakAlias", "previousName") for n in props.get(p, [])}


def test_agreement_with_reference(by_id: dict[str, Entity], reference_entities: dict[str, dict]) -> None:
    """Measured: names 100 %, all names 99.5 % (the reference splits mixed-script names such as
    'AO НПП "Салют"' in two), birth dates 99.8 % (the reference drops 'mm/yyyy' dates), IMO 100 %,
    passports 99.98 % (the reference keeps a '-' placeholder)."""
    ref = {k: v for k, v in reference_entities.items() if k.startswith("gb_hmt-")}
    assert set(ref) == set(by_id)
    n = len(ref)
    agree = {"name": 0, "names": 0, "birthDate": 0, "imo": 0, "passport": 0, "schema": 0}
    for key, expected in ref.items():
        props, ours = expected["properties"], by_id[key]
        agree["name"] += props["name"][:1] == ours.get("name")[:1]
        agree["names"] += _all_names(props) <= _all_names(ours.properties)
        agree["birthDate"] += set(props.get("birthDate", [])) == set(ours.get("birthDate"))
        agree["imo"] += set(props.get("imoNumber", [])) == set(ours.get("imoNumber"))
        passports = {_norm(p) for p in props.get("passportNumber", [])} - {""}
        agree["passport"] += passports == {_norm(p) for p in ours.get("passportNumber")}
        agree["schema"] += expected["schema"] == ours.schema or {expected["schema"], ours.schema} == {
            "Company",
            "Organization",
        }
    assert agree["name"] == n
    assert agree["names"] / n >= 0.994
    assert agree["birthDate"] / n >= 0.997
    assert agree["imo"] == n
    assert agree["passport"] == n
    assert agree["schema"] == n


def test_lukashenka(by_id: dict[str, Entity]) -> None:
    father = by_id["gb_hmt-13918"]
    assert father.schema == "Person"
    assert father.get("name") == ["Alexander Ryhorovich LUKASHENKO"]
    assert "Aliaksandr Grigorievich LUKASHENKA" in father.get("alias")
    assert father.name_langs["ЛУКАШЭНКА, Аляксандр Рыгоравіч"] == "be"
    assert father.name_langs["ЛУКАШЕНКО, Александр Григорьевич"] == "ru"
    assert father.get("birthDate") == ["1954-08-30"]
    assert father.get("nationality") == ["by"] and father.get("gender") == ["male"]
    assert set(father.get("program")) == {"Belarus", "Global Human Rights"}
    assert set(father.get("lastName")) == {"LUKASHENKA", "LUKASHENKO"}
    son = by_id["gb_hmt-13919"]
    assert son.get("name") == ["Viktor Aliaksandravich LUKASHENKO"]
    assert son.name_langs["ЛУКАШЭНКА, Віктар Аляксандравіч"] == "be"
    assert son.name_langs["ЛУКАШЕНКО, Виктор Александрович"] == "ru"
    assert son.get("birthDate") == ["1975-11-28"]


def test_ship_and_company_details(by_id: dict[str, Entity]) -> None:
    ship = by_id["gb_hmt-13651"]
    assert ship.schema == "Vessel"
    assert ship.get("imoNumber") == ["7408873"] and ship.get("flag") == ["kp"]
    assert ship.get("type") == ["Oil tanker"] and ship.get("buildDate") == ["1975"]
    dialog = by_id["gb_hmt-16618"]
    assert dialog.get("taxNumber") == ["9709056472"] and dialog.get("innCode") == ["9709056472"]


# --- smaller pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian TIN: 7718763393", [("taxNumber", "7718763393")]),
        ("9709056472 - Russia INN", [("taxNumber", "9709056472"), ("innCode", "9709056472")]),
        (
            "(1) INN: 7704366170 (2)  OGRN: 1167700061540",
            [
                ("taxNumber", "7704366170"),
                ("innCode", "7704366170"),
                ("registrationNumber", "1167700061540"),
                ("ogrnCode", "1167700061540"),
            ],
        ),
        (
            "(1) Russia INN – 6167128827  (2) Russia OGRN – 1156196039152  (3) Russia KPP – 616601001",
            [
                ("taxNumber", "6167128827"),
                ("innCode", "6167128827"),
                ("registrationNumber", "1156196039152"),
                ("ogrnCode", "1156196039152"),
            ],
        ),
        (" (1) Kazakhstan BIN - 170440031562", [("registrationNumber", "170440031562")]),
        ("122226 (Turkish Trade Registry)", [("registrationNumber", "122226")]),
    ],
)
def test_company_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert company_numbers(text) == expected


@pytest.mark.parametrize(
    ("name", "stated", "expected"),
    [
        ("ЛУКАШЭНКА, Аляксандр Рыгоравіч", None, "be"),
        ("ЛУКАШЭНКА, Аляксандр Рыгоравiч", "ru", "be"),  # Latin i look-alike; the list's "ru" is wrong
        ("ЛУКАШЕНКО, Александр Григорьевич", "be", "ru"),  # and the other way round
        ("Акціонерне товариство", None, "uk"),
        ("Салют", "ru", "ru"),  # letters do not decide: the list is believed
        ("Салют", None, None),
        ("بشار حافظ الأسد", "ar", "ar"),
        ("عبد الکبیر محمد جان", None, None),
        ("حاجی گلاب گل", None, "fa"),
        ("金铁三", None, "zh"),
        ("Baššār Ḥāfiẓ al-ʾAsad", "ar", None),  # a transliteration in the non-Latin column
    ],
)
def test_name_language(name: str, stated: str | None, expected: str | None) -> None:
    assert name_language(name, stated) == expected


# --- sniffing and bad input ----------------------------------------------------------------------


def test_sniff() -> None:
    uk = EXCERPT.read_bytes()[: 64 * 1024]
    au = (Path(__file__).parent / "fixtures" / "au_dfat" / "regulation8_consolidated.xlsx").read_bytes()[
        : 64 * 1024
    ]
    other = workbook_bytes([["Name", "Amount"], ["x", 1]])[: 64 * 1024]
    assert FORMAT.sniff("ConList.xlsx", uk) and FORMAT.sniff("conlist.XLSX", other)  # the usual name decides
    assert FORMAT.sniff("download (3).xlsx", uk)  # otherwise the shape of the first rows
    assert not FORMAT.sniff("download.xlsx", au) and au_dfat.FORMAT.sniff("download.xlsx", au)
    assert not FORMAT.sniff("other.xlsx", other) and not au_dfat.FORMAT.sniff("other.xlsx", other)
    assert not FORMAT.sniff("ConList.xlsx", b"Last Updated,14/04/2025\n")


def _excerpt_rows() -> list[list[object]]:
    return read_rows(EXCERPT.read_bytes())


def _parse(rows: list[list[object]]) -> ParsedList:
    return FORMAT.parse({"ConList.xlsx": workbook_bytes(rows)}, "ConList.xlsx")


def test_another_spreadsheet_is_unknown_format() -> None:
    with pytest.raises(UnknownFormat, match="ConList.xlsx: sheet 'Data' has no header row"):
        _parse([["Name", "Amount"], ["x", 1]])


def test_missing_required_column() -> None:
    rows = _excerpt_rows()
    rows[1][rows[1].index("Alias Type")] = "Alias Kind"
    with pytest.raises(SourceError, match="ConList.xlsx, record sheet 'Data' row 2 column 'Alias Type'"):
        _parse(rows)


def test_row_without_group_id() -> None:
    rows = _excerpt_rows()
    rows[5][rows[1].index("Group ID")] = ""
    with pytest.raises(
        SourceError, match="record sheet 'Data' row 6 column 'Group ID': the row has no Group ID"
    ):
        _parse(rows)


def test_unknown_group_type() -> None:
    rows = _excerpt_rows()
    rows[3][rows[1].index("Group Type")] = "Aircraft"
    with pytest.raises(SourceError, match="row 4 column 'Group Type': unknown Group Type 'Aircraft'"):
        _parse(rows)


def test_truncated_bundled_file_fails(snapshot_dir: Path) -> None:
    data = (snapshot_dir / "gb_hmt" / "ConList.xlsx").read_bytes()
    with pytest.raises(SourceError, match="damaged or truncated"):
        FORMAT.parse({"ConList.xlsx": data[: len(data) - 1000]}, "ConList.xlsx")


def test_unparseable_dob_is_kept_and_counted() -> None:
    rows = _excerpt_rows()
    dob = rows[1].index("DOB")
    for row in rows[2:]:
        if row[rows[1].index("Group ID")] == "13754":
            row[dob] = "circa the sixties"
    result = _parse(rows)
    entity = next(e for e in result.entities if e.id == "gb_hmt-13754")
    assert "Date of birth: circa the sixties" in entity.get("notes") and not entity.get("birthDate")
    assert any("gb_hmt-13754" in w and "circa the sixties" in w for w in result.warnings)


def test_registry_tells_the_two_spreadsheets_apart(snapshot_dir: Path) -> None:
    """Through ``detect`` (every format's sniff, 64 KiB heads): by name, renamed, and another xlsx."""
    from zaslon.sources import detect

    uk = (snapshot_dir / "gb_hmt" / "ConList.xlsx").read_bytes()[: 64 * 1024]
    au = (snapshot_dir / "au_dfat" / "regulation8_consolidated.xlsx").read_bytes()[: 64 * 1024]
    assert detect("ConList.xlsx", uk) is FORMAT
    assert detect("renamed.xlsx", uk) is FORMAT
    assert detect("renamed.xlsx", au) is au_dfat.FORMAT
    with pytest.raises(UnknownFormat):
        detect("other.xlsx", workbook_bytes([["Name", "Amount"], ["x", 1]]))
