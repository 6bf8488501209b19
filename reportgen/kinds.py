"""The three kinds of brief as section lists: which sections the note's body and annexes have, which
parts the deck has and which panels a topic's slide carries, in order, for each value of brief.action.

A kind is a genre, and a genre belongs to the plan: the writers render what these lists give and know no
kind. A fourth kind is a new entry in each table here, its section builders in plan.py (one method per
section key not yet known) and its words in the wording; no writer changes. A section with nothing to
say is left out by the plan, never printed empty."""

from __future__ import annotations

# The note's body (SPEC 2, "The note by kind"). The header block and the marking come before every kind.
# The desk's comment is a section of its own in every kind, kept apart from what was reported (in a
# submission it opens the argument, whose other part is the implications and risks).
NOTE_BODY: dict[str, tuple[str, ...]] = {
    "information": ("purpose", "bottom-line", "changes", "glance", "comment", "implications", "lines",
                    "next-steps", "sources"),
    "decision": ("issue", "recommendations", "timing", "summary", "changes", "options", "glance", "comment",
                 "argument", "handling", "lines", "next-steps", "sources"),
    "meeting": ("objectives", "points-to-make", "likely-asks", "if-raised", "handling", "comment", "glance",
                "next-steps", "sources"),
}

# The annexes, lettered in this order as they are present.
NOTE_ANNEXES: dict[str, tuple[str, ...]] = {
    "information": ("topics", "charts", "people"),
    "decision": ("topics", "charts", "people"),
    "meeting": ("topics", "charts", "agenda", "people"),
}

# What moves to the head of Annex A (with one line in the body saying so) when the body would run past
# two pages: the evidence; the recommendation or the objectives always stay on page 1.
MOVABLE: dict[str, tuple[str, ...]] = {
    "information": (),
    "decision": ("glance",),
    "meeting": ("glance",),
}

# The deck (SPEC 3, "The deck by kind"): the title slide, then these parts in order.
# After "watch", everything is annex: the sources, the tables (agenda, figures, timeline, who's who), the
# charts; a topic's continuation and topics past the main slides' budget go to the annex's head.
ANNEX = ("sources", "annex-tables", "charts")
DECK: dict[str, tuple[str, ...]] = {
    "information": ("bottom-line", "changes", "glance", "topics", "watch", *ANNEX),
    "decision": ("decision", "options", "bottom-line", "changes", "glance", "topics", "watch", *ANNEX),
    "meeting": ("objectives", "points-to-make", "likely-asks", "changes", "glance", "topics", "watch", *ANNEX),
}

# The panels beside a topic's points on its slide. A meeting deck says its lines on the points-to-make
# slide, so its topic slides carry what is said only if the subject comes up.
TOPIC_PANELS: dict[str, tuple[str, ...]] = {
    "information": ("so-what", "say", "next-steps"),
    "decision": ("so-what", "say", "next-steps"),
    "meeting": ("their-position", "if-raised", "so-what", "next-steps"),
}
