"""The one formatter for numbers, money and dates, driven by the brief's language (CLDR data via Babel).

Every number or date reportgen composes goes through a Formatter: "5 December 2025",
"December 2025", "US$5 billion", "over US$750 million", "40 million doses", "3 squadrons"; in French
"5 décembre 2025", "1er décembre 2025", "5 Md $US", "plus de 750 M $US", "40 millions de doses",
"12 500", "10 %". The words it needs besides CLDR's (qualifiers, numbers in words) come from the
language's wording catalog.
Facts sentences are quoted as written; only what reportgen writes itself is formatted here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (format_compact_currency, format_compact_decimal, format_decimal, get_currency_name,
                           get_currency_symbol, list_currencies)

from .text import wording

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French puts it before ; : ! ? and inside « »
# Languages that write an amount of money in CLDR's short form: "5 Md $US", "plus de 750 M $US" (fr-FR),
# "5 G $ US" (fr-CA). The long form ("5 milliards de dollars des États-Unis") does not fit a key
# number's tile or a chart's label; English keeps its symbol and words ("US$5 billion").
_MONEY_SHORT = frozenset({"fr"})
# Languages that join a number written in words to its noun with "of": "40 millions de doses",
# "3 millions d’euros" (French grammar: million and milliard are nouns); the elided form before a vowel.
_OF_AFTER_WORDS = {"fr": ("de ", "d’")}
_VOWELS = "aeiouyàâéèêëîïôûùüœAEIOUYÀÂÉÈÊËÎÏÔÛÙÜŒ"
# A unit of money: an ISO 4217 code, optionally with a scale word ("USD", "USD million", "AUD billion").
_MONEY = re.compile(r"^([A-Z]{3})(?:\s+(thousand|million|billion|trillion))?$")
_SCALES = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
COMPACT_FROM = 1_000_000  # from a million, numbers are written in words: "40 million"
MAX_DECIMALS = 2
_PERCENT_UNITS = ("%", "per cent", "percent")
# An amount written with an ISO 4217 code in free text: "USD 5 billion", "EUR 40 billion", "USD 750,000".
# Not an amount: a code glued to its number with no scale word after it ("COP28", the 28th climate
# conference, though COP is also the Colombian peso's code), or a bare number under 100 ("COP 28"): an
# author writing money says the scale, or a larger sum.
_MONEY_IN_TEXT = re.compile(r"\b(?P<code>[A-Z]{3})(?P<gap>[ \u00a0]?)(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                            r"(?:[ \u00a0](?P<scale>thousand|million|billion|trillion))?\b")


@dataclass(frozen=True)
class Money:
    """A unit recognised as money: its currency and scale."""

    currency: str
    scale: int


def money_unit(unit: str | None) -> Money | None:
    """'USD billion' -> Money('USD', 10**9); None when the unit is not money."""
    m = _MONEY.match((unit or "").strip())
    if not m or m.group(1) not in _currencies():
        return None
    return Money(m.group(1), _SCALES[m.group(2)])


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@lru_cache(maxsize=16)
def formatter(language: str = "en-GB") -> Formatter:
    """The formatter of a language (a BCP 47 tag such as en-GB or en-US)."""
    return Formatter(language)


class Formatter:
    """Numbers, quantities and dates as people say them, in one language."""

    def __init__(self, language: str = "en-GB"):
        self.language = language
        self.locale = Locale.parse(language.replace("-", "_"))
        self.words = wording(language)
        self.money_short = self.locale.language in _MONEY_SHORT  # "5 Md $US"

    # --- numbers -------------------------------------------------------------

    def money_in_text(self, text: str) -> str:
        """The author's sentence, with every amount of money written with an ISO code ("USD 5 billion",
        "EUR 40bn" is not one: only code, number and an optional scale word) written as quantity() writes
        it ("US$5 billion"), so one amount reads one way across the brief. Other words stay as written."""
        def written(m: re.Match) -> str:
            code, number, scale = m.group("code"), m.group("number"), m.group("scale")
            if code not in _currencies() or (not scale and (not m.group("gap") or re.fullmatch(r"\d{1,2}", number))):
                return m.group(0)
            try:
                value = Decimal(number.replace(",", ""))
            except ArithmeticError:
                return m.group(0)
            unit = f"{code} {scale.lower()}" if scale else code
            return self.quantity(int(value) if value == value.to_integral_value() else float(value), unit)

        return _MONEY_IN_TEXT.sub(written, text)

    def number(self, value: float | int) -> str:
        """3 -> '3', 12500 -> '12,500', 2.50 -> '2.5', 40000000 -> '40 million', 0.000123 -> '0.00012';
        never '750.0'."""
        exact = _decimal(value)
        if abs(exact) >= COMPACT_FROM:
            return self._compact(exact)
        return format_decimal(exact, format=f"#,##0.{'#' * _decimals(exact)}", locale=self.locale)

    def _compact(self, exact: Decimal) -> str:
        """In words: '40 million', '1.5 billion'; past CLDR's largest word (trillion), in trillions."""
        if round(abs(exact) / _TRILLION, MAX_DECIMALS) < 1000:
            text = format_compact_decimal(exact, format_type="long", locale=self.locale,
                                          fraction_digits=MAX_DECIMALS)
        else:
            largest = format_compact_decimal(_TRILLION, format_type="long", locale=self.locale)
            text = largest.replace("1", format_decimal(exact / _TRILLION, format="#,##0.##", locale=self.locale), 1)
        return text.replace(" ", NBSP)

    def quantity(self, value: float | int, unit: str | None, qualifier: str | None = None) -> str:
        """A value with its unit and qualifier, on one line: 'over US$750 million', '40 million doses'."""
        money = money_unit(unit)
        if money:
            amount = _decimal(value) * money.scale
            text = self._money(amount, money.currency)
        elif unit and unit.strip().lower() in _PERCENT_UNITS:
            text = self._percent(value)
        elif unit:
            text = self._counted(self.number(value), unit.strip())
        else:
            text = self.number(value)
        return f"{self.words.say('qualifier', qualifier)}{NBSP}{text}" if qualifier else text

    def amount(self, value: float | int, unit: str | None) -> str:
        """A value of money as a number in words, without its currency: 5 'USD billion' -> '5 billion',
        '5 milliards'; any other value as number() writes it."""
        money = money_unit(unit)
        return self.number(_decimal(value) * money.scale if money else value)

    def _counted(self, number: str, noun: str) -> str:
        """A number and what it counts: '3 squadrons', '40 million doses', '40 millions de doses'."""
        of = _OF_AFTER_WORDS.get(self.locale.language)
        if of and not number[-1].isdigit():  # written in words ("40 millions"): "de" before the noun
            return f"{number}{NBSP}{of[1] if noun[:1] in _VOWELS else of[0]}{noun}"
        return f"{number}{NBSP}{noun}"

    def _percent(self, value: float | int) -> str:
        """'10%' (English), '10 %' (French, with CLDR's no-break space): the number in CLDR's per cent pattern."""
        pattern = self.locale.percent_formats[None].pattern
        number = re.search(r"[#0,.]+", pattern)
        if not number:
            return f"{self.number(value)}%"
        return pattern[:number.start()] + self.number(value) + pattern[number.end():]

    def _money(self, amount: Decimal, currency: str) -> str:
        symbol = get_currency_symbol(currency, locale=self.locale)
        sign = self.locale.number_symbols.get("latn", self.locale.number_symbols).get("minusSign", "-") \
            if amount < 0 else ""
        number = self.number(abs(amount))
        pattern = self.locale.currency_formats["standard"].pattern
        if self.money_short:
            if abs(amount) >= COMPACT_FROM:
                return sign + format_compact_currency(abs(amount), currency, format_type="short",
                                                      locale=self.locale, fraction_digits=MAX_DECIMALS)
            # The standard pattern ("#,##0.00 ¤") with the number as written: '750 $US', never '750,00 $US'.
            digits = re.search(r"[#0,.]+", pattern)
            if digits:
                return sign + (pattern[:digits.start()] + number + pattern[digits.end():]).replace("¤", symbol)
        symbol_first = pattern.find("¤") < pattern.find("0") if "¤" in pattern else True
        if symbol_first:
            # A letter-only symbol ('RUB') is set off by a space; 'US$', '€', '₹' are not. The sign leads: -US$5.
            return f"{sign}{symbol}{NBSP if symbol[-1].isalpha() else ''}{number}"
        return f"{sign}{number}{NBSP}{symbol}"

    def unit_label(self, unit: str | None) -> str | None:
        """How a unit reads on an axis or in a column heading: 'USD million' -> 'US$ million'."""
        money = money_unit(unit)
        if not money:
            return unit.strip() if unit else None
        scale = next(word for word, factor in _SCALES.items() if factor == money.scale)
        return self._money_axis(money.currency, scale)

    def _money_axis(self, currency: str, scale: str | None) -> str:
        """An axis's money unit, as this language's labels write the scale: 'US$ million', 'M $US'."""
        symbol = get_currency_symbol(currency, locale=self.locale)
        if not scale:
            return symbol
        if self.money_short:  # CLDR's short form of two of the scale, less the number: "M $US"
            two = format_compact_currency(2 * _SCALES[scale], currency, format_type="short", locale=self.locale)
            return re.sub(r"^\W*2[\s\u00a0\u202f]*", "", two)
        return f"{symbol} {self._scale_word(scale, 2)}"

    def _short_scale(self, scale: str) -> str:
        """CLDR's short word for a scale of money ('M', 'Md'), in a language that writes money short."""
        if not self.money_short:
            return scale
        return format_compact_decimal(2 * _SCALES[scale], format_type="short", locale=self.locale).lstrip("2").strip()

    def currency_forms(self, currency: str) -> tuple[str, ...]:
        """The ways a sentence may name a currency: its code, its symbol and its names (CLDR):
        ('USD', 'US$', 'US dollar', 'US dollars'), ('USD', '$US', 'dollar des États-Unis', ...)."""
        names = (get_currency_name(currency, count=n, locale=self.locale) for n in (1, 2))
        return tuple(dict.fromkeys([currency, get_currency_symbol(currency, locale=self.locale), *names]))

    def bare_currency_names(self, currency: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The currency's name without its country, as prose says it ("100 milliards de dollars", "5 billion
        dollars"), when that name is unambiguous here, and the full names of the currencies it could also
        mean (a sentence naming one of them is not about this one).

        The bare name is the word this currency's CLDR name shares with another currency's ('dollars' in
        'dollars des États-Unis' and 'dollars canadiens'). It is unambiguous where the country's own
        currency is this one (en-US) or shares no word with it (fr-FR, en-GB: their 'dollars' are US
        dollars), and never where it shares the word (fr-CA, en-AU: 'dollars' are their own)."""
        return _bare_currency_names(self.language, currency)

    def _scale_word(self, scale: str, count: int) -> str:
        """CLDR's word for a scale, as a count of it is written: ('million', 2) -> 'million', 'millions'."""
        written = format_compact_decimal(count * _SCALES[scale], format_type="long", locale=self.locale)
        return re.sub(r"^\W*\d\W*", "", written) or scale

    def axis(self, values, unit: str | None) -> tuple[tuple[float, ...], str | None]:
        """Values as a chart plots them and its value axis's unit, as its labels say them: money in the
        largest word its biggest amount reaches ('US$ billion' beside 'US$1.4 billion', where the facts
        say 'USD million'); any other unit as it is."""
        money = money_unit(unit)
        if not money:
            return tuple(values), self.unit_label(unit)
        amounts = [_decimal(v) * money.scale for v in values]
        # The word the largest label uses, as it is written (999.999 million is written "US$1 billion").
        largest = self.quantity(max(values, key=lambda v: abs(_decimal(v))), unit).replace(NBSP, " ").split() \
            if values else []
        words = sorted(((f, w) for w, f in _SCALES.items() if w and f >= COMPACT_FROM), reverse=True)
        factor, word = next(((f, w) for f, w in words if {self._scale_word(w, 1), self._scale_word(w, 2),
                                                             self._short_scale(w)} & set(largest)), (1, None))
        plotted = (a / factor for a in amounts)
        return tuple(int(p) if p == p.to_integral_value() else float(p) for p in plotted), \
            self._money_axis(money.currency, word)

    # --- dates ---------------------------------------------------------------

    def date(self, value: dt.date | str) -> str:
        """'5 December 2025' (en-GB), 'December 5, 2025' (en-US); 'December 2025' for YYYY-MM; '2025'."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return self._day(value)
        parts = [int(p) for p in str(value).split("-")]
        if len(parts) == 3:
            return self._day(dt.date(*parts))
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=self.locale)
        return str(parts[0])

    def _day(self, day: dt.date) -> str:
        text = format_date(day, format="long", locale=self.locale)
        if self.locale.language == "fr" and day.day == 1:  # French writes the first of a month as an ordinal
            text = re.sub(r"^1(?=\D)", "1er", text)
        return text

    def month(self, year: int, month: int) -> str:
        """A month in short, as a chart's axis labels it: 'Dec 2025', 'déc. 2025'."""
        return format_skeleton("yMMM", dt.date(year, month, 1), locale=self.locale)

    # --- numbers in words, as sentences write them ----------------------------

    def number_words(self, n: int) -> tuple[str, ...]:
        """Every way a sentence writes a number up to twenty in words: 3 -> ('three',), ('trois',); 1 in
        French -> ('un', 'une'); () past twenty."""
        if not 0 <= n <= 20:
            return ()
        return tuple(w for w in self.words.say("number_words", n).split("|") if w)

    def per_cent_words(self) -> tuple[str, ...]:
        """The words a sentence may write instead of the per cent sign: ('per cent', 'percent')."""
        return tuple(w for w in self.words.say("per_cent_words").split("|") if w)


_TRILLION = Decimal(10) ** 12
SIGNIFICANT_DIGITS = 2  # a small number keeps this many significant digits: 0.000123 -> 0.00012


def _decimals(exact: Decimal) -> int:
    """Decimal places to show: up to MAX_DECIMALS, more for a number below one hundredth (never '0')."""
    if exact == 0 or abs(exact) >= Decimal("0.01"):
        return MAX_DECIMALS
    return min(-abs(exact).adjusted() + SIGNIFICANT_DIGITS - 1, 12)


def _decimal(value: float | int) -> Decimal:
    """The value as the decimal its text says (1.0e+23 is 1E+23, not 99999999999999991611392)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@lru_cache(maxsize=64)
def _bare_currency_names(language: str, currency: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from babel.numbers import get_territory_currencies

    locale = Locale.parse(language.replace("-", "_"))
    display = locale.currencies  # each currency's singular name, one CLDR table

    def names(code: str) -> tuple[str, str]:
        return display[code], get_currency_name(code, count=2, locale=locale)

    def first_last(text: str) -> list[str]:
        words = text.casefold().split()
        return [words[0], words[-1]] if len(words) > 1 else []

    def ends(*texts: str) -> set[str]:
        return {w for text in texts for w in first_last(text)}

    if currency not in display:
        return (), ()
    own = names(currency)
    shared = ends(*own)
    # The currencies whose names share a first or last word with this one's ("dollar canadien"), not its own
    # variants ("US dollar (next day)"); plural names are read only for these.
    siblings = {code: names(code) for code, name in display.items() if code != currency and ends(name) & shared}
    siblings = {code: both for code, both in siblings.items()
                if not any(mine.casefold() in other.casefold() for mine in own for other in both)}
    bare = tuple(dict.fromkeys(w for text in own for w in first_last(text)
                               if any(w in ends(*both) for both in siblings.values())))
    local = get_territory_currencies(locale.territory) if locale.territory else []
    if not bare or (local and local[0] != currency and local[0] in display
                    and set(bare) & ends(*names(local[0]))):
        return (), ()
    return bare, tuple(dict.fromkeys(n for both in siblings.values() for n in both))
