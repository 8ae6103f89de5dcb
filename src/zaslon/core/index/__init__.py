"""Candidate retrieval: from a query's name tokens to the few listed entities worth scoring."""

from zaslon.core.index.candidates import CandidateIndex, IndexedEntity

__all__ = ["CandidateIndex", "IndexedEntity"]
