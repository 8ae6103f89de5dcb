"""The UN Security Council Consolidated List, in its XML edition.

Root ``CONSOLIDATED_LIST`` (``dateGenerated`` is the list's version) holds
``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``.  Each becomes one entity
with id ``un_sc-<REFERENCE_NUMBER>`` (``un_sc-IRi.039``).

What the XML packs into one field is unpacked here: alias fields that hold
several names separated by ``;``, passport numbers written as prose ("CAR
diplomatic passport no. D00000897"), birth years given as a range, and the
name in its original script.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field

from zaslon.core.model import Entity, Provenance
from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import parse_date, parse_dates
from zaslon.core.model.schema import PERSON
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.legal_form import org_schema
from zaslon.sources.xml import XmlDocument, child_text, children, clean, local, parse_xml, root_name

URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
FILE = "consolidated.xml"

_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_PLACEHOLDERS = frozenset({"na", "n/a", "-", "none", "unknown"})
# QUALITY of an alias -> the FtM property it goes to ("" when the list leaves it blank)
_ALIAS_PROP = {"good": "alias", "a.k.a.": "alias", "": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
_PASSPORT_TYPES = frozenset({"passport", "numéro de passeport", "número de pasaporte"})
# "CAR diplomatic passport no. D00000897", "Provisional passport No.: 28642163"
_NUMBER_IN_PROSE = re.compile(
    r"\b(?:no|number|nr)\.?\s*:?\s*([A-Z0-9][A-Z0-9/.\- ]*[A-Z0-9])\s*$", re.IGNORECASE
)
_IN_SCRIPT = re.compile(r"\bin [A-Za-z]+ script\s*:\s*(.+)$", re.IGNORECASE)


_ENUMERATOR = re.compile(r"(?:^|\s)[a-z]\)\s")  # "a) A b) B"
_NOTE = re.compile(r"^(?:original script|(?:previously|formerly) listed as)$", re.IGNORECASE)
_NOTE_SUFFIX = re.compile(r"\s+-\s+sub-unit name$|^original script:\s*", re.IGNORECASE)


def _latin(char: str) -> bool:
    return ord(char) < 0x250 or 0x1E00 <= ord(char) <= 0x1EFF


def _scripts(text: str) -> tuple[bool, bool]:
    """Whether ``text`` has Latin letters, and whether it has letters of another script."""
    letters = [c for c in text if c.isalpha()]
    return any(map(_latin, letters)), not all(map(_latin, letters))


def _top_level_split(text: str) -> list[str]:
    """Split on ``;`` and ``a)``/``b)`` enumerators, but not inside parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for part in parts for p in _ENUMERATOR.split(part)]


