"""Cell values of a receipts file: text, dates, amounts, and the keys that fold them."""

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from .money import to_decimal


def shorten(text, size=40):
    return text if len(text) <= size else text[: size - 1] + "…"


def _number_text(value, decimal_point="."):
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    return text.replace(".", decimal_point)


def cell_text(value, decimal_point="."):
    """Return a cell's value as the text a clerk would read, '' when empty.

    Numbers use ``decimal_point`` and no thousands separator, dates are ISO,
    so the text reads back to the same value with the same parse options.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return (
            _number_text(value, decimal_point) if math.isfinite(value) else str(value)
        )
    if isinstance(value, Decimal):
        return str(value).replace(".", decimal_point)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(" ", "seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january",),
            ("february",),
            ("march",),
            ("april",),
            ("may",),
            ("june",),
            ("july",),
            ("august",),
            ("september", "sept"),
            ("october",),
            ("november",),
            ("december",),
        ),
        start=1,
    )
    for name in (*names, names[0][:3])
}
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC_DATE = re.compile(
    r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})\.?" + _TIME
)
_NAMED_DMY = re.compile(
    r"(\d{1,2})[-/. ]+([A-Za-z]{3,9})\.?[-/., ]+(\d{4}|\d{2})" + _TIME
)
_NAMED_MDY = re.compile(
    r"([A-Za-z]{3,9})\.?[-/. ]+(\d{1,2})(?:st|nd|rd|th)?,?[-/. ]+(\d{4})" + _TIME
)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
DATE_ORDERS = ("DMY", "MDY")


def excel_serial_to_date(serial, epoch=date(1899, 12, 30)):
    """Return the date of an Excel serial number (days since ``epoch``).

    The default epoch is the 1900 date system's, where serial 1 is
    1900-01-01 (Excel counts a 29 February 1900 that never was: serials
    below 61 are shifted by one day); the 1904 system passes 1904-01-01.
    """
    if isinstance(serial, bool) or not 1 <= serial < 2958466:
        raise ValueError(f"{serial!r} is out of the range of Excel dates")
    days = int(serial)
    if epoch == date(1899, 12, 30) and days < 61:
        days += 1
    return epoch + timedelta(days=days)


def _two_digit_year(year):
    """Full year of a 1-4 digit year: 00-68 is 2000-2068, 69-99 is 1969-1999."""
    if year >= 100:
        return year
    return 2000 + year if year < 69 else 1900 + year


def _make_date(year, month, day):
    try:
        return date(_two_digit_year(int(year)), int(month), int(day))
    except ValueError:
        return None


def _date_from_text(text, date_order):
    text = text.strip()
    match = _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        return _make_date(*match.groups())
    match = _NUMERIC_DATE.fullmatch(text)
    if match:
        first, second, year = match.groups()
        day, month = (first, second) if date_order == "DMY" else (second, first)
        return _make_date(year, month, day)
    match = _NAMED_DMY.fullmatch(text)
    if match and match.group(2).lower() in _MONTHS:
        day, name, year = match.groups()
        return _make_date(year, _MONTHS[name.lower()], day)
    match = _NAMED_MDY.fullmatch(text)
    if match and match.group(1).lower() in _MONTHS:
        name, day, year = match.groups()
        return _make_date(year, _MONTHS[name.lower()], day)
    if _SERIAL.fullmatch(text):
        return excel_serial_to_date(float(text))
    return None


def parse_date(value, date_order="DMY", serial_to_date=excel_serial_to_date):
    """Return ``value`` as a ``datetime.date``; ValueError when it is not one.

    Accepts dates and datetimes, Excel serial numbers (converted by
    ``serial_to_date``, which knows the workbook's date system; as text only
    with 5 digits, ``46096``, so that "2026" is refused), ISO text
    (``2026-03-15``, also ``20260315``), locale text with ``/``, ``.`` or
    ``-`` read in ``date_order`` ("DMY": ``15/03/2026``, "MDY":
    ``03/15/2026``), two-digit years (00-68 -> 20xx, 69-99 -> 19xx) and
    English month names (``15-Mar-2026``, ``March 15, 2026``). A time of day
    after the date is ignored.
    """
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, got {date_order!r}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        return serial_to_date(value)
    if isinstance(value, str):
        parsed = _date_from_text(value, date_order)
        if parsed is not None:
            return parsed
    raise ValueError(f"{value!r} is not a date")


def valid_in_other_order(text, date_order):
    """Whether ``text`` is a date only in the other day/month order."""
    if not _NUMERIC_DATE.fullmatch(text.strip()):
        return False
    other = "MDY" if date_order == "DMY" else "DMY"
    return _date_from_text(text, other) is not None


def _currency_symbols():
    symbols = (chr(code) for code in range(0x20, 0x10000))
    return "".join(
        re.escape(char) for char in symbols if unicodedata.category(char) == "Sc"
    )


_SYMBOLS = _currency_symbols()
_CURRENCY_PREFIX = re.compile(rf"(?:[A-Za-z]{{0,3}}[{_SYMBOLS}]|[A-Z]{{3}}\s)\s*")
_CURRENCY_SUFFIX = re.compile(rf"\s*(?:[{_SYMBOLS}][A-Za-z]{{0,3}}|\s[A-Z]{{3}})\Z")
_SPACE_LIKE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2019": "'",
        "\u2212": "-",
        "\u2013": "-",
        "\ufe63": "-",
        "\uff0d": "-",
    }
)


def _strip_currency(text):
    text = text.strip()
    match = _CURRENCY_PREFIX.match(text)
    if match:
        text = text[match.end() :]
    match = _CURRENCY_SUFFIX.search(text)
    if match:
        text = text[: match.start()]
    return text.strip()


def _split_sign(text):
    """Return ``(text without currency and sign, is_negative)``.

    A sign is a leading ``-`` or ``+``, a trailing ``-`` or parentheses
    around the amount; two signs make the amount invalid (ValueError).
    """
    signs = []
    while True:
        stripped = _strip_currency(text)
        if len(stripped) > 1 and stripped[0] == "(" and stripped[-1] == ")":
            signs.append("-")
            stripped = stripped[1:-1]
        elif stripped[:1] in ("+", "-") and stripped:
            signs.append(stripped[0])
            stripped = stripped[1:]
        elif stripped.endswith("-"):
            signs.append("-")
            stripped = stripped[:-1]
        if stripped == text:
            break
        text = stripped
    if len(signs) > 1:
        raise ValueError("more than one sign")
    return text, signs == ["-"]


def _amount_pattern(decimal_point, thousands_sep):
    sep = re.escape(thousands_sep)
    groups = [r"\d{1,3}(?:[ ']\d{3})+", r"\d+"]
    if thousands_sep.strip():
        groups[:0] = [
            rf"\d{{1,3}}(?:{sep}\d{{3}})+",
            rf"\d{{1,2}}(?:{sep}\d{{2}})+{sep}\d{{3}}",
        ]
    return re.compile(rf"(?:{'|'.join(groups)})?(?:{re.escape(decimal_point)}\d*)?")


_AMOUNT_PATTERNS = {}


def parse_amount(value, decimal_point=".", thousands_sep=","):
    """Return ``value`` as a Decimal; ValueError when it is not an amount.

    Numbers are taken as they are (floats to Excel's 15 significant digits).
    Text may carry a currency symbol or a spaced ISO code (``$1,234.50``,
    ``€ 1.234,50``, ``1 234,50 EUR``), thousands grouped by
    ``thousands_sep``, spaces or apostrophes (groups of three, or the Indian
    ``1,23,456``), and a sign: ``-12.00``, ``12.00-`` or ``(12.00)``.
    """
    if decimal_point == thousands_sep or not decimal_point:
        raise ValueError("decimal_point and thousands_sep must differ")
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not an amount")
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not an amount")
        return Decimal(format(value, ".15g")) + 0
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an amount")
    text, negative = _split_sign(value.translate(_SPACE_LIKE))
    key = (decimal_point, thousands_sep)
    pattern = _AMOUNT_PATTERNS.get(key) or _AMOUNT_PATTERNS.setdefault(
        key, _amount_pattern(decimal_point, thousands_sep)
    )
    if not pattern.fullmatch(text) or not any(char.isdigit() for char in text):
        raise ValueError(f"{value!r} is not an amount")
    number = "".join(char for char in text if char.isdigit() or char == decimal_point)
    try:
        amount = Decimal(number.replace(decimal_point, "."))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not an amount") from exc
    return -amount if negative and amount else amount


def fold_name(text):
    """How a name or code is looked up: surrounding spaces and case ignored."""
    return (text or "").strip().lower()


def _normalize_text(text):
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(char for char in folded if char.isalnum())


def duplicate_key(values, rounding=None):
    """Return the key two receipts share when they are likely duplicates.

    The key is ``(payer, reference, amount)``: payer and reference folded
    (no case, spaces or punctuation, so "ACME Ltd." = "acme ltd"), the
    amount as a Decimal (rounded to ``rounding`` when given). Works on the
    ``values`` of a :class:`ParsedRow` and on a manual entry's values alike.
    """
    amount = values.get("amount")
    if amount is not None:
        if rounding:
            amount = to_decimal(amount, rounding)
        elif isinstance(amount, float):
            amount = Decimal(format(amount, ".15g"))
        else:
            amount = Decimal(amount)
    return (
        _normalize_text(values.get("payer")),
        _normalize_text(values.get("reference")),
        amount,
    )
