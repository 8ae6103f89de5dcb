"""Reading OFAC's legacy CSV files: decoding, rows with line numbers, and telling SDN from consolidated.

The SDN list (``sdn.csv``) and the consolidated non-SDN list (``cons_prim.csv``)
share one layout: no header, Latin-1, CRLF, a DOS end-of-file byte (``\\x1a``)
at the end, and ``-0-`` for an empty field.  Their companions (aliases,
addresses, remarks overflow) have the same conventions.  Everything here is
about turning those bytes into checked rows; what the rows mean is
``ofac_sdn``'s business.

A file that was cut short (a download interrupted mid-record or mid-quote) must
never load as a shorter list, so an unterminated quote, a short last record or
a missing final line break after an unfinished field are errors, not warnings.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from zaslon.exc import SourceError

EMPTY = "-0-"
SDN_COLUMNS = 12  # ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
#                   Vess_flag, Vess_owner, Remarks
ALT_COLUMNS = 5  # ent_num, alt_num, alt_type, alt_name, alt_remarks
ADD_COLUMNS = 6  # ent_num, add_num, address, city/state/postal, country, add_remarks
COMMENT_COLUMNS = 2  # ent_num, remarks continued

SDN_MAIN = "sdn.csv"
CONS_MAIN = "cons_prim.csv"
SDN_COMPANIONS = ("alt.csv", "add.csv", "sdn_comments.csv")
CONS_COMPANIONS = ("cons_alt.csv", "cons_add.csv", "cons_comments.csv")

# Programs only the consolidated (non-SDN) list uses: SSI, PLC, CMIC, CAPTA, FSE, MBS, ISA.
# A record whose every program is one of these is a consolidated-list record.
_CONS_PROGRAMS = frozenset(
    {"NS-PLC", "CMIC-EO13959", "561-RELATED", "UKRAINE-EO13662", "NS-MBS", "NS-ISA", "CAPTA",
     "FSE-IR", "FSE-SY", "FSE-WMD", "SSI", "NS-CMIC"}
)  # fmt: skip
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_BOMS = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}


@dataclass(slots=True)
class Row:
    """One record of an OFAC CSV file: its line number, ent_num and fields (``-0-`` made empty)."""

    line: int
    ent_num: int
    fields: list[str]


def clean(value: str) -> str:
    """A field's value with OFAC's ``-0-`` empty marker and stray spaces removed."""
    value = value.strip()
    return "" if value == EMPTY else value


def decode(data: bytes, file: str) -> str:
    """The text of an OFAC file, which OFAC writes in Latin-1 (Windows-1252 in practice).

    A byte-order mark or NUL bytes mean the file was re-saved as UTF-16/UTF-8 or
    is not text at all; both are errors rather than silently garbled names.
    """
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            raise SourceError(
                f"starts with a {encoding} byte-order mark; OFAC CSV files are Latin-1 without one",
                file=file,
                line=1,
            )
    if b"\x00" in data[:4096]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("holds NUL bytes: UTF-16 or binary, not an OFAC Latin-1 CSV", file=file, line=line)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # the five bytes cp1252 leaves undefined
    # DOS end-of-file marker, then nothing but whitespace
    stripped = text.rstrip()
    if stripped.endswith("\x1a"):
        text = stripped[:-1]
    if m := _JUNK.search(text):
        line = text.count("\n", 0, m.start()) + 1
        raise SourceError(
            f"holds the control byte {m.group()!r}: binary content, not an OFAC CSV", file=file, line=line
        )
    return text


def _ent_num(value: str, file: str, line: int) -> int:
    text = value.strip()
    if not text.isdigit():
        raise SourceError(f"ent_num must be a whole number, got {text[:40]!r}", file=file, line=line)
    return int(text)


def read_rows(data: bytes, file: str, columns: int, *, allow_empty: bool = False) -> list[Row]:
    """Every record of one OFAC CSV file, checked for width, ent_num and truncation."""
    text = decode(data, file)
    if not text.strip():
        if allow_empty:
            return []
        raise SourceError("the file is empty", file=file)
    rows: list[Row] = []
    last_line = text.rstrip("\r\n").count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # a blank line
            if len(fields) != columns:
                raise SourceError(
                    f"expected {columns} fields, found {len(fields)}"
                    + (" (the file looks truncated)" if line >= last_line else "")
                    + f": {','.join(fields)[:80]!r}",
                    file=file,
                    line=line,
                    record=fields[0].strip()[:20] or None,
                )
            rows.append(Row(line, _ent_num(fields[0], file, line), [clean(f) for f in fields[1:]]))
    except csv.Error as exc:
        raise SourceError(
            f"malformed CSV ({exc}); the file is damaged or truncated mid-record",
            file=file,
            line=reader.line_num,
        ) from None
    _check_ending(text, file, reader.line_num)
    return rows


def _check_ending(text: str, file: str, last_line: int) -> None:
    """A file cut right inside its last, unquoted field has the right width but no line break."""
    if text.endswith(("\n", "\r")):
        return
    tail = text.rsplit("\n", 1)[-1]
    if tail.endswith(('"', EMPTY + " ")):
        return  # a complete last field, only the final line break is missing
    raise SourceError(
        "the last record ends without a line break inside an unfinished field: the file looks truncated",
        file=file,
        line=last_line,
    )


def _head_records(head: bytes) -> list[list[str]]:
    """Complete records from the first bytes of a file (the last, possibly cut line is dropped)."""
    if head.startswith(tuple(_BOMS)) or b"\x00" in head:
        return []
    text = head.decode("latin-1").rstrip().removesuffix("\x1a")
    lines = text.splitlines()
    if len(head) >= 4096 and len(lines) > 1:
        lines = lines[:-1]
    records: list[list[str]] = []
    try:
        for fields in csv.reader(lines[:400], strict=True):
            if fields:
                records.append(fields)
    except csv.Error:
        return records
    return records


def classify(name: str, head: bytes) -> str | None:
    """``"sdn"``, ``"cons"`` or ``None``: which OFAC main file ``name`` starting with ``head`` is.

    The official file name decides; companions (``alt.csv`` ...) are not main
    files.  Under another name, the content must be legacy OFAC CSV (12 fields,
    an integer ent_num first, ``-0-`` for empty); it is taken as consolidated
    only if most records carry consolidated-only programs, else as SDN.
    """
    base = name.rsplit("/", 1)[-1].lower()
    if base == SDN_MAIN:
        return "sdn"
    if base == CONS_MAIN:
        return "cons"
    if base in SDN_COMPANIONS or base in CONS_COMPANIONS:
        return None
    records = _head_records(head)
    if not records:
        return None
    if not all(len(r) == SDN_COLUMNS and r[0].strip().isdigit() for r in records):
        return None
    if not any(EMPTY in f for r in records for f in r):
        return None
    programs = [{p.strip().upper() for p in r[3].split("] [")} for r in records]
    cons = sum(1 for p in programs if p <= _CONS_PROGRAMS)
    return "cons" if cons * 2 > len(records) else "sdn"
