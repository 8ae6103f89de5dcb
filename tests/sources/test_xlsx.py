"""Safe xlsx reading: rows come out typed and numbered; damaged input fails whole, with a location."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.sources.xlsx_excerpts import workbook_bytes as workbook
from zaslon.exc import SourceError, UnknownFormat
from zaslon.sources.xlsx import Sheet, find_header, is_xlsx_head, peek_row_widths, read_sheet, text

FIXTURES = Path(__file__).parent / "fixtures"
UK_EXCERPT = FIXTURES / "uk_hmt" / "ConList.xlsx"
AU_EXCERPT = FIXTURES / "au_dfat" / "regulation8_consolidated.xlsx"


def test_rows_keep_their_numbers_and_types() -> None:
    data = workbook([["Reference", "Born"], [], [2, date(1954, 8, 30)], ["2a", "1960"]])
    sheet = read_sheet(data, "list.xlsx")
    assert sheet.name == "Data"
    assert len(sheet.rows) == 4  # the empty row 2 is kept, so row numbers stay true
    assert sheet.rows[2][0] == 2
    assert sheet.rows[2][1] in (date(1954, 8, 30), datetime(1954, 8, 30))
    assert sheet.rows[3] == ["2a", "1960"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        (" a  b\n", "a b"),
        (2.0, "2"),
        (2.5, "2.5"),
        (7, "7"),
        (date(2025, 4, 14), "2025-04-14"),
    ],
)
def test_text(value: object, expected: str) -> None:
    assert text(value) == expected  # type: ignore[arg-type]


def test_empty_file() -> None:
    with pytest.raises(SourceError, match="list.xlsx: the file is empty"):
        read_sheet(b"", "list.xlsx")


def test_not_a_zip_is_unknown_format() -> None:
    with pytest.raises(UnknownFormat, match="no zip signature"):
        read_sheet(b"Name,Group ID\nX,1\n", "list.xlsx")


def test_zip_that_is_not_an_xlsx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnknownFormat, match="not an xlsx workbook"):
        read_sheet(out.getvalue(), "list.xlsx")


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.1])
def test_truncated_workbook_fails_whole(keep: float) -> None:
    data = UK_EXCERPT.read_bytes()
    with pytest.raises(SourceError, match="ConList.xlsx: the xlsx file is damaged or truncated"):
        read_sheet(data[: int(len(data) * keep)], "ConList.xlsx")


def test_corrupted_member_fails_its_crc() -> None:
    data = bytearray(UK_EXCERPT.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # flip a byte in the middle of the compressed sheet: the central directory stays intact
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    with pytest.raises(SourceError, match="ConList.xlsx: the xlsx file is damaged"):
        read_sheet(bytes(data), "ConList.xlsx")


def test_zip_bomb_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(SourceError, match="refusing to read it"):
        read_sheet(out.getvalue(), "bomb.xlsx")


def test_missing_sheet_is_named() -> None:
    with pytest.raises(SourceError, match="no sheet 'Other'.*sheets: Data"):
        read_sheet(workbook([["a"]]), "list.xlsx", sheet="Other")


def test_find_header_and_its_errors() -> None:
    sheet = Sheet(
        "list.xlsx", "Data", [["Last Updated", "14/04/2025"], ["Group ID", " name 6 ", "Alias Type:"]]
    )
    row, columns = find_header(sheet, ("Group ID", "Name 6", "Alias Type"))
    assert row == 1 and columns == {"group id": 0, "name 6": 1, "alias type": 2}
    with pytest.raises(SourceError, match=r"list.xlsx, record sheet 'Data' row 2 column 'Regime'"):
        find_header(sheet, ("Group ID", "Regime"), anchor=("Group ID",))
    with pytest.raises(UnknownFormat, match="no header row with the columns 'Reference'"):
        find_header(sheet, ("Reference",))


def test_sniffing_from_the_first_bytes() -> None:
    uk, au = UK_EXCERPT.read_bytes(), AU_EXCERPT.read_bytes()
    assert is_xlsx_head(uk[:4096]) and is_xlsx_head(au[:4096])
    assert not is_xlsx_head(b"PK\x03\x04" + b"\0" * 100)
    assert peek_row_widths(uk[: 64 * 1024], 2) == [2, 36]
    assert peek_row_widths(au[: 64 * 1024], 1) == [12]
    assert peek_row_widths(b"not a zip") == []


def test_bundled_files_sniff_from_64_kib(snapshot_dir: Path) -> None:
    uk = (snapshot_dir / "gb_hmt" / "ConList.xlsx").read_bytes()[: 64 * 1024]
    au = (snapshot_dir / "au_dfat" / "regulation8_consolidated.xlsx").read_bytes()[: 64 * 1024]
    assert peek_row_widths(uk, 2) == [2, 36]
    assert peek_row_widths(au, 1) == [12]


def test_random_damage_gives_source_error_or_the_same_rows() -> None:
    """Flipped bytes and cuts anywhere: a SourceError, or (damage outside the data) the very same rows."""
    import random

    data = UK_EXCERPT.read_bytes()
    clean = read_sheet(data, "ConList.xlsx").rows
    rng = random.Random(7)
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        if rng.random() < 0.2:
            damaged = damaged[: rng.randrange(len(damaged))]
        try:
            rows = read_sheet(bytes(damaged), "ConList.xlsx").rows
        except SourceError:
            continue
        assert rows == clean
