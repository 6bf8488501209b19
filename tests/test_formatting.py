"""The one formatter: numbers, money and dates written as people say them, in the brief's language."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.formatting import NBSP, formatter, money_unit

CASES = [
    # value, unit, qualifier, en-GB, en-US
    (5, "USD billion", None, "US$5 billion", "$5 billion"),
    (750, "USD million", "over", "over US$750 million", "over $750 million"),
    (750.0, "USD million", None, "US$750 million", "$750 million"),
    (16.5, "AUD million", None, "A$16.5 million", "A$16.5 million"),
    (1500, "USD million", "about", "about US$1.5 billion", "about $1.5 billion"),
    (2.25, "EUR billion", "up to", "up to €2.25 billion", "up to €2.25 billion"),
    (40_000_000, "USD", "at least", "at least US$40 million", "at least $40 million"),
    (12, "INR billion", "under", "under ₹12 billion", "under ₹12 billion"),
    (40_000_000, "doses", None, "40 million doses", "40 million doses"),
    (3, "squadrons", None, "3 squadrons", "3 squadrons"),
    (12_500, "tonnes", None, "12,500 tonnes", "12,500 tonnes"),
    (2.5, "%", None, "2.5%", "2.5%"),
    (0.333333, "units", None, "0.33 units", "0.33 units"),
    (1.0e23, "units", None, "100,000,000,000 trillion units", "100,000,000,000 trillion units"),
    (999999999999999.9, "units", None, "1,000 trillion units", "1,000 trillion units"),
    (1e15, "USD million", None, "US$1,000,000,000 trillion", "$1,000,000,000 trillion"),
    (-1.5, "USD billion", None, "-US$1.5 billion", "-$1.5 billion"),
    (0.000123, "tonnes", None, "0.00012 tonnes", "0.00012 tonnes"),
    (-2_500_000, None, None, "-2.5 million", "-2.5 million"),
    (7, None, None, "7", "7"),
]


@pytest.mark.parametrize("value, unit, qualifier, gb, us", CASES)
def test_quantities_as_people_say_them(value, unit, qualifier, gb, us):
    assert formatter("en-GB").quantity(value, unit, qualifier).replace(NBSP, " ") == gb
    assert formatter("en-US").quantity(value, unit, qualifier).replace(NBSP, " ") == us


def test_a_number_is_never_split_from_its_unit():
    text = formatter().quantity(750, "USD million", "over")
    assert " " not in text and text.count(NBSP) == 2


@pytest.mark.parametrize("value, gb, us", [
    (dt.date(2025, 12, 5), "5 December 2025", "December 5, 2025"),
    ("2025-12-05", "5 December 2025", "December 5, 2025"),
    ("2026-03", "March 2026", "March 2026"),
    ("2026", "2026", "2026"),
])
def test_dates_full_partial_and_by_language(value, gb, us):
    assert formatter("en-GB").date(value) == gb
    assert formatter("en-US").date(value) == us


def test_money_units_are_iso_currencies_only():
    assert money_unit("USD billion").scale == 10**9
    assert money_unit("doses") is None and money_unit("ABC million") is None and money_unit("usd") is None


def test_unit_labels_name_the_currency():
    assert formatter().unit_label("USD million") == "US$ million"
    assert formatter().unit_label("squadrons") == "squadrons"


@pytest.mark.parametrize("values, unit, plotted, axis", [
    ((1000, 1410, 750), "USD million", (1, 1.41, 0.75), "US$ billion"),  # labels read "US$1.41 billion"
    ((750, 300, 120), "USD million", (750, 300, 120), "US$ million"),
    ((5, 2.5), "USD billion", (5, 2.5), "US$ billion"),
    ((750,), "USD thousand", (750_000,), "US$"),  # "US$750,000": no word
    ((999.999, 500), "USD million", (0.999999, 0.5), "US$ billion"),  # the largest is written "US$1 billion"
    ((3, 4), "squadrons", (3, 4), "squadrons"),
])
def test_a_chart_axis_names_the_unit_its_labels_use(values, unit, plotted, axis):
    fmt = formatter("en-GB")
    assert fmt.axis(values, unit) == (plotted, axis)
    if axis.startswith("US$ "):  # the word on the axis is the word of the largest label
        assert fmt.quantity(max(values), unit).endswith(axis.split()[1])
    else:
        assert not any(w in fmt.quantity(max(values), unit) for w in ("million", "billion", "trillion"))


@given(st.one_of(st.integers(min_value=-10**15, max_value=10**15),
                 st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)))
def test_no_number_reads_with_a_dangling_point_zero(value):
    text = formatter().number(value)
    assert not text.endswith((".0", ".00")) and "e" not in text.lower().replace("million", "").replace(
        "billion", "").replace("trillion", "").replace("thousand", "")


@pytest.mark.parametrize("language, text, expected", [
    ("en-GB", "India pledged kits worth USD 7.5 million and 40 million doses.",
     "India pledged kits worth US$7.5\u00a0million and 40 million doses."),
    ("en-US", "Allies pledged EUR 40 billion a year.", "Allies pledged €40\u00a0billion a year."),
    ("en-GB", "over USD 750 million in loans", "over US$750\u00a0million in loans"),
    ("en-GB", "a fund of GBP 2,500,000", "a fund of £2.5\u00a0million"),
    ("en-GB", "USD5 billion", "US$5\u00a0billion"),
    ("en-GB", "the ABC 5 rule and the G20", "the ABC 5 rule and the G20"),  # not a currency: as written
    ("en-GB", "USD billion", "USD billion"),  # no amount: as written
    ("en-AU", "Parties met at COP28 and COP 29 in 2024.", "Parties met at COP28 and COP 29 in 2024."),  # not pesos
    ("en-GB", "a grant of USD 500 and USD 2,000", "a grant of US$500 and US$2,000"),
])
def test_money_in_the_author_s_text_is_written_by_the_formatter(language, text, expected):
    assert formatter(language).money_in_text(text) == expected
