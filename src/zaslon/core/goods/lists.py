"""The goods lists: the Common High Priority List and the annexes of EU Regulation 833/2014.

Read from CSV text (``GoodsLists.from_csv``); ``default_lists()`` reads the copy
bundled in ``zaslon/data/circumvention`` (package data, read-only, see its
README for sources).  The annex data is partial and says so: ``coverage``
states which annexes are complete, which partial, which missing — a code that
matches nothing is "on none of the lists checked", never "allowed".
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from zaslon.core.goods.codes import format_code
from zaslon.exc import SourceError

CHPL = "CHPL"
EU_833 = "EU 833/2014"
CHPL_VERSION = "2024-02-23"
TIERS = ("1", "2", "3.A", "3.B", "4.A", "4.B")

# What the bundled data does not hold (circumvention README); reported with every check.
MISSING = (
    "EU 833/2014 Annex XXI (not in the data)",
    "EU 833/2014 Annex XXIII chapters before 87 (only chapters 87–96 are in the data)",
    "EU 833/2014 Annex XXIV beyond its first 3 rows",
    "the goods annexes of EU Regulation 765/2006 (Belarus)",
    "every other annex of 833/2014 and other regimes' goods lists (US EAR, UK)",
)

_CLAUSE = re.compile(r"\b(excluding|except)\b(.*)", re.IGNORECASE)
_CODE = re.compile(r"\b\d{4}(?: ?\d{2}){0,3}\b")
_CONDITION = re.compile(r"\bwith\b|\bwhere\b|[<>≤≥]")
_RANGE = re.compile(r"(\d{4}(?: ?\d{2}){0,3})\s+to\s+(\d{4}(?: ?\d{2}){0,3})")


@dataclass(frozen=True, slots=True)
class GoodsEntry:
    """One listed code: on which list and annex, with what scope."""

    list: str  # CHPL | EU 833/2014
    annex: str  # "XL", "XXIII", ...; "" for the CHPL
    code: str  # digits, 4 to 8
    description: str
    tier: str = ""  # CHPL tier
    legal_basis: str = ""
    ex: bool = False  # covers only part of its code ("ex" in the annex)
    clause: str = ""  # the "excluding …"/"except …" text, if any
    excluded: tuple[tuple[str, str], ...] = ()  # code ranges the clause names, as (low, high) digits
    conditional: bool = False  # the exclusion has terms ("with engines <= 1 900 cm3"): not outright
    source: str = ""

    @property
    def label(self) -> str:
        if self.list == CHPL:
            return f"CHPL tier {self.tier}"
        return f"{self.list} Annex {self.annex}"

    @property
    def partial_scope(self) -> bool:
        """A match is only a candidate: the entry covers part of its code."""
        return self.ex or bool(self.clause)

    def excludes(self, digits: str) -> bool:
        for low, high in self.excluded:
            width = max(len(low), len(high))
            if low[:width] <= digits[:width] <= high[:width] and len(digits) >= len(low):
                return True
        return False


@dataclass(frozen=True, slots=True)
class AnnexCoverage:
    annex: str
    status: str  # complete | partial
    note: str
    entries: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the goods data covers, to show with every result."""

    chpl: str
    annexes: tuple[AnnexCoverage, ...]
    missing: tuple[str, ...] = MISSING

    @property
    def text(self) -> str:
        complete = ", ".join(a.annex for a in self.annexes if a.status == "complete")
        partial = "; ".join(f"{a.annex} ({a.note})" for a in self.annexes if a.status == "partial")
        return (
            f"Checked: {self.chpl}; EU 833/2014 annexes complete: {complete}; partial: {partial}. "
            f"Not checked: {'; '.join(self.missing)}."
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "chpl": self.chpl,
            "annexes": [
                {"annex": a.annex, "status": a.status, "note": a.note, "entries": a.entries}
                for a in self.annexes
            ],
            "missing": list(self.missing),
            "text": self.text,
        }


