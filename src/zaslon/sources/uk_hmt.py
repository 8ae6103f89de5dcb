"""UK HM Treasury (OFSI) Consolidated List of Financial Sanctions Targets, ``ConList.xlsx``.

Row 1 is ``Last Updated | dd/mm/yyyy`` (the list version), row 2 the header,
then one row per name variant (repeated once per sanctions regime).  Rows are
grouped by ``Group ID`` into one entity ``gb_hmt-<Group ID>``.  Identifiers,
gender, the UN reference and ship particulars sit in ``Other Information`` as
``(Key):value`` runs; company numbers in ``(Business Reg No)`` are split into
tax (INN/TIN), state registration (OGRN) and other registration numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from zaslon.core.model import Entity, Provenance
from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import excel_serial, parse_date
from zaslon.core.text import scripts
from zaslon.sources.base import ParsedList
from zaslon.sources.legal_form import has_legal_form
from zaslon.sources.xlsx import Cell, Sheet, find_header, is_xlsx_head, peek_row_widths, read_sheet, text

FILE = "ConList.xlsx"
URL = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx"
REQUIRED = ("Group ID", "Group Type", "Alias Type", "Name 6", "Name 1")
_NAME_COLS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_SCHEMA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
LANGUAGE_CODES = {  # language names as the lists write them -> ISO 639-1
    "russian": "ru", "russia": "ru", "belarusian": "be", "ukrainian": "uk", "ukraine": "uk",
    "persian": "fa", "persian/farsi": "fa", "farsi": "fa", "arabic": "ar", "chinese": "zh",
    "georgian": "ka", "hebrew": "he", "korean": "ko", "bulgarian": "bg", "turkish": "tr",
    "kazakh": "kk", "serbian": "sr", "spanish": "es", "thai": "th", "greek": "el", "bosnian": "bs",
    "japanese": "ja", "burmese": "my", "romanian": "ro", "tigrinya": "ti", "pashto": "ps",
    "dari": "fa", "urdu": "ur", "macedonian": "mk",
}  # fmt: skip

# The keys of ``Other Information`` we read; anything else stays in the notes only.
_INFO_KEYS = (
    "UK Sanctions List Ref", "UK Statement of Reasons", "UN Ref", "Gender", "Phone number",
    "Email address", "Type of entity", "Website", "Parent company", "Business Reg No",
    "Subsidiaries", "IMO number", "Flag of ship", "Type of ship", "Tonnage of ship",
    "Length of ship", "Year built", "Current owners", "Fax", "Previous flags",
)  # fmt: skip
_INFO = re.compile(r"\((" + "|".join(re.escape(k) for k in _INFO_KEYS) + r")\)\s*:", re.IGNORECASE)
_NUMBERED = re.compile(r"\(\s*\d{1,2}\s*\)")

_NAME_RANK = {"name": 0, "alias": 1, "previousName": 2, "weakAlias": 3}
# Script -> its language when the script has one main language (Cyrillic and Arabic do not).
_SCRIPT_LANGUAGE = {
    scripts.GEORGIAN: "ka", scripts.HANGUL: "ko", scripts.HEBREW: "he", scripts.GREEK: "el",
    scripts.THAI: "th", scripts.ARMENIAN: "hy", scripts.KANA: "ja", scripts.HAN: "zh",
}  # fmt: skip
_SCRIPT_OF_LANGUAGE = {
    "ru": scripts.CYRILLIC, "be": scripts.CYRILLIC, "uk": scripts.CYRILLIC, "bg": scripts.CYRILLIC,
    "kk": scripts.CYRILLIC, "sr": scripts.CYRILLIC, "bs": scripts.CYRILLIC, "mk": scripts.CYRILLIC,
    "fa": scripts.ARABIC, "ar": scripts.ARABIC, "ps": scripts.ARABIC, "ur": scripts.ARABIC,
    "zh": scripts.HAN, "ja": scripts.HAN, "ka": scripts.GEORGIAN, "he": scripts.HEBREW,
    "ko": scripts.HANGUL, "th": scripts.THAI, "el": scripts.GREEK, "my": scripts.OTHER,
}  # fmt: skip


def script_of(value: str) -> str | None:
    """The main non-Latin script of a name (kana beside kanji counts as Japanese), or ``None``."""
    counts = scripts.scripts(value)
    counts.pop(scripts.LATIN, None)
    if counts.get(scripts.KANA):
        return scripts.KANA
    return max(counts, key=lambda k: counts[k]) if counts else None


def _cyrillic_language(value: str, stated: str | None = None) -> str | None:
    """Tell Belarusian, Ukrainian, Russian, Serbian... apart by letters only some of them use.

    Belarusian has ``ў`` and ``і`` and never ``и``/``щ``/``ъ``; Ukrainian has
    ``і``/``ї``/``є``/``ґ`` and ``и`` but no ``ы``/``э``/``ё``; Russian has ``и``
    and no ``і``.  A Latin ``i`` inside a Cyrillic name is a look-alike of ``і``.
    ``None`` when the letters do not decide.
    """
    low = value.casefold()
    letters = set(low)
    if letters & set("ђјљњћџ"):
        return "sr"
    if letters & set("әғқңөұүһ"):
        return "kk"
    if "ў" in letters:
        return "be"
    if letters & set("їєґ"):
        return "uk"
    dotted_i = bool(letters & set("іi"))
    russian_only = bool(letters & set("ищъ"))
    hard = bool(letters & set("ыэё"))
    if dotted_i and russian_only:
        return None if hard else "uk"
    if dotted_i:
        return "be" if hard else None
    if russian_only:
        # Bulgarian also writes и/щ/ъ without і, so a list's own "bg" is believed
        return "ru" if hard or stated not in ("bg", "mk") else stated
    return "be" if re.search(r"[шжчрц]э", low) else None


def name_language(value: str, stated: str | None) -> str | None:
    """The language of a non-Latin name: letters that prove it win over what the list states.

    The lists' language column is unreliable (Russian names tagged Belarusian), so
    the stated language is kept only where the text does not contradict it.
    """
    script = script_of(value)
    if script == scripts.CYRILLIC:
        found = _cyrillic_language(value, stated)
        if found:
            return found
        return stated if _SCRIPT_OF_LANGUAGE.get(stated or "") == script else None
    if stated and _SCRIPT_OF_LANGUAGE.get(stated) == script:
        return stated
    if script == scripts.ARABIC:
        return "fa" if set(value) & set("پچژگ") else None
    return _SCRIPT_LANGUAGE.get(script or "")


def _split_numbered(value: str) -> list[str]:
    """``(1) A (2) B`` -> ``[A, B]``; placeholders such as ``-`` are dropped."""
    parts = _NUMBERED.split(value) if _NUMBERED.search(value) else [value]
    return [p.strip(" .;,") for p in parts if p.strip(" .;,-")]


def _info(other: str) -> dict[str, list[str]]:
    """``Other Information`` as key -> values (keys case-folded); the text before any key under ``""``."""
    out: dict[str, list[str]] = {}
    matches = list(_INFO.finditer(other))
    head = other[: matches[0].start()] if matches else other
    if head.strip():
        out.setdefault("", []).append(head.strip())
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(other)
        value = other[m.end() : end].strip(" .;")
        if value:
            out.setdefault(m.group(1).casefold(), []).append(value)
    return out


_ID_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*", re.IGNORECASE)


def company_numbers(value: str) -> list[tuple[str, str]]:
    """Split a ``Business Reg No`` text into ``(property, number)`` pairs.

    ``(1) INN: 7704366170 (2) OGRN: 1167700061540`` gives ``taxNumber``/``innCode``
    and ``registrationNumber``/``ogrnCode``; a bare number is a registration number.
    KPP codes (a Russian tax office code, shared by many firms) are left out.
    """
    out: list[tuple[str, str]] = []
    pieces = re.split(
        r"\(\s*\d+\s*\)|;|·|\.\s+(?=[A-Z])|\s(?=(?:INN|OGRN|TIN|KPP)\b[\s:–-]*\d|Tax ID\b)", value
    )
    for piece in pieces:
        label = piece.casefold()
        numbers = [t.strip("-/") for t in _ID_TOKEN.findall(piece) if sum(c.isdigit() for c in t) >= 5]
        for number in numbers:
            if "kpp" in label:
                continue
            if re.search(r"\b(?:inn|tin|tax)\b|taxpayer", label):
                out.append(("taxNumber", number))
                if "inn" in label or ("russia" in label and number.isdigit() and len(number) in (10, 12)):
                    out.append(("innCode", number))
            elif re.search(r"\bogrn\b|state registration number|\bsrn\b", label) and number.isdigit():
                out.append(("registrationNumber", number))
                out.append(("ogrnCode", number))
            else:
                out.append(("registrationNumber", number))
    return out


@dataclass(slots=True)
class _Group:
    """The rows of one Group ID, gathered before the entity is built."""

    gid: str
    schema: str
    rows: list[list[Cell]] = field(default_factory=list)


class UkHmtFormat:
    """The ``ListFormat`` of OFSI's ConList.xlsx."""

    name = "gb_hmt_xlsx"
    dataset = "gb_hmt"
    title = "UK HM Treasury (OFSI) Consolidated List of Financial Sanctions Targets"
    urls: Mapping[str, str] = {FILE: URL}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        """ConList.xlsx by name; otherwise an xlsx whose row 1 holds 1-3 cells and row 2 a wide header."""
        if not is_xlsx_head(head):
            return False
        if name.casefold() == FILE.casefold():
            return True
        widths = peek_row_widths(head, 2)
        return len(widths) == 2 and widths[0] <= 3 and widths[1] >= 30

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        sheet = read_sheet(files[main], main)
        return _Parser(sheet, dataset or self.dataset).run()


