"""The EU Consolidated Financial Sanctions List, in its FSF XML edition (1.1).

Root ``export`` (default namespace ``http://eu.europa.ec/fpi/fsd/export``;
``generationDate`` is the list's version) holds ``sanctionEntity`` elements
whose data sit in attributes: ``subjectType@code`` (person, enterprise),
``nameAlias`` (``wholeName``, name parts, ``nameLanguage``, ``strong``),
``birthdate``, ``citizenship``, ``identification``, ``address``,
``regulation`` and ``remark``.  Each becomes ``eu_fsf-<logicalId>``.

Elements are matched by local name, so the parser reads the file whatever
namespace (or none) the Commission puts on it.

Download address: the Commission serves the file behind a token in the query
string.  ``download_url(token)`` builds the address; the public token that the
Commission's own page uses is the default.  To use another token, pass the
full address as the ``ZASLON_URL_EU_FSF`` setting.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field

from zaslon.core.model import Entity, Provenance
from zaslon.core.model.countries import names_by_code, to_code
from zaslon.core.model.dates import parse_date, parse_dates
from zaslon.core.model.schema import LEGAL_ENTITY, PERSON, VESSEL
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.legal_form import org_schema
from zaslon.sources.xml import XmlDocument, children, clean, local, parse_xml, root_name

URL_TEMPLATE = (
    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token={token}"
)
DEFAULT_TOKEN = "dG9rZW4tMjAxNw"  # the public token of the Commission's download page
FILE = "xmlFullSanctionsList_1_1.xml"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"


def download_url(token: str = DEFAULT_TOKEN) -> str:
    """The address of the full list in FSF XML 1.1, for an access ``token``."""
    return URL_TEMPLATE.format(token=token)


# identificationTypeCode -> FtM property (anything else is an idNumber)
_ID_PROPS = {
    "passport": "passportNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "tax": "taxNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}
_GENDERS = {"m": "male", "f": "female"}
_UNKNOWN_COUNTRY = "00"


def _attr(elem: ET.Element, name: str) -> str:
    return clean(elem.get(name))


def _country(elem: ET.Element) -> str | None:
    code = _attr(elem, "countryIso2Code").lower()
    if code and code != _UNKNOWN_COUNTRY:
        return code
    description = _attr(elem, "countryDescription")
    return to_code(description) if description and description.upper() != "UNKNOWN" else None


def _place(elem: ET.Element, *fields: str) -> str:
    """An address or place of birth as one line, the country by its usual English name."""
    parts = [_attr(elem, f) for f in fields]
    code = _country(elem)
    parts.append(names_by_code().get(code, "") if code else "")
    return ", ".join(p for p in parts if p)


def _whole_name(alias: ET.Element) -> str:
    whole = _attr(alias, "wholeName")
    if whole:
        return whole
    return " ".join(p for p in (_attr(alias, f) for f in ("firstName", "middleName", "lastName")) if p)


def _primary(aliases: list[ET.Element]) -> ET.Element:
    """The name to show: the first strong name in the regulation's language, else the first strong one."""
    strong = [a for a in aliases if _attr(a, "strong").lower() != "false"]
    for alias in strong:
        if not _attr(alias, "nameLanguage"):
            return alias
    return (strong or aliases)[0]


def birth_dates(elem: ET.Element) -> list[str]:
    """A ``birthdate`` element as ISO dates of the precision it states.

    ``birthdate="1952-03-04"`` is a day; ``year``/``monthOfYear``/``dayOfMonth``
    may give only part of it; ``yearRangeFrom``/``yearRangeTo`` a span of
    years; ``circa="true"`` keeps only the year.
    """
    full = parse_date(_attr(elem, "birthdate"))
    year, month, day = _attr(elem, "year"), _attr(elem, "monthOfYear"), _attr(elem, "dayOfMonth")
    if full:
        found = [full]
    elif year:
        parts = [year] + ([month.zfill(2)] + ([day.zfill(2)] if day else []) if month else [])
        found = [d for d in [parse_date("-".join(parts)) or parse_date(year)] if d]
    elif _attr(elem, "yearRangeFrom"):
        found = parse_dates(f"{_attr(elem, 'yearRangeFrom')} to {_attr(elem, 'yearRangeTo')}")[0]
    else:
        found = []
    if _attr(elem, "circa").lower() == "true":
        found = list(dict.fromkeys(d[:4] for d in found))
    return found


