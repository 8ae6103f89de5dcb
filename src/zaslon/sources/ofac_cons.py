"""The US OFAC Consolidated (non-SDN) Sanctions List in its legacy CSV form.

``cons_prim.csv`` with ``cons_alt.csv``, ``cons_add.csv`` and
``cons_comments.csv``: the SSI, NS-PLC, CMIC, CAPTA, FSE and NS-MBS lists, in
exactly the layout of the SDN files, so ``ofac_sdn.OfacFormat`` reads both.
"""

from __future__ import annotations

from zaslon.sources.ofac_csv import CONS_COMPANIONS, CONS_MAIN
from zaslon.sources.ofac_sdn import OfacFormat

_BASE = "https://www.treasury.gov/ofac/downloads/consolidated/"

FORMAT = OfacFormat(
    name="us_ofac_cons_csv",
    dataset="us_ofac_cons",
    title="US OFAC Consolidated (non-SDN) Sanctions List",
    kind="cons",
    main=CONS_MAIN,
    companions=CONS_COMPANIONS,
    urls={file: _BASE + file for file in (CONS_MAIN, *CONS_COMPANIONS)},
)

__all__ = ["FORMAT"]
