"""Canada's Consolidated Autonomous Sanctions List (SEMA and JVCFOR), in XML.

Root ``data-set`` holds flat ``record`` elements.  A person has ``LastName``
and ``GivenName``; an entity has ``Entity`` (``EntityOrShip`` in newer files,
which also carry ``ShipIMONumber``, ``DateOfListing`` and bilingual element
names such as ``GivenName-Prenom``).  ``Country`` names the sanctions regime,
not a nationality.  The list has no ids of its own: a target is
``ca_sema-<regime slug>-<Schedule>-<Item>`` (``ca_sema-russia-1, Part 2-4``),
with schedule ``0`` where the record has none.

Names are unpacked the way a reader would: "Aerospace Research
Institute/Institut de recherche aérospatiale" is an English name and its
French alias; a person's alias "Andrei" is a spelling of the given name
"Andrey" and becomes "Andrei Igorevich AKIMOV"; "SALYAYEV" replaces the
surname; "Motorola" is a nickname.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from zaslon.core.model import Entity, Provenance
from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import parse_dates
from zaslon.core.model.schema import PERSON, VESSEL
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.legal_form import has_legal_form, org_schema
from zaslon.sources.xml import XmlDocument, clean, local, parse_xml, root_name

URL = (
    "https://www.international.gc.ca/world-monde/assets/office_docs/"
    "international_relations-relations_internationales/sanctions/sema-lmes.xml"
)
FILE = "sema-lmes.xml"

# newer element names -> the names of the 2020 file
_FIELD_ALIASES = {
    "EntityOrShip": "Entity",
    "DateOfBirthOrShipBuildDate": "DateOfBirth",
    "TitleOrShip": "Title",
    "TitleOrShipType": "Title",
}
_NO_SCHEDULE = frozenset({"", "n/a", "na", "-"})


def regime_slug(country: str) -> str:
    """``"Russia / Russie"`` -> ``"russia"``; the English half, lower case, dashes."""
    english = clean(country).split(" / ")[0]
    return re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")


def native_id(country: str, schedule: str, item: str) -> str:
    """The stable key of a record, as ``<regime slug>-<Schedule>-<Item>``."""
    schedule = clean(schedule)
    return f"{regime_slug(country)}-{'0' if schedule.lower() in _NO_SCHEDULE else schedule}-{clean(item)}"


def _fields(record: ET.Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in record:
        name = local(child.tag).split("-")[0]  # "GivenName-Prenom" -> "GivenName"
        out[_FIELD_ALIASES.get(name, name)] = clean(child.text)
    return out


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def bilingual(name: str) -> tuple[str, str | None]:
    """``"Presidential Guard/Garde présidentielle"`` -> the English and the French name."""
    parts = _split_top(name, "/")
    if len(parts) == 2 and all(" " in p or len(p) >= 3 for p in parts):
        return parts[0], parts[1]
    return name, None


def split_aliases(text: str) -> list[str]:
    """The ``Aliases`` field as names: comma separated, a lone legal form stays with its name."""
    pieces: list[str] = []
    for piece in _split_top(text, ","):
        if piece.startswith("(") and piece.endswith(")"):
            piece = piece[1:-1].strip()  # "(Rosselkhozbank)"
        if pieces and has_legal_form(piece) and len(piece.split()) == 1:
            pieces[-1] = f"{pieces[-1]}, {piece}"  # "Technodinamica Holding, JSC"
        elif piece:
            pieces.append(piece)
    if len(pieces) > 2:  # "..., A et B": the French list's last two names
        last = re.split(r"\s+(?:et|and)\s+", pieces[-1])
        pieces[-1:] = [p for p in last if p]
    return pieces


def _similar(a: str, b: str) -> bool:
    """Two spellings of one given name or surname ("Andrey"/"Andrei", "SALYAEV"/"SALIAIEV")."""
    return ratio(a.lower(), b.lower()) >= 60  # "Yevgeny"/"Evgeny" 92, "Andrii"/"Andrey" 67, "Arina"/"Vera" 44


def _compact(name: str) -> str:
    return "".join(name.lower().split())


def person_aliases(given: str, last: str, text: str) -> tuple[list[str], list[str]]:
    """A person's ``Aliases`` as full names and nicknames: ``(aliases, weak aliases)``.

    The list often gives only the part that differs: another spelling of the
    first given name ("Andrei"), of the given names ("Alexander Alexandrovich"),
    or of the surname, in capitals ("PASHENKO").  Those are completed from the
    listed name.  A single word that resembles neither is a nickname.
    """
    given_words = given.split()
    strong: list[str] = []
    weak: list[str] = []
    for piece in split_aliases(text):
        words = piece.split()
        caps = [w for w in words if w.isupper() and len(w) > 1]
        if _compact(piece) == _compact(f"{given} {last}"):
            strong.append(piece)  # the same name spaced differently: "Amir Ali Hajizadeh"
        elif len(words) == 1 and caps and last and _similar(piece, last):
            strong.append(f"{given} {piece}".strip())  # surname spelled another way
        elif (
            not caps and given_words and _similar(words[0], given_words[0]) and len(words) <= len(given_words)
        ):
            strong.append(
                " ".join([*words, *given_words[len(words) :], last])
            )  # given name(s) spelled another way
        elif len(words) == 1 and not caps:
            weak.append(piece)  # "Motorola", "Givi": a nickname
        else:
            strong.append(piece)  # a full other name: "Shwe Mann Ko Ko", "Oleksii SALYAYEV"
    return strong, weak


@dataclass(slots=True)
class _Reader:
    doc: XmlDocument
    dataset: str
    warnings: list[str] = field(default_factory=list)

    def record(self, record: ET.Element) -> Entity | None:
        f = _fields(record)
        country, item = f.get("Country", ""), f.get("Item", "")
        if not country or not item:
            raise self.doc.error("a record without Country or Item cannot be identified", record)
        native = native_id(country, f.get("Schedule", ""), item)
        given, last, org = f.get("GivenName", ""), f.get("LastName", ""), f.get("Entity", "")
        if not (given or last or org):
            self.warnings.append(
                f"{self.doc.file}, line {self.doc.line(record)}, record {native}: no name; skipped"
            )
            return None
        prov = Provenance(self.dataset, native, "", URL, self.doc.file)
        if given or last:
            entity = Entity(id=f"{self.dataset}-{native}", schema=PERSON, provenance=prov)
            entity.add("name", f"{given} {last}")
            entity.add("firstName", given)
            entity.add("lastName", last)
            strong, weak = person_aliases(given, last, f.get("Aliases", ""))
            entity.add_all("alias", strong)
            entity.add_all("weakAlias", weak)
            for title in bilingual(f.get("Title", "")):  # "Major General/major-général"
                entity.add("title", title)
            self._dates(entity, record, "birthDate", f.get("DateOfBirth", ""))
        else:
            english, french = bilingual(org)
            aliases: list[tuple[str, str | None]] = [(french, "fr")] if french else []
            for alias in split_aliases(f.get("Aliases", "")):
                en, fr = bilingual(alias)
                aliases.extend([(en, None)] + ([(fr, "fr")] if fr else []))
            is_ship = bool(f.get("ShipIMONumber"))
            schema = VESSEL if is_ship else org_schema([english, *(a for a, _ in aliases)])
            entity = Entity(id=f"{self.dataset}-{native}", schema=schema, provenance=prov)
            entity.add("name", english)
            for alias, lang in aliases:
                entity.add("alias", alias, lang=lang)
            if is_ship:
                entity.add("imoNumber", f.get("ShipIMONumber"))
                entity.add("type", f.get("Title"))
                self._dates(entity, record, "buildDate", f.get("DateOfBirth", ""))
        entity.add("program", country)
        entity.add("country", to_code(country.split(" / ")[0]))
        self._dates(entity, record, "listingDate", f.get("DateOfListing", ""))
        return entity

    def _dates(self, entity: Entity, record: ET.Element, prop: str, text: str) -> None:
        dates, bad = parse_dates(text)
        entity.add_all(prop, dates)
        for piece in bad:
            entity.add("notes", f"{prop}: {piece}")
            self.warnings.append(
                f"{self.doc.file}, line {self.doc.line(record)}, record {entity.provenance.native_id}: "
                f"{prop} {piece!r} is not a date; kept as a note"
            )


class CaSemaFormat:
    """Canada's Consolidated Autonomous Sanctions List (XML)."""

    name = "ca_sema_xml"
    dataset = "ca_sema"
    title = "Canada Consolidated Autonomous Sanctions List (SEMA, JVCFOR)"
    urls: Mapping[str, str] = {FILE: URL}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        return root_name(head) == "data-set" and b"<record" in head

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        doc = parse_xml(files[main], main)
        if local(doc.root.tag) != "data-set":
            raise SourceError(
                f"not the Canada SEMA list: the root element is {local(doc.root.tag)!r}", file=main
            )
        reader = _Reader(doc, dataset or self.dataset)
        by_id: dict[str, Entity] = {}
        for record in doc.root:
            if local(record.tag) != "record":
                continue
            entity = reader.record(record)
            if entity is None:
                continue
            if entity.id in by_id:
                # two targets under one key: keep both, and say so, rather than lose one
                n = sum(1 for key in by_id if key.startswith(entity.id)) + 1
                entity.id = f"{entity.id}-{n}"
                reader.warnings.append(
                    f"{main}, line {doc.line(record)}: a second record with the key "
                    f"{entity.provenance.native_id!r}; loaded as {entity.id}"
                )
            by_id[entity.id] = entity
        # The file states no publication date, so the list has no version of its own.
        return ParsedList(reader.dataset, "", list(by_id.values()), reader.warnings, [main])


FORMAT = CaSemaFormat()
