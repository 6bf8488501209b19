"""The Facts model: format version 1 (with the optional 1.1 and 1.2 additions) of the summit facts file. Data only, no I/O."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema

# The statuses, in SPEC order ("wherever they are listed or coloured"): their one definition. The model's
# Status, the theme's colours, the plan's bottom-line order and the wording's labels follow it.
STATUSES = ("agreed", "in-progress", "under-negotiation", "under-consideration", "concern")
Status = Literal[STATUSES]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional embedding, override and isolate controls: one at the end of a label makes "12" read "21"
# and "[1]" read "]1[" in whatever follows it.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that draw nothing although they are not white space (Unicode category Cf is added below):
# the Braille blank, the Hangul fillers, the combining grapheme joiner, the Mongolian and other variation
# selectors, the Khmer inherent vowels.
_INVISIBLE = frozenset("\u2800\u3164\u115f\u1160\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
                       + "".join(chr(c) for c in range(0xFE00, 0xFE10)))
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
# A value nearer zero than this is written "0" (the formatter keeps at most 12 decimal places).
MIN_MAGNITUDE = 1e-12
YEARS = (1900, 2200)
MAX_URL = 2_000  # characters: what browsers, Word and PDF readers all keep whole
MAX_MARKING = 255  # characters of the classification: it is also a document property, limited to 255
SHOWN = 60  # characters of a value quoted in a message; the rest is cut


def shown(value: object, limit: int = SHOWN) -> str:
    """A value quoted for a message, cut to `limit` characters: an error line never carries a whole
    megabyte of someone's value."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    bidi = _BIDI.search(value)
    if bidi:
        raise ValueError(f"plain text expected: U+{ord(bidi.group()):04X} is a bidirectional embedding, override "
                         "or isolate control, which can make the text around it read backwards")
    return value


def _invisible(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE or unicodedata.category(char) == "Cf"


def _plain_text(value: str) -> str:
    _is_text(value)
    if not value.strip():
        raise ValueError("text expected, got an empty string")
    if all(_invisible(c) for c in value):
        codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in value if not c.isspace()))
        raise ValueError(f"text expected, got only invisible characters ({codes[:60]})")
    return value.strip()


def _marking(value: str) -> str:
    if len(value) > MAX_MARKING:
        raise ValueError(f"a classification of at most {MAX_MARKING} characters expected, got {len(value):,}")
    return value


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"a slug of a-z, 0-9 and '-' expected (e.g. 'defence-production'), got {shown(value)}")
    return value


def _url(value: str) -> str:
    if len(value) > MAX_URL:
        raise ValueError(f"a URL of at most {MAX_URL:,} characters expected, got {len(value):,}")
    bad = (_CONTROL.search(value) or _NOT_TEXT.search(value) or re.search(r"\s", value)
           or next((c for c in re.findall(r"[^\x21-\x7e]", value) if unicodedata.category(c) == "Cf"), None))
    if bad:
        char = bad if isinstance(bad, str) else bad.group()
        raise ValueError(f"a URL without spaces or control characters expected (nor invisible or bidirectional "
                         f"ones; write a space as %20); U+{ord(char):04X} is not allowed in {shown(value)}")
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in URL_SCHEMES or len(value) <= len(scheme) + 1:
        raise ValueError(f"an http, https or mailto URL expected, got {shown(value)}")
    if scheme in ("http", "https"):
        if not re.match(r"^https?://[^/\s]+", value, re.I):
            raise ValueError(f"an http(s) URL with a host expected, got {shown(value)}")
        if "\\" in value:  # browsers read a backslash as '/': https://a.org\@b.org goes to b.org
            raise ValueError(f"a URL without a backslash expected (write '/' or %5C), got {shown(value)}")
    if scheme == "mailto" and "?" in value:
        fields = {unquote(pair.split("=", 1)[0]).strip().lower() for pair in re.split("[&;]", value.split("?", 1)[1])}
        if fields & {"attach", "attachment", "attachments"}:
            raise ValueError("a mailto URL without an attachment parameter expected: it would ask the reader's "
                             "mail program to attach a local file")
    return value


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"a number expected (e.g. 3 or 2.5), got {type(value).__name__} {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a finite number expected")
    if abs(value) > MAX_MAGNITUDE:
        if isinstance(value, float):
            written = f"{value:.3g}"
        else:  # an int too large for a float (over 308 digits) cannot be formatted with :.3g
            digits = str(abs(value))
            written = digits if len(digits) <= 20 else f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
        raise ValueError(f"a number no larger than a thousand trillion (10^15) expected, got {written}; "
                         "write large amounts in a larger unit, e.g. 'USD billion'")
    if value and abs(value) < MIN_MAGNITUDE:
        raise ValueError(f"a number of at least {MIN_MAGNITUDE:g} (or 0) expected, got {value!r}, which the brief "
                         "would show as 0; write it in a smaller unit")
    return value


