"""OFAC's free-text ``Remarks``: the ``; ``-separated items turned into FtM properties.

Dates and places of birth, nationalities, passports, national, tax and company
registration numbers, IMO numbers, weak a.k.a.s and links to other targets all
live in this one column of the SDN and consolidated CSV files, e.g.::

    DOB 30 Aug 1954; alt. DOB 31 Aug 1954; POB Kopys, Vitebsk oblast, Belarus;
    nationality Belarus; Gender Male.

Each item is matched against ``RULES``, a table of (label pattern, handler), in
order; the first match wins.  An item no rule knows is kept in ``notes`` as it
was published, and a date that cannot be read is kept as text and reported in
``Remarks.problems`` so the caller can count a warning — nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from zaslon.core.model import Entity
from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import parse_date, parse_dates

LINKED_TO = "Linked To: "
_ITEM_SEP = re.compile(r";\s*")  # "; " as a rule, but OFAC sometimes forgets the space


@dataclass(slots=True)
class Remarks:
    """What one record's remarks say, in the order they say it."""

    values: list[tuple[str, str]] = field(default_factory=list)  # (FtM property, value)
    notes: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # items kept as text that should have parsed

    def add(self, prop: str, value: str) -> None:
        value = value.strip()
        if value:
            self.values.append((prop, value))

    def get(self, prop: str) -> list[str]:
        return [v for p, v in self.values if p == prop]


Handler = Callable[[re.Match[str], Remarks], None]

_ALT = r"^(?:alt\.\s+)?"
_TAIL_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_ISSUED = re.compile(r"(?:^|\s+)(?:issued|expires)\b.*$", re.IGNORECASE)
_IMO = re.compile(r"^IMO\s*(\d{7})\b")
_LEADING_NO = re.compile(r"^(?:No\.?|Number|#)\s*:?\s*", re.IGNORECASE)


def split_identifier(text: str) -> tuple[str, str]:
    """``"1234 (Belarus) expires 2030"`` -> ``("1234", "Belarus")``: the number and its issuer."""
    value = _ISSUED.sub("", text.strip()).strip()
    country = ""
    while m := _TAIL_PARENS.search(value):
        if not country:
            country = m.group(1).strip()
        value = value[: m.start()].rstrip()
    return _LEADING_NO.sub("", value).strip(" ,;:"), country


def _identifier(prop: str) -> Handler:
    def handle(m: re.Match[str], out: Remarks) -> None:
        number, _country = split_identifier(m["value"])
        if imo := _IMO.match(number):  # "Identification Number IMO 1234567" and the like
            out.add("imoNumber", imo.group(1))
        elif number:
            out.add(prop, number)
        else:
            out.notes.append(m.string)

    return handle


def _span(start: str, end: str) -> list[str]:
    """A span of birth dates at the precision it pins down.

    ``01 Feb 1960 to 29 Feb 1960`` is ``1960-02``; ``21 Mar 1950 to 20 Mar 1951``
    (an Iranian year) is ``1950`` and ``1951``: the ends themselves are not
    birth dates, and an exact-date match on them would be a false precision.
    """
    if start[:7] == end[:7] and len(start) >= 7:
        return [start[:7]]
    first, last = int(start[:4]), int(end[:4])
    if first <= last <= first + 10:
        return [str(year) for year in range(first, last + 1)]
    return []


def _dates(prop: str, label: str) -> Handler:
    def handle(m: re.Match[str], out: Remarks) -> None:
        text = m["value"].strip()
        found, unparsed = parse_dates(text)
        if unparsed and text.count(" to ") == 1:
            start, end = (parse_date(part) for part in text.split(" to "))
            if start and end and (span := _span(start, end)):
                found, unparsed = span, []
        for value in found:
            out.add(prop, value)
        if unparsed:
            out.notes.append(f"{label}: {text}")
            out.problems.append(f"{label} {text!r} is not a date")

    return handle


_NO_COUNTRY = frozenset({"undetermined", "none identified", "unknown", "none"})


@lru_cache(maxsize=4096)
def country_value(text: str) -> str:
    """A country as OFAC writes it -> ISO code; unresolved text is kept, "undetermined" is dropped.

    Beyond what ``to_code`` knows, OFAC writes ``Region: Gaza``, inverted names
    (``Man, Isle of``; ``Congo, Republic of the``; ``Bahamas, The``) and
    ``Cote d Ivoire`` / ``St. Kitts & Nevis``.
    """
    text = text.strip()
    if text.lower() in _NO_COUNTRY:
        return ""
    plain = text.removeprefix("Region:").strip().replace(" & ", " and ").replace(" d ", " d'")
    candidates = [text, plain]
    if ", " in plain:
        head, tail = plain.split(", ", 1)
        candidates += [f"{tail} {head}", head]
    for candidate in candidates:
        if code := to_code(candidate):
            return code
    return text


