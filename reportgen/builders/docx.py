"""The briefing note (.docx): its options, its template, and its bytes (a reproducible zip)."""

from __future__ import annotations

from pathlib import Path

from .. import TEMPLATES_DIR
from . import OfficeBuilder, Option, RenderContext, faster_oxml

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
        _find_default_styles_in_xpath()
        faster_oxml("docx")

    def write(self, context: RenderContext, template: Path | None) -> bytes:
        from ..docx_writer import render_docx

        return render_docx(context.brief, template, warn=context.warn,
                           chart_style=context.settings.get("chart_style", "native"))


def _find_default_styles_in_xpath() -> None:
    """python-docx looks for the default style of a type (on every `paragraph.style = ...`) by reading the
    type and default attributes of every style in Python; a note sets thousands of styles. One XPath query
    (in lxml's C code) gives the same answer: the last style of that type marked default."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.styles import CT_Styles

    if getattr(CT_Styles.default_for, "in_xpath", False):
        return

    def default_for(self, style_type):
        kind = WD_STYLE_TYPE.to_xml(style_type)
        of_type = f'@w:type="{kind}"' + (" or not(@w:type)" if style_type == WD_STYLE_TYPE.PARAGRAPH else "")
        found = self.xpath(f'w:style[({of_type}) and (@w:default="1" or @w:default="true" or @w:default="on")]')
        return found[-1] if found else None

    default_for.in_xpath = True
    CT_Styles.default_for = default_for

    # And a style set by name is looked up once per document: the note sets a few styles thousands of times.
    from docx.parts.document import DocumentPart

    look_up = DocumentPart.get_style_id

    def get_style_id(self, style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return look_up(self, style_or_name, style_type)
        known = self.__dict__.setdefault("_reportgen_style_ids", {})
        styles = self.__dict__.get("_reportgen_styles")
        if styles is None:  # the styles part's element, found once (python-docx finds it on each call)
            styles = self.__dict__["_reportgen_styles"] = self.styles.element
        key = (style_or_name, style_type, len(styles))  # a style added since: looked up again
        if key not in known:
            known[key] = look_up(self, style_or_name, style_type)
        return known[key]

    DocumentPart.get_style_id = get_style_id


BUILDER = DocxBuilder()
