"""Check one declared goods code against the high-priority lists and the EU 833/2014 annexes.

The prefix rule: a declared code falls under a listed code when it starts with
it (a listed heading ``8460`` covers ``8460 12 00``).  A match is only a
candidate — verdict ``review`` — when the entry covers part of its code (``ex``
in the annex, or an "excluding …"/"except …" clause), or when the declared
code is broader than the listed one (``8542`` declared, ``8542 31`` listed).
A code inside an outright exclusion (``except CN 2932 20``) is not covered by
that entry.  HS 2017 subheadings that HS 2022 replaced are mapped first.

Verdicts: ``listed``, ``review``, ``none`` ("on none of the lists checked" —
the coverage says which those are).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zaslon.core.goods.codes import format_code, normalize_code
from zaslon.core.goods.hs2017 import HS2017_TO_2022, successors
from zaslon.core.goods.lists import CHPL, Coverage, GoodsEntry, GoodsLists, default_lists

_RANK = {"listed": 2, "review": 1, "excluded": 0}


@dataclass(frozen=True, slots=True)
class GoodsMatch:
    """One list entry the code falls under (or nearly does), and why."""

    list: str
    annex: str
    listed_code: str  # as printed: "8542 31"
    declared: str  # the (HS 2022) code compared: "8542 31 90 00"
    tier: str
    description: str
    legal_basis: str
    status: str  # listed | review | excluded
    reason: str
    source: str

    @property
    def label(self) -> str:
        return f"CHPL tier {self.tier}" if self.list == CHPL else f"{self.list} Annex {self.annex}"

    def to_dict(self) -> dict[str, object]:
        return {
            "list": self.list,
            "annex": self.annex,
            "listed_code": self.listed_code,
            "declared": self.declared,
            "tier": self.tier,
            "description": self.description,
            "legal_basis": self.legal_basis,
            "status": self.status,
            "reason": self.reason,
            "source": self.source,
        }


@dataclass(slots=True)
class GoodsVerdict:
    """The answer for one declared code, with its reasons and the data's coverage."""

    code: str  # as given
    normalized: str  # digits
    verdict: str  # listed | review | none
    matches: list[GoodsMatch]
    reasons: list[str]
    coverage: Coverage
    hs2022: tuple[str, ...] = field(default_factory=tuple)  # successors, when an HS 2017 code was mapped

    @property
    def chpl_tiers(self) -> list[str]:
        return sorted({m.tier for m in self.matches if m.list == CHPL and m.status != "excluded"})

    @property
    def annexes(self) -> list[str]:
        return sorted({m.annex for m in self.matches if m.list != CHPL and m.status != "excluded"})

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "normalized": self.normalized,
            "verdict": self.verdict,
            "chpl_tiers": self.chpl_tiers,
            "annexes": self.annexes,
            "hs2022": list(self.hs2022),
            "matches": [m.to_dict() for m in self.matches],
            "reasons": list(self.reasons),
            "coverage": self.coverage.to_dict(),
        }


def _match(entry: GoodsEntry, digits: str) -> GoodsMatch | None:
    listed, declared = format_code(entry.code), format_code(digits)
    if digits.startswith(entry.code):
        if entry.excludes(digits):
            if entry.conditional:
                status, reason = (
                    "review",
                    f"{declared} is named in the exclusion '{entry.clause}', which has conditions: check them",
                )
            else:
                status, reason = "excluded", f"{declared} is excluded from {listed} ('{entry.clause}')"
        elif entry.ex:
            status, reason = "review", f"'ex' entry: only part of {listed} is covered — check the description"
        elif entry.clause:
            status, reason = "review", f"the entry carries '{entry.clause}': check the goods are not excluded"
        else:
            status, reason = "listed", f"{declared} falls under {listed}"
    elif entry.code.startswith(digits):
        status = "review"
        reason = f"the declared code {declared} is broader than the listed {listed}: declare the full code"
    else:
        return None
    return GoodsMatch(
        list=entry.list,
        annex=entry.annex,
        listed_code=listed,
        declared=declared,
        tier=entry.tier,
        description=entry.description,
        legal_basis=entry.legal_basis,
        status=status,
        reason=reason,
        source=entry.source,
    )


def _best(matches: list[GoodsMatch]) -> str:
    ranked = [m.status for m in matches if m.status != "excluded"]
    if not ranked:
        return "none"
    return max(ranked, key=_RANK.__getitem__)


def check_code(
    code: object, lists: GoodsLists | None = None, *, hs_version: int | None = None
) -> GoodsVerdict:
    """Check one declared code; ``hs_version=2022`` turns the HS 2017 mapping off.

    Raises ``QueryError`` for a code that is not 4 to 10 digits.
    """
    digits = normalize_code(code)
    lists = lists or default_lists()
    mapped = successors(digits) if hs_version != 2022 else None
    reasons: list[str] = []
    matches: list[GoodsMatch] = []
    if mapped:
        per_successor = []
        for succ in mapped:
            found = [m for e in lists.candidates(succ) if (m := _match(e, succ))]
            matches += found
            per_successor.append(_best(found))
        names = ", ".join(format_code(s) for s in mapped)
        reasons.append(f"HS 2017 {format_code(digits[:6])} is HS 2022 {names}")
        if all(v == "listed" for v in per_successor):
            verdict = "listed"
        elif any(v != "none" for v in per_successor):
            verdict = "review"
            if len(mapped) > 1:
                hit = [format_code(s) for s, v in zip(mapped, per_successor) if v != "none"]
                reasons.append(
                    f"only {', '.join(hit)} of these is on a list: which one applies depends on the goods"
                )
        else:
            verdict = "none"
    else:
        matches = [m for e in lists.candidates(digits) if (m := _match(e, digits))]
        verdict = _best(matches)
    matches.sort(key=lambda m: (m.list != CHPL, -_RANK[m.status], m.annex, m.listed_code))
    for m in matches:
        basis = f" [{m.legal_basis}]" if m.legal_basis else ""
        reasons.append(f"{m.label}{basis} ({m.status}): {m.reason} — {m.listed_code} {m.description}")
    if verdict == "none":
        reasons.append(f"{format_code(digits)} is on none of the lists checked")
    reasons.append(lists.coverage.text)
    return GoodsVerdict(
        code=str(code),
        normalized=digits,
        verdict=verdict,
        matches=matches,
        reasons=reasons,
        coverage=lists.coverage,
        hs2022=mapped or (),
    )


__all__ = ["HS2017_TO_2022", "GoodsMatch", "GoodsVerdict", "check_code"]