def _country(prop: str) -> Handler:
    def handle(m: re.Match[str], out: Remarks) -> None:
        out.add(prop, country_value(m["value"]))

    return handle


_LEI = re.compile(r"^[A-Z0-9]{18}\d{2}$")


def _lei(m: re.Match[str], out: Remarks) -> None:
    # OFAC's "Legal Entity Number" is usually an ISO 17442 LEI, but not always
    number, _country = split_identifier(m["value"])
    out.add("leiCode" if _LEI.match(number) else "registrationNumber", number)


def _text(prop: str) -> Handler:
    def handle(m: re.Match[str], out: Remarks) -> None:
        out.add(prop, m["value"])

    return handle


def _gender(m: re.Match[str], out: Remarks) -> None:
    value = m["value"].strip().lower()
    if value in ("male", "female"):
        out.add("gender", value)
    else:
        out.notes.append(m.string)


def _weak_alias(m: re.Match[str], out: Remarks) -> None:
    # OFAC quotes the names it considers weak (short, generic): a.k.a., f.k.a. and n.k.a. alike
    name = m["value"].strip()
    if len(name) > 1 and name[0] == name[-1] == "'":
        name = name[1:-1]
    out.add("weakAlias", name)


def _linked(m: re.Match[str], out: Remarks) -> None:
    name = m["value"].strip().rstrip(".").strip()
    out.linked_to.append(name)
    out.notes.append(LINKED_TO + name)


def _note(m: re.Match[str], out: Remarks) -> None:
    out.notes.append(m.string)


def _labels(*labels: str) -> str:
    """An alternation of literal labels, longest first so that no label shadows a longer one."""
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


def _rule(labels: str, handler: Handler, sep: str = r"(?:\s*[:#]\s*|\s+)") -> tuple[re.Pattern[str], Handler]:
    return re.compile(rf"{_ALT}(?:{labels}){sep}(?P<value>.+)$", re.IGNORECASE | re.DOTALL), handler


PASSPORT_LABELS = ("Passport", "Diplomatic Passport", "Passport No.", "Travel Document Number")
ID_LABELS = (
    "National ID No.", "Identification Number", "Cedula No.", "SSN", "Personal ID Card", "D.N.I.",
    "Kenyan ID No.", "Turkish Identification Number", "Numero de Identidad", "C.U.R.P. #", "C.U.R.P.",
    "CURP #", "Citizen's Card Number", "Tazkira National ID Card", "UAE Identification",
    "Refugee ID Card", "Birth Certificate Number", "Driver's License No.", "Immigration No.",
    "Military Registration Number", "Pilot License Number", "VisaNumberID", "C.U.I.P.",
    "Residency Number", "Stateless Person ID Card", "Bosnian Personal ID No.", "Electoral Registry No.",
    "Identity Card Number", "Personal Identification Number", "Serial No.", "NIE",
)  # fmt: skip
TAX_LABELS = (
    "Tax ID No.", "RFC", "R.F.C.", "R.F.C. #", "RFC #", "NIT #", "NIT", "RUC #", "RUC", "C.U.I.T.",
    "C.I.F.", "V.A.T. Number", "VAT Number", "RIF #", "RIF", "Paraguayan tax identification number",
    "Numero Unico de Identificacao Tributaria (NUIT)", "RTN", "Tax Identification Number",
    "Registro Federal de Contribuyentes", "N.I.F.", "NIF #",
)  # fmt: skip
REGISTRATION_LABELS = (
    "Registration Number", "Business Registration Number", "Company Number", "Government Gazette Number",
    "Registration ID", "Commercial Registry Number", "Folio Mercantil No.", "Matricula Mercantil No",
    "Matricula Mercantil No.", "Chamber of Commerce Number", "Certificate of Incorporation Number",
    "Trade License No.", "C.R. No.", "Economic Register Number (CBLS)", "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)", "Central Registration System Number",
    "Public Registration Number", "Istanbul Chamber of Comm. No.", "Romanian C.R.", "Organization Code",
    "LE Number", "Business Registration Document #", "D-U-N-S Number", "File Number",
    "Afghan Money Service Provider License Number", "License", "Commercial Registration Number",
    "Aircraft Tail Number", "Vessel Registration Identification", "Business Number",
    "Enterprise Number", "Fiscal Code", "Trade Registry Number",
)  # fmt: skip

