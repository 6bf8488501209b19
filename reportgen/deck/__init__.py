"""Brief -> slide deck (.pptx)."""

from .writer import render_pptx

__all__ = ["render_pptx"]
