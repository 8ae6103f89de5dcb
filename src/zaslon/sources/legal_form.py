"""Company or organisation: whether a listed entity's names carry a legal form.

Lists that only say "entity" (UN, Canada SEMA, EU FSF "enterprise") mix
companies with armed groups, ministries and banks.  FtM tells them apart as
``Company`` and ``Organization``; a name that carries a company legal form
("LTD", "Co.", "OOO", "АО", "GmbH", "Company") is the evidence we use.  Words
like "Group" or "Industries" are not legal forms: "Abu Sayyaf Group" is not a
company.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zaslon.core.model.schema import COMPANY, ORGANIZATION

# Written as they appear in names, dots optional; matched as whole words, any case.
_FORMS = (
    r"ltd", r"limited", r"l\.?l\.?c", r"l\.?l\.?p", r"co", r"company", r"companies", r"corp",
    r"corporation", r"inc", r"incorporated", r"p\.?l\.?c", r"pte", r"pvt", r"gmbh", r"ag", r"s\.a",
    r"s\.a\.s", r"s\.a\.r\.l", r"sarl", r"s\.r\.l", r"s\.p\.a", r"b\.v", r"n\.v", r"bv", r"nv",
    r"jsc", r"ojsc", r"cjsc", r"pjsc", r"jscb", r"oao", r"zao", r"ooo", r"pao", r"ao", r"tov",
    r"pjs", r"fzc", r"fze", r"fzco", r"sdn\.? bhd", r"bhd", r"joint[- ]stock", r"joint venture",
    r"holdings?", r"enterprise", r"state unitary enterprise",
    # Cyrillic forms (Russian, Ukrainian, Belarusian)
    r"ооо", r"оао", r"зао", r"пао", r"ао", r"тов", r"таа", r"аат", r"зат", r"ат", r"ип", r"уп",
)  # fmt: skip
_LEGAL_FORM = re.compile(r"(?<![\w.])(?:" + "|".join(_FORMS) + r")\.?(?!\w)", re.IGNORECASE)


def has_legal_form(name: str) -> bool:
    """Whether ``name`` contains a company legal form as a word of its own."""
    return _LEGAL_FORM.search(name) is not None


def org_schema(names: Iterable[str]) -> str:
    """``Company`` if any of an entity's names carries a legal form, else ``Organization``."""
    return COMPANY if any(has_legal_form(n) for n in names) else ORGANIZATION
