"""Ownership hits on the search page: unlisted parties blocked (OFAC) or owned (EU) through their owners.

The API's ``/match`` and the CLI's ``match`` merge these hits into the name
hits when ownership data is loaded; the search page does the same here, with
the serving snapshot's cached ``OwnershipService`` (``ownership_of``).  Each
ownership hit comes with its verdicts per regime — the word, the arithmetic,
the paths to a listed owner and a link to the ownership page for that day —
so the page can show why the party is caught although no list names it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request

from zaslon.core.model.query import Query
from zaslon.ownership import REGIME_DATASETS, has_ownership_data
from zaslon.web.api.circumvention import ownership_of
from zaslon.web.api.deps import snapshot_of
from zaslon.web.ui.pages import PREFIX, url

CLEAR = ("not blocked", "not owned")


def ownership_loaded(snapshot: Any) -> bool:
    """Whether the serving lists include ownership data (else the page shows no ownership field)."""
    return has_ownership_data(snapshot.versions)


def ownership_day(value: str, errors: dict[str, str]) -> date:
    """The day the ownership verdicts are for (default today); an error beside the field if it is not one."""
    if not value.strip():
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors["date"] = f"“{value}” is not a day: write YYYY-MM-DD."
        return date.today()


def ownership_hits(
    request: Request, query: Query, day: date, *, limit: int
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Ownership hits for ``query`` (``Hit.to_dict`` shape) and, by entity id, their verdicts that are not clear.

    Runs in a worker thread: the first call of a generation builds the graph.
    """
    service = ownership_of(request)
    # the serving engine's threshold decides "match", as for the name hits beside them
    found = service.hits(query, on=day, limit=limit, threshold=snapshot_of(request).engine.threshold)
    verdicts: dict[str, list[dict[str, Any]]] = {}
    for hit in found:
        shown: list[dict[str, Any]] = []
        for regime in REGIME_DATASETS:
            verdict = service.check(hit.entity_id, regime, day)
            if verdict.verdict in CLEAR:
                continue
            shown.append({
                "regime": regime,
                "verdict": verdict.verdict,
                "listed": verdict.listed,
                "explanation": verdict.explanation,
                "paths": [p.text for p in verdict.paths],
                "url": url(f"{PREFIX}/ownership", {"entity": hit.entity_id, "regime": regime,
                                                   "date": day.isoformat()}),
            })  # fmt: skip
        verdicts[hit.entity_id] = shown
    return [h.to_dict() for h in found], verdicts


def merge(name_hits: list[dict[str, Any]], owned: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Name and ownership hits in one list, best score first, a name hit first on a tie
    (the order of ``zaslon.ownership.merge_hits``, on hits as recorded)."""
    merged = sorted([*name_hits, *owned], key=lambda h: (-h["score"], h.get("kind", "name") != "name"))
    return merged[:limit]
