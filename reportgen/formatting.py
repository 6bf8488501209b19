"""The one formatter for numbers, money and dates, driven by the brief's language (CLDR data via Babel).

Every number or date reportgen composes goes through a Formatter: "5 December 2025",
"December 2025", "US$5 billion", "over US$750 million", "40 million doses", "3 squadrons".
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
from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol, list_currencies

NBSP = "\u00a0"
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
            text = f"{self.number(value)}%"
        elif unit:
            text = f"{self.number(value)}{NBSP}{unit.strip()}"
        else:
            text = self.number(value)
        return f"{qualifier}{NBSP}{text}" if qualifier else text

    def _money(self, amount: Decimal, currency: str) -> str:
        symbol = get_currency_symbol(currency, locale=self.locale)
        sign = self.locale.number_symbols.get("latn", self.locale.number_symbols).get("minusSign", "-") \
            if amount < 0 else ""
        number = self.number(abs(amount))
        pattern = self.locale.currency_formats["standard"].pattern
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
        symbol = get_currency_symbol(money.currency, locale=self.locale)
        return f"{symbol} {scale}" if scale else symbol

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
        factor, word = next(((f, w) for f, w in words if w in largest), (1, None))
        symbol = get_currency_symbol(money.currency, locale=self.locale)
        plotted = (a / factor for a in amounts)
        return tuple(int(p) if p == p.to_integral_value() else float(p) for p in plotted), \
            f"{symbol} {word}" if word else symbol

    # --- dates ---------------------------------------------------------------

    def date(self, value: dt.date | str) -> str:
        """'5 December 2025' (en-GB), 'December 5, 2025' (en-US); 'December 2025' for YYYY-MM; '2025'."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return format_date(value, format="long", locale=self.locale)
        parts = [int(p) for p in str(value).split("-")]
        if len(parts) == 3:
            return format_date(dt.date(*parts), format="long", locale=self.locale)
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=self.locale)
        return str(parts[0])


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
