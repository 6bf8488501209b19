"""What changed between two versions of a facts file, topic by topic: points, figures, statuses."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from .facts import Facts, Topic
from .formatting import formatter
from .text import wording


@dataclass(frozen=True)
class Change:
    """One change: kind is added | removed | changed | status, and the sentence that says it."""

    kind: str
    text: str


@dataclass(frozen=True)
class TopicChanges:
    """The changes of one topic, under its (new, else old) title."""

    topic_id: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Changes:
    """Everything that changed since a previous version, dated as that version's brief was: its "As of"
    date (Facts.as_of), the one its readers saw on its header."""

    since: dt.date
    topics: tuple[TopicChanges, ...]
    language: str = "en-GB"  # the new version's, in which the changes are worded

    @property
    def title(self) -> str:
        """'Changes since 5 December 2025'."""
        return wording(self.language).say("changes_title", formatter(self.language).date(self.since))

    def __bool__(self) -> bool:
        return bool(self.topics)


def compare(old: Facts, new: Facts) -> Changes:
    """The changes from old to new, in the new file's topic order, removed topics last."""
    old_topics = {t.id: t for t in old.topics}
    new_ids = {t.id for t in new.topics}
    words = wording(new.brief.language)
    found: list[TopicChanges] = []
    for topic in new.topics:
        before = old_topics.get(topic.id)
        changes = _topic_changes(before, topic, new.brief.language) if before else (Change("added", words.say("change_topic_added", topic)),)
        if changes:
            found.append(TopicChanges(topic.id, topic.title, tuple(changes)))
    for topic in old.topics:
        if topic.id not in new_ids:
            found.append(TopicChanges(topic.id, topic.title, (Change("removed", words.say("change_topic_removed", topic)),)))
    return Changes(old.as_of(), tuple(found), new.brief.language)


def _topic_changes(old: Topic, new: Topic, language: str) -> list[Change]:
    with_unit = formatter(language).quantity
    words = wording(language)
    changes: list[Change] = []
    if old.status != new.status:
        changes.append(Change("status", words.say("change_status", old.status, new.status)))
    old_points, new_points = {_nfc(p.text) for p in old.points}, {_nfc(p.text) for p in new.points}
    changes += [Change("added", words.say("change_point_added", p.text)) for p in new.points
                if _nfc(p.text) not in old_points]
    changes += [Change("removed", words.say("change_point_removed", p.text)) for p in old.points
                if _nfc(p.text) not in new_points]
    old_figures = _by_label(old.figures)
    new_labels = set(_by_label(new.figures))
    for key, figure in _by_label(new.figures).items():
        before = old_figures.get(key)
        now = with_unit(figure.value, figure.unit, figure.qualifier)
        if before is None:
            changes.append(Change("added", words.say("change_figure_added", figure.label, now)))
        elif (before.value, before.unit, before.qualifier) != (figure.value, figure.unit, figure.qualifier):
            was = with_unit(before.value, before.unit, before.qualifier)
            changes.append(Change("changed", words.say("change_figure", figure.label, was, now)))
    for key, figure in old_figures.items():
        if key not in new_labels:
            changes.append(Change("removed", words.say("change_figure_removed", figure.label, with_unit(figure.value, figure.unit, figure.qualifier))))
    return changes


def _nfc(text: str) -> str:
    """Text as compared: the composed (NFC) form, so "é" typed as e + accent is the same as "é"."""
    return unicodedata.normalize("NFC", text)


def _by_label(figures) -> dict[tuple[str, int], object]:
    """A topic's figures by label (NFC) and, when several share a label, by their order among them."""
    found: dict[tuple[str, int], object] = {}
    for figure in figures:
        label = _nfc(figure.label)
        n = sum(1 for key in found if key[0] == label)
        found[(label, n)] = figure
    return found
