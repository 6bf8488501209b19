"""Brief -> slide deck (.pptx): `slides` decides the slides, `writer` places them with python-pptx."""

from __future__ import annotations


def render_pptx(*args, **kwargs) -> bytes:
    """The slide deck as .pptx bytes (see writer.render_pptx); python-pptx is imported only when writing."""
    from .writer import render_pptx as write

    return write(*args, **kwargs)


__all__ = ["render_pptx"]
