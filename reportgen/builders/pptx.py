"""The slide deck (.pptx): its options, its template, and its bytes (a reproducible zip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import FactsError
from ..output import normalise_zip
from ..text import TEMPLATES_DIR
from . import Builder, Option, RenderContext, as_template_error, check_zip_template, faster_oxml, zip_moment
from .docx import CHART_STYLE

DEFAULT_TEMPLATE = TEMPLATES_DIR / "deck.pptx"


class PptxBuilder(Builder):
    name = "pptx"
    suffixes = (".pptx",)
    default = True
    options = (
        Option("pptx_template", "--pptx-template", "A .pptx whose layouts the deck uses.", is_file=True),
        CHART_STYLE,
    )

    def templates(self, settings: dict[str, Any]) -> list[Path]:
        return [settings.get("pptx_template") or DEFAULT_TEMPLATE]

    def check(self, settings: dict[str, Any]) -> None:
        check_zip_template(self.templates(settings)[0], "ppt/presentation.xml", "PowerPoint .pptx")

    def render(self, context: RenderContext) -> list[bytes]:
        from ..deck import render_pptx
        from ..package import sanitise

        _name_parts_without_walking_the_package()
        faster_oxml("pptx")
        template = context.settings.get("pptx_template")
        for warning in sanitise(template or DEFAULT_TEMPLATE, "pptx")[1]:  # what the template reader dropped
            context.warn(warning)
        try:
            data = render_pptx(context.brief, template, warn=context.warn,
                               chart_style=context.settings.get("chart_style", "native"))
        except FactsError as e:
            raise as_template_error(e, template) from None
        return [normalise_zip(data, zip_moment(context.brief))]


def _name_parts_without_walking_the_package() -> None:
    """python-pptx names each new part (notes slide, chart, workbook) by walking every relationship of the
    package to find the names in use: quadratic in slides (a 60-topic deck spent most of its time there).
    Instead, the names in use are collected once per package and per name pattern, then counted on."""
    from pptx.opc.package import OpcPackage
    from pptx.opc.packuri import PackURI

    if getattr(OpcPackage.next_partname, "counted", False):
        return
    import weakref

    used: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def next_partname(self, tmpl: str) -> PackURI:
        names = used.setdefault(self, {})
        if tmpl not in names:
            prefix = tmpl[: (tmpl % 42).find("42")]
            names[tmpl] = {str(p.partname) for p in self.iter_parts() if p.partname.startswith(prefix)}
        taken = names[tmpl]
        n = len(taken) + 1
        while tmpl % n in taken:  # a gap below is left alone: names stay unique and deterministic
            n += 1
        taken.add(tmpl % n)
        return PackURI(tmpl % n)

    next_partname.counted = True
    OpcPackage.next_partname = next_partname


BUILDER = PptxBuilder()
