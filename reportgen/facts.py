"""The Facts model: format version 1 (with the optional 1.1 and 1.2 additions) of the summit facts file. Data only, no I/O."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema

STATUSES: tuple[str, ...] = (
    "agreed",
    "in-progress",
    "under-negotiation",
    "under-consideration",
    "concern",
)
Status = Literal["agreed", "in-progress", "under-negotiation", "under-consideration", "concern"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Unicode noncharacters (U+FDD0-U+FDEF, and the last two code points of every plane) and lone surrogates
# (half of a UTF-16 pair) are not text: a document cannot hold them.
_NOT_TEXT = re.compile("[\ufdd0-\ufdef\ud800-\udfff" +
                       "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000)) + "]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
URL_SCHEMES = ("http", "https", "mailto")
# Bounds on how much one brief may hold, so that whatever validates also builds in bounded time and memory.
MAX_TOPICS = 2_000
MAX_ITEMS = 200  # points, figures, steps ... of a topic; sources, leaders, key points of the brief
MAX_EVENTS = 1_000
# Bounds every value must keep to be written: amounts up to a thousand trillion (larger ones are written
# with a unit such as "USD billion"), and years of the modern calendar.
MAX_MAGNITUDE = 10**15
YEARS = (1900, 2200)


def _is_text(value: str) -> str:
    """Value unchanged if it holds only characters (and no control character but newline and tab)."""
    bad = _CONTROL.search(value) or _NOT_TEXT.search(value)
    if bad:
        code = ord(bad.group())
        if _CONTROL.match(bad.group()):
            raise ValueError(f"plain text expected: control character U+{code:04X} is not allowed "
                             "(only newline and tab)")
        what = "a lone surrogate (half of a UTF-16 pair)" if 0xD800 <= code <= 0xDFFF else "a Unicode noncharacter"
        raise ValueError(f"plain text expected: U+{code:04X} is {what}, not text")
    return value


def _plain_text(value: str) -> str:
    _is_text(value)
    if not value.strip():
        raise ValueError("text expected, got an empty string")
    return value.strip()


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"a slug of a-z, 0-9 and '-' expected (e.g. 'defence-production'), got {value!r}")
    return value


def _url(value: str) -> str:
    bad = _CONTROL.search(value) or _NOT_TEXT.search(value) or re.search(r"\s", value)
    if bad:
        raise ValueError(f"a URL without spaces or control characters expected (write a space as %20); "
                         f"U+{ord(bad.group()):04X} is not allowed in {value!r}")
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
    if abs(value) > MAX_MAGNITUDE:
        shown = f"{value:.3g}" if isinstance(value, float) or len(str(value)) > 20 else str(value)
        raise ValueError(f"a number no larger than a thousand trillion (10^15) expected, got {shown}; "
                         "write large amounts in a larger unit, e.g. 'USD billion'")
    return value


def _year_in_range(year: int, value: object) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"a date in the years {YEARS[0]}-{YEARS[1]} expected, got {value!r}")


def _partial_date(value: object) -> str:
    """ISO date, YYYY-MM or YYYY, normalised to its ISO text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _year_in_range(value.year, value.isoformat())
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        value = f"{value:04d}"
    if isinstance(value, str):
        m = _PARTIAL_DATE.fullmatch(value)
        if m:
            year, month, day = (int(g) if g else None for g in m.groups())
            try:
                dt.date(year, 1 if month is None else month, 1 if day is None else day)
            except ValueError:
                pass
            else:
                _year_in_range(year, value)
                return value
    raise ValueError(f"a date expected as YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")


def _language(value: str) -> str:
    """A BCP 47 language tag that CLDR (Babel) knows, e.g. en-GB, en-US, fr-CA, in a language reportgen
    has wording for (a catalog of its own or of its language: fr-BE uses fr)."""
    from babel import Locale, UnknownLocaleError

    from .text import has_catalog, languages

    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"a BCP 47 language tag such as 'en-GB' or 'en-US' expected, got {value!r}") from None
    if not has_catalog(value):
        raise ValueError(f"a language reportgen has wording for expected: {' or '.join(languages())}, with a "
                         f"region or not (en-GB, fr-CA), got {value!r}")
    return value


