"""The document properties the note and the deck both carry, defined once: the core properties
(docProps/core.xml: title, author, dates ...) and the extended ones (docProps/app.xml: the program that
wrote the file, and for a deck what PowerPoint lists of it). No library is imported here: the writers
hand over their library's objects, and the deck never imports python-docx."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from . import __version__

if TYPE_CHECKING:
    from .plan import Brief

APPLICATION = f"reportgen {__version__}"
THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
EXTENDED_PROPERTIES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def set_core(core, brief: Brief) -> None:
    """The brief's properties on python-docx's or python-pptx's CoreProperties (the same API). Every
    property a template may carry is set, so nothing of the template's own document is left: dated the
    brief's own date, never the clock (last printed too: a template's would be some other document's)."""
    props = brief.properties
    core.title = props.title
    core.subject = props.subject
    core.author = props.author
    core.keywords = props.keywords
    core.category = brief.classification
    core.language = props.language
    core.comments = ""
    core.last_modified_by = props.author
    core.revision = 1
    created = dt.datetime.fromisoformat(props.created)
    core.created = core.modified = created
    core.last_printed = created


def app_xml(deck: tuple[str, int, list[str]] | None = None) -> bytes:
    """docProps/app.xml: the program that wrote the file, and no page, word or line counts it cannot know.
    deck: (presentation format, notes slides, slide titles) for a deck, whose slide count and titles
    PowerPoint lists (the document's first "part" is its theme)."""
    if deck is None:
        middle = f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    else:
        presentation_format, notes, titles = deck
        slides = len(titles)
        vector = "".join(f"<vt:lpstr>{escape(t[:255])}</vt:lpstr>" for t in ["Office Theme", *titles])
        middle = (
            f"<TotalTime>0</TotalTime><Application>{APPLICATION}</Application>"
            f"<PresentationFormat>{presentation_format}</PresentationFormat>"
            f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
            "<ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="4" baseType="variant">'
            "<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
            f"<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant><vt:variant><vt:i4>{slides}</vt:i4></vt:variant>"
            "</vt:vector></HeadingPairs>"
            f'<TitlesOfParts><vt:vector size="{slides + 1}" baseType="lpstr">{vector}</vt:vector></TitlesOfParts>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{middle}<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode("utf-8")
