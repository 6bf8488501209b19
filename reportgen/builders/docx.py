"""The briefing note (.docx): its options, its template, and its bytes (a reproducible zip)."""

from __future__ import annotations

from pathlib import Path

from .. import TEMPLATES_DIR
from . import OfficeBuilder, Option, RenderContext

DEFAULT_TEMPLATE = TEMPLATES_DIR / "briefing.docx"
CHART_STYLE = Option("chart_style", "--chart-style", "Charts as editable Word and PowerPoint charts, or as pictures.",
                     default="native", choices=("native", "image"))


class DocxBuilder(OfficeBuilder):
    name = "docx"
    suffixes = (".docx",)
    default = True
    options = (
        Option("docx_template", "--docx-template", "A .docx whose styles, page size and margins the note takes.",
               is_file=True),
        CHART_STYLE,
    )
    template_option, default_template = "docx_template", DEFAULT_TEMPLATE
    main_part, kind = "word/document.xml", "Word .docx"

    def speed_ups(self) -> None:
        from ..fastpaths.docx import apply

        apply()

    def write(self, context: RenderContext, template: Path | None) -> bytes:
        from ..docx_writer import render_docx

        return render_docx(context.brief, template or self.default_template, warn=context.warn,
                           chart_style=context.settings.get("chart_style", "native"))


BUILDER = DocxBuilder()
