"""Names and ids of ownership data: its datasets, the parties on no list, the regimes' lists."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from zaslon.core.model.schema import COMPANY, LEGAL_ENTITY, ORGANIZATION
from zaslon.exc import QueryError

DATASET = "ownership"
UNLISTED_TOPIC = "unlisted"
UNLISTED_PREFIX = "unlisted-"
REGIME_DATASETS: dict[str, tuple[str, ...]] = {"ofac": ("us_ofac_sdn", "us_ofac_cons"), "eu": ("eu_fsf",)}
ORGS = frozenset({COMPANY, ORGANIZATION, LEGAL_ENTITY})
_NAME_OK = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")


def is_ownership_dataset(dataset: str) -> bool:
    return dataset == DATASET or dataset.startswith(DATASET + "-")


def dataset_name(name: str | None) -> str:
    """``None`` -> ``ownership``; ``"suppliers"`` -> ``ownership-suppliers``."""
    if not name or name == DATASET:
        return DATASET
    short = name[len(DATASET) + 1 :] if name.startswith(DATASET + "-") else name
    if not _NAME_OK.match(short):
        raise QueryError(
            f"ownership data name {name!r} must be lower-case letters, digits, '-' or '_' (at most 41)",
            field="dataset",
        )
    return f"{DATASET}-{short}"


def unlisted_id(name: str) -> str:
    """A stable id for a party named in ownership data and on no list (same name, same id)."""
    key = " ".join(name.casefold().split())
    return UNLISTED_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:16]


def has_ownership_data(datasets: Iterable[str] | Mapping[str, object]) -> bool:
    return any(is_ownership_dataset(d) for d in datasets)
