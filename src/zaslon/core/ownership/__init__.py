"""Ownership chains under the OFAC 50 Percent Rule and the EU owned-or-controlled test.

Pure: a graph of stakes goes in (``OwnershipGraph``), verdicts with their paths
and arithmetic come out (``analyse(graph, regime, on).check(entity_id)``), and
``validate`` lists what is wrong with the data.  Loading files is the business
of ``zaslon.sources.ownership_csv``.
"""

from zaslon.core.ownership.explain import Contribution, OwnershipPath, OwnershipVerdict, PathStep
from zaslon.core.ownership.graph import REGIMES, Finding, OwnershipEdge, OwnershipGraph
from zaslon.core.ownership.rules import EU_THRESHOLD_CHANGE, Analysis, Threshold, analyse, threshold
from zaslon.core.ownership.validate import validate

__all__ = [
    "EU_THRESHOLD_CHANGE",
    "REGIMES",
    "Analysis",
    "Contribution",
    "Finding",
    "OwnershipEdge",
    "OwnershipGraph",
    "OwnershipPath",
    "OwnershipVerdict",
    "PathStep",
    "Threshold",
    "analyse",
    "threshold",
    "validate",
]
