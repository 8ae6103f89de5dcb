"""Australia DFAT Consolidated List, ``regulation8_consolidated.xlsx``.

One row per name.  ``Reference`` is ``2``, ``2a``, ``2b``...: rows sharing the
integer part are one target, ``au_dfat-<integer part>``.  ``Name Type`` says
which name is primary, an a.k.a., a former name or the original script, with
inconsistent case and spacing.  ``Date of Birth`` is an Excel date, a serial
number or free text (``a) 1960 b) 1966``, ``Approximately 1955``); what is not
a date is kept as text in the notes and counted in the warnings.

The file states no publication date, so the list version is the latest
``Control Date`` (the date DFAT last changed a row) found in it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from zaslon.core.model import Entity, Provenance
from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import excel_serial, parse_date, parse_dates
from zaslon.sources.base import ParsedList
from zaslon.sources.uk_hmt import LANGUAGE_CODES, company_like, name_language, script_of
from zaslon.sources.xlsx import Cell, Sheet, find_header, is_xlsx_head, peek_row_widths, read_sheet, text

FILE = "regulation8_consolidated.xlsx"
URL = "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"
REQUIRED = ("Reference", "Name of Individual or Entity", "Type", "Name Type")
_SCHEMA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
_NAME_TYPE = {
    "primary name": "name", "aka": "alias", "original script": "alias",
    "formerly known as": "previousName", "previously listed as": "previousName", "fka": "previousName",
}  # fmt: skip
_REFERENCE = re.compile(r"^(\d+)\s*(?:[A-Za-z]{1,3}\d{0,3})?$")  # 2, 2a, 34c1, 2672a10
_EMPTY = {"", "na", "n/a", "-", "nil", "none", "unknown"}
_ENUM = re.compile(r"(?:^|\s)[a-z]\)\s*")
_BETWEEN = re.compile(r"^between\s+(.+?)\s+(?:and|to)\s+(.+?)$", re.IGNORECASE)
_DATE_PIECE = re.compile(r"\b(?:\d{1,2}/\d{1,2}/\d{4}|(?:\d{1,2} )?[A-Z][a-z]{2} \d{4}|\d{4})\b")
_IMO = re.compile(r"\bIMO\)?(?:\s+(?:number|no\.?))?\s*[:.]?\s*(\d{7})\b", re.IGNORECASE)
_PASSPORT_LABEL = re.compile(r"^\s*(?:no\.?|number|information|#)?\s*:?", re.IGNORECASE)
_PASSPORT_STOP = re.compile(
    r"issued|expir|valid|;|\(|\.\s|\bnational\b|\bidentit|\bregistration\b", re.IGNORECASE
)
_PASSPORT_NUMBER = re.compile(
    r"(?<![\w/-])(\d{2} \d{2} \d{6}|[A-Z]{1,3}[ /-]?\d{4,}[A-Z0-9]*|\d[\dA-Z/-]{4,})(?![\w-])"
)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]+)\)\s*$")
_PREVIOUSLY = re.compile(
    r"\s*\((?:previously|formerly) listed as\b[.,]?\s*(?:in (\w+)\s*:\s*([^)]*))?\)\s*$", re.IGNORECASE
)
_GENDER = re.compile(r"\bGender\s*:\s*(Male|Female)\b", re.IGNORECASE)
_DATE_IN_TEXT = re.compile(r"\b(\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})\b")


def _reference(value: Cell) -> str | None:
    """``2``, ``2.0``, ``"2a"`` -> ``"2"``; ``None`` if it is no reference."""
    match = _REFERENCE.match(text(value))
    return match.group(1) if match else None


def passports(info: str) -> list[str]:
    """Passport numbers written after the word "passport".

    Each number is read up to "issued", "expires", "(" or a new sentence; an
    enumeration (``Passport no: a) 472320665 (Expires 2017) b) 563120356``) is
    read item by item.
    """
    out: list[str] = []
    for found in re.finditer("passport", info, re.IGNORECASE):
        after = _PASSPORT_LABEL.sub("", info[found.end() : found.end() + 400])
        if re.match(r"\s*(?:na\s+)?a\)", after):
            sentence = re.split(r"\.\s+(?=[A-Z])", after, maxsplit=1)[0]
            windows = re.split(r"\b[a-h]\)\s*", sentence)
        else:
            windows = [after[:80]]
        for window in windows:
            window = _PASSPORT_STOP.split(window, maxsplit=1)[0]
            for number in _PASSPORT_NUMBER.findall(window):
                if number not in out:
                    out.append(number)
    return out


def _present(value: str) -> bool:
    return value.strip(" .").casefold() not in _EMPTY


def _tidy_date(part: str) -> str:
    """Undo the usual typing noise of the DOB column before reading a date."""
    inner = re.fullmatch(r"\((.*)\)", part)
    if inner:  # "(Aug. 1961)"
        part = inner.group(1)
    part = re.sub(r"\([^)]*\)?", " ", part)  # "(as Ali Thafir Abdallah)", "(this aka only"
    part = re.sub(r"\b(?:alt(?:ernative)?|dob|born|for this aka only)\b\s*:?", " ", part, flags=re.IGNORECASE)
    part = re.sub(
        r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b\.?", r"\1", part, flags=re.IGNORECASE
    )
    part = re.sub(r"(\d)-([A-Za-z]{3})-(\d{4})", r"\1 \2 \3", part)  # "19-Dec-1992"
    part = re.sub(r"([A-Za-z])(\d)", r"\1 \2", part)  # "Jan1973" after the dot went
    part = re.sub(r"(\d)\.\s*(?=[A-Za-z])", r"\1 ", part)  # "21. Jul 1997"
    part = re.sub(r"/\s+", "/", part)  # "09/11/ 1954"
    part = re.sub(r"(\d)\s+(?=[A-Za-z]{3}\s+\d{4})", r"\1 ", part)
    part = " ".join(part.split()).strip(" ,;:")
    if m := _BETWEEN.search(part):  # "Between 1975 and 1979", "Between Aug and Sep 1977"
        lo, hi = m.group(1), m.group(2)
        if lo.isdigit() and hi.isdigit():
            return f"{lo} to {hi}"
        year = re.search(r"\d{4}", hi)
        if year and not re.search(r"\d{4}", lo):
            return f"{lo} {year.group()} or {hi}"
        return f"{lo} or {hi}"
    return part


def birth_dates(value: Cell) -> tuple[list[str], list[str]]:
    """Dates of birth from a cell: ``(iso dates, text pieces that are no date)``."""
    if isinstance(value, datetime):
        return [value.date().isoformat()], []
    if isinstance(value, date):
        return [value.isoformat()], []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1800 <= value <= 2100:  # a bare year typed as a number
            return [f"{int(value):04d}"], []
        iso = excel_serial(value)
        return ([iso], []) if iso else ([], [text(value)])
    raw = text(value).replace("\xa0", " ")
    if not _present(raw):
        return [], []
    dates: list[str] = []
    leftovers: list[str] = []
    for piece in re.split(r">>|;|\s{3,}", raw):
        for part in _ENUM.split(piece) if _ENUM.search(piece) else [piece]:
            part = part.strip(" ,;")
            if not part:
                continue
            if "hijri" in part.casefold():  # another calendar: kept as text, never read as a Gregorian date
                leftovers.append(part)
                continue
            tidy = _tidy_date(part)
            found, bad = parse_dates(tidy)
            if bad:  # "21 Mar 1962 to 20 Apr 1962", "5/06/1953 15/06/1953": several dates side by side
                pieces = _DATE_PIECE.findall(tidy)
                rest = _DATE_PIECE.sub(" ", tidy)
                if pieces and not re.sub(r"\b(?:to|or|and)\b", " ", rest).strip(" ,;-"):
                    found, bad = [d for d in map(parse_date, pieces) if d], []
            dates.extend(d for d in found if d not in dates)
            leftovers.extend(part for _ in bad[:1])
    return dates, leftovers


class AuDfatFormat:
    """The ``ListFormat`` of DFAT's regulation8_consolidated.xlsx."""

    name = "au_dfat_xlsx"
    dataset = "au_dfat"
    title = "Australia DFAT Consolidated List"
    urls: Mapping[str, str] = {FILE: URL}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        """The usual file name; otherwise an xlsx whose first row is a 10-14 column header.

        The first bytes hold no cell text (it sits in the shared strings at the
        end of the zip), so other names are judged by shape and ``parse`` checks
        the header, raising ``UnknownFormat`` for another spreadsheet.
        """
        if not is_xlsx_head(head):
            return False
        if name.casefold() == FILE.casefold():
            return True
        widths = peek_row_widths(head, 2)
        return bool(widths) and 10 <= widths[0] <= 14 and (len(widths) < 2 or widths[1] >= 3)

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        sheet = read_sheet(files[main], main)
        return _Parser(sheet, dataset or self.dataset).run()


