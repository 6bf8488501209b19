"""Which language tag a run of text in another script carries: text is split where its script changes.

The facts file names one language (brief.language); names and quotations in other scripts
(Devanagari, Cyrillic, Arabic ...) are tagged with the language their script most likely is, so a
screen reader or a tagged PDF does not read Hindi as English (or, from a template's defaults, as Arabic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Script ranges and the language a run of that script is tagged with, and how Word classes the script
# ('latin': w:val, 'complex': w:bidi, 'east-asian': w:eastAsia).
_SCRIPTS = (
    ("\u0900-\u097F\uA8E0-\uA8FF", "hi-IN", "complex"),   # Devanagari: Hindi is by far its most common language
    ("\u0980-\u09FF", "bn-IN", "complex"),                # Bengali
    ("\u0B80-\u0BFF", "ta-IN", "complex"),                # Tamil
    ("\u0600-\u06FF\u0750-\u077F", "ar-SA", "complex"),   # Arabic
    ("\u0590-\u05FF", "he-IL", "complex"),                # Hebrew
    ("\u0400-\u04FF\u0500-\u052F", "ru-RU", "latin"),     # Cyrillic
    ("\u0370-\u03FF", "el-GR", "latin"),                  # Greek
    ("\u4E00-\u9FFF\u3400-\u4DBF", "zh-CN", "east-asian"),  # Han
    ("\u3040-\u30FF", "ja-JP", "east-asian"),             # Kana
    ("\uAC00-\uD7AF\u1100-\u11FF", "ko-KR", "east-asian"),  # Hangul
)
_PATTERN = re.compile("|".join(f"(?P<s{i}>[{chars}]+(?:[\\s\\-–—.,'’]+[{chars}]+)*)"
                               for i, (chars, _, _) in enumerate(_SCRIPTS)))


_ANY_OTHER_SCRIPT = re.compile("[" + "".join(chars for chars, _, _ in _SCRIPTS) + "]")

RIGHT_TO_LEFT = ("ar", "he", "fa", "ur")


@dataclass(frozen=True)
class Segment:
    """A stretch of text and, when it is in another script, its language tag and Word's class of script."""

    text: str
    language: str | None = None
    kind: str = "latin"

    @property
    def right_to_left(self) -> bool:
        """Written right to left (Arabic, Hebrew): Word must be told, or it lays the run out backwards."""
        return self.language is not None and primary_subtag(self.language) in RIGHT_TO_LEFT


def segments(text: str) -> list[Segment]:
    """text split where its script changes; text in the document's own script has no tag."""
    if text.isascii() or not _ANY_OTHER_SCRIPT.search(text):  # most text: one stretch, found in one pass
        return [Segment(text)]
    found: list[Segment] = []
    position = 0
    for match in _PATTERN.finditer(text):
        if match.start() > position:
            found.append(Segment(text[position:match.start()]))
        index = int(match.lastgroup[1:])
        _, language, kind = _SCRIPTS[index]
        found.append(Segment(match.group(), language, kind))
        position = match.end()
    if position < len(text) or not found:
        found.append(Segment(text[position:]))
    return found


def primary_subtag(tag: str) -> str:
    """'en-GB' -> 'en'."""
    return tag.split("-")[0].lower()
