"""The slide deck (.pptx): its options, its template, and its bytes (a reproducible zip)."""

from __future__ import annotations

from pathlib import Path

from .. import TEMPLATES_DIR
from . import OfficeBuilder, Option, RenderContext
from .docx import CHART_STYLE

DEFAULT_TEMPLATE = TEMPLATES_DIR / "deck.pptx"


class PptxBuilder(OfficeBuilder):
    name = "pptx"
    suffixes = (".pptx",)
    default = True
    options = (
        Option("pptx_template", "--pptx-template", "A .pptx whose layouts the deck uses.", is_file=True),
        CHART_STYLE,
    )
    template_option, default_template = "pptx_template", DEFAULT_TEMPLATE
    main_part, kind = "ppt/presentation.xml", "PowerPoint .pptx"

    def speed_ups(self) -> None:
        from ..fastpaths.pptx import apply

        apply()

    def write(self, context: RenderContext, template: Path | None) -> bytes:
        from ..deck import render_pptx

        return render_pptx(context.brief, template or self.default_template, warn=context.warn,
                           chart_style=context.settings.get("chart_style", "native"))

    def pictures(self, context: RenderContext) -> list:
        from ..deck.native_chart import CHART_TYPES

        style = context.settings.get("chart_style", "native")
        if style == "native" and all(chart.spec.kind in CHART_TYPES for chart in context.brief.charts):
            return []  # every chart native: no picture to draw, and no need to lay the slides out to know it
        from ..deck.writer import chart_requests

        return chart_requests(context.brief, self.templates(context.settings)[0], style)


BUILDER = PptxBuilder()
