"""Read a facts file (YAML or JSON) keeping positions, and validate it into Facts."""

from __future__ import annotations

import bisect
import difflib
import json
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import FactsError, Problem
from .facts import Facts, shown
from .output import FACTS_LIMIT

MAX_DEPTH = 40
# Values (scalars, lists, mappings) one file may hold: ten times a 2,000-topic brief. Counted while the
# YAML is parsed (or the JSON read), so a 5 MB file of millions of list items is refused in a moment
# rather than built into a tree of gigabytes.
MAX_NODES = 250_000
MAX_ALIASES = 100  # each one is refused at its place; past this many, the file is refused as a whole
_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
Loc = tuple[str | int, ...]
_INT_DIGITS = sys.get_int_max_str_digits() or 4300
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as PyYAML reads it (YAML 1.1), plus the exponent numbers of JSON and YAML 1.2 that YAML 1.1
    reads as text: 1e20, 1e+20, 2.5e3, 1.5E-3."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


class _Document:
    """Plain data from a YAML document, with the line and column of every key and value."""

    def __init__(self, file: str):
        self.file = file
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def problem(self, mark: tuple[int, int] | None, loc: Loc, message: str) -> None:
        line, col = mark if mark else (None, None)
        self.problems.append(Problem(self.file, line, col, format_path(loc), message))

    def convert(self, node: yaml.Node, loc: Loc = ()) -> Any:
        mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.values[loc] = mark
        if id(node) in self._seen:
            # Aliases (*name) would let a tiny file expand into an enormous tree.
            self.problem(mark, loc, "YAML anchors and aliases (&name, *name) are not allowed")
            return None
        self._seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            self.problem(mark, loc, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.problem(mark, loc, f"YAML tag {node.tag!r} is not allowed; plain values only")
                return None
            return self._scalar(node, mark, loc)
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            return self._mapping(node, loc)
        self.problem(mark, loc, f"YAML tag {node.tag!r} is not allowed; plain values only")
        return None

    def _scalar(self, node: yaml.ScalarNode, mark: tuple[int, int], loc: Loc) -> Any:
        """The value of a plain scalar. A value Python cannot hold is a located problem, not a crash:
        an integer of more digits than Python converts, a date such as 2025-02-30 (kept as text, so the
        field's own check says what it expected)."""
        odd = _not_decimal(node)
        if odd:
            self.problem(mark, loc, odd)
            return None
        try:
            value = self._constructor.construct_object(node)
        except ValueError:
            if node.tag.endswith(":int"):
                self.problem(mark, loc, f"a number expected, got an integer of {len(node.value):,} characters "
                                        f"(at most {_INT_DIGITS:,} digits can be read)")
                return None
            return node.value
        return _joined_surrogates(value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(key_mark, loc, "keys must be plain text")
                continue
            key = _joined_surrogates(key_node.value)
            if key in result:
                self.problem(key_mark, loc + (key,), f"duplicate key {shown(key)}")
                continue
            self.keys[loc + (key,)] = key_mark
            result[key] = self.convert(value_node, loc + (key,))
        return result


def _not_decimal(node: yaml.ScalarNode) -> str | None:
    """What is wrong with a number YAML 1.1 reads in another base: 010 is 8 (octal), 0x1F is 31, 0b11 is 3
    and 1:30 is 90 (base 60). Such a value is refused rather than silently changed."""
    text = node.value.strip()
    if node.tag.endswith(":int") and not _DECIMAL_INT.fullmatch(text):
        digits = text.lstrip("+-").lower()
        base = ("a base-60" if ":" in digits else "a hexadecimal" if digits.startswith("0x")
                else "a binary" if digits.startswith("0b") else "an octal" if digits.startswith("0") else None)
    elif node.tag.endswith(":float") and ":" in text:
        base = "a base-60"
    else:
        return None
    if base is None:
        return None
    read = None
    if len(text) <= 40:  # (what a long one reads as is past saying: 0x and 5,000 digits has no decimal text)
        try:
            read = yaml.SafeLoader("").construct_object(node)
        except ValueError:
            pass
    written = text if len(text) <= 40 else text[:39] + "…"
    reads = f" ({read})" if read is not None else ""
    if re.fullmatch(r"[0-9]{1,2}:[0-5][0-9]", text):  # most likely a time of day, as in meeting.time
        return (f"a time written HH:MM in quotes expected (e.g. \"{written}\"), or a decimal number; got "
                f"{written}, which YAML 1.1 reads as {base} number{reads}")
    return (f"a decimal number expected, got {written}, which YAML 1.1 reads as {base} number{reads}; write "
            f"it in decimal without a leading 0, or in quotes if it is text (\"{written}\")")


def _joined_surrogates(text: str) -> str:
    """Text with escaped UTF-16 surrogate pairs ("\\ud83d\\ude00") joined into their character; a lone
    surrogate stays, for validation to refuse at its place."""
    if not _SURROGATE.search(text):
        return text
    return re.sub("[\ud800-\udbff][\udc00-\udfff]",
                  lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)


class _JsonReader:
    """A JSON parser that keeps the line and column of every key and value (json.loads keeps none).
    Strings are read by the json module's own scanner (escapes, surrogate pairs, control characters);
    numbers are JSON numbers (1e+20 is a number, as json.dumps writes it)."""

    _NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
    _SPACE = re.compile(r"[ \t\n\r]*")
    _LITERALS = {"true": True, "false": False, "null": None}

    def __init__(self, text: str, doc: _Document):
        self.text, self.doc = text, doc
        self.lines = [m.end() for m in re.finditer("\n", text)]
        self.nodes = 0

    def mark(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.lines, pos)
        return line + 1, pos - (self.lines[line - 1] if line else 0) + 1

    def fail(self, pos: int, message: str) -> FactsError:
        line, col = self.mark(pos)
        return FactsError([Problem(self.doc.file, line, col, "", f"not valid JSON: {message}")])

    def space(self, pos: int) -> int:
        return self._SPACE.match(self.text, pos).end()

    def document(self) -> Any:
        pos = self.space(0)
        value, pos = self.value(pos, ())
        pos = self.space(pos)
        if pos < len(self.text):
            raise self.fail(pos, "extra text after the end of the document")
        return value

    def value(self, pos: int, loc: Loc) -> tuple[Any, int]:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FactsError([Problem(self.doc.file, *self.mark(pos), format_path(loc), _too_many_nodes())])
        self.doc.values[loc] = self.mark(pos)
        if len(loc) > MAX_DEPTH:
            raise FactsError([Problem(self.doc.file, *self.mark(pos), format_path(loc),
                                      f"nesting deeper than {MAX_DEPTH} levels is not allowed")])
        char = self.text[pos: pos + 1]
        if char == "{":
            return self.object(pos + 1, loc)
        if char == "[":
            return self.array(pos + 1, loc)
        if char == '"':
            return self.string(pos)
        for word, literal in self._LITERALS.items():
            if self.text.startswith(word, pos):
                return literal, pos + len(word)
        number = self._NUMBER.match(self.text, pos)
        if number:
            return self.number(number, loc), number.end()
        raise self.fail(pos, "a value expected (a string, number, object, array, true, false or null)"
                        if char else "the document ends where a value was expected")

    def number(self, match: re.Match, loc: Loc) -> Any:
        text = match.group()
        if match.group(1) or match.group(2):
            return float(text)
        try:
            return int(text)
        except ValueError:
            self.doc.problem(self.mark(match.start()), loc,
                             f"a number expected, got an integer of {len(text):,} digits "
                             f"(at most {_INT_DIGITS:,} can be read)")
            return None

    def string(self, pos: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, pos + 1, True)
        except json.JSONDecodeError as e:
            raise self.fail(e.pos, e.msg) from None

    def array(self, pos: int, loc: Loc) -> tuple[list, int]:
        items: list[Any] = []
        pos = self.space(pos)
        if self.text.startswith("]", pos):
            return items, pos + 1
        while True:
            item, pos = self.value(self.space(pos), loc + (len(items),))
            items.append(item)
            pos = self.space(pos)
            if self.text.startswith("]", pos):
                return items, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail(pos, "',' or ']' expected")
            pos += 1

    def object(self, pos: int, loc: Loc) -> tuple[dict, int]:
        result: dict[str, Any] = {}
        pos = self.space(pos)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            pos = self.space(pos)
            if not self.text.startswith('"', pos):
                raise self.fail(pos, "a key in double quotes expected")
            key_mark = self.mark(pos)
            key, pos = self.string(pos)
            pos = self.space(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(pos, "':' expected after a key")
            pos = self.space(pos + 1)
            if key in result:
                self.doc.problem(key_mark, loc + (key,), f"duplicate key {shown(key)}")
                _, pos = self.value(pos, loc + ("<duplicate>",))
            else:
                self.doc.keys[loc + (key,)] = key_mark
                result[key], pos = self.value(pos, loc + (key,))
            pos = self.space(pos)
            if self.text.startswith("}", pos):
                return result, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail(pos, "',' or '}' expected")
            pos += 1


def format_path(loc: Loc) -> str:
    """('topics', 2, 'figures', 0, 'value') -> 'topics[2].figures[0].value'."""
    out = ""
    for part in loc:
        if isinstance(part, str) and len(part) > 60:  # a key of someone's making: cut, as values are
            part = part[:59] + "…"
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Windows editors call "Unicode"
        raise FactsError([Problem(file, 1, 1, "", "the file is saved as UTF-16 (it starts with a UTF-16 byte order "
                                                  "mark); save it as UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = e.start - (before.rfind(b"\n") + 1) + 1
        raise FactsError(
            [Problem(file, line, col, "", f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8")]
        ) from None


def _too_many_nodes() -> str:
    return f"more than {MAX_NODES:,} values (list items, keys and values) in one file; split the brief"


# A YAML value costs at least a third of a character ("?" is a mapping, its empty key and its empty value)
# and an alias starts with "*": a text shorter than this, with few "*", cannot pass either limit.
NODES_PER_CHARACTER = 4


def _count_nodes(text: str, file: str) -> None:
    """Refuse, at the first value past the limit, a file of more values (or aliases) than a brief holds:
    the parser's events are counted, stopping early, before any tree is built; not for a text too short
    to hold that many (the count could not pass the limits)."""
    if NODES_PER_CHARACTER * (len(text) + 1) <= MAX_NODES and text.count("*") <= MAX_ALIASES:
        return
    nodes = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
        elif not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            continue
        nodes += 1
        if nodes > MAX_NODES or aliases > MAX_ALIASES:
            mark = event.start_mark
            message = _too_many_nodes() if nodes > MAX_NODES else (
                f"more than {MAX_ALIASES} YAML aliases (*name); anchors and aliases are not allowed")
            raise FactsError([Problem(file, mark.line + 1, mark.column + 1, "", message)])


def _tab_in_indent(text: str, at_line: int) -> tuple[int, int] | None:
    """(line, column) of a tab in the indentation of line at_line (1-based) or the line before it, where
    PyYAML reports what a tab breaks; None if neither is indented with one."""
    lines = text.split("\n")
    for number in range(max(1, at_line - 1), min(at_line, len(lines)) + 1):
        line = lines[number - 1]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        _count_nodes(text, file)
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # YAML indents with spaces only; PyYAML's words for a tab ("found character '\t' that cannot start
        # any token") do not say so, nor that an editor put it there.
        tab = _tab_in_indent(text, mark.line + 1) if mark else None
        if tab or "'\\t'" in str(e.problem):
            line, col = tab or (mark.line + 1, mark.column + 1)
            raise FactsError([Problem(file, line, col, "", f"use spaces, not tabs: line {line} is indented with a "
                                                           "tab (YAML indents with spaces only)")]) from None
        message = " ".join(str(m) for m in (e.context, e.problem) if m)
        raise FactsError(
            [Problem(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
                     f"not valid YAML: {message}")]
        ) from None
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        line, col = before.count("\n") + 1, e.position - (before.rfind("\n") + 1) + 1
        raise FactsError(
            [Problem(file, line, col, "", f"not valid YAML: character U+{e.character:04X} is not allowed "
                                          "(control characters other than newline and tab)")]
        ) from None
    except yaml.YAMLError as e:
        raise FactsError([Problem(file, None, None, "", f"not valid YAML: {e}")]) from None


def read_document(raw: bytes, file: str) -> tuple[Any, _Document]:
    """Plain data and positions from the bytes of a YAML/JSON file; FactsError on unreadable input.
    A .json file is read as JSON; so is any other file whose text is a JSON object (a YAML file in flow
    style that is not JSON is read as YAML)."""
    if len(raw) > FACTS_LIMIT:
        raise FactsError.single(file, f"file is larger than {FACTS_LIMIT:,} bytes")
    text = _decode(raw, file)
    doc = _Document(file)
    is_json = file.lower().endswith(".json")
    if is_json or text.lstrip(" \t\r\n").startswith("{"):
        try:
            data = _JsonReader(text, doc).document()
        except FactsError:
            if is_json:
                raise
            doc = _Document(file)
        else:
            return _checked(data, doc)
    node = _compose(text, file)
    if node is None:
        raise FactsError.single(file, "the file is empty; expected a mapping that starts with 'reportgen: 1'", 1)
    return _checked(doc.convert(node), doc)


def _checked(data: Any, doc: _Document) -> tuple[Any, _Document]:
    """The data, if the document had no problems and is a mapping."""
    file = doc.file
    if doc.problems:
        raise FactsError(doc.problems)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else type(data).__name__
        raise FactsError.single(file, f"expected a mapping at the top level (reportgen: 1, summit: ...), got {kind}", 1)
    return data, doc


def load_facts(path: str | Path) -> Facts:
    """Read and validate a facts file; raise FactsError listing every problem."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise FactsError.single(str(path), f"cannot read the file: {e.strerror}") from None
    return parse_facts(raw, str(path))


def parse_facts(raw: bytes, file: str) -> Facts:
    """Validate the bytes of a facts file (named file in messages); raise FactsError listing every problem."""
    data, doc = read_document(raw, file)
    version = data.get("reportgen")
    if "reportgen" in data and (version != 1 or isinstance(version, bool)):
        doc.problem(doc.values.get(("reportgen",)), ("reportgen",),
                    f"format version 1 expected (this reportgen reads version 1), got {shown(version)}")
        raise FactsError(doc.problems)
    try:
        facts = Facts.model_validate(data)
    except ValidationError as e:
        facts = None
        for error in e.errors():
            _report(doc, data, error)
    _check_references(doc, data)
    if doc.problems or facts is None:
        raise FactsError(doc.problems)
    return facts


def facts_warnings(facts: Facts) -> list[str]:
    """What a valid file should still fix; warnings never change the exit code."""
    found = []
    if not facts.brief.key_points:
        found.append("brief.key_points is absent: the bottom line is derived from the topic headlines; "
                     "write 3-5 ranked sentences for a real bottom line")
    if facts.brief.language.lower().startswith("en"):
        for t, topic in enumerate(facts.topics):
            for f, figure in enumerate(topic.figures):
                unit = (figure.unit or "").strip()
                if figure.value == 1 and re.search(r"[^s\W]s$", unit):
                    found.append(f"topics[{t}].figures[{f}]: the brief will read '1 {unit}'; units are written "
                                 "as given, so give this one as it reads after 1 (e.g. a singular)")
    found += _dates_in_free_text(facts)
    decision = facts.decision
    if decision and decision.by and decision.by < facts.as_of():
        found.append(f"decision.by: {decision.by.isoformat()} has passed (the brief is as of "
                     f"{facts.as_of().isoformat()}); give the date the decision is now needed by")
    return found


_ISO_DATE_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
# The order of day and month a reader of each English does not expect: "1 October 2024" in en-US,
# "October 1, 2024" elsewhere.
_OTHER_ORDER = {True: re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b"),
                False: re.compile(rf"\b(?:{_MONTHS}) \d{{1,2}}, \d{{4}}\b")}
_NOT_FREE_TEXT = {"id", "source", "part_of", "url", "language", "classification", "reference", "unit", "qualifier",
                  "status", "kind", "action", "time", "date", "due", "by", "as_of"}


def _dates_in_free_text(facts: Facts) -> list[str]:
    """Warnings for a date written in the author's free text the way the brief's reader would not write it:
    an ISO date ("2025-12-05"), or (in English) day and month in the other order; the author's sentences are
    quoted as written, so only the author can fix them."""
    english = facts.brief.language.lower().startswith("en")
    american = facts.brief.language.lower() == "en-us"
    found = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, BaseModel):
            for name, field in type(value).model_fields.items():
                if name not in _NOT_FREE_TEXT:
                    walk(getattr(value, name), f"{path}.{field.alias or name}" if path else field.alias or name)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key in value:
                walk(key, f"{path}[{key!r}]")
        elif isinstance(value, str):
            iso = _ISO_DATE_IN_TEXT.search(value)
            if iso:
                found.append(f"{path}: the ISO date '{iso.group()}' in free text is quoted as written; "
                             "write it as a reader says it (e.g. '5 December 2025')")
            other = _OTHER_ORDER[american].search(value) if english else None
            if other:
                found.append(f"{path}: '{other.group()}' puts day and month in the order "
                             f"{'British' if american else 'American'} readers use; this brief is "
                             f"{facts.brief.language}")

    walk(facts, "")
    return found


def _report(doc: _Document, data: Any, error: dict) -> None:
    loc = _data_loc(data, tuple(error["loc"]), error["type"])
    kind = error["type"]
    if kind == "missing":
        doc.problem(_nearest(doc.values, loc[:-1]), loc, f"required field '{loc[-1]}' is missing")
        return
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1])[:100], known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"
        doc.problem(doc.keys.get(loc), loc, f"unknown field {shown(loc[-1])}{hint}")
        return
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "too_short":
        need = error.get("ctx", {}).get("min_length", 1)
        message = f"at least {need} item{'s' if need != 1 else ''} expected, got none"
    elif kind == "too_long":
        most = error.get("ctx", {}).get("max_length")
        actual = error.get("ctx", {}).get("actual_length")
        message = f"at most {most:,} items expected, got {actual:,}; split the brief"
    elif kind == "literal_error":
        message = _not_one_of(error, loc)
    elif _impossible_date(error.get("input")):
        message = _impossible_date(error.get("input"))
    elif kind.endswith("_type"):
        message = f"{message} (got {_describe(error.get('input'))})"
    doc.problem(_nearest(doc.values, loc), loc, message)


def _not_one_of(error: dict, loc: Loc) -> str:
    """A value that is not one of a field's choices (a status, a kind, a qualifier), with the nearest choice."""
    choices = re.findall(r"'((?:[^'\\]|\\.)*)'", str(error.get("ctx", {}).get("expected", "")))
    value = error.get("input")
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    listed = ", ".join(f"'{c}'" for c in choices)
    if not isinstance(value, str):
        return f"one of {listed} expected (got {_describe(value)})"
    folded = {c.casefold().replace(" ", "-").replace("_", "-"): c for c in choices}
    close = folded.get(value.strip().casefold().replace(" ", "-").replace("_", "-")) or next(
        iter(difflib.get_close_matches(value, choices, n=1, cutoff=0.6)), None)
    hint = f"; did you mean '{close}'?" if close else ""
    shown = repr(value) if len(value) < 40 else repr(value[:37] + "...")
    return f"{shown} is not a valid {field}{hint} (one of {listed})"


_DATE_LIKE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


def _impossible_date(value: Any) -> str | None:
    """Why text written as a date (2025-02-30, 2025-13) names no day of the calendar; None if it does, or is
    not written as one."""
    import calendar

    match = _DATE_LIKE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    if not 1 <= month <= 12:
        return f"{value} is not a date: there is no month {month:02d} (months are 01 to 12)"
    if day is None:
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return f"{value} is not a date: there is no day {day:02d} in {name} {year} (it has {days} days)"
    return None


def _data_loc(data: Any, loc: Loc, kind: str) -> Loc:
    """The part of a pydantic location that names data (drops union/validator tags)."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and (part in node or kind == "missing"):
            out.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif kind == "missing" and i == len(loc) - 1 and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _nearest(positions: dict[Loc, tuple[int, int]], loc: Loc) -> tuple[int, int] | None:
    while loc not in positions and loc:
        loc = loc[:-1]
    return positions.get(loc)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) < 40 else text[:37] + '...'}"


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at loc, if any."""
    annotation: Any = Facts
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] from a type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _known_keys(loc: Loc) -> list[str]:
    model = _model_at(loc)
    return [field.alias or name for name, field in model.model_fields.items()] if model else []


def _check_references(doc: _Document, data: dict) -> None:
    """Unique ids, and every source: naming a listed source."""
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    topics = data.get("topics") if isinstance(data.get("topics"), list) else []
    source_ids = _unique_ids(doc, "sources", sources)
    _unique_ids(doc, "topics", topics)

    def check(loc: Loc, item: Any) -> None:
        ref = item.get("source") if isinstance(item, dict) else None
        if isinstance(ref, str) and ref not in source_ids:
            close = difflib.get_close_matches(ref[:100], sorted(source_ids), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; listed sources: {', '.join(sorted(source_ids))}"
            doc.problem(doc.values.get(loc + ("source",)), loc + ("source",),
                        f"names no source: {shown(ref)} is not a sources[].id{hint}")

    for t, topic in enumerate(topics):
        if isinstance(topic, dict):
            for key in ("points", "figures"):
                items = topic.get(key)
                for i, item in enumerate(items if isinstance(items, list) else []):
                    check(("topics", t, key, i), item)
    timeline = data.get("timeline")
    for i, event in enumerate(timeline if isinstance(timeline, list) else []):
        check(("timeline", i), event)
    _check_figure_parts(doc, topics)
    _check_kind(doc, data)


def _check_kind(doc: _Document, data: dict) -> None:
    """(1.2) Each kind's block belongs to its kind and is required there; at most one recommended option."""
    brief = data.get("brief") if isinstance(data.get("brief"), dict) else {}
    action = brief.get("action", "information")
    for kind, needs in (("decision", "the issue and the recommendations"), ("meeting", "its date and objectives")):
        if kind in data and action != kind:
            doc.problem(doc.keys.get((kind,)), (kind,),
                        f"a '{kind}:' block belongs to a brief with 'action: {kind}'; this brief's action is "
                        f"{shown(action)} (change brief.action, or remove the block)")
        elif kind not in data and action == kind:
            doc.problem(doc.values.get(("brief", "action")), ("brief", "action"),
                        f"a {kind} brief needs a top-level '{kind}:' block with {needs}")
    decision = data.get("decision") if isinstance(data.get("decision"), dict) else {}
    options = decision.get("options") if isinstance(decision.get("options"), list) else []
    recommended = [i for i, o in enumerate(options) if isinstance(o, dict) and o.get("recommended") is True]
    for i in recommended[1:]:
        loc = ("decision", "options", i, "recommended")
        doc.problem(doc.values.get(loc), loc, f"at most one option is recommended; options[{recommended[0]}] "
                                              "already is")


def _check_figure_parts(doc: _Document, topics: list) -> None:
    """Figure ids unique in the file; every part_of names another figure of the same unit."""
    figures: list[tuple[Loc, dict]] = [
        (("topics", t, "figures", i), figure)
        for t, topic in enumerate(topics) if isinstance(topic, dict) and isinstance(topic.get("figures"), list)
        for i, figure in enumerate(topic["figures"]) if isinstance(figure, dict)
    ]
    by_id: dict[str, dict] = {}
    for loc, figure in figures:
        ident = figure.get("id")
        if not isinstance(ident, str):
            continue
        if ident in by_id:
            doc.problem(doc.values.get(loc + ("id",)), loc + ("id",),
                        f"duplicate figure id {shown(ident)}; figure ids must be unique in the file")
        by_id.setdefault(ident, figure)
    for loc, figure in figures:
        whole_id = figure.get("part_of")
        if not isinstance(whole_id, str):
            continue
        where = doc.values.get(loc + ("part_of",))
        whole = by_id.get(whole_id)
        if whole is None or whole is figure:
            others = sorted(i for i, f in by_id.items() if f is not figure)
            close = difflib.get_close_matches(whole_id[:100], others, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else (
                f"; figure ids: {', '.join(others)}" if others else "; no other figure has an id")
            doc.problem(where, loc + ("part_of",), f"names no other figure: {shown(whole_id)} is not a figures[].id{hint}")
        elif str(whole.get("unit", "")).strip().casefold() != str(figure.get("unit", "")).strip().casefold():
            doc.problem(where, loc + ("part_of",), f"a part must have the unit of its whole: '{whole_id}' is in "
                                                   f"{shown(whole.get('unit'))}, this figure in {shown(figure.get('unit'))}")


def _unique_ids(doc: _Document, key: str, items: list) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            doc.problem(doc.values.get((key, i, "id")), (key, i, "id"), f"duplicate id {shown(ident)}; ids must be unique")
        seen.add(ident)
    return seen