def _year_in_range(year: int, value: object) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"a date in the years {YEARS[0]}-{YEARS[1]} expected, got {shown(value)}")


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
    raise ValueError(f"a date expected as YYYY-MM-DD, YYYY-MM or YYYY, got {shown(value)}")


# A well-formed BCP 47 language tag (RFC 5646 'langtag'; no grandfathered or private-use-only tags):
# language (2-3 letters with up to three extlangs, or 5-8 letters), script, region, variants, extensions,
# private use. 'root' (4 letters) and 'en_GB' (an underscore) are not tags.
_LANGTAG = re.compile(
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{5,8})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?P<rest>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?)",
    re.I,
)


def _language(value: str) -> str:
    """A well-formed BCP 47 language tag that CLDR (Babel) knows, e.g. en-GB, en-US, fr-CA, in its
    canonical case (language lower, Script title, REGION upper), as the documents carry it; in a language
    reportgen has wording for (a catalog of its own or of its language: fr-BE uses fr)."""
    from babel import Locale, UnknownLocaleError

    from .text import has_catalog, languages

    expected = f"a BCP 47 language tag such as 'en-GB' or 'en-US' expected, got {shown(value)}"
    tag = _LANGTAG.fullmatch(value) if isinstance(value, str) and value.isascii() else None
    if tag is None:
        hint = f" (write {value.replace('_', '-')!r})" if "_" in value and _LANGTAG.fullmatch(value.replace("_", "-")) \
            else ""
        raise ValueError(expected + hint)
    canonical = "-".join(part for part in (tag["language"].lower(), (tag["script"] or "").title(),
                                            (tag["region"] or "").upper()) if part) + tag["rest"].lower()
    try:
        Locale.parse(canonical.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(expected) from None
    if not has_catalog(canonical):
        raise ValueError(f"a language reportgen has wording for expected: {' or '.join(languages())}, with a "
                         f"region or not (en-GB, fr-CA), got {shown(value)}")
    return canonical


def _next_step(value: object) -> object:
    """A next step written as plain text is a step with only its text."""
    return {"text": value} if isinstance(value, str) else value


def _iso_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time expected (YYYY-MM-DD)")
    if not isinstance(value, (str, dt.date)):  # pydantic would read a number as seconds since 1970
        raise ValueError(f"an ISO date expected (YYYY-MM-DD), got {type(value).__name__} {shown(value)}")
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"an ISO date expected (YYYY-MM-DD), got {shown(value)}")
    return value


def _iso_date_in_range(value: dt.date) -> dt.date:
    _year_in_range(value.year, value.isoformat())
    return value


def _distinct_labels(value: object) -> object:
    """A chart's labels stay distinct once trimmed ("Rice" and "Rice " would be one bar, a value lost)."""
    if isinstance(value, dict):
        seen: dict[str, object] = {}
        for key in value:
            if isinstance(key, str):
                trimmed = unicodedata.normalize("NFC", key.strip())
                if trimmed in seen:
                    raise ValueError(f"labels {shown(seen[trimmed], 40)} and {shown(key, 40)} are the same once "
                                     "trimmed: give each bar its own label")
                seen[trimmed] = key
    return value


