"""Links the lists state themselves as stakes of unknown size: OFAC ``Linked To:`` remarks of an
organisation, "subsidiary of …" and "owned or controlled by …" phrases.  Such a stake can make a
verdict ``review`` but never decides it."""

from __future__ import annotations

import re

from zaslon.core.model.entity import Entity
from zaslon.core.ownership import OwnershipEdge
from zaslon.ownership.names import ORGS
from zaslon.sources.ofac_remarks import links

# stated parents in list remarks; "Transactions Prohibited For Persons Owned or Controlled By U.S.
# Financial Institutions" is a programme note, not a parent, and is excluded by the lookahead
_PARENT = re.compile(
    r"\b(?:subsidiary of|owned or controlled by)\s+(?!U\.S\.)(.+?)(?=\s+and\s|[.;,()]|$)", re.IGNORECASE
)


def listed_since(entity: Entity) -> str | None:
    """The listing date if the list states one in ISO form (else: listed, date unknown)."""
    since = entity.first("listingDate")
    return since if since and re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", since) else None


def derived_edges(ofac: list[Entity]) -> list[OwnershipEdge]:
    """Stakes of unknown size the OFAC lists state: ``Linked To:`` of an organisation, "subsidiary of"."""
    by_id = {e.id: e for e in ofac}
    edges: list[OwnershipEdge] = []
    per_list: dict[str, list[Entity]] = {}
    for entity in ofac:
        per_list.setdefault(entity.dataset, []).append(entity)
    # resolved within each list, as OFAC states them: across the SDN and consolidated lists one name
    # is often two entities, which would leave every such link unresolved
    stated = [link for entities in per_list.values() for link in links(entities)]
    for link in stated:
        source = by_id.get(link.source)
        if link.target and source is not None and source.schema in ORGS and link.target != link.source:
            edges.append(
                OwnershipEdge(
                    link.target,
                    link.source,
                    None,
                    source=f"OFAC remark 'Linked To: {link.name}'",
                    ref=link.source,
                )
            )
    names: dict[str, set[str]] = {}
    for entity in ofac:
        for _prop, value in entity.names():
            names.setdefault(value.upper(), set()).add(entity.id)
    for entity in ofac:
        if entity.schema not in ORGS:
            continue
        for note in entity.get("notes"):
            for m in _PARENT.finditer(note):
                named = names.get(m[1].strip().upper(), set())
                if len(named) == 1 and (parent := next(iter(named))) != entity.id:
                    edges.append(
                        OwnershipEdge(parent, entity.id, None, source=f"OFAC remark: {note}", ref=entity.id)
                    )
    return edges