class _Parser:
    def __init__(self, sheet: Sheet, dataset: str) -> None:
        self.sheet = sheet
        self.dataset = dataset
        self.warnings: list[str] = []
        header_row, self.cols = find_header(sheet, REQUIRED, search_rows=5, anchor=("Group ID", "Name 6"))
        self.header_row = header_row
        self.version = self._version()

    def _version(self) -> str:
        for row in self.sheet.rows[: self.header_row]:
            if row and text(row[0]).casefold().rstrip(":") == "last updated" and len(row) > 1:
                cell = row[1]
                iso = excel_serial(cell) if isinstance(cell, (int, float)) else parse_date(text(cell))
                if iso:
                    return iso
                self.warnings.append(f"row 1: 'Last Updated' value {text(cell)!r} is not a date")
        return ""

    def cell(self, row: list[Cell], column: str) -> str:
        index = self.cols.get(column.casefold())
        return text(row[index]) if index is not None and index < len(row) else ""

    def run(self) -> ParsedList:
        groups: dict[str, _Group] = {}
        for index in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            if not any(text(c) for c in row):
                continue
            gid = self.cell(row, "Group ID")
            if not gid:
                raise self.sheet.error("the row has no Group ID", row=index + 1, column="Group ID")
            kind = self.cell(row, "Group Type")
            schema = _SCHEMA.get(kind.casefold())
            if schema is None:
                raise self.sheet.error(f"unknown Group Type {kind!r}", row=index + 1, column="Group Type")
            group = groups.get(gid)
            if group is None:
                group = groups[gid] = _Group(gid, schema)
            elif group.schema != schema:
                self.warnings.append(
                    f"{self.dataset}-{gid}: row {index + 1} has Group Type {kind!r}; kept {group.schema}"
                )
            group.rows.append(row)
        entities = [self.entity(g) for g in groups.values()]
        return ParsedList(self.dataset, self.version, entities, self.warnings, [self.sheet.file])

    def entity(self, group: _Group) -> Entity:
        prov = Provenance(self.dataset, group.gid, self.version, URL, self.sheet.file)
        entity = Entity(id=f"{self.dataset}-{group.gid}", schema=group.schema, provenance=prov)
        primary: list[str] = []
        others: list[tuple[str, str]] = []
        for row in group.rows:
            self._names(entity, row, primary, others)
        if not primary and others:
            # no row says "Primary name": the first strong name stands in (first name if all are weak)
            index = next((i for i, (prop, _) in enumerate(others) if prop == "alias"), 0)
            primary.append(others.pop(index)[1])
            self.warnings.append(f"{entity.id}: no row is the primary name; {primary[0]!r} stands in")
        ranked = [("name", n) for n in primary[:1]] + [("alias", n) for n in primary[1:]] + others
        ranked.sort(key=lambda pn: _NAME_RANK[pn[0]])  # stable: row order within a property
        seen: set[str] = set()
        for prop, name in ranked:
            if name not in seen:
                seen.add(name)
                entity.add(prop, name)
        for row in group.rows:
            self._details(entity, row)
        if entity.schema == "Organization" and company_like(entity):
            entity.schema = "Company"
        return entity

    def _names(
        self, entity: Entity, row: list[Cell], primary: list[str], others: list[tuple[str, str]]
    ) -> None:
        parts = [self.cell(row, c) for c in _NAME_COLS]
        full = " ".join(p for p in parts if p)
        alias_type = self.cell(row, "Alias Type").casefold()
        weak = self.cell(row, "Alias Quality").casefold().startswith("low")
        if full:
            if alias_type == "primary name":
                primary.append(full)
            else:
                prop = "previousName" if alias_type == "fka" else "weakAlias" if weak else "alias"
                others.append((prop, full))
            if entity.schema == "Person":
                entity.add("firstName", parts[0])
                entity.add("middleName", " ".join(p for p in parts[1:5] if p))
                entity.add("lastName", parts[5])
                entity.add("title", self.cell(row, "Title"))
        script = self.cell(row, "Name Non-Latin Script")
        if script:
            stated = LANGUAGE_CODES.get(self.cell(row, "Non-Latin Script Language").casefold())
            entity.add("alias", script, lang=name_language(script, stated))

    def _details(self, entity: Entity, row: list[Cell]) -> None:
        person, gid = entity.schema == "Person", entity.provenance.native_id
        dob = self.cell(row, "DOB")
        if dob and person:
            iso = parse_date(dob)
            if iso:
                entity.add("birthDate", iso)
            elif f"Date of birth: {dob}" not in entity.get("notes"):
                entity.add("notes", f"Date of birth: {dob}")
                self.warnings.append(f"{entity.id}: date of birth {dob!r} is not a date (kept in notes)")
        if person:
            towns = _split_numbered(self.cell(row, "Town of Birth"))
            countries = _split_numbered(self.cell(row, "Country of Birth"))
            if len(towns) == len(countries):
                entity.add_all("birthPlace", (f"{t}, {c}" for t, c in zip(towns, countries)))
            else:
                entity.add_all("birthPlace", towns + countries)
            for nat in _countries(self.cell(row, "Nationality")):
                entity.add("nationality", nat)
            entity.add_all("passportNumber", _split_numbered(self.cell(row, "Passport Number")))
            entity.add_all("idNumber", _split_numbered(self.cell(row, "National Identification Number")))
            for column in ("Passport Details", "National Identification Details"):
                if details := self.cell(row, column):  # issuer, dates, "False Indonesian": for reviewers
                    entity.add("notes", f"{column}: {details}")
            entity.add("position", self.cell(row, "Position"))
        address = [self.cell(row, f"Address {i}") for i in range(1, 7)]
        address += [self.cell(row, "Post/Zip Code"), self.cell(row, "Country")]
        entity.add("address", ", ".join(a for a in address if a))
        for country in _countries(self.cell(row, "Country")):
            entity.add("country", country)
        entity.add("program", self.cell(row, "Regime"))
        for column in ("Listed On", "UK Sanctions List Date Designated", "Date Designated"):
            value = self.cell(row, column)
            iso = parse_date(value)
            if iso:
                entity.add("listingDate", iso)
            elif value:
                self.warnings.append(f"{entity.id}: {column} {value!r} is not a date")
        other = self.cell(row, "Other Information")
        if other and other not in entity.get("notes"):
            entity.add("notes", other)
            self._other(entity, _info(other), gid)

    def _other(self, entity: Entity, info: dict[str, list[str]], gid: str) -> None:
        for value in info.get("gender", []):
            if entity.schema == "Person" and value.casefold() in ("male", "female"):
                entity.add("gender", value.casefold())
        for value in info.get("phone number", []) + info.get("fax", []):
            entity.add_all("phone", _split_numbered(value))
        for value in info.get("email address", []):
            entity.add_all("email", _split_numbered(value))
        for value in info.get("website", []):
            entity.add_all("website", _split_numbered(value))
        for value in info.get("business reg no", []):
            for prop, number in company_numbers(value):
                entity.add(prop, number)
        for value in info.get("type of entity", []):
            if entity.schema != "Person":
                entity.add("legalForm", value)
        if entity.schema != "Vessel":
            return
        for value in info.get("imo number", []):
            entity.add_all("imoNumber", re.findall(r"\b\d{7}\b", value) or [value])
        for value in info.get("flag of ship", []):
            entity.add("flag", to_code(value) or value)
        for value in info.get("type of ship", []):
            entity.add("type", value)
        for value in info.get("tonnage of ship", []):
            entity.add("tonnage", value)
        for value in info.get("year built", []):
            iso = parse_date(value)
            if iso:
                entity.add("buildDate", iso)
            else:
                self.warnings.append(f"{self.dataset}-{gid}: year built {value!r} is not a date")


def company_like(entity: Entity) -> bool:
    """Whether an organisation is a company: it has a company number or a commercial legal form in a name."""
    if any(entity.get(p) for p in ("registrationNumber", "taxNumber", "ogrnCode", "innCode")):
        return True
    names = [n for _, n in entity.names()] + entity.get("legalForm")
    return any(has_legal_form(n) for n in names)


def _countries(value: str) -> list[str]:
    """Country cells hold one or several countries (``(1) Germany. (2) Morocco``); ISO codes where known."""
    out: list[str] = []
    for item in _split_numbered(value):
        # "Russian Federation (as at November 2010)", "Iraq (previous address)": the qualifier goes
        code = to_code(item) or to_code(re.sub(r"\s*\(.*$", "", item))
        if code:
            out.append(code)
            continue
        pieces = [p.strip(" .") for p in re.split(r",|;|\.\s|\band\b", item) if p.strip(" .")]
        codes = [to_code(p) for p in pieces]
        if len(pieces) > 1 and all(codes):
            out.extend(c for c in codes if c)
        else:
            out.append(item)
    return out


FORMAT = UkHmtFormat()