# What each type accepts, said to JSON Schema as nearly as a pattern can (the schema is the one editors and
# CI check files with, so it must accept what the validator accepts): the rest (a language CLDR knows, a
# lone surrogate or noncharacter in text) only the validator checks.
_NO_CONTROL = r"[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_YEAR = r"(19[0-9]{2}|2[01][0-9]{2}|2200)"
# Days each month can have (29 February of any year: only the validator knows leap years)
_MONTH_DAY = r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))"
# (Text of invisible or format characters only, e.g. U+200B, is refused by validate but not by this pattern:
# Unicode's format category has no short class to say it in.)
TEXT_SCHEMA = {"type": "string", "pattern": rf"^(?!\s*$){_NO_CONTROL}*$"}
Text = Annotated[str, AfterValidator(_plain_text), WithJsonSchema(TEXT_SCHEMA)]
Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"})]
Url = Annotated[str, AfterValidator(_url), WithJsonSchema(
    {"type": "string", "maxLength": MAX_URL,
     "pattern": r"^([hH][tT][tT][pP][sS]?://[^/\s]+\S*|[mM][aA][iI][lL][tT][oO]:\S+)$"})]
Marking = Annotated[str, AfterValidator(_plain_text), AfterValidator(_marking),
                    WithJsonSchema({**TEXT_SCHEMA, "maxLength": MAX_MARKING})]
# A number as JSON Schema says it: within the bounds, and 0 or no nearer to 0 than MIN_MAGNITUDE (shown, it
# would read 0).
NUMBER_SCHEMA = {"type": "number", "minimum": -MAX_MAGNITUDE, "maximum": MAX_MAGNITUDE,
                 "anyOf": [{"const": 0}, {"minimum": MIN_MAGNITUDE}, {"maximum": -MIN_MAGNITUDE}]}
Number = Annotated[float | int, BeforeValidator(_number),
                   WithJsonSchema(NUMBER_SCHEMA)]
Language = Annotated[str, AfterValidator(lambda v: _language(v)),
                     WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"})]
PartialDate = Annotated[str, BeforeValidator(_partial_date), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": rf"^{_YEAR}(-(0[1-9]|1[0-2])|-{_MONTH_DAY})?$"},
    {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}]})]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), AfterValidator(_iso_date_in_range),
                    WithJsonSchema({"type": "string", "format": "date", "pattern": rf"^{_YEAR}-{_MONTH_DAY}$"})]


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
        raise ValueError(f"a local time HH:MM expected (e.g. \"10:30\"), got {shown(value)}")
    return value.strip()