def _next_step(value: object) -> object:
    """A next step written as plain text is a step with only its text."""
    return {"text": value} if isinstance(value, str) else value


def _iso_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time expected (YYYY-MM-DD)")
    if not isinstance(value, (str, dt.date)):  # pydantic would read a number as seconds since 1970
        raise ValueError(f"an ISO date expected (YYYY-MM-DD), got {type(value).__name__} {value!r}")
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"an ISO date expected (YYYY-MM-DD), got {value!r}")
    return value


def _iso_date_in_range(value: dt.date) -> dt.date:
    _year_in_range(value.year, value.isoformat())
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[str, AfterValidator(_slug)]
Url = Annotated[str, AfterValidator(_url)]
Number = Annotated[float | int, BeforeValidator(_number),
                   WithJsonSchema({"type": "number", "minimum": -MAX_MAGNITUDE, "maximum": MAX_MAGNITUDE})]
Language = Annotated[str, AfterValidator(lambda v: _language(v))]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), AfterValidator(_iso_date_in_range)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MAX_BIO_WORDS = 100
MAX_RECOMMENDATIONS = 4
MAX_OPTIONS = 4
MAX_OBJECTIVES = 4
KINDS: tuple[str, ...] = ("information", "decision", "meeting")
Kind = Literal["information", "decision", "meeting"]
Qualifier = Literal["over", "about", "up to", "at least", "under"]


def _bio(value: str) -> str:
    words = len(value.split())
    if words > MAX_BIO_WORDS:
        raise ValueError(f"a bio of at most {MAX_BIO_WORDS} words expected, got {words} words")
    return value


def _clock_time(value: object) -> str:
    """A local time HH:MM (24-hour)."""
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 10:30 unquoted as a base-60 integer (630): say how to write it.
        raise ValueError(f"a time written HH:MM in quotes expected (e.g. \"10:30\"), got the number {value!r}")
    if not isinstance(value, str) or not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value.strip()):
        raise ValueError(f"a local time HH:MM expected (e.g. \"10:30\"), got {value!r}")
    return value.strip()


