"""HS 2017 subheadings that HS 2022 replaced, for the codes the high-priority lists use.

The Common High Priority List is written in HS 2022; a declaration in HS 2017
may carry a subheading that no longer exists.  Each of these HS 2017 codes was
split or renumbered; the tuple gives every HS 2022 successor (WCO correlation
table HS 2017–HS 2022), so a split where only some successors are listed gives
``review``, not a verdict.  Since none of these codes exists in HS 2022, a
declaration carrying one is unambiguously HS 2017.
"""

from __future__ import annotations

SOURCE = "WCO correlation table HS 2017 - HS 2022; circumvention data README (8525 80, 8541 40, 8541 50, 8548 90, 8803 30)"

HS2017_TO_2022: dict[str, tuple[str, ...]] = {
    "852580": ("852581", "852582", "852583", "852589"),  # television/digital cameras split by kind
    "854140": ("854141", "854142", "854143", "854149"),  # photosensitive devices: LEDs, PV cells, other
    "854150": ("854151", "854159"),  # other semiconductor devices: transducers, other
    "854890": ("854800",),  # electrical parts n.e.s. (8548 10 waste moved to 8549)
    "880330": ("880730",),  # other parts of aeroplanes/helicopters, now heading 8807
}


def successors(digits: str) -> tuple[str, ...] | None:
    """The HS 2022 subheadings replacing the HS 2017 subheading ``digits`` starts with, if any."""
    return HS2017_TO_2022.get(digits[:6]) if len(digits) >= 6 else None
