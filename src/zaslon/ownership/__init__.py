"""Ownership data in the store, the graph built from it, and verdicts for the CLI, API and screening.

Storage: ownership data is kept through the list store as FollowTheMoney
entities of a dataset called ``ownership`` (or ``ownership-<name>``), versioned
like any list — a load is a new version of that dataset, all or nothing.  It
holds ``Ownership`` records (owner, asset, percentage, startDate, endDate,
date, sourceUrl/summary) and the parties they name that are on no list:
companies and persons with ids starting ``unlisted-`` and the topic
``unlisted``.  The name index skips ownership datasets, so such a party is
never reported as a listed target; ``OwnershipService.hits`` screens them apart
and reports a hit of kind ``ownership`` when their owners block them.

The graph (``OwnershipService.build``) joins, for one moment of the store:

- listed entities: the OFAC datasets count for the ``ofac`` regime, ``eu_fsf``
  for ``eu`` (no EU list file is bundled, so without one only the parties an
  FtM ownership file itself marks with the topic ``sanction`` count for ``eu``);
- the stakes of every ownership dataset;
- links the lists state themselves — OFAC ``Linked To:`` remarks of an
  organisation and "subsidiary of …" / "owned or controlled by …" phrases —
  as stakes of unknown size (the owner is the entity named), which can make a
  verdict ``review`` but never decide it.

Modules: ``names`` (datasets and ids), ``load`` (``load_ownership``),
``stated`` (links the lists state), ``service`` (``OwnershipService``, screening).
"""

from __future__ import annotations

from zaslon.ownership.load import OwnershipLoad, load_ownership
from zaslon.ownership.names import (
    DATASET,
    ORGS,
    REGIME_DATASETS,
    UNLISTED_PREFIX,
    UNLISTED_TOPIC,
    dataset_name,
    has_ownership_data,
    is_ownership_dataset,
    unlisted_id,
)
from zaslon.ownership.service import OwnershipService, merge_hits, screen_with_ownership

__all__ = [
    "DATASET",
    "ORGS",
    "REGIME_DATASETS",
    "UNLISTED_PREFIX",
    "UNLISTED_TOPIC",
    "OwnershipLoad",
    "OwnershipService",
    "dataset_name",
    "has_ownership_data",
    "is_ownership_dataset",
    "load_ownership",
    "merge_hits",
    "screen_with_ownership",
    "unlisted_id",
]
