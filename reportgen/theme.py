"""The house style: colours, fonts and sizes both writers and the charts share."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .facts import STATUSES

# Okabe–Ito hues, each set to its own lightness (CIELAB L* 17, 28, 39, 49, 60), so the statuses
# differ for colour-blind readers and in greyscale too, and every one stands at least 3:1 against
# white (WCAG 1.4.11, chart marks); text on each is chosen by contrast. In the order of STATUSES:
# agreed green, in progress navy, under negotiation blue, under consideration olive, concern brown.
_STATUS_COLOURS = MappingProxyType(dict(zip(STATUSES, ("04694C", "012C49", "087DAC", "9C9500", "702F00"), strict=True)))


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    low, high = sorted((relative_luminance(a), relative_luminance(b)))
    return (high + 0.05) / (low + 0.05)


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
    chart_dpi: int = 200
    # Deck text sizes in points: start sizes and the floors text never goes below.
    cover_title_pt: float = 40
    cover_title_floor_pt: float = 28
    slide_title_pt: float = 26
    slide_title_floor_pt: float = 20
    body_pt: float = 20
    body_floor_pt: float = 18  # SPEC 3: main-slide body text never under 18 pt
    body_space_after_pt: float = 8
    table_pt: float = 14
    marking_pt: float = 11
    key_number_pt: float = 60
    # Label sizes in points, one for each place labels are set (the modules that set them take them from here).
    picture_label_pt: float = 9  # chart pictures (matplotlib): the smallest text anywhere in the outputs
    note_chart_label_pt: float = 10  # native charts in the note: under the 12 pt body, above the picture floor
    slide_chart_label_pt: float = 12  # native charts on a slide: read from the back of a room
    slide_label_pt: float = 14  # a slide's kicker and status tag: labels, not body text
    key_label_pt: float = 16  # the label of a key number on a slide


THEME = Theme()


def text_on(fill: str) -> str:
    """White or the house text colour, whichever reads better on fill."""
    return "FFFFFF" if contrast(fill, "FFFFFF") >= contrast(fill, THEME.text) else THEME.text