@dataclass(slots=True)
class _Reader:
    doc: XmlDocument
    dataset: str
    version: str
    url: str
    warnings: list[str] = field(default_factory=list)

    def warn(self, elem: ET.Element, native: str, message: str) -> None:
        self.warnings.append(f"{self.doc.file}, line {self.doc.line(elem)}, record {native}: {message}")

    def entity(self, elem: ET.Element) -> Entity | None:
        native = _attr(elem, "logicalId")
        if not native:
            raise self.doc.error("a sanctionEntity without a logicalId", elem)
        aliases = [a for a in children(elem, "nameAlias") if _whole_name(a)]
        if not aliases:
            self.warn(elem, native, "no name; skipped")
            return None
        subject = next(iter(children(elem, "subjectType")), None)
        code = _attr(subject, "code").lower() if subject is not None else ""
        if not code and subject is not None:  # only the one-letter classification is given
            code = {"P": "person", "E": "enterprise"}.get(_attr(subject, "classificationCode").upper(), "")
        if code == "person":
            schema = PERSON
        elif code == "enterprise":
            schema = org_schema(_whole_name(a) for a in aliases)
        elif code == "vessel":
            schema = VESSEL
        else:
            self.warn(elem, native, f"unknown subjectType {code!r}; loaded as a legal entity")
            schema = LEGAL_ENTITY
        prov = Provenance(self.dataset, native, self.version, self.url, self.doc.file)
        entity = Entity(id=f"{self.dataset}-{native}", schema=schema, provenance=prov)
        self.names(entity, aliases)
        if schema == PERSON:
            for birth in children(elem, "birthdate"):
                entity.add_all("birthDate", birth_dates(birth))
                entity.add("birthPlace", _place(birth, "place", "city", "region"))
            for citizenship in children(elem, "citizenship"):
                entity.add("nationality", _country(citizenship))
        for ident in children(elem, "identification"):
            prop = _ID_PROPS.get(_attr(ident, "identificationTypeCode").lower(), "idNumber")
            entity.add(prop, _attr(ident, "number"))
            entity.add(prop, _attr(ident, "latinNumber"))
        for address in children(elem, "address"):
            entity.add("address", _place(address, "street", "poBox", "zipCode", "city", "region", "place"))
            entity.add("country", _country(address))
        dates = [_attr(elem, "designationDate")]
        for regulation in children(elem, "regulation"):
            entity.add("program", _attr(regulation, "programme"))
            dates.append(_attr(regulation, "publicationDate"))
        listed = sorted(d for d in map(parse_date, dates) if d)
        entity.add("listingDate", listed[0] if listed else None)
        for remark in children(elem, "remark"):
            entity.add("notes", clean(remark.text))
        return entity

    def names(self, entity: Entity, aliases: list[ET.Element]) -> None:
        primary = _primary(aliases)
        entity.add("name", _whole_name(primary), lang=_attr(primary, "nameLanguage").lower() or None)
        for alias in aliases:
            lang = _attr(alias, "nameLanguage").lower() or None
            weak = _attr(alias, "strong").lower() == "false"
            if alias is not primary:
                entity.add("weakAlias" if weak else "alias", _whole_name(alias), lang=lang)
            if entity.schema == PERSON and not weak:
                for part, prop in (
                    ("firstName", "firstName"),
                    ("middleName", "middleName"),
                    ("lastName", "lastName"),
                ):
                    entity.add(prop, _attr(alias, part))
                entity.add("title", _attr(alias, "title"))
                entity.add("position", _attr(alias, "function"))
                entity.add("gender", _GENDERS.get(_attr(alias, "gender").lower()))
        names = set(entity.get("name"))
        if "alias" in entity.properties:  # a translation identical to the primary name adds nothing
            entity.properties["alias"] = [a for a in entity.properties["alias"] if a not in names]
            if not entity.properties["alias"]:
                del entity.properties["alias"]


class EuFsfFormat:
    """The EU Consolidated Financial Sanctions List (FSF XML 1.1)."""

    name = "eu_fsf_xml"
    dataset = "eu_fsf"
    title = "EU Consolidated Financial Sanctions List"
    urls: Mapping[str, str] = {FILE: download_url()}
    companions: tuple[str, ...] = ()

    def sniff(self, name: str, head: bytes) -> bool:
        return root_name(head) == "export" and (b"sanctionEntity" in head or b"/fsd/" in head)

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        doc = parse_xml(files[main], main)
        if local(doc.root.tag) != "export":
            raise SourceError(f"not the EU FSF list: the root element is {local(doc.root.tag)!r}", file=main)
        generated = doc.root.get("generationDate", "")
        version = parse_date(generated[:10]) or ""
        reader = _Reader(doc, dataset or self.dataset, version, self.urls[FILE])
        if not version:
            reader.warnings.append(
                f"{main}: no usable generationDate ({generated!r}); the list has no version"
            )
        by_id: dict[str, Entity] = {}
        for elem in children(doc.root, "sanctionEntity"):
            entity = reader.entity(elem)
            if entity is None:
                continue
            if entity.id in by_id:
                raise doc.error(f"the logicalId {entity.provenance.native_id!r} is used twice", elem)
            by_id[entity.id] = entity
        return ParsedList(reader.dataset, version, list(by_id.values()), reader.warnings, [main])


FORMAT = EuFsfFormat()
