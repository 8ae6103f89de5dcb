"""The US OFAC SDN list in its legacy CSV form (``sdn.csv`` + ``alt.csv``, ``add.csv``, ``sdn_comments.csv``).

``OfacFormat`` reads this layout; the consolidated non-SDN list uses the very
same one under other file names (see ``ofac_cons``).  One primary record
becomes one entity ``<dataset>-<ent_num>``: individuals are Persons, vessels
Vessels, aircraft Airplanes, and the rest Companies when they look commercial
(a legal form in a name, a company or tax register number, a SWIFT code) or
Organizations otherwise.  What the remarks hold is read by ``ofac_remarks``.

OFAC's legacy files state no publication date, so ``ParsedList.version`` is "".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from zaslon.core.model import Entity, Provenance
from zaslon.exc import SourceError
from zaslon.sources.base import ParsedList
from zaslon.sources.legal_form import has_legal_form as shared_has_legal_form
from zaslon.sources.ofac_csv import (
    ADD_COLUMNS,
    ALT_COLUMNS,
    COMMENT_COLUMNS,
    SDN_COLUMNS,
    SDN_COMPANIONS,
    SDN_MAIN,
    Row,
    classify,
    read_rows,
)
from zaslon.sources.ofac_remarks import Remarks, country_value, linked_to, merge_overflow, parse_remarks

_SCHEMA_BY_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
_ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}

# Legal forms OFAC's Latin American, Balkan and Gulf entries use that the shared table
# (``zaslon.sources.legal_form``) does not know; compared with dots dropped ("LTDA." -> "LTDA").
_MORE_LEGAL_FORMS = frozenset(
    {"LTDA", "LIMITADA", "LDA", "SA", "SAS", "SAC", "SAL", "SCS", "CA", "CIA", "EOOD", "OOD", "EAD", "AD",
     "DOO", "SRO", "KFT", "ZRT", "DMCC", "WLL", "SPC", "OY", "OU", "AB"}
)  # fmt: skip
_MORE_LEGAL_PHRASES = (" DE CV ", " DE RL ", " SP Z OO ", " EN CS ")
_COMMERCIAL_PROPS = ("registrationNumber", "taxNumber", "leiCode", "swiftBic")
_COMMERCIAL_TARGET = re.compile(r"^Target Type .*(Company|Enterprise|Financial Institution)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,;()/&]+")  # not hyphens: "RIYADH-AS-SALIHEEN" holds no "AS"


def has_legal_form(name: str) -> bool:
    """Whether a name carries a company legal form (LLC, JSC, S.A., LTDA., GmbH, OOO ...)."""
    if shared_has_legal_form(name):
        return True
    text = " " + " ".join(_SEPARATORS.split(name.upper().replace(".", ""))) + " "
    return any(p in text for p in _MORE_LEGAL_PHRASES) or not _MORE_LEGAL_FORMS.isdisjoint(text.split())


def _schema(sdn_type: str, names: list[str], remarks: Remarks) -> str:
    schema = _SCHEMA_BY_TYPE.get(sdn_type, "LegalEntity")
    if schema != "Organization":
        return schema
    if any(has_legal_form(n) for n in names):
        return "Company"
    if any(remarks.get(p) for p in _COMMERCIAL_PROPS) or any(
        _COMMERCIAL_TARGET.match(n) for n in remarks.notes
    ):
        return "Company"
    return "Organization"


def _number(text: str) -> str:
    """``"318,000"`` -> ``"318000"``: tonnages without thousands separators."""
    compact = text.replace(",", "")
    return compact if compact.replace(".", "", 1).isdigit() else text


def _grouped(rows: list[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.ent_num].append(row)
    return out


@dataclass(frozen=True, slots=True, eq=False)  # hashable by identity, as a registry entry
class OfacFormat:
    """One OFAC list in the legacy CSV layout: a main file and three companions."""

    name: str
    dataset: str
    title: str
    kind: str  # "sdn" or "cons", as ``ofac_csv.classify`` says
    main: str
    companions: tuple[str, ...]  # aliases, addresses, remarks overflow: in that order
    urls: Mapping[str, str]

    def sniff(self, name: str, head: bytes) -> bool:
        return classify(name, head) == self.kind

    def parse(self, files: Mapping[str, bytes], main: str, *, dataset: str | None = None) -> ParsedList:
        dataset = dataset or self.dataset
        if main not in files:
            raise SourceError("the main file was not given", file=main)
        primary = read_rows(files[main], main, SDN_COLUMNS)
        warnings: list[str] = []
        aliases, addresses, comments = (
            _grouped(self._companion(files, file, columns, warnings))
            for file, columns in zip(self.companions, (ALT_COLUMNS, ADD_COLUMNS, COMMENT_COLUMNS))
        )
        seen: set[int] = set()
        entities: list[Entity] = []
        for row in primary:
            if row.ent_num in seen:
                raise SourceError("ent_num appears twice", file=main, line=row.line, record=str(row.ent_num))
            seen.add(row.ent_num)
            overflow = "".join(r.fields[0] for r in comments.get(row.ent_num, ()))
            entities.append(
                self._entity(row, dataset, main, aliases.get(row.ent_num, []),
                             addresses.get(row.ent_num, []), overflow, warnings)
            )  # fmt: skip
        for file, groups in zip(self.companions, (aliases, addresses, comments)):
            orphans = sum(len(rows) for num, rows in groups.items() if num not in seen)
            if orphans:
                warnings.append(f"{file}: {orphans} rows name an ent_num that {main} does not list; left out")
        sources = [main, *(f for f in self.companions if f in files)]
        return ParsedList(
            dataset=dataset, version="", entities=entities, warnings=warnings, source_files=sources
        )

    def _companion(
        self, files: Mapping[str, bytes], file: str, columns: int, warnings: list[str]
    ) -> list[Row]:
        if file not in files:
            warnings.append(f"{file} was not given: its {self._what(file)} are missing")
            return []
        rows = read_rows(files[file], file, columns, allow_empty=True)
        if not rows:
            warnings.append(f"{file} is empty")
        return rows

    def _what(self, file: str) -> str:
        index = self.companions.index(file)
        return ("aliases", "addresses", "remarks continued")[index]

    def _entity(
        self,
        row: Row,
        dataset: str,
        main: str,
        aliases: list[Row],
        addresses: list[Row],
        overflow: str,
        warnings: list[str],
    ) -> Entity:
        name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, flag, owner, remarks_text = (
            row.fields
        )
        record = str(row.ent_num)
        if not name:
            raise SourceError("the record has no name (SDN_Name)", file=main, line=row.line, record=record)
        sdn_type = sdn_type.lower()
        if sdn_type not in _SCHEMA_BY_TYPE:
            warnings.append(f"{main} record {record}: unknown SDN_Type {sdn_type!r}, loaded as LegalEntity")
        remarks = parse_remarks(merge_overflow(remarks_text, overflow))
        alias_names = [a.fields[2] for a in aliases]
        entity = Entity(
            id=f"{dataset}-{record}",
            schema=_schema(sdn_type, [name, *alias_names], remarks),
            provenance=Provenance(
                dataset=dataset,
                native_id=record,
                source_url=self.urls.get(self.main, ""),
                source_file=main,
            ),
        )
        entity.add("name", name)
        if entity.schema == "Person" and ", " in name:
            last, first = name.split(", ", 1)
            entity.add("lastName", last)
            entity.add("firstName", first)
        for alt in aliases:
            alt_type, alt_name, alt_remarks = alt.fields[1].lower(), alt.fields[2], alt.fields[3]
            if alt_name == name:
                continue  # OFAC sometimes repeats the primary name as an a.k.a.
            prop = "weakAlias" if "weak" in alt_remarks.lower() else _ALT_PROPS.get(alt_type, "alias")
            entity.add(prop, alt_name)
        entity.add_all("program", (p.strip() for p in program.split("] [")))
        entity.add_all("position", title.split("; "))  # OFAC's Title holds the positions held
        entity.add("callSign", call_sign)
        entity.add("type", vess_type)
        entity.add("tonnage", _number(tonnage))
        entity.add("grossRegisteredTonnage", _number(grt))
        entity.add("flag", country_value(flag))
        if owner:
            entity.add("notes", f"Vessel owner: {owner}")
        for prop, value in remarks.values:
            entity.add(prop, value)
        # OFAC repeats the Title's positions among the remarks; they are not notes twice over
        positions = set(entity.get("position"))
        entity.add_all("notes", (n for n in remarks.notes if n not in positions))
        warnings.extend(f"{main} record {record}: {problem}" for problem in remarks.problems)
        for add in addresses:
            street, city, country, add_remarks = add.fields[1:]
            entity.add("address", ", ".join(p for p in (street, city, country) if p))
            entity.add("country", country_value(country))
            if add_remarks:
                entity.add("notes", f"Address remarks: {add_remarks}")
        return entity


FORMAT = OfacFormat(
    name="us_ofac_sdn_csv",
    dataset="us_ofac_sdn",
    title="US OFAC Specially Designated Nationals (SDN) List",
    kind="sdn",
    main=SDN_MAIN,
    companions=SDN_COMPANIONS,
    urls={
        SDN_MAIN: "https://www.treasury.gov/ofac/downloads/sdn.csv",
        "alt.csv": "https://www.treasury.gov/ofac/downloads/alt.csv",
        "add.csv": "https://www.treasury.gov/ofac/downloads/add.csv",
        "sdn_comments.csv": "https://www.treasury.gov/ofac/downloads/sdn_comments.csv",
    },
)

__all__ = ["FORMAT", "OfacFormat", "has_legal_form", "linked_to"]