Bio = Annotated[str, AfterValidator(_plain_text), AfterValidator(_bio)]
ClockTime = Annotated[str, BeforeValidator(_clock_time), WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"})]


class Person(_Model):
    """A leader or participant."""

    name: Text
    role: Text | None = None
    country: Text | None = None
    bio: Bio | None = None  # (1.2) at most 100 words


class Summit(_Model):
    """What the brief is about: one summit."""

    title: Text
    date: IsoDate
    place: Text
    leaders: list[Person] = Field(min_length=1, max_length=MAX_ITEMS)
    participants: list[Person] = Field(default=[], max_length=MAX_ITEMS)


class Clearance(_Model):
    """(1.2) Who cleared the brief: a name or an office, and when."""

    who: Text
    date: IsoDate | None = None


class BriefInfo(_Model):
    """The note's own metadata: marking, reference, purpose, bottom line."""

    classification: Text
    reference: Text | None = None
    author: Text | None = None
    to: Text | None = None  # (1.1) who the brief is for
    action: Kind = "information"  # (1.1) the kind of brief: a readout, a submission or a meeting brief
    as_of: IsoDate | None = None  # (1.1) default: the latest source date, else the summit date
    language: Language = "en-GB"  # (1.1) drives how numbers and dates are written
    purpose: Text
    key_points: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    caveats: list[Text] = Field(default=[], max_length=MAX_ITEMS)  # (1.1) limits of the sources, inferred values
    comment: list[Text] = Field(default=[], max_length=MAX_ITEMS)  # (1.2) the desk's own view, apart from the facts
    clearances: list[Clearance] = Field(default=[], max_length=MAX_ITEMS)  # (1.2) who cleared the brief
    contact: Text | None = None  # (1.2) who to call about the brief


class Amount(_Model):
    """(1.2) A number with its unit, written by the formatter (an option's cost)."""

    value: Number
    unit: Text
    qualifier: Qualifier | None = None


class Option(_Model):
    """(1.2) One option of a submission."""

    title: Text
    summary: Text | None = None
    for_: list[Text] = Field(default=[], max_length=MAX_ITEMS, alias="for")
    against: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    cost: Amount | None = None
    recommended: StrictBool = False


class Decision(_Model):
    """(1.2) What a submission asks the reader to decide; required when brief.action is decision."""

    issue: Text
    recommendations: list[Text] = Field(min_length=1, max_length=MAX_RECOMMENDATIONS)
    by: IsoDate | None = None
    timing: Text | None = None
    options: list[Option] = Field(default=[], max_length=MAX_OPTIONS)
    handling: list[Text] = Field(default=[], max_length=MAX_ITEMS)

    @property
    def recommended(self) -> Option | None:
        return next((o for o in self.options if o.recommended), None)


class AgendaItem(_Model):
    """(1.2) One item of a meeting's agenda."""

    time: ClockTime | None = None
    item: Text


class Meeting(_Model):
    """(1.2) The meeting a meeting brief prepares; required when brief.action is meeting."""

    date: IsoDate
    time: ClockTime | None = None
    duration: Text | None = None
    venue: Text | None = None
    format: Text | None = None
    reason: Text | None = None
    last_met: Text | None = None
    objectives: list[Text] = Field(min_length=1, max_length=MAX_OBJECTIVES)
    agenda: list[AgendaItem] = Field(default=[], max_length=MAX_ITEMS)
    press: Text | None = None


class LikelyAsk(_Model):
    """(1.2) What the other side may raise, and our reply."""

    ask: Text
    response: Text


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
    qualifier: Qualifier | None = None  # (1.1)
    id: Slug | None = None  # (1.1) unique in the file
    part_of: Slug | None = None  # (1.1) the id of the figure this one is part of (same unit)
    key: StrictBool = False  # (1.1) shown among the key numbers
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
    data: dict[Text, Number] = Field(min_length=1, max_length=MAX_ITEMS)


class Topic(_Model):
    """One subject of the summit: a section of the note, a group of slides."""

    id: Slug
    title: Text
    headline: Text
    status: Status
    summary: Text | None = None
    points: list[Point] = Field(min_length=1, max_length=MAX_ITEMS)
    figures: list[Figure] = Field(default=[], max_length=MAX_ITEMS)
    considerations: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    next_steps: list[Annotated[NextStep, BeforeValidator(_next_step)]] = Field(default=[], max_length=MAX_ITEMS)
    lines_to_take: list[Text] = Field(default=[], max_length=MAX_ITEMS)  # (1.1) press lines, points to make
    their_position: Text | None = None  # (1.2) where the other side stands
    likely_asks: list[LikelyAsk] = Field(default=[], max_length=MAX_ITEMS)  # (1.2) what they may raise; our reply
    if_raised: list[Text] = Field(default=[], max_length=MAX_ITEMS)  # (1.2) defensive lines, only if raised
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
    sources: list[Source] = Field(min_length=1, max_length=MAX_ITEMS)
    topics: list[Topic] = Field(min_length=1, max_length=MAX_TOPICS)
    timeline: list[Event] = Field(default=[], max_length=MAX_EVENTS)
    decision: Decision | None = None  # (1.2) only when brief.action is decision, and then required
    meeting: Meeting | None = None  # (1.2) only when brief.action is meeting, and then required

    def as_of(self) -> dt.date:
        """The date the brief speaks from: brief.as_of, else the latest source date, else the summit date."""
        dated = [s.date for s in self.sources if s.date]
        return self.brief.as_of or (max(dated) if dated else self.summit.date)

    def source_number(self, source_id: str) -> int:
        """The 1-based number a citation of this source carries."""
        return [s.id for s in self.sources].index(source_id) + 1


def json_schema() -> dict:
    """The JSON Schema of the facts file."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportgen facts file, format version 1 (with the optional 1.1 and 1.2 fields)"
    return schema
