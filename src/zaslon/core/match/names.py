"""Aligning the parts of two names and scoring how well they agree.

Order does not matter (lists write SURNAME, Given; customers write Given
Surname).  Each part weighs by how rare it is in the lists, so agreement on
"Lukashenka" says much and on "Mohammed" little.  A part one side lacks costs
little when the other side has nothing in its place (a dropped middle name or
patronymic); a part that meets a different part in its place costs in full.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from zaslon.core.match.tokens import INITIAL, JOINED, SIMILARITY, remember, row
from zaslon.core.model.query import TokenMatch
from zaslon.core.names import legal_forms
from zaslon.core.names.analyze import NameForm, Token

# What an unmatched part costs, relative to its weight.  A listed part the
# query lacks is an omission (customers drop middle names and patronymics); a
# query part the list lacks says the query may be someone else; a part that
# meets a different part in its place is a contradiction.
LISTED_OMITTED = 0.3
LISTED_OMITTED_MIDDLE = 0.12
QUERY_EXTRA = 0.8
QUERY_EXTRA_MIDDLE = 0.3
ORG_LISTED_OMITTED = 0.5
CONTRADICTED = 1.0
ORG_QUERY_EXTRA = CONTRADICTED  # a listed organisation's name is a designation: a word more is another one
PATRONYMIC_SHARE = 0.25
SAME_LEGAL_FORM = 0.02
DIFFERENT_LEGAL_FORM = 0.03
SAME_LEGAL_KIND = 0.01  # orders the closer spelling first among equal hits
PERSON_COVERAGE_SLACK = 0.3
ORG_COVERAGE_SLACK = 0.2
# names of two relatives (see ``_relatives``) stay below the threshold, but are shown
LINEAGE_CAP = 0.6
# words that may lead an Arabic name without being the person's given name, as romanised from Arabic script
LINEAGE_TITLES = frozenset({"bw", "abw", "abu", "am", "um", "umm", "haj", "hajj", "haji", "shykh", "sheikh", "syd",
                            "sayyid", "seyyed", "mla", "mullah", "mulla"})  # fmt: skip


Match = tuple[str, str, str, float, float, str]  # query, listed, rule, similarity, weight, note


@dataclass(slots=True)
class NameScore:
    score: float
    matches: list[Match] = field(default_factory=list)
    # the parts left unmatched, by position in the two names' tokens (texts built only when shown)
    query_tokens: tuple[Token, ...] = ()
    listed_tokens: tuple[Token, ...] = ()
    query_left: list[int] = field(default_factory=list)
    listed_left: list[int] = field(default_factory=list)
    legal_form_note: str = ""
    lineage_note: str = ""

    @property
    def tokens(self) -> list[TokenMatch]:
        """The matched parts, heaviest first (built only for the name pair that is shown)."""
        return [TokenMatch(*m) for m in sorted(self.matches, key=lambda m: -m[4])]

    @property
    def unmatched_query(self) -> list[str]:
        return [self.query_tokens[i].text for i in self.query_left]

    @property
    def unmatched_listed(self) -> list[str]:
        return [self.listed_tokens[j].text for j in self.listed_left]


Weigher = Callable[[Token], float]
_BY_SIMILARITY_WEIGHT = itemgetter(0, 1)


def _glued(one: Token, first: Token, second: Token) -> bool:
    # keys fold letters across the seam differently (transneft+sibir: "ts"), so the spelling counts too
    return first.key + second.key == one.key or first.text + second.text == one.text


def _joined_pairs(
    q_left: list[int], c_left: list[int], qt: tuple[Token, ...], ct: tuple[Token, ...]
) -> list[tuple[int, tuple[int, ...], bool]]:
    """Parts written as one word on one side and two on the other (Abdulrahman / Abdul Rahman)."""
    found: list[tuple[int, tuple[int, ...], bool]] = []
    for i in q_left:
        for j in c_left:
            if j + 1 in c_left and _glued(qt[i], ct[j], ct[j + 1]):
                found.append((i, (j, j + 1), True))
    for j in c_left:
        for i in q_left:
            if i + 1 in q_left and _glued(ct[j], qt[i], qt[i + 1]):
                found.append((j, (i, i + 1), False))
    return found


def _relatives(qt: tuple[Token, ...], ct: tuple[Token, ...], q_left: list[int], c_left: list[int]) -> str:
    """Why two Arabic names that agree but for their leading given names are of two relatives, or "".

    An Arabic name is a chain (nasab): Saja Barzan Ibrahim al-Tikriti is
    Saja, daughter of Barzan, son of Ibrahim.  Lists never drop a person's
    own given name, so "Barzan Ibrahim al-Tikriti" is her father, and "Ali
    Barzan Ibrahim al-Tikriti" her brother.  Honorifics and kunyas (Abu, Haj,
    Sheikh) may lead a name and be dropped.
    """
    if not (q_left or c_left):
        return ""
    # an Arabic name on either side (written in Arabic script there) makes it a chain
    if not ((qt[0].abjad or ct[0].abjad) and qt[0].person and ct[0].person):
        return ""
    for left, tokens in ((q_left, qt), (c_left, ct)):
        leading = list(range(len(left)))
        if (
            left != leading
            or len(tokens) - len(left) < 2
            or any(tokens[i].text in LINEAGE_TITLES for i in left)
        ):
            return ""
    if q_left and c_left:
        return "the names differ only in the first given name: in Arabic naming, siblings"
    return "one name is the other without its first given name: in Arabic naming, a parent's name"


def compare_forms(
    q: NameForm,
    c: NameForm,
    weight: Weigher,
    qw: list[float] | None = None,
    cw: list[float] | None = None,
) -> NameScore:
    """Align two names and score them; ``qw``/``cw`` are the parts' weights if already known."""
    qt, ct = q.tokens, c.tokens
    if qw is None:
        qw = [weight(t) for t in qt]
    if cw is None:
        cw = [weight(t) for t in ct]
    pairs: list[tuple[float, float, int, int, str, str]] = []
    for i, a in enumerate(qt):
        wi = qw[i]
        known = row(a)
        for j, b in enumerate(ct):
            found = known.get(b) or remember(known, a, b)
            if found[0] > 0:
                pairs.append((found[0], wi + cw[j], i, j, found[1], found[2]))
    if not pairs and (
        len(qt) == len(ct) or not _joined_pairs(list(range(len(qt))), list(range(len(ct))), qt, ct)
    ):
        # nothing in common (most candidates that rarer parts did not bring in): no alignment to make
        score, note = _legal_forms(0.0, q, c)
        return NameScore(
            score=max(0.0, score),
            query_tokens=qt,
            listed_tokens=ct,
            query_left=list(range(len(qt))),
            listed_left=list(range(len(ct))),
            legal_form_note=note,
        )
    # greedy one-to-one alignment: best similarity first, heavier parts first among equals
    # (a reversed sort is still stable: equal pairs keep their order)
    if len(pairs) > 1:
        pairs.sort(key=_BY_SIMILARITY_WEIGHT, reverse=True)
    used_q = [False] * len(qt)
    used_c = [False] * len(ct)
    num = den = 0.0
    matches: list[Match] = []
    for sim, pair_weight, i, j, rule, note in pairs:
        if used_q[i] or used_c[j]:
            continue
        used_q[i] = used_c[j] = True
        w = min(qw[i], cw[j]) if rule == INITIAL else pair_weight / 2
        num += w * sim
        den += w
        matches.append((qt[i].text, ct[j].text, rule, sim, w, note))
    q_left = [i for i, used in enumerate(used_q) if not used]
    c_left = [j for j, used in enumerate(used_c) if not used]
    if q_left and c_left and len(qt) != len(ct):
        for one, two, query_side in _joined_pairs(q_left, c_left, qt, ct):
            if query_side and one in q_left and all(x in c_left for x in two):
                w = weight(qt[one])
                listed = " ".join(ct[x].text for x in two)
                matches.append((qt[one].text, listed, JOINED, SIMILARITY[JOINED], w, "written as one word"))
                q_left.remove(one)
                for x in two:
                    c_left.remove(x)
            elif not query_side and one in c_left and all(x in q_left for x in two):
                w = weight(ct[one])
                query = " ".join(qt[x].text for x in two)
                matches.append((query, ct[one].text, JOINED, SIMILARITY[JOINED], w, "written as one word"))
                c_left.remove(one)
                for x in two:
                    q_left.remove(x)
            else:
                continue
            num += w * SIMILARITY[JOINED]
            den += w
    misspelt = ""
    if q_left and c.legal_forms and not qt[0].person:
        q_left, misspelt = _misspelt_forms(qt, q_left, c.legal_forms)
    if q_left or c_left:
        den = _with_unmatched(den, qt, ct, qw, cw, q_left, c_left)
    score = num / den if den > 0 else 0.0
    # how much of the listed identity the query confirms: a query of common
    # parts ("Mohammed Ali") must not match every listed name that contains
    # them next to a rarer surname.  Patronymics count little here.
    if c_left:
        listed_total = listed_missing = 0.0
        for j, tok in enumerate(ct):
            share = cw[j] * PATRONYMIC_SHARE if tok.patronymic else cw[j]
            listed_total += share
            if not used_c[j] and j in c_left:
                listed_missing += share
        coverage = 1.0 - listed_missing / listed_total if listed_total > 0 else 1.0
        slack = PERSON_COVERAGE_SLACK if ct[0].person else ORG_COVERAGE_SLACK
        score *= min(1.0, coverage + slack)
    # only names from Arabic script are read as chains of relatives (see ``_relatives``)
    lineage = _relatives(qt, ct, q_left, c_left) if (qt[0].abjad or ct[0].abjad) else ""
    if lineage:
        score = min(score, LINEAGE_CAP)
    note = misspelt
    if q.legal_forms and c.legal_forms:
        score, note = _legal_forms(score, q, c)
        note = "; ".join(n for n in (misspelt, note) if n)
    return NameScore(
        score=max(0.0, score),  # may exceed 1 by the legal-form bonus; clamped by the caller
        matches=matches,
        query_tokens=qt,
        listed_tokens=ct,
        query_left=q_left,
        listed_left=c_left,
        legal_form_note=note,
        lineage_note=lineage,
    )