@dataclass(slots=True)
class GoodsLists:
    entries: list[GoodsEntry] = field(default_factory=list)
    coverage: Coverage = field(default_factory=lambda: Coverage("", ()))

    @classmethod
    def from_csv(cls, chpl_csv: str, annexes_csv: str) -> GoodsLists:
        """Both files' text: ``hs6,description,tier,source`` and
        ``annex,legal_basis,cn_code,ex_flag,description,annex_completeness,source``."""
        entries = _chpl(chpl_csv) + _annexes(annexes_csv)
        return cls(entries=entries, coverage=_coverage(entries, annexes_csv))

    def candidates(self, digits: str) -> list[GoodsEntry]:
        """Entries whose code is a prefix of ``digits`` or has ``digits`` as a prefix."""
        return [e for e in self.entries if digits.startswith(e.code) or e.code.startswith(digits)]


def _rows(text: str, file: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"missing column(s) {', '.join(missing)}", file=file, line=1)
    rows = []
    for row in reader:
        code = re.sub(r"[\s.]", "", row.get(columns[0]) or row.get("cn_code") or "")
        if not code.isdigit() or not 4 <= len(code) <= 10:
            raise SourceError(f"code {code!r} is not 4 to 10 digits", file=file, line=reader.line_num)
        rows.append((reader.line_num, row))
    return rows


def _chpl(text: str) -> list[GoodsEntry]:
    out = []
    for line, row in _rows(text, "chpl.csv", ("hs6", "description", "tier", "source")):
        tier = row["tier"].strip()
        if tier not in TIERS:
            raise SourceError(f"tier {tier!r} is not one of {', '.join(TIERS)}", file="chpl.csv", line=line)
        out.append(
            GoodsEntry(
                CHPL, "", row["hs6"].strip(), row["description"].strip(), tier=tier, source=row["source"]
            )
        )
    return out


def _clause(description: str) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    m = _CLAUSE.search(description)
    if not m:
        return "", (), False
    clause = m[0].strip(" ()")
    ranges = [(_digits(a), _digits(b)) for a, b in _RANGE.findall(clause)]
    rest = _RANGE.sub(" ", clause)
    ranges += [(_digits(c), _digits(c)) for c in _CODE.findall(rest)]
    return clause, tuple(ranges), bool(_CONDITION.search(clause))


def _digits(text: str) -> str:
    return text.replace(" ", "")


def _annexes(text: str) -> list[GoodsEntry]:
    out = []
    cols = ("cn_code", "annex", "legal_basis", "ex_flag", "description", "annex_completeness", "source")
    for _, row in _rows(text, "eu_833_annex_goods_partial.csv", cols):
        clause, excluded, conditional = _clause(row["description"])
        out.append(
            GoodsEntry(
                EU_833,
                row["annex"].strip(),
                _digits(row["cn_code"].strip()),
                row["description"].strip(),
                legal_basis=row["legal_basis"].strip(),
                ex=row["ex_flag"].strip().lower() == "ex",
                clause=clause,
                excluded=excluded,
                conditional=conditional,
                source=row["source"].strip(),
            )
        )
    return out


def _coverage(entries: list[GoodsEntry], annexes_csv: str) -> Coverage:
    status: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(annexes_csv)):
        status.setdefault(row["annex"].strip(), row["annex_completeness"].strip())
    counts: dict[str, int] = {}
    for e in entries:
        if e.list == EU_833:
            counts[e.annex] = counts.get(e.annex, 0) + 1
    annexes = []
    for annex, value in status.items():
        if value.lower().startswith("partial"):
            note = value[len("partial") :].strip(" ()") or "partial"
            annexes.append(AnnexCoverage(annex, "partial", note, counts.get(annex, 0)))
        else:
            note = "as extracted" if "extracted" in value else "all codes"
            annexes.append(AnnexCoverage(annex, "complete", note, counts.get(annex, 0)))
    chpl = sum(1 for e in entries if e.list == CHPL)
    return Coverage(f"CHPL of {CHPL_VERSION} ({chpl} codes, complete)", tuple(annexes))


@lru_cache(maxsize=1)
def default_lists() -> GoodsLists:
    """The lists bundled with zaslon (package data; see data/circumvention/README.md)."""
    folder = resources.files("zaslon") / "data" / "circumvention"
    return GoodsLists.from_csv(
        (folder / "chpl.csv").read_text(encoding="utf-8"),
        (folder / "eu_833_annex_goods_partial.csv").read_text(encoding="utf-8"),
    )


def describe(entry: GoodsEntry) -> str:
    return f"{entry.label}: {format_code(entry.code)} {entry.description}"
