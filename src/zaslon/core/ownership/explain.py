"""One entity's ownership verdict, with every path to a listed owner and the arithmetic.

The verdict is read off the fixpoint (``rules.Analysis``) and re-derived
locally from the entity's own owners, so the explanation is exactly the sum
that decided it::

    LLC Drake ← 50% LLC Alabuga Machinery (blocked: 100% LLC Alabuga Development (listed))
              + 50% LLC Alabuga Development (listed) = 100% ≥ 50%

Findings that do not change the verdict but need a person — control, a
significant minority stake, a stake of unknown size, a figure from years ago —
are listed beside it.  Everything returned is a plain dataclass with
``to_dict()`` for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zaslon.core.ownership.graph import (
    OPEN_END,
    OPEN_START,
    Finding,
    format_percent,
    from_units,
)
from zaslon.core.ownership.rules import WORDS, Analysis
from zaslon.exc import NotFound

MAX_PATHS = 25
MAX_DEPTH = 12
NESTING = 4  # how deep the one-line arithmetic spells out blocked owners
MAX_TERMS = 12  # stakes spelled out per level of the arithmetic; the rest are summed as "N more"
WALK_BUDGET = 20_000  # edges the path search may visit, so a dense blocked cluster stays fast
MINORITY = 25 * 10_000  # a blocked stake this large but under the threshold is a caution


@dataclass(slots=True)
class Contribution:
    """One stake held in the entity, and whether the rule counted it."""

    owner: str
    owner_caption: str
    percentage: float | None
    owner_status: str  # listed | blocked | review | clear
    counted: bool
    control: bool = False
    start_date: str | None = None
    end_date: str | None = None
    as_of: str | None = None
    source: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "owner": self.owner,
            "owner_caption": self.owner_caption,
            "percentage": self.percentage,
            "owner_status": self.owner_status,
            "counted": self.counted,
            "control": self.control,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "as_of": self.as_of,
            "source": self.source,
        }


@dataclass(slots=True)
class PathStep:
    entity: str
    caption: str
    status: str
    percentage: float | None  # the stake this step holds in the next one; None on the last step


@dataclass(slots=True)
class OwnershipPath:
    """A chain from a listed owner down to the entity checked."""

    steps: list[PathStep]
    complete: bool = True  # False when cut at MAX_DEPTH before reaching a listed owner

    @property
    def text(self) -> str:
        parts = []
        for step in self.steps:
            label = f"{step.caption} ({step.status})" if step.status == "listed" else step.caption
            parts.append(label)
            if step.percentage is not None or step is not self.steps[-1]:
                parts.append(f" —{_pct(step.percentage)}→ ")
        text = "".join(parts)
        return text if self.complete else f"… {text}"

    def to_dict(self) -> dict[str, object]:
        return {
            "steps": [
                {"entity": s.entity, "caption": s.caption, "status": s.status, "percentage": s.percentage}
                for s in self.steps
            ],
            "complete": self.complete,
            "text": self.text,
        }


@dataclass(slots=True)
class OwnershipVerdict:
    """The answer for one entity under one regime on one day."""

    entity: str
    caption: str
    regime: str
    date: date
    verdict: str  # blocked|owned (listed or by ownership), review, not blocked|not owned
    listed: bool
    ownership: str  # the ownership test alone, ignoring the entity's own listing
    aggregate_percent: float  # known stakes of listed/blocked owners
    threshold: str
    explanation: str
    contributions: list[Contribution] = field(default_factory=list)
    paths: list[OwnershipPath] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def needs_control_review(self) -> bool:
        return any(f.kind in ("control", "minority", "control-chain") for f in self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "caption": self.caption,
            "regime": self.regime,
            "date": self.date.isoformat(),
            "verdict": self.verdict,
            "listed": self.listed,
            "ownership": self.ownership,
            "aggregate_percent": self.aggregate_percent,
            "threshold": self.threshold,
            "explanation": self.explanation,
            "paths": [p.to_dict() for p in self.paths],
            "contributions": [c.to_dict() for c in self.contributions],
            "findings": [f.to_dict() for f in self.findings],
        }


def _pct(value: float | None) -> str:
    return "?%" if value is None else format_percent(round(value * 10_000))


def _iso(day: int, open_value: int) -> str | None:
    return None if day == open_value else date.fromordinal(day).isoformat()


def _in_edges(an: Analysis, v: int) -> range:
    return range(an.view.in_start[v], an.view.in_start[v + 1])


def _counts(an: Analysis, owner: int, for_review: bool) -> bool:
    """Whether a stake of ``owner`` counts: blocked owners always, possible ones for review."""
    return bool(an.possible[owner] if for_review else an.blocked[owner])


def _terms(an: Analysis, v: int, depth: int, seen: frozenset[int], for_review: bool) -> str:
    """``50% A (listed) + 50% B (blocked: …)``: the counted stakes held in ``v``."""
    g, view = an.graph, an.view
    word = WORDS[an.regime][0]
    terms: list[str] = []
    rest, rest_units = 0, 0
    for k in _in_edges(an, v):
        e = view.in_edge[k]
        o = g.owner[e]
        if not _counts(an, o, for_review):
            continue
        if len(terms) >= MAX_TERMS:
            rest += 1
            rest_units += max(g.pct[e], 0)
            continue
        status = an.status(o)
        if status == "listed":
            note = "listed"
        elif o in seen or depth <= 0:
            note = word if status == "blocked" else "review"
        else:
            inner = _terms(an, o, depth - 1, seen | {o}, for_review or status == "review")
            note = f"{word if status == 'blocked' else 'review'}: {inner}"
        terms.append(f"{format_percent(g.pct[e])} {g.caption_of(o)} ({note})")
    if rest:
        terms.append(f"{format_percent(rest_units)} from {rest} more owners")
    return " + ".join(terms)


def _paths(an: Analysis, target: int, for_review: bool) -> list[OwnershipPath]:
    g, view = an.graph, an.view
    found: list[OwnershipPath] = []
    budget = [WALK_BUDGET]

    def step(i: int, pct: int | None) -> PathStep:
        return PathStep(g.id_of(i), g.caption_of(i), an.status(i), None if pct is None else from_units(pct))

    def walk(v: int, chain: list[PathStep], seen: set[int]) -> None:
        for k in _in_edges(an, v):
            budget[0] -= 1
            if len(found) >= MAX_PATHS or budget[0] < 0:
                return
            e = view.in_edge[k]
            o = g.owner[e]
            if o in seen or not _counts(an, o, for_review):
                continue
            here = [step(o, g.pct[e]), *chain]
            if an.listed[o]:
                found.append(OwnershipPath(here))
            elif len(chain) >= MAX_DEPTH:
                found.append(OwnershipPath(here, complete=False))
            else:
                seen.add(o)
                walk(o, here, seen)
                seen.discard(o)

    walk(target, [step(target, None)], {target})
    return found


def verdict_for(an: Analysis, entity_id: str) -> OwnershipVerdict:
    """Check one entity: its verdict, the contributions, the paths and the findings."""
    g, view, thr = an.graph, an.view, an.threshold
    i = g.index_of(entity_id)
    if i is None:
        raise NotFound(f"no entity {entity_id!r} in the ownership graph")
    positive, negative = WORDS[an.regime]
    caption = g.caption_of(i)

    contributions: list[Contribution] = []
    known = possible_known = all_known = 0
    unknown_counted: list[int] = []
    chain_candidates: list[tuple[int, int]] = []  # (owner, units) of uncounted owners under control review
    for k in _in_edges(an, i):
        e = view.in_edge[k]
        o, p = g.owner[e], g.pct[e]
        status = an.status(o)
        counted = bool(an.blocked[o])
        if p >= 0:
            all_known += p
            if counted:
                known += p
            if an.possible[o]:
                possible_known += p
            elif p > 0 and _under_control_review(an, o):
                chain_candidates.append((o, p))
        elif an.possible[o]:
            unknown_counted.append(e)
        contributions.append(
            Contribution(
                owner=g.id_of(o),
                owner_caption=g.caption_of(o),
                percentage=from_units(p),
                owner_status=status,
                counted=counted and p >= 0,
                control=bool(g.control[e]),
                start_date=_iso(g.start[e], OPEN_START),
                end_date=_iso(g.end[e], OPEN_END),
                as_of=g.as_of.get(e),
                source=g.sources[g.source[e]],
            )
        )

    if thr.met(known):
        ownership = positive
    elif unknown_counted or thr.met(possible_known):
        ownership = "review"
    else:
        ownership = negative
    listed = bool(an.listed[i])
    verdict = positive if listed else ownership
    for_review = ownership == "review"

    explanation = _explanation(an, i, known, unknown_counted, for_review, listed)
    findings = _findings(an, i, contributions, known, all_known, unknown_counted, chain_candidates)
    return OwnershipVerdict(
        entity=g.id_of(i),
        caption=caption,
        regime=an.regime,
        date=an.on,
        verdict=verdict,
        listed=listed,
        ownership=ownership,
        aggregate_percent=known / 10_000,
        threshold=thr.text,
        explanation=explanation,
        contributions=contributions,
        paths=_paths(an, i, for_review),
        findings=findings,
    )


def _explanation(
    an: Analysis, i: int, known: int, unknown_counted: list[int], for_review: bool, listed: bool
) -> str:
    g, thr = an.graph, an.threshold
    positive, negative = WORDS[an.regime]
    lines = []
    if listed:
        lines.append(f"{g.caption_of(i)} is itself listed ({an.regime.upper()}) on {an.on.isoformat()}.")
    terms = _terms(an, i, NESTING, frozenset({i}), for_review)
    total = format_percent(known)
    if unknown_counted:
        total += (
            f" + ?% ({len(unknown_counted)} stake{'s' if len(unknown_counted) > 1 else ''} of unknown size)"
        )
    if not terms:
        lines.append(f"{g.caption_of(i)} has no listed or {positive} owner on {an.on.isoformat()}.")
    elif thr.met(known):
        lines.append(f"{g.caption_of(i)} ← {terms} = {total} {thr.text}")
    else:
        lines.append(f"{g.caption_of(i)} ← {terms} = {total} {thr.fail_text}")
    if for_review:
        lines.append(
            f"Review: the known stakes are not {thr.words}, but stakes of unknown size or held by "
            "owners that are themselves under review could."
        )
    uncounted = []
    for k in _in_edges(an, i):
        e = an.view.in_edge[k]
        o = g.owner[e]
        if not an.blocked[o] and not (for_review and an.possible[o]):
            uncounted.append(f"{format_percent(g.pct[e])} {g.caption_of(o)} ({negative})")
    if uncounted:
        lines.append("Not counted: " + ", ".join(uncounted) + ".")
    return "\n".join(lines)


def _local_known(an: Analysis, v: int) -> tuple[int, bool]:
    """Known stakes of blocked owners in ``v``, and whether a blocked owner is said to control it."""
    g, view = an.graph, an.view
    known, control = 0, False
    for k in _in_edges(an, v):
        e = view.in_edge[k]
        o = g.owner[e]
        if an.blocked[o]:
            if g.pct[e] > 0:
                known += g.pct[e]
            control = control or bool(g.control[e])
    return known, control


def _under_control_review(an: Analysis, v: int) -> bool:
    known, control = _local_known(an, v)
    return control or known >= MINORITY


def _findings(
    an: Analysis,
    i: int,
    contributions: list[Contribution],
    known: int,
    all_known: int,
    unknown_counted: list[int],
    chain_candidates: list[tuple[int, int]],
) -> list[Finding]:
    g, thr, regime = an.graph, an.threshold, an.regime
    positive = WORDS[regime][0]
    me = g.id_of(i)
    name = g.caption_of(i)
    out: list[Finding] = []
    for e in unknown_counted:
        o = g.owner[e]
        out.append(
            Finding(
                "unknown-percentage",
                f"{g.caption_of(o)} ({an.status(o)}) holds a stake of unknown size in {name}: "
                "no verdict rests on it; find the percentage",
                (g.id_of(o), me),
            )
        )
    for c in contributions:
        if c.control and c.owner_status in ("listed", "blocked"):
            if regime == "ofac":
                msg = (
                    f"{c.owner_caption} is stated to control {name}: the 50 Percent Rule covers ownership, "
                    "not control (OFAC FAQ 398, 400) — caution; dealings involving the blocked person "
                    "remain prohibited"
                )
            else:
                msg = (
                    f"{c.owner_caption} is stated to control {name}: assess control case by case "
                    "(Council Best Practices); if controlled, its funds are frozen too"
                )
            out.append(Finding("control", msg, (c.owner, me)))
        if c.as_of and c.counted:
            out.append(
                Finding(
                    "dated-figure",
                    f"the {_pct(c.percentage)} stake of {c.owner_caption} is a figure as of {c.as_of}; "
                    "it may have changed since",
                    (c.owner, me),
                )
            )
    if not thr.met(known) and known >= MINORITY:
        if regime == "ofac":
            msg = (
                f"blocked owners hold {format_percent(known)} of {name} ({thr.fail_text}): not blocked, "
                "but OFAC urges caution with significant minority stakes (FAQ 398)"
            )
        else:
            msg = (
                f"listed or owned owners hold {format_percent(known)} of {name} ({thr.fail_text}): not "
                "owned, but a large stake is an indicator of control to assess (Council Best Practices)"
            )
        out.append(Finding("minority", msg, (me,)))
    if regime == "eu" and chain_candidates and not thr.met(known):
        extra = sum(p for _, p in chain_candidates)
        if thr.met(known + extra):
            names = ", ".join(g.caption_of(o) for o, _ in chain_candidates)
            out.append(
                Finding(
                    "control-chain",
                    f"{name} would be {positive} if {names} were found to be controlled by their listed owners "
                    f"({format_percent(known + extra)} {thr.text}); an owner that is neither owned nor "
                    "controlled does not pass ownership on",
                    (*(g.id_of(o) for o, _ in chain_candidates), me),
                )
            )
    if all_known > 100 * 10_000:
        out.append(
            Finding(
                "over-100",
                f"the stakes stated in {name} on {an.on.isoformat()} add up to "
                f"{format_percent(all_known)}: the data is inconsistent",
                (me,),
            )
        )
    if regime == "eu" and not thr.inclusive and known == thr.units:
        out.append(
            Finding(
                "threshold",
                f"exactly {format_percent(known)}: not owned before 2024-07-03 (the test was 'more than "
                "50%'), owned from that date ('50% or more')",
                (me,),
            )
        )
    return out
