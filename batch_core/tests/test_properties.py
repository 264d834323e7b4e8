"""Property-based tests of the plain parsers (Hypothesis).

``make test`` runs a fixed, seeded number of examples per property (profile
"ci"); ``make fuzz`` runs many more (profile "fuzz", ``APB_FUZZ_EXAMPLES``).
For any input the parsers return a value or raise their own error, nothing
else, within a time bound.
"""

import csv
import io
import os
import unittest
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batch_core.cells import parse_amount, parse_date
from batch_core.spreadsheet import (
    COLUMNS,
    SpreadsheetError,
    column_for_header,
    parse_file,
)

settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    deadline=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("APB_FUZZ_EXAMPLES", "5000")),
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("APB_HYPOTHESIS_PROFILE", "ci"))

#: (decimal point, thousands separator) pairs the import accepts.
STYLES = ((".", ","), (",", "."), (",", " "), (".", "'"), (".", " "))
AMOUNTS = st.decimals(
    min_value=Decimal("-99999999.99"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60
)
AMOUNTISH = st.text(alphabet="0123456789.,-+() '$€£EURUSD\u00a0\u202f", max_size=30)


def grouped(integer, sep, indian=False):
    """``integer`` (digits) grouped by ``sep``: 1,234,567 or 12,34,567."""
    if len(integer) <= 3:
        return integer
    head, tail = integer[:-3], integer[-3:]
    size = 2 if indian else 3
    groups = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return sep.join([*groups, tail])


def written(amount, decimal_point, thousands_sep, form):
    """``amount`` as a clerk or bank might write it."""
    sign = amount < 0
    integer, _dot, cents = f"{abs(amount):.2f}".partition(".")
    number = grouped(integer, thousands_sep) + decimal_point + cents
    if form == "plain":
        return ("-" if sign else "") + number
    if form == "trailing":
        return number + ("-" if sign else "")
    if form == "brackets":
        return f"({number})" if sign else number
    if form == "symbol":
        return ("-" if sign else "") + "$" + number
    if form == "code":
        return ("-" if sign else "") + number + " EUR"
    raise AssertionError(form)


class TestAmountProperties(unittest.TestCase):
    @given(TEXT | AMOUNTISH, st.sampled_from(STYLES))
    def test_any_text_is_an_amount_or_a_value_error(self, text, style):
        try:
            value = parse_amount(text, *style)
        except ValueError:
            return
        self.assertIsInstance(value, Decimal)

    @given(
        AMOUNTS,
        st.sampled_from(STYLES),
        st.sampled_from(("plain", "trailing", "brackets", "symbol", "code")),
    )
    def test_every_supported_style_parses_back(self, amount, style, form):
        text = written(amount, *style, form)
        self.assertEqual(parse_amount(text, *style), amount, text)

    @given(st.integers(min_value=0, max_value=10**9), st.integers(0, 99))
    def test_indian_grouping_parses_back(self, rupees, paise):
        text = f"{grouped(str(rupees), ',', indian=True)}.{paise:02d}"
        self.assertEqual(parse_amount(text), Decimal(f"{rupees}.{paise:02d}"))


class TestDateProperties(unittest.TestCase):
    @given(TEXT, st.sampled_from(("DMY", "MDY")))
    def test_any_text_is_a_date_or_a_value_error(self, text, order):
        try:
            value = parse_date(text, order)
        except ValueError:
            return
        self.assertIsInstance(value, date)

    @given(st.dates(min_value=date(1970, 1, 1), max_value=date(2068, 12, 31)))
    def test_a_date_is_read_in_the_order_asked_never_the_other(self, day):
        dmy = f"{day.day:02d}/{day.month:02d}/{day.year}"
        mdy = f"{day.month:02d}/{day.day:02d}/{day.year}"
        self.assertEqual(parse_date(dmy, "DMY"), day)
        self.assertEqual(parse_date(mdy, "MDY"), day)
        self.assertEqual(parse_date(day.isoformat(), "MDY"), day)
        # Read in the other order, an ambiguous date is another day, or
        # refused when that day does not exist; never this day silently.
        if day.day != day.month:
            try:
                other = parse_date(dmy, "MDY")
            except ValueError:
                other = None
            self.assertNotEqual(other, day)

    @given(st.integers(min_value=25569, max_value=61000))
    def test_excel_serials_are_days_since_1899_12_30(self, serial):
        self.assertEqual(
            parse_date(serial, "DMY"), date(1899, 12, 30) + timedelta(days=serial)
        )


class TestHeaderProperties(unittest.TestCase):
    @given(
        st.sampled_from(COLUMNS),
        st.sampled_from((str.upper, str.lower, str.title, lambda s: s)),
        st.sampled_from(("", " *", "*", "  ", ":")),
    )
    def test_a_label_in_any_case_with_marks_finds_its_column(
        self, column, case, suffix
    ):
        self.assertIs(column_for_header(case(column.label) + suffix), column)

    @given(TEXT)
    def test_any_header_is_a_column_or_none(self, text):
        column = column_for_header(text)
        self.assertTrue(column is None or column in COLUMNS)


def csv_file(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


HEADER = [column.label for column in COLUMNS]


class TestCsvProperties(unittest.TestCase):
    @given(st.binary(max_size=2000))
    def test_any_bytes_give_rows_or_a_spreadsheet_error(self, content):
        try:
            parse_file(content, "fuzz.csv")
        except SpreadsheetError:
            pass

    @given(st.lists(st.lists(TEXT, max_size=len(HEADER) + 2), max_size=20))
    def test_any_cells_under_a_good_header_give_rows_or_errors(self, rows):
        try:
            result = parse_file(csv_file([HEADER, *rows]), "cells.csv")
        except SpreadsheetError:
            return
        # Every data row is either parsed or rejected with its number.
        numbers = {row.row_number for row in result.rows} | {
            error.row_number for error in result.errors
        }
        self.assertLessEqual(len(numbers), len(rows))