def _trailing_group(text: str) -> tuple[str, str] | None:
    """``"X (Y)"`` -> ``("X", "Y")`` for the last balanced parenthesised group."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += (text[i] == ")") - (text[i] == "(")
        if depth == 0:
            return text[:i].strip(" ,"), text[i + 1 : -1].strip(" ,")
    return None


def split_names(text: str) -> list[str]:
    """One UN name field as the names it holds.

    ``"A; B"`` and ``"a) A b) B"`` hold several names; ``"Jin Tiesan (金铁三)"``
    and ``"حسن غول (Hassan Ghul; Hasan Gul)"`` hold a name and its spellings in
    another script; ``"(original script)"`` and ``"(previously listed as)"``
    are notes, not names.
    """
    names: list[str] = []
    for part in _top_level_split(clean(text)):
        for name in _unpack(_NOTE_SUFFIX.sub("", part.strip(" ,"))):
            if name and name not in names:
                names.append(name)
    return names


def _unpack(name: str) -> list[str]:
    group = _trailing_group(name)
    if group is None:
        latin, other = _scripts(name)
        if latin and other:  # "Agha Jan Alizai اغا جان عالیزی"
            words = name.split()
            for cut in range(1, len(words)):
                head, tail = " ".join(words[:cut]), " ".join(words[cut:])
                if _scripts(head) == (True, False) and _scripts(tail) == (False, True):
                    return [head, tail]
        return [name]
    outside, inside = group
    if _NOTE.match(inside):
        return _unpack(outside)
    if not outside:
        return split_names(inside)
    if ";" in inside or _scripts(outside) != _scripts(inside):
        return [*_unpack(outside), *split_names(inside)]
    return [name]  # "BUTEMBO AIRLINES (BAL)": the parenthesis belongs to the name


def document_number(text: str) -> str:
    """The number itself from a document field that may be written as prose."""
    value = clean(text)
    if " " in value and (m := _NUMBER_IN_PROSE.search(value)):
        return m[1].strip()
    return value


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


@dataclass(slots=True)
class _Reader:
    """The state of one parse: the document, provenance defaults, warnings."""

    doc: XmlDocument
    dataset: str
    version: str
    url: str
    warnings: list[str] = field(default_factory=list)

    def warn(self, elem: ET.Element, ref: str, message: str) -> None:
        self.warnings.append(f"{self.doc.file}, line {self.doc.line(elem)}, record {ref}: {message}")

    def entity(self, elem: ET.Element, schema: str) -> Entity:
        ref = child_text(elem, "REFERENCE_NUMBER")
        if not ref:
            ref = child_text(elem, "DATAID")
            if not ref:
                raise self.doc.error("a record has neither REFERENCE_NUMBER nor DATAID", elem)
            self.warn(elem, ref, "no REFERENCE_NUMBER; the DATAID is used as its id")
        prov = Provenance(self.dataset, ref, self.version, self.url, self.doc.file)
        entity = Entity(id=f"{self.dataset}-{ref}", schema=schema, provenance=prov)
        entity.add("program", child_text(elem, "UN_LIST_TYPE"))
        entity.add("listingDate", parse_date(child_text(elem, "LISTED_ON")))
        entity.add("notes", child_text(elem, "COMMENTS1").lstrip(" :;"))
        return entity

    def aliases(self, entity: Entity, elem: ET.Element, tag: str) -> None:
        for alias in children(elem, tag):
            quality = child_text(alias, "QUALITY").lower()
            prop = _ALIAS_PROP.get(quality)
            if prop is None:
                self.warn(
                    alias, entity.provenance.native_id, f"unknown alias QUALITY {quality!r}; kept as alias"
                )
                prop = "alias"
            for name in split_names(child_text(alias, "ALIAS_NAME")):
                entity.add(prop, name)
            # "in Arabic script: شركة الكوثر" — the same alias in its own script
            if m := _IN_SCRIPT.search(child_text(alias, "NOTE")):
                entity.add("alias", m[1])
            if entity.schema == PERSON:
                entity.add_all("birthDate", parse_dates(child_text(alias, "DATE_OF_BIRTH"))[0])
                entity.add(
                    "birthPlace",
                    _join(child_text(alias, "CITY_OF_BIRTH"), child_text(alias, "COUNTRY_OF_BIRTH")),
                )

    def addresses(self, entity: Entity, elem: ET.Element, tag: str) -> None:
        for addr in children(elem, tag):
            country = child_text(addr, "COUNTRY")
            parts = [child_text(addr, f) for f in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
            if any(parts):
                entity.add("address", _join(*parts, country))
            if country:
                entity.add("country", to_code(country) or country)


def _country(text: str) -> str:
    return to_code(text) or text


def _person(r: _Reader, elem: ET.Element) -> Entity:
    entity = r.entity(elem, PERSON)
    ref = entity.provenance.native_id
    parts = [p for p in (child_text(elem, f) for f in _NAME_FIELDS) if p and p.lower() not in _PLACEHOLDERS]
    if not parts:
        raise r.doc.error("an individual without a name", elem, record=ref)
    entity.add("name", " ".join(parts))
    nationalities = [clean(v.text) for n in children(elem, "NATIONALITY") for v in children(n, "VALUE")]
    if len(parts) > 1 and ("DPRK" in entity.get("program") or "kp" in map(_country, nationalities)):
        # Korean names are written family name first: FIRST_NAME holds the family name
        entity.add("lastName", parts[0])
        entity.add("firstName", " ".join(parts[1:]))
    else:
        entity.add("firstName", parts[0])
        if len(parts) > 1:
            entity.add("lastName", parts[-1])
        for middle in parts[1:-1]:
            entity.add("middleName", middle)
    for original in split_names(child_text(elem, "NAME_ORIGINAL_SCRIPT")):
        entity.add("alias", original)
    r.aliases(entity, elem, "INDIVIDUAL_ALIAS")
    for group, prop in (("TITLE", "title"), ("DESIGNATION", "position")):
        for holder in children(elem, group):
            entity.add_all(prop, (clean(v.text) for v in children(holder, "VALUE")))
    for holder in children(elem, "NATIONALITY"):
        entity.add_all(
            "nationality", (_country(clean(v.text)) for v in children(holder, "VALUE") if clean(v.text))
        )
    gender = child_text(elem, "GENDER").lower()
    if gender in ("male", "female"):
        entity.add("gender", gender)
    for dob in children(elem, "INDIVIDUAL_DATE_OF_BIRTH"):
        _birth_date(r, entity, dob)
    for pob in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH"):
        fields = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
        entity.add("birthPlace", _join(*(child_text(pob, f) for f in fields)))
    for doc in children(elem, "INDIVIDUAL_DOCUMENT"):
        kind = child_text(doc, "TYPE_OF_DOCUMENT").lower()
        number = document_number(child_text(doc, "NUMBER"))
        if number:
            entity.add("passportNumber" if kind in _PASSPORT_TYPES else "idNumber", number)
    r.addresses(entity, elem, "INDIVIDUAL_ADDRESS")
    return _without_repeated_names(entity)


def _birth_date(r: _Reader, entity: Entity, dob: ET.Element) -> None:
    """One INDIVIDUAL_DATE_OF_BIRTH: an exact date, a year, a range of years or a note."""
    kind = child_text(dob, "TYPE_OF_DATE").upper()
    found: list[str] = []
    if date := child_text(dob, "DATE"):
        found.extend(parse_dates(date)[0])
    elif year := child_text(dob, "YEAR"):
        found.extend(parse_dates(year)[0])
    elif kind == "BETWEEN" or child_text(dob, "FROM_YEAR"):
        found.extend(parse_dates(f"{child_text(dob, 'FROM_YEAR')} to {child_text(dob, 'TO_YEAR')}")[0])
    note = child_text(dob, "NOTE")
    if not found and note:
        # "Nov. 1973" is a date; "30-35 years old" is not and stays a note
        found.extend(parse_dates(note)[0])
        if not found:
            entity.add("notes", f"Date of birth: {note}")
            r.warn(dob, entity.provenance.native_id, f"date of birth {note!r} is not a date; kept as a note")
    entity.add_all("birthDate", found)


def _organization(r: _Reader, elem: ET.Element) -> Entity:
    names = split_names(child_text(elem, "FIRST_NAME"))
    aliases = [split_names(child_text(a, "ALIAS_NAME")) for a in children(elem, "ENTITY_ALIAS")]
    entity = r.entity(elem, org_schema([*names, *(n for group in aliases for n in group)]))
    if not names:
        raise r.doc.error("an entity without a name", elem, record=entity.provenance.native_id)
    entity.add("name", names[0])
    entity.add_all("alias", names[1:])
    for original in split_names(child_text(elem, "NAME_ORIGINAL_SCRIPT")):
        entity.add("alias", original)
    r.aliases(entity, elem, "ENTITY_ALIAS")
    r.addresses(entity, elem, "ENTITY_ADDRESS")
    return _without_repeated_names(entity)


def _without_repeated_names(entity: Entity) -> Entity:
    """Aliases that only repeat the primary name are dropped; an alias also listed as weak stays strong."""
    names = set(entity.get("name"))
    for prop in ("alias", "weakAlias", "previousName"):
        if prop in entity.properties:
            entity.properties[prop] = [v for v in entity.properties[prop] if v not in names]
            if not entity.properties[prop]:
                del entity.properties[prop]
        names.update(entity.get(prop))
    return entity


def _merge_duplicates(entities: list[Entity], reader: _Reader) -> list[Entity]:
    """One entity per reference number: a repeated record adds its values to the first."""
    by_id: dict[str, Entity] = {}
    for entity in entities:
        first = by_id.setdefault(entity.id, entity)
        if first is not entity:
            reader.warnings.append(
                f"{reader.doc.file}: record {entity.provenance.native_id} is listed twice; merged"
            )
            for prop, values in entity.properties.items():
                first.add_all(prop, values)
    return list(by_id.values())


class UnScFormat:
    """The UN Security Council Consolidated List (XML)."""

    name = "un_sc_xml"
    dataset = "un_sc"
    title = "UN Security Council Consolidated List"
    urls: Mapping[str, str] = {FILE: URL}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        return root_name(head) == "CONSOLIDATED_LIST"

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        doc = parse_xml(files[main], main)
        if local(doc.root.tag) != "CONSOLIDATED_LIST":
            raise SourceError(
                f"not the UN consolidated list: the root element is {local(doc.root.tag)!r}", file=main
            )
        generated = doc.root.get("dateGenerated", "")
        version = parse_date(generated[:10]) or ""
        dataset = dataset or self.dataset
        reader = _Reader(doc, dataset, version, URL)
        if not version:
            reader.warnings.append(
                f"{main}: no usable dateGenerated ({generated!r}); the list has no version"
            )
        entities: list[Entity] = []
        for group in doc.root:
            for record in group:
                tag = local(record.tag)
                if tag == "INDIVIDUAL":
                    entities.append(_person(reader, record))
                elif tag == "ENTITY":
                    entities.append(_organization(reader, record))
        return ParsedList(dataset, version, _merge_duplicates(entities, reader), reader.warnings, [main])


FORMAT = UnScFormat()
