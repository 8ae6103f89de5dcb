"""Write the golden excerpt workbooks of the UK and Australian lists from the bundled files.

Real rows, copied cell for cell with openpyxl (types kept: Excel dates stay
dates, numbers stay numbers), chosen to cover multi-row targets, original-script
names, odd dates and identifiers.  Run ``python -m tests.sources.xlsx_excerpts``
to rewrite them, then ``ZASLON_REGEN_GOLDEN=1 pytest tests/sources`` and review.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import python_calamine
from openpyxl import Workbook

from zaslon.sources.files import snapshot_root

FIXTURES = Path(__file__).parent / "fixtures"

Row = list[object]

# UK: (Group ID, predicate on the row as a header->value dict, at most n rows)
UK_PICKS: list[tuple[str, Callable[[dict[str, object]], bool], int]] = [
    # Lukashenka: two primary names with the Belarusian script, a Russian-script variant, one row
    # repeated under a second regime
    ("13918", lambda r: r["Alias Type"] == "Primary name" and r["Regime"] == "Belarus", 2),
    ("13918", lambda r: "Александр" in str(r["Name Non-Latin Script"]) and r["Regime"] == "Belarus", 1),
    (
        "13918",
        lambda r: (
            r["Name 1"] == "Aleksandr" and r["Name 2"] == "Grigorievich" and r["Name 6"] == "LUKASHENKA"
        ),
        2,
    ),
    ("15672", lambda r: r["Name 6"] in ("MITHOO", "HAQ"), 2),  # the primary name comes after a variation
    ("13651", lambda r: r["Alias Type"] == "Primary name" or r["Name 6"] == "AKTIVA", 2),  # a ship
    ("16618", lambda r: True, 2),  # Russian INN, Cyrillic with Latin look-alike "AHO"
    ("13754", lambda r: r["Alias Type"] == "Primary name", 1),  # DOB mm/yyyy
    ("7059", lambda r: True, 4),  # (1) Germany. (2) Morocco; low-quality a.k.a.s
    (
        "8650",
        lambda r: r["Alias Type"] == "Primary name" or r["Alias Quality"] == "Low quality",
        2,
    ),  # 00/00/1969
    ("16767", lambda r: r["Non-Latin Script Language"] != "" or r["Alias Type"] == "Primary name", 2),
    ("8283", lambda r: True, 2),  # FKA
]

# AU: the rows to copy, by their Reference: original script, "(previously listed as)", a year typed
# as a number, Excel dates, a company IMO number, a Hijri date, "19-Dec-1992", "Jin Tiesan (金铁三)",
# a Type written "Entity " with a trailing space
AU_REFERENCES = (
    "2", "2a", "34", "34a", "34c", "34c1", "34d", "6824", "6825", "3164", "3164a",
    "1254", "1254a", "1254b1", "7968", "7968a", "3205", "3205a", "7445", "7445a",
)  # fmt: skip


def _rows(data: bytes) -> list[Row]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]


def workbook_bytes(rows: list[Row], title: str = "Data") -> bytes:
    """An xlsx holding ``rows`` on one sheet, as bytes (tests build bad inputs with it)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(data: bytes) -> list[Row]:
    """The first sheet's rows, as calamine reads them."""
    return _rows(data)


def _save(rows: list[Row], title: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(rows, title))


def uk_excerpt() -> list[Row]:
    rows = _rows((snapshot_root() / "gb_hmt" / "ConList.xlsx").read_bytes())
    header = [str(h) for h in rows[1]]
    picked: list[Row] = []
    for gid, keep, limit in UK_PICKS:
        taken = 0
        for row in rows[2:]:
            record = dict(zip(header, row))
            if str(record["Group ID"]) == gid and keep(record) and row not in picked and taken < limit:
                picked.append(row)
                taken += 1
        if not taken:
            raise SystemExit(f"UK excerpt: no row picked for group {gid}")
    return rows[:2] + picked


def au_excerpt() -> list[Row]:
    rows = _rows((snapshot_root() / "au_dfat" / "regulation8_consolidated.xlsx").read_bytes())
    by_reference = {_reference(r[0]): r for r in rows[1:]}
    missing = [ref for ref in AU_REFERENCES if ref not in by_reference]
    if missing:
        raise SystemExit(f"AU excerpt: no row for references {missing}")
    picked = [by_reference[ref] for ref in AU_REFERENCES]
    return rows[:1] + picked


def _reference(value: object) -> str:
    return str(int(value)) if isinstance(value, float) else str(value).strip()


def main() -> None:
    _save(uk_excerpt(), "Data", FIXTURES / "uk_hmt" / "ConList.xlsx")
    _save(au_excerpt(), "Sheet1", FIXTURES / "au_dfat" / "regulation8_consolidated.xlsx")


if __name__ == "__main__":
    main()