def _misspelt_forms(
    qt: tuple[Token, ...], q_left: list[int], forms: tuple[str, ...]
) -> tuple[list[int], str]:
    """Query parts left over that are the listed name's legal form mistyped: not name parts, so no cost."""
    kept: list[int] = []
    notes: list[str] = []
    for i in q_left:
        word = legal_forms.misspelt(qt[i].text, forms)
        if word:
            notes.append(f"{qt[i].text} read as legal form {word}")
        else:
            kept.append(i)
    return kept, ", ".join(notes)


def _with_unmatched(
    den: float,
    qt: tuple[Token, ...],
    ct: tuple[Token, ...],
    qw: list[float],
    cw: list[float],
    q_left: list[int],
    c_left: list[int],
) -> float:
    """``den`` plus what the unmatched parts cost: contradiction when both sides have some, omission otherwise."""
    contradiction = bool(q_left) and bool(c_left)
    # two different patronymics are two different fathers
    patronymic_clash = (
        contradiction and any(qt[i].patronymic for i in q_left) and any(ct[j].patronymic for j in c_left)
    )
    for side, left, tokens, weights in ((0, q_left, qt, qw), (1, c_left, ct, cw)):
        for idx in left:
            tok = tokens[idx]
            middle = tok.patronymic or (len(tokens) > 2 and 0 < idx < len(tokens) - 1)
            if contradiction and (patronymic_clash or not tok.patronymic):
                cost = CONTRADICTED
            elif not tok.person:
                cost = ORG_QUERY_EXTRA if side == 0 else ORG_LISTED_OMITTED
            elif side == 0:
                cost = QUERY_EXTRA_MIDDLE if middle else QUERY_EXTRA
            else:
                cost = LISTED_OMITTED_MIDDLE if middle else LISTED_OMITTED
            den += weights[idx] * cost
    return den


def _legal_forms(score: float, q: NameForm, c: NameForm) -> tuple[float, str]:
    """The score moved by the two names' legal forms, and the note saying why."""
    if not (q.legal_forms and c.legal_forms):
        return score, ""
    if set(q.legal_forms).isdisjoint(c.legal_forms):
        note = f"different legal forms ({'/'.join(q.legal_forms)} vs {'/'.join(c.legal_forms)})"
        return score - DIFFERENT_LEGAL_FORM, note
    same_kind = set(q.legal_kinds) & set(c.legal_kinds)
    if not same_kind:
        return score + SAME_LEGAL_FORM, "same legal form"
    note = f"same legal form ({'/'.join(sorted(same_kind))} joint-stock company)"
    return score + SAME_LEGAL_FORM + SAME_LEGAL_KIND, note


__all__ = ["NameScore", "compare_forms"]
