"""Goods: HS/CN/TARIC codes checked against the high-priority lists and EU 833/2014 annexes.

``check_code("8542 31 90 00")`` gives a ``GoodsVerdict`` (``listed``, ``review``
or ``none``) with the CHPL tier, the annexes, readable reasons and the
coverage of the data — which annexes are complete, partial or not checked.
"""

from zaslon.core.goods.check import GoodsMatch, GoodsVerdict, check_code
from zaslon.core.goods.codes import format_code, normalize_code
from zaslon.core.goods.hs2017 import HS2017_TO_2022
from zaslon.core.goods.lists import Coverage, GoodsEntry, GoodsLists, default_lists

__all__ = [
    "HS2017_TO_2022",
    "Coverage",
    "GoodsEntry",
    "GoodsLists",
    "GoodsMatch",
    "GoodsVerdict",
    "check_code",
    "default_lists",
    "format_code",
    "normalize_code",
]