# First match wins: specific labels before the general ones they start like.
RULES: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(r"^(?P<kind>[afn])\.k\.a\.,?\s*(?P<value>'.+)$", re.DOTALL), _weak_alias),
    _rule(r"Linked To", _linked, sep=r"\s*:\s*"),
    _rule(r"DOB", _dates("birthDate", "DOB")),
    _rule(r"POB", _text("birthPlace")),
    _rule(r"Nationality of Registration", _country("jurisdiction")),
    _rule(r"nationality", _country("nationality")),
    _rule(r"citizen", _country("citizenship")),
    _rule(r"Gender", _gender),
    _rule(_labels(*PASSPORT_LABELS), _identifier("passportNumber")),
    _rule(_labels("Legal Entity Number"), _lei),
    _rule(_labels("SWIFT/BIC"), _identifier("swiftBic")),
    _rule(_labels("MMSI"), _identifier("mmsi")),
    _rule(_labels("Other Vessel Call Sign"), _identifier("callSign")),
    _rule(_labels(*TAX_LABELS), _identifier("taxNumber")),
    _rule(_labels(*REGISTRATION_LABELS), _identifier("registrationNumber")),
    _rule(_labels(*ID_LABELS), _identifier("idNumber")),
    _rule(
        _labels("Organization Established Date"), _dates("incorporationDate", "Organization Established Date")
    ),
    _rule(_labels("Vessel Year of Build", "Aircraft Manufacture Date"), _dates("buildDate", "Build date")),
    _rule(_labels("Aircraft Model"), _text("model")),
    _rule(
        _labels("Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Serial Identification"),
        _identifier("serialNumber"),
    ),
    _rule(_labels("Other Vessel Type"), _text("type")),
    _rule(_labels("Organization Type"), _text("sector"), sep=r"\s*:\s*"),
    _rule(_labels("Position"), _text("position"), sep=r"\s*:\s*"),
    _rule(_labels("Email Address", "Email"), _text("email")),
    _rule(_labels("Website"), _text("website")),
    (re.compile(r"^(?P<value>https?://\S+)(?:\s*\(website\))?$", re.IGNORECASE), _text("website")),
    _rule(_labels("Phone Number", "Telephone No.", "Telephone", "Phone"), _text("phone")),
)


def parse_remarks(text: str) -> Remarks:
    """Every item of a ``Remarks`` field (``; ``-separated) sorted into properties and notes."""
    out = Remarks()
    text = text.strip()
    text = text.removesuffix(".")  # OFAC ends every remarks field with a period (its end-of-field marker)
    for item in _ITEM_SEP.split(text):
        item = item.strip()
        if not item:
            continue
        kept = len(out.values) + len(out.notes)
        if found := _rule_for(item):
            handler, m = found
            handler(m, out)
        if len(out.values) + len(out.notes) == kept:
            out.notes.append(item)  # unknown, or a label with nothing usable after it ("a.k.a. ''")
    return out


@lru_cache(maxsize=32768)
def _rule_for(item: str) -> tuple[Handler, re.Match[str]] | None:
    # items repeat across thousands of records ("Gender Male"): match each text once
    for pattern, handler in RULES:
        if m := pattern.match(item):
            return handler, m
    return None


_MIN_OVERLAP = 60  # shorter repeats happen by chance ("Listing Date (EO 14024 Direct")


def merge_overflow(remarks: str, overflow: str) -> str:
    """Remarks longer than OFAC's 1,000 characters continue in the comments file.

    The continuation normally starts exactly where the remarks stop.  When the
    two files come from different publications the cut moved, and the end of
    the remarks reappears inside the continuation; then the two are joined
    where the longest such overlap (at least ``_MIN_OVERLAP`` characters) ends.
    """
    if not overflow or remarks.endswith(overflow):
        return remarks
    size = _MIN_OVERLAP
    if len(remarks) < size or remarks[-size:] not in overflow:
        return remarks + overflow
    while size < len(remarks) and remarks[-(size + 1) :] in overflow:
        size += 1
    at = overflow.find(remarks[-size:])
    return remarks + overflow[at + size :]


def linked_to(entity: Entity) -> list[str]:
    """The names of the targets an OFAC entity is ``Linked To:``, as OFAC writes them."""
    return [n[len(LINKED_TO) :] for n in entity.get("notes") if n.startswith(LINKED_TO)]


@dataclass(frozen=True, slots=True)
class Link:
    """One ``Linked To:`` remark: who, the name OFAC gives, and that name's entity if it is unambiguous."""

    source: str  # entity id
    name: str
    target: str | None  # entity id in the same parse, or None if no single entity bears the name


def links(entities: Iterable[Entity]) -> list[Link]:
    """Every ``Linked To:`` of a parse, resolved by exact name within it (primary names first)."""
    entities = list(entities)
    by_name: dict[str, dict[str, set[str]]] = {"name": {}, "other": {}}
    for entity in entities:
        for prop, value in entity.names():
            kind = "name" if prop == "name" else "other"
            by_name[kind].setdefault(value.upper(), set()).add(entity.id)
    out: list[Link] = []
    for entity in entities:
        for name in linked_to(entity):
            key = name.upper()
            ids = by_name["name"].get(key) or by_name["other"].get(key) or set()
            out.append(Link(entity.id, name, next(iter(ids)) if len(ids) == 1 else None))
    return out