Bio = Annotated[str, AfterValidator(_plain_text), AfterValidator(_bio), WithJsonSchema(TEXT_SCHEMA)]
ClockTime = Annotated[str, BeforeValidator(_clock_time), WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"})]


def _about(description: str, example: object, default: object = ..., **rules) -> Any:
    """A field with what it means and an example: the schema, the README's field reference and editors show
    both. `default` ... means required."""
    return Field(default, description=description, examples=[example], **rules)


# Rules JSON Schema cannot state, said in the descriptions of the fields they bind.
_CITES = " Must be the id of an entry in sources (checked by reportgen validate; JSON Schema cannot say it)."
_UNIQUE = " Unique among its list (checked by reportgen validate; JSON Schema cannot say it)."


class Person(_Model):
    """A leader or participant."""

    name: Text = _about("Full name, as the brief prints it.", "Narendra Modi")
    role: Text | None = _about("(optional) Office or title.", "Prime Minister", None)
    country: Text | None = _about("(optional) Country or organisation represented.", "India", None)
    bio: Bio | None = _about(f"(1.2, optional) A short biography, at most {MAX_BIO_WORDS} words (the word count "
                             "is checked by reportgen validate).", "Prime Minister since 2014.", None)


class Summit(_Model):
    """What the brief is about: one summit."""

    title: Text = _about("The summit's name, the brief's title.", "India–Russia Annual Summit")
    date: IsoDate = _about("The summit's date, YYYY-MM-DD.", "2025-12-05")
    place: Text = _about("Where the summit is held.", "New Delhi")
    leaders: list[Person] = _about("The leaders who meet: at least one.",
                                   [{"name": "Narendra Modi", "role": "Prime Minister", "country": "India"}],
                                   min_length=1, max_length=MAX_ITEMS)
    participants: list[Person] = _about("(optional) Others taking part: ministers, officials.",
                                        [{"name": "Rajnath Singh", "role": "Defence Minister"}], [],
                                        max_length=MAX_ITEMS)


class Clearance(_Model):
    """(1.2) Who cleared the brief: a name or an office, and when."""

    who: Text = _about("A name or an office that cleared the brief.", "Head of Eurasia Department")
    date: IsoDate | None = _about("(optional) When it was cleared, YYYY-MM-DD.", "2025-12-03", None)


class BriefInfo(_Model):
    """The note's own metadata: marking, reference, purpose, bottom line."""

    classification: Marking = _about("The security marking printed on every page and slide.", "OFFICIAL")
    reference: Text | None = _about("(optional) The brief's reference number.", "BN-2025-117", None)
    author: Text | None = _about("(optional) Who wrote the brief: a person or a desk.", "Eurasia Desk", None)
    to: Text | None = _about("(1.1, optional) Who the brief is for.", "Minister of State", None)
    action: Kind = _about("(1.1, optional) The kind of brief: information (a readout, the default), decision "
                          "(a submission: needs the top-level decision block) or meeting (a meeting brief: needs "
                          "the top-level meeting block). The block of another kind is refused.", "information",
                          "information")
    as_of: IsoDate | None = _about("(1.1, optional) The date the brief speaks from; default: the latest source "
                                   "date, else the summit date.", "2025-12-06", None)
    language: Language = _about("(1.1, optional) BCP 47 language tag that CLDR knows; decides how numbers and "
                                "dates are written.", "en-GB", "en-GB")
    purpose: Text = _about("Why the brief is written, in a sentence.", "To brief on the outcomes of the summit.")
    key_points: list[Text] = _about("(optional) The bottom line: 3-5 ranked sentences. Without them the bottom "
                                    "line is derived from the topic headlines (validate warns).",
                                    ["Defence was at the heart of the talks."], [], max_length=MAX_ITEMS)
    caveats: list[Text] = _about("(1.1, optional) Limits of the sources; values that are inferred.",
                                 ["Summit date inferred: the source says only 'on Friday'."], [],
                                 max_length=MAX_ITEMS)
    comment: list[Text] = _about("(1.2, optional) The desk's own view, kept apart from the facts.",
                                 ["The defence package is larger than expected."], [], max_length=MAX_ITEMS)
    clearances: list[Clearance] = _about("(1.2, optional) Who cleared the brief.",
                                         [{"who": "Head of Eurasia Department", "date": "2025-12-03"}], [],
                                         max_length=MAX_ITEMS)
    contact: Text | None = _about("(1.2, optional) Who to call about the brief.", "Eurasia Desk, ext. 4417", None)


class Amount(_Model):
    """(1.2) A number with its unit, written by the formatter (an option's cost)."""

    value: Number = _about("The number, without its unit.", 250)
    unit: Text = _about("The unit, written after the number as given (an ISO currency code with an optional "
                        "thousand/million/billion/trillion is written as money).", "USD million")
    qualifier: Qualifier | None = _about("(optional) How exact the number is: over, about, up to, at least or "
                                         "under.", "about", None)


class Option(_Model):
    """(1.2) One option of a submission."""

    title: Text = _about("The option in a few words.", "Fund the pilot")
    summary: Text | None = _about("(optional) The option in a sentence or two.",
                                  "A one-year pilot with two partner firms.", None)
    for_: list[Text] = Field(default=[], max_length=MAX_ITEMS, alias="for",
                             description="(optional) Arguments for the option.",
                             examples=[["Keeps the programme on schedule."]])
    against: list[Text] = _about("(optional) Arguments against the option.", ["Commits funds before the review."],
                                 [], max_length=MAX_ITEMS)
    cost: Amount | None = _about("(optional) What the option costs.", {"value": 250, "unit": "USD million"}, None)
    recommended: StrictBool = _about("(optional) true for the option the brief recommends: at most one option.",
                                     True, False)


_ONE_RECOMMENDED = {"contains": {"type": "object", "properties": {"recommended": {"const": True}},
                                 "required": ["recommended"]}, "minContains": 0, "maxContains": 1}


class Decision(_Model):
    """(1.2) What a submission asks the reader to decide; required when brief.action is decision."""

    issue: Text = _about("The question the reader is asked to decide.", "Whether to fund the pilot.")
    recommendations: list[Text] = _about(f"What the brief recommends: 1 to {MAX_RECOMMENDATIONS} sentences.",
                                         ["That you agree to fund the pilot."], min_length=1,
                                         max_length=MAX_RECOMMENDATIONS)
    by: IsoDate | None = _about("(optional) The date a decision is needed by, YYYY-MM-DD (validate warns when "
                                "it has passed).", "2026-01-15", None)
    timing: Text | None = _about("(optional) Why the decision is needed by then.",
                                 "The partners sign contracts in January.", None)
    options: list[Option] = _about(f"(optional) Up to {MAX_OPTIONS} options; at most one is recommended.",
                                   [{"title": "Fund the pilot", "recommended": True}], [], max_length=MAX_OPTIONS,
                                   json_schema_extra=_ONE_RECOMMENDED)
    handling: list[Text] = _about("(optional) Handling: who else to tell, press, publication.",
                                  ["No announcement before the partners sign."], [], max_length=MAX_ITEMS)

    @property
    def recommended(self) -> Option | None:
        return next((o for o in self.options if o.recommended), None)


class AgendaItem(_Model):
    """(1.2) One item of a meeting's agenda."""

    time: ClockTime | None = _about("(optional) Local time HH:MM, in quotes.", "10:30", None)
    item: Text = _about("What is discussed.", "Defence co-production")


class Meeting(_Model):
    """(1.2) The meeting a meeting brief prepares; required when brief.action is meeting."""

    date: IsoDate = _about("The meeting's date, YYYY-MM-DD.", "2025-12-05")
    time: ClockTime | None = _about("(optional) Local start time HH:MM, in quotes.", "10:00", None)
    duration: Text | None = _about("(optional) How long the meeting lasts.", "45 minutes", None)
    venue: Text | None = _about("(optional) Where it takes place.", "Hyderabad House", None)
    format: Text | None = _about("(optional) Who is in the room.", "Restricted, then delegations", None)
    reason: Text | None = _about("(optional) Why the meeting takes place.", "The annual summit.", None)
    last_met: Text | None = _about("(optional) When and where the two last met.", "July 2024, Moscow", None)
    objectives: list[Text] = _about(f"What the meeting should achieve: 1 to {MAX_OBJECTIVES} objectives.",
                                    ["Agree the defence co-production roadmap."], min_length=1,
                                    max_length=MAX_OBJECTIVES)
    agenda: list[AgendaItem] = _about("(optional) The agenda, in order.", [{"time": "10:00", "item": "Welcome"}],
                                      [], max_length=MAX_ITEMS)
    press: Text | None = _about("(optional) Press arrangements.", "Joint statement; no questions.", None)


class LikelyAsk(_Model):
    """(1.2) What the other side may raise, and our reply."""

    ask: Text = _about("What the other side may ask for or raise.", "More S-400 units.")
    response: Text = _about("Our reply.", "We will study any proposal.")


class Source(_Model):
    """Where facts come from; cited by id."""

    id: Slug = _about("The name points, figures and events cite it by: a-z, 0-9 and '-'." + _UNIQUE, "article")
    title: Text = _about("The source's title or headline.", "Leaders agree defence co-production")
    kind: Literal["official", "press", "analysis"] | None = _about(
        "(1.1, optional) What the source is: official, press or analysis.", "press", None)
    publisher: Text | None = _about("(optional) Who published it.", "Ministry of External Affairs", None)
    url: Url | None = _about("(optional) Where to read it: an http, https or mailto URL.",
                             "https://example.org/report", None)
    date: IsoDate | None = _about("(optional) When it was published, YYYY-MM-DD.", "2025-12-05", None)


class Point(_Model):
    """One key fact of a topic, with its source."""

    text: Text = _about("The fact, in a sentence, quoted as written.",
                        "India and Russia agreed to co-produce military parts in India.")
    source: Slug = _about("The id of the source it comes from." + _CITES, "article")


class Figure(_Model):
    """A sourced number with its unit."""

    label: Text = _about("What the number counts.", "S-400 squadrons inducted")
    value: Number = _about("The number, without its unit.", 3)
    unit: Text = _about("The unit, written after the number as given (an ISO currency code with an optional "
                        "thousand/million/billion/trillion is written as money).", "squadrons")
    qualifier: Qualifier | None = _about("(1.1, optional) How exact the number is: over, about, up to, at least "
                                         "or under.", "over", None)
    id: Slug | None = _about("(1.1, optional) A name for part_of to refer to; unique in the file (checked by "
                             "reportgen validate; JSON Schema cannot say it).", "loans", None)
    part_of: Slug | None = _about("(1.1, optional) The id of the figure this one is part of, in the same unit "
                                  "(checked by reportgen validate; JSON Schema cannot say it).", "loans", None)
    key: StrictBool = _about("(1.1, optional) true to show it among the brief's key numbers.", True, False)
    source: Slug = _about("The id of the source it comes from." + _CITES, "article")


class NextStep(_Model):
    """A next step: what, and (1.1) who and by when."""

    text: Text = _about("What happens next.", "Conclude the investment agreement.")
    owner: Text | None = _about("(1.1, optional) Who does it.", "Trade desk", None)
    due: PartialDate | None = _about("(1.1, optional) By when: YYYY-MM-DD, YYYY-MM or YYYY.", "2026-03", None)


class TopicChart(_Model):
    """A chart of a topic's own data series."""

    kind: Literal["bar", "barh", "line"] = _about("(optional) bar, barh (horizontal bars) or line.", "line", "bar")
    title: Text = _about("The chart's title.", "Bilateral trade")
    unit: Text | None = _about("(optional) The unit of the values.", "USD billion", None)
    # (keys said as propertyNames: pydantic would say them as patternProperties, which let any other key by)
    data: Annotated[dict[Text, Number], BeforeValidator(_distinct_labels), WithJsonSchema(
        {"type": "object", "propertyNames": TEXT_SCHEMA, "minProperties": 1, "maxProperties": MAX_ITEMS,
         "additionalProperties": NUMBER_SCHEMA})] = \
        _about("The series: label -> number, in order.", {"2023": 65.7, "2024": 68.7}, min_length=1,
               max_length=MAX_ITEMS)


class Topic(_Model):
    """One subject of the summit: a section of the note, a group of slides."""

    id: Slug = _about("A short name for the topic: a-z, 0-9 and '-'." + _UNIQUE, "defence-production")
    title: Text = _about("The topic's title.", "Defence co-production")
    headline: Text = _about("The outcome in one sentence.", "India and Russia agreed to co-produce military parts.")
    status: Status = _about("Where the topic stands: agreed, in-progress, under-negotiation, under-consideration "
                            "or concern.", "agreed")
    summary: Text | None = _about("(optional) A few sentences of context.", "Russia supports technology transfer.",
                                  None)
    points: list[Point] = _about("The topic's facts, each citing a source: at least one.",
                                 [{"text": "The two sides will co-produce parts in India.", "source": "article"}],
                                 min_length=1, max_length=MAX_ITEMS)
    figures: list[Figure] = _about("(optional) Sourced numbers.",
                                   [{"label": "S-400 squadrons inducted", "value": 3, "unit": "squadrons",
                                     "source": "article"}], [], max_length=MAX_ITEMS)
    considerations: list[Text] = _about("(optional) What the reader should weigh.",
                                        ["Sanctions risk for partner firms."], [], max_length=MAX_ITEMS)
    next_steps: list[Annotated[NextStep, BeforeValidator(_next_step, json_schema_input_type=Text | NextStep)]] = \
        _about("(optional) What happens next: plain text, or text with owner and due date.",
               ["Publish the agreement.", {"text": "Conclude the agreement", "owner": "Trade desk", "due": "2026-03"}],
               [], max_length=MAX_ITEMS)
    lines_to_take: list[Text] = _about("(1.1, optional) Press lines, points to make.",
                                       ["We welcome the agreement."], [], max_length=MAX_ITEMS)
    their_position: Text | None = _about("(1.2, optional) Where the other side stands.",
                                         "Russia wants a larger share of the work.", None)
    likely_asks: list[LikelyAsk] = _about("(1.2, optional) What they may raise, and our reply.",
                                          [{"ask": "More S-400 units.", "response": "We will study any proposal."}],
                                          [], max_length=MAX_ITEMS)
    if_raised: list[Text] = _about("(1.2, optional) Defensive lines, used only if the subject is raised.",
                                   ["We do not comment on procurement."], [], max_length=MAX_ITEMS)
    chart: TopicChart | None = _about("(optional) A chart of the topic's own data series.",
                                      {"kind": "line", "title": "Bilateral trade", "unit": "USD billion",
                                       "data": {"2023": 65.7, "2024": 68.7}}, None)


class Event(_Model):
    """A dated event on the timeline."""

    date: PartialDate = _about("When: YYYY-MM-DD, YYYY-MM or YYYY (a bare year may be a number).", "2024-07")
    text: Text = _about("What happened.", "Leaders met in Moscow.")
    source: Slug = _about("The id of the source it comes from." + _CITES, "article")


# brief.action and the top-level blocks: each kind's block belongs to its kind and is required there.
_KIND_BLOCKS = {"allOf": [
    {"if": {"properties": {"brief": {"properties": {"action": {"const": kind}}, "required": ["action"]}},
            "required": ["brief"]},
     "then": {"required": [kind]}, "else": {"not": {"required": [kind]}}}
    for kind in ("decision", "meeting")]}


class Facts(_Model):
    """A whole facts file, format version 1 (with the optional 1.1 and 1.2 additions)."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_KIND_BLOCKS)

    reportgen: Literal[1] = _about("The format version: 1.", 1)
    summit: Summit = _about("The summit the brief is about.",
                            {"title": "India–Russia Annual Summit", "date": "2025-12-05", "place": "New Delhi",
                             "leaders": [{"name": "Narendra Modi"}]})
    brief: BriefInfo = _about("The brief's own metadata: marking, purpose, bottom line.",
                              {"classification": "OFFICIAL", "purpose": "To brief on the summit."})
    sources: list[Source] = _about("Where the facts come from: at least one, each with a unique id.",
                                   [{"id": "article", "title": "Leaders agree defence co-production"}],
                                   min_length=1, max_length=MAX_ITEMS)
    topics: list[Topic] = _about(f"The subjects of the summit: 1 to {MAX_TOPICS:,}, each with a unique id.",
                                 [{"id": "trade", "title": "Trade", "headline": "Tariffs fall.", "status": "agreed",
                                   "points": [{"text": "Tariffs fall by a tenth.", "source": "article"}]}],
                                 min_length=1, max_length=MAX_TOPICS)
    timeline: list[Event] = _about("(optional) Dated events, each citing a source.",
                                   [{"date": 2023, "text": "Talks began.", "source": "article"}], [],
                                   max_length=MAX_EVENTS)
    decision: Decision | None = _about("(1.2) What a submission asks the reader to decide: required when "
                                       "brief.action is decision, refused otherwise.",
                                       {"issue": "Whether to fund the pilot.",
                                        "recommendations": ["That you agree to fund the pilot."]}, None)
    meeting: Meeting | None = _about("(1.2) The meeting a meeting brief prepares: required when brief.action is "
                                     "meeting, refused otherwise.",
                                     {"date": "2025-12-05", "objectives": ["Agree the roadmap."]}, None)

    def as_of(self) -> dt.date:
        """The date the brief speaks from: brief.as_of, else the latest source date, else the summit date."""
        dated = [s.date for s in self.sources if s.date]
        return self.brief.as_of or (max(dated) if dated else self.summit.date)


def json_schema() -> dict:
    """The JSON Schema of the facts file."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportgen facts file, format version 1 (with the optional 1.1 and 1.2 fields)"
    return schema
