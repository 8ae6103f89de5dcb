"""Safe reading of xlsx workbooks for the spreadsheet list formats: bytes in, rows out.

The bytes are checked as a zip archive first (signature, central directory, the
size of what it would inflate to, every member's CRC), so a truncated or damaged
download fails as a whole instead of loading part of a list.  Cells are then read
with python-calamine, which is an order of magnitude faster than openpyxl.

Every failure is a ``SourceError`` naming the file and, where known, the sheet,
row and column; content that is no xlsx at all is ``UnknownFormat``.

``peek_row_widths`` works on the first bytes only (what format sniffing gets):
it inflates the start of the first worksheet and counts the cells of its first
rows, which is enough to tell list layouts apart without the shared strings.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from zaslon.exc import SourceError, UnknownFormat

ZIP_MAGIC = b"PK\x03\x04"
# An official list inflates to a few tens of MB; more than this is a zip bomb or not a list.
MAX_INFLATED = 512 * 1024 * 1024
MAX_RATIO = 200

# Everything zipfile raises on damaged input (it is not consistent about it).
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, OSError, ValueError,
    NotImplementedError, RuntimeError, KeyError, IndexError, UnicodeDecodeError,
)  # fmt: skip

Cell = str | float | int | bool | date | datetime | time | timedelta | None


@dataclass(slots=True)
class Sheet:
    """One worksheet's cells; ``rows[0]`` is spreadsheet row 1 (nothing is skipped)."""

    file: str
    name: str
    rows: list[list[Cell]]

    def error(self, message: str, *, row: int | None = None, column: str | None = None) -> SourceError:
        """A ``SourceError`` naming this file and sheet, and the 1-based row and column."""
        where = f"sheet {self.name!r}"
        if row is not None:
            where += f" row {row}"
        if column is not None:
            where += f" column {column!r}"
        return SourceError(message, file=self.file, record=where)


def is_xlsx_head(head: bytes) -> bool:
    """Whether the first bytes are a zip archive whose first members are an xlsx's."""
    return head.startswith(ZIP_MAGIC) and (b"xl/" in head[:8192] or b"[Content_Types].xml" in head[:512])


def _open_zip(data: bytes, file: str) -> zipfile.ZipFile:
    if not data:
        raise SourceError("the file is empty", file=file)
    if not data.startswith(ZIP_MAGIC):
        raise UnknownFormat("not an xlsx workbook (no zip signature)", file=file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise SourceError(f"the xlsx file is damaged or truncated ({exc})", file=file) from None
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise UnknownFormat("a zip archive but not an xlsx workbook (no xl/workbook.xml)", file=file)
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATED or inflated > MAX_RATIO * max(len(data), 1):
        raise SourceError(f"the xlsx would inflate to {inflated:,} bytes; refusing to read it", file=file)
    try:
        bad = archive.testzip()
    except _ZIP_ERRORS as exc:
        raise SourceError(f"the xlsx file is damaged or truncated ({exc})", file=file) from None
    if bad is not None:
        raise SourceError(f"the xlsx file is damaged: member {bad!r} fails its CRC check", file=file)
    return archive


def read_sheet(data: bytes, file: str, *, sheet: str | None = None) -> Sheet:
    """Read one worksheet (by name, else the first) of an xlsx given as bytes."""
    import python_calamine

    _open_zip(data, file).close()
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        if not names:
            raise SourceError("the workbook has no worksheet", file=file)
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise SourceError(f"no sheet {name!r} in the workbook (sheets: {', '.join(names)})", file=file)
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except SourceError:
        raise
    except (python_calamine.CalamineError, ValueError, TypeError, OSError) as exc:  # XmlError, ZipError...
        raise SourceError(f"the xlsx file cannot be read ({type(exc).__name__}: {exc})", file=file) from None
    return Sheet(file=file, name=name, rows=[list(r) for r in rows])


def text(value: Cell) -> str:
    """A cell as text: stripped, integral floats without ``.0``, dates in ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return " ".join(str(value).split())


def header_key(value: Cell) -> str:
    """How header cells are compared: case, spacing and a trailing colon do not matter."""
    return " ".join(text(value).casefold().rstrip(":").split())


def find_header(
    sheet: Sheet, required: Sequence[str], *, search_rows: int = 10, anchor: Iterable[str] = ()
) -> tuple[int, dict[str, int]]:
    """Locate the header row among the first rows; return its index and column map.

    A row is the header if it holds every ``anchor`` column (default: all of
    ``required``).  No such row: ``UnknownFormat`` (a different sheet).  The
    anchor found but some other required column missing: ``SourceError``
    naming the row and the column.
    """
    anchors = [header_key(a) for a in (anchor or required)]
    for index, row in enumerate(sheet.rows[:search_rows]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            key = header_key(cell)
            if key and key not in columns:
                columns[key] = col
        if all(a in columns for a in anchors):
            for name in required:
                if header_key(name) not in columns:
                    raise sheet.error("the header lacks a required column", row=index + 1, column=name)
            return index, columns
    raise UnknownFormat(
        f"sheet {sheet.name!r} has no header row with the columns {', '.join(repr(a) for a in anchor or required)}",
        file=sheet.file,
    )


# --- sniffing from the first bytes only --------------------------------------------------------

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.DOTALL)
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.DOTALL)


def peek_row_widths(head: bytes, rows: int = 3) -> list[int]:
    """Non-empty cells in the first rows of the first worksheet, from a file's first bytes.

    Returns fewer numbers (or none) when the head does not reach that far; never raises.
    """
    offset = 0
    while offset + _LOCAL.size <= len(head):
        fields = _LOCAL.unpack_from(head, offset)
        if fields[0] != ZIP_MAGIC:
            return []
        method, csize, name_len, extra_len = fields[3], fields[7], fields[9], fields[10]
        start = offset + _LOCAL.size
        name = head[start : start + name_len]
        body = start + name_len + extra_len
        if name.startswith(b"xl/worksheets/") and name.endswith(b".xml"):
            chunk = head[body : body + csize] if csize else head[body:]
            try:
                xml = zlib.decompressobj(-15).decompress(chunk) if method == 8 else chunk
            except zlib.error:
                return []
            widths = []
            for match in _ROW.finditer(xml):
                cells = _CELL.findall(match.group(1) or b"")
                widths.append(sum(1 for c in cells if c.strip()))
                if len(widths) == rows:
                    break
            return widths
        if csize == 0 or fields[2] & 0x08:
            # sizes deferred to a data descriptor (streamed writers): look for the next member
            found = head.find(ZIP_MAGIC, body)
            if found < 0:
                return []
            offset = found
        else:
            offset = body + csize
    return []
