"""The Facts model: format version 1 (with the optional 1.1 additions) of the summit facts file. Data only, no I/O."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

STATUSES: tuple[str, ...] = (
    "agreed",
    "in-progress",
    "under-negotiation",
    "under-consideration",
    "concern",
)
Status = Literal["agreed", "in-progress", "under-negotiation", "under-consideration", "concern"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL_SCHEMES = ("http", "https", "mailto")


def _plain_text(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(
            f"plain text expected: control character U+{ord(bad.group()):04X} is not allowed "
            "(only newline and tab)"
        )
    if not value.strip():
        raise ValueError("text expected, got an empty string")
    return value.strip()


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"a slug of a-z, 0-9 and '-' expected (e.g. 'defence-production'), got {value!r}")
    return value


def _url(value: str) -> str:
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in URL_SCHEMES or len(value) <= len(scheme) + 1:
        raise ValueError(f"an http, https or mailto URL expected, got {value!r}")
    if scheme in ("http", "https") and not re.match(r"^https?://[^/\s]+", value, re.I):
        raise ValueError(f"an http(s) URL with a host expected, got {value!r}")
    return value


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"a number expected (e.g. 3 or 2.5), got {type(value).__name__} {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a finite number expected")
    return value


def _partial_date(value: object) -> str:
    """ISO date, YYYY-MM or YYYY, normalised to its ISO text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if isinstance(value, str):
        m = _PARTIAL_DATE.match(value)
        if m:
            year, month, day = (int(g) if g else None for g in m.groups())
            try:
                dt.date(year, month or 1, day or 1)
            except ValueError:
                pass
            else:
                return value
    raise ValueError(f"a date expected as YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")


def _language(value: str) -> str:
    """A BCP 47 language tag that CLDR (Babel) knows, e.g. en-GB, en-US, fr-CA."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"a BCP 47 language tag such as 'en-GB' or 'en-US' expected, got {value!r}") from None
    return value


def _next_step(value: object) -> object:
    """A next step written as plain text is a step with only its text."""
    return {"text": value} if isinstance(value, str) else value


def _iso_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time expected (YYYY-MM-DD)")
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise ValueError(f"an ISO date expected (YYYY-MM-DD), got {value!r}")
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[str, AfterValidator(_slug)]
Url = Annotated[str, AfterValidator(_url)]
Number = Annotated[float | int, BeforeValidator(_number)]
Language = Annotated[str, AfterValidator(lambda v: _language(v))]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Model):
    """A leader or participant."""

    name: Text
    role: Text | None = None
    country: Text | None = None


class Summit(_Model):
    """What the brief is about: one summit."""

    title: Text
    date: IsoDate
    place: Text
    leaders: list[Person] = Field(min_length=1)
    participants: list[Person] = []


class BriefInfo(_Model):
    """The note's own metadata: marking, reference, purpose, bottom line."""

    classification: Text
    reference: Text | None = None
    author: Text | None = None
    to: Text | None = None  # (1.1) who the brief is for
    action: Literal["information", "decision", "meeting"] = "information"  # (1.1)
    as_of: IsoDate | None = None  # (1.1) default: the latest source date, else the summit date
    language: Language = "en-GB"  # (1.1) drives how numbers and dates are written
    purpose: Text
    key_points: list[Text] = []
    caveats: list[Text] = []  # (1.1) limits of the sources, inferred values


class Source(_Model):
    """Where facts come from; cited by id."""

    id: Slug
    title: Text
    kind: Literal["official", "press", "analysis"] | None = None  # (1.1)
    publisher: Text | None = None
    url: Url | None = None
    date: IsoDate | None = None


class Point(_Model):
    """One key fact of a topic, with its source."""

    text: Text
    source: Slug


class Figure(_Model):
    """A sourced number with its unit."""

    label: Text
    value: Number
    unit: Text
    qualifier: Literal["over", "about", "up to", "at least", "under"] | None = None  # (1.1)
    id: Slug | None = None  # (1.1) unique in the file
    part_of: Slug | None = None  # (1.1) the id of the figure this one is part of (same unit)
    key: bool = False  # (1.1) shown among the key numbers
    source: Slug


class NextStep(_Model):
    """A next step: what, and (1.1) who and by when."""

    text: Text
    owner: Text | None = None
    due: PartialDate | None = None


class TopicChart(_Model):
    """A chart of a topic's own data series."""

    kind: Literal["bar", "barh", "line"] = "bar"
    title: Text
    unit: Text | None = None
    data: dict[str, Number] = Field(min_length=1)


class Topic(_Model):
    """One subject of the summit: a section of the note, a group of slides."""

    id: Slug
    title: Text
    headline: Text
    status: Status
    summary: Text | None = None
    points: list[Point] = Field(min_length=1)
    figures: list[Figure] = []
    considerations: list[Text] = []
    next_steps: list[Annotated[NextStep, BeforeValidator(_next_step)]] = []
    lines_to_take: list[Text] = []  # (1.1) press lines, points to make
    chart: TopicChart | None = None


class Event(_Model):
    """A dated event on the timeline."""

    date: PartialDate
    text: Text
    source: Slug


class Facts(_Model):
    """A whole facts file, format version 1 (1.1 additions optional)."""

    reportgen: Literal[1]
    summit: Summit
    brief: BriefInfo
    sources: list[Source] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)
    timeline: list[Event] = []

    def source_number(self, source_id: str) -> int:
        """The 1-based number a citation of this source carries."""
        return [s.id for s in self.sources].index(source_id) + 1


def json_schema() -> dict:
    """The JSON Schema of the facts file."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportgen facts file, format version 1 (with the optional 1.1 fields)"
    return schema