class _Parser:
    def __init__(self, sheet: Sheet, dataset: str) -> None:
        self.sheet = sheet
        self.dataset = dataset
        self.warnings: list[str] = []
        self.header_row, self.cols = find_header(sheet, REQUIRED, anchor=("Reference", "Name Type"))

    def cell(self, row: list[Cell], column: str) -> Cell:
        index = self.cols.get(column.casefold())
        return row[index] if index is not None and index < len(row) else None

    def cell_text(self, row: list[Cell], column: str) -> str:
        value = text(self.cell(row, column)).replace("\xa0", " ").strip()
        return value if _present(value) else ""

    def run(self) -> ParsedList:
        groups: dict[str, list[tuple[int, list[Cell]]]] = {}
        versions: list[str] = []
        for index in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            if not any(text(c) for c in row):
                continue
            raw = self.cell(row, "Reference")
            ref = _reference(raw)
            if ref is None:
                raise self.sheet.error(
                    f"bad Reference {text(raw)!r} (expected 2, 2a...)", row=index + 1, column="Reference"
                )
            groups.setdefault(ref, []).append((index + 1, row))
            control = self.cell(row, "Control Date")
            iso = _cell_date(control)
            if iso:
                versions.append(iso)
        entities = [self.entity(ref, rows) for ref, rows in groups.items()]
        version = max(versions, default="")
        for entity in entities:
            entity.provenance.list_version = version
        return ParsedList(self.dataset, version, entities, self.warnings, [self.sheet.file])

    def entity(self, ref: str, rows: list[tuple[int, list[Cell]]]) -> Entity:
        kinds = [self.cell_text(r, "Type").casefold() for _, r in rows]
        kind = next((k for k in kinds if k), "")
        schema = _SCHEMA.get(kind)
        if schema is None:
            raise self.sheet.error(f"unknown Type {kind!r}", row=rows[0][0], column="Type")
        prov = Provenance(self.dataset, ref, "", URL, self.sheet.file)
        entity = Entity(id=f"{self.dataset}-{ref}", schema=schema, provenance=prov)
        self._names(entity, rows)
        for line, row in rows:
            self._details(entity, line, row)
        if entity.schema == "Organization" and company_like(entity):
            entity.schema = "Company"
        return entity

    def _names(self, entity: Entity, rows: list[tuple[int, list[Cell]]]) -> None:
        ranked: list[tuple[int, str, str | None]] = []
        for line, row in rows:
            name = self.cell_text(row, "Name of Individual or Entity")
            if not name:
                continue
            label = " ".join(self.cell_text(row, "Name Type").casefold().split())
            prop = _NAME_TYPE.get(label)
            if prop is None:
                self.warnings.append(f"{entity.id}: row {line} has Name Type {label!r}; read as an alias")
                prop = "alias"
            lang = name_language(name, None) if label == "original script" else None
            rank = {"name": 0, "alias": 1, "previousName": 2}[prop]
            if m := _PREVIOUSLY.search(name):  # "Abdul Baqi (previously listed as)"
                name, rank = name[: m.start()].strip(), 2
                if m.group(2) and m.group(2).strip():
                    ranked.append((2, m.group(2).strip(), name_language(m.group(2), None)))
            if m := _TRAILING_PAREN.search(name):
                inner, outer = m.group(1).strip(), name[: m.start()].strip()
                if script_of(inner) and not script_of(outer):  # "Jin Tiesan (金铁三)": two names
                    ranked.append((rank, inner, name_language(inner, None)))
                    name = outer
                elif inner.casefold() in LANGUAGE_CODES and script_of(outer):  # "ኤርሚኣስ ግርማይ (Tigrinya)"
                    name, lang = outer, LANGUAGE_CODES[inner.casefold()]
            ranked.append((rank, name, lang))
        if not ranked:
            raise self.sheet.error(
                "the target has no name", row=rows[0][0], column="Name of Individual or Entity"
            )
        if ranked and min(r for r, _, _ in ranked) > 0:
            self.warnings.append(f"{entity.id}: no row is the primary name; {ranked[0][1]!r} stands in")
            ranked[0] = (0, ranked[0][1], ranked[0][2])
        ranked.sort(key=lambda r: r[0])
        seen: set[str] = set()
        for rank, name, lang in ranked:
            if name in seen:
                continue
            seen.add(name)
            prop = (
                "name" if rank == 0 and not entity.get("name") else ("previousName" if rank == 2 else "alias")
            )
            entity.add(prop, name, lang=lang)

    def _details(self, entity: Entity, line: int, row: list[Cell]) -> None:
        person = entity.schema == "Person"
        if person:
            dates, leftovers = birth_dates(self.cell(row, "Date of Birth"))
            entity.add_all("birthDate", dates)
            for piece in leftovers:
                note = f"Date of birth: {piece}"
                if note not in entity.get("notes"):
                    entity.add("notes", note)
                    self.warnings.append(
                        f"{entity.id}: row {line}: date of birth {piece!r} is not a date (kept in notes)"
                    )
            entity.add("birthPlace", self.cell_text(row, "Place of Birth"))
            for nat in _countries(self.cell_text(row, "Citizenship")):
                entity.add("nationality", nat)
        entity.add("address", self.cell_text(row, "Address"))
        info = self.cell_text(row, "Additional Information")
        if info and info not in entity.get("notes"):
            entity.add("notes", info)
            entity.add_all("imoNumber", _IMO.findall(info))
            if person:
                known = {re.sub(r"[\s/-]", "", p) for p in entity.get("passportNumber")}
                for number in passports(info):  # rows repeat the text, sometimes spaced differently
                    if re.sub(r"[\s/-]", "", number) not in known:
                        known.add(re.sub(r"[\s/-]", "", number))
                        entity.add("passportNumber", number)
                for gender in _GENDER.findall(info):
                    entity.add("gender", gender.casefold())
        entity.add("program", self.cell_text(row, "Committees"))
        listing = self.cell(row, "Listing Information")
        iso = _cell_date(listing)
        if iso:
            entity.add("listingDate", iso)
        elif text(listing):
            entity.add("notes", text(listing))
            first = _DATE_IN_TEXT.search(text(listing))
            iso = parse_date(first.group(1)) if first else None
            # "... Amendment (No. 10) Instrument 2022": the designating instrument's year
            instrument = re.search(r"\bInstrument\s+(\d{4})\b", text(listing))
            entity.add("listingDate", iso or (instrument.group(1) if instrument else None))


def _cell_date(value: Cell) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial(value)
    return parse_date(text(value)) if text(value) else None


def _countries(value: str) -> list[str]:
    """``Russian and Ukrainian``, ``a) Afghan b) Pakistani`` -> ISO codes; unknown text kept."""
    if not value:
        return []
    code = to_code(value)
    if code:
        return [code]
    out: list[str] = []
    for piece in re.split(r"\s*(?:\b[a-z]\)|,|;|/|\band\b)\s*", value):
        piece = piece.strip(" .")
        if piece:  # "Indonesian (as at Dec. 2003)", "Saudi Arabian (this aka only": the qualifier goes
            out.append(to_code(piece) or to_code(re.sub(r"\s*\(.*$", "", piece)) or piece)
    return out


FORMAT = AuDfatFormat()
