"""The house style: colours, fonts and sizes both writers and the charts share."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

# Okabe–Ito based, ordered dark to light so the statuses still differ in greyscale.
_STATUS_COLOURS = MappingProxyType(
    {
        "agreed": "1B7837",
        "in-progress": "0072B2",
        "under-negotiation": "56B4E9",
        "under-consideration": "E69F00",
        "concern": "D55E00",
    }
)


@dataclass(frozen=True)
class Theme:
    """One place for every colour, font and size the outputs use."""

    font: str = "Arial"
    complex_script_font: str = "Nirmala UI"
    text: str = "1F2933"
    accent: str = "1F4E79"
    accent_light: str = "DCE6F0"
    muted: str = "5F6B7A"
    rule: str = "B8C4D0"
    marking: str = "B00020"
    status_colours: Mapping[str, str] = field(default_factory=lambda: _STATUS_COLOURS)
    chart_fonts: tuple[str, ...] = ("DejaVu Sans", "Noto Sans Devanagari")
    chart_dpi: int = 200
    # Deck text sizes in points: start sizes and the floors text never goes below.
    cover_title_pt: float = 40
    cover_title_floor_pt: float = 28
    slide_title_pt: float = 26
    slide_title_floor_pt: float = 20
    body_pt: float = 20
    body_floor_pt: float = 16
    body_space_after_pt: float = 8
    table_pt: float = 14
    marking_pt: float = 11
    key_number_pt: float = 60


THEME = Theme()
