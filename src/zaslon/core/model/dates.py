"""Dates as lists publish them, turned into ISO strings that keep their precision.

``1954``, ``1954-08`` and ``1954-08-30`` are all valid results: a list that
only knows the year must not gain a made-up month.  Text that is not a date is
returned as ``None`` so the caller can keep it as text and count a warning.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DMY = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./\-](\d{4})$")
_D_MON_Y = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MON_D_Y = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about)\s+", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)


def _valid(year: int, month: int = 0, day: int = 0) -> str | None:
    if not 1000 <= year <= 2100:
        return None
    if month == 0:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str | None) -> str | None:
    """Parse one date as lists write it; ``None`` if it is not one.

    Handles ISO (possibly partial), ``dd/mm/yyyy`` with ``00`` for unknown parts,
    ``30 Aug 1954``, ``Aug 30, 1954``, ``Aug 1954``, a bare year and a leading
    ``circa``/``approximately`` (which keeps the date but not the hedge).
    """
    if text is None:
        return None
    value = " ".join(str(text).split()).strip(" .;,")
    value = _CIRCA.sub("", value)
    if not value:
        return None
    if m := _ISO.match(value):
        return _valid(int(m[1]), int(m[2] or 0), int(m[3] or 0))
    if m := _DMY.match(value):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    if m := _MY.match(value):
        return _valid(int(m[2]), int(m[1]))
    if m := _D_MON_Y.match(value):
        month = MONTHS.get(m[2].lower())
        return _valid(int(m[3]), month, int(m[1] or 0)) if month else None
    if m := _MON_D_Y.match(value):
        month = MONTHS.get(m[1].lower())
        return _valid(int(m[3]), month, int(m[2])) if month else None
    if m := _YEAR.match(value):
        return _valid(int(m[1]))
    return None


_RANGE = re.compile(r"^(\d{4})\s*(?:-|to|–)\s*(\d{4})$")


def parse_dates(text: str | None) -> tuple[list[str], list[str]]:
    """Parse a field that may hold several dates or a range of years.

    Returns ``(dates, unparsed)``: ISO dates found, and the pieces of text that
    were not dates (for the caller to keep as text and warn about).
    ``1960 to 1962`` gives every year of the range; ``a) 1960 b) 1966`` and
    ``1960; 1966`` give both.
    """
    if text is None:
        return [], []
    raw = " ".join(str(text).split())
    if not raw:
        return [], []
    single = parse_date(raw)
    if single:
        return [single], []
    if m := _RANGE.match(_CIRCA.sub("", raw)):
        lo, hi = int(m[1]), int(m[2])
        if lo <= hi and hi - lo <= 10:
            return [f"{y:04d}" for y in range(lo, hi + 1)], []
    parts = [p for p in re.split(r"\s*(?:[;,]|\b[a-z]\)|\bor\b|\band\b)\s*", raw) if p and p.strip()]
    dates: list[str] = []
    unparsed: list[str] = []
    if len(parts) > 1:
        for part in parts:
            sub, bad = parse_dates(part)
            dates.extend(d for d in sub if d not in dates)
            unparsed.extend(bad)
        return dates, unparsed
    return [], [raw]


def excel_serial(value: float) -> str | None:
    """An Excel serial day number as an ISO date (the 1900 date system)."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return None
    if not 1 <= days <= 80000:
        return None
    return (_EXCEL_EPOCH + timedelta(days=days)).isoformat()


def precision(iso: str) -> int:
    """How many parts a date has: 1 (year), 2 (month) or 3 (day)."""
    return iso.count("-") + 1 if iso else 0
