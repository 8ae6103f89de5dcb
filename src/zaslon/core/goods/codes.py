"""Goods codes as declarations write them: HS (6 digits), CN (8), TARIC/HTS (10), or a heading (4).

``8542.31``, ``8542 31 90 00`` and ``85423190`` are the same code.  Anything
that is not 4 to 10 digits once dots, spaces and hyphens are gone is a
``QueryError`` that quotes the value.
"""

from __future__ import annotations

import re

from zaslon.exc import QueryError

_SEPARATORS = re.compile(r"[\s.\-]+")
MIN_DIGITS, MAX_DIGITS = 4, 10


def normalize_code(code: object, *, field: str = "code") -> str:
    """The digits of a goods code; ``QueryError`` naming the value if it is not one."""
    raw = "" if code is None else str(code)
    digits = _SEPARATORS.sub("", raw)
    if not digits:
        raise QueryError(
            f"goods code {raw!r} is empty; expected 4 to 10 digits", field=field, expected="4 to 10 digits"
        )
    if not digits.isascii() or not digits.isdigit():
        bad = sorted({c for c in digits if not (c.isascii() and c.isdigit())})
        raise QueryError(
            f"goods code {raw!r} contains {''.join(bad)!r}: a code is digits only, "
            "optionally grouped with dots or spaces (e.g. 8542.31 or 8542 31 90 00)",
            field=field,
            expected="4 to 10 digits",
        )
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise QueryError(
            f"goods code {raw!r} has {len(digits)} digits: HS headings have 4, HS subheadings 6, "
            "CN codes 8 and TARIC/HTS codes 10",
            field=field,
            expected="4 to 10 digits",
        )
    return digits


def format_code(digits: str) -> str:
    """``85423190`` -> ``8542 31 90``: the way the regulations print codes."""
    head, rest = digits[:4], digits[4:]
    pairs = [rest[k : k + 2] for k in range(0, len(rest), 2)]
    return " ".join([head, *pairs])
