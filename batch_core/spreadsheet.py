"""Read receipts from a spreadsheet file (.xlsx, .xls or .csv) into plain rows.

The import wizard hands over the file's bytes and name; :func:`parse_file`
returns the good rows as plain values (``datetime.date``, ``Decimal``,
stripped text) and one :class:`RowError` per bad cell, or raises
:class:`SpreadsheetError` when the file as a whole cannot be imported.

Rules shared by every format:

* the format is recognised by content, not by the file name: a ZIP holding
  ``[Content_Types].xml`` is an .xlsx workbook, an OLE2 compound file is an
  .xls workbook (or an encrypted .xlsx), anything else must be text (CSV);
* only the first sheet is read; row 1 holds the column headers, matched to
  :data:`COLUMNS` whatever their case, spacing and punctuation;
* empty rows are skipped; the other rows are streamed, so memory grows with
  the result only, not with the file.

CSV encoding rule: a byte-order mark decides (UTF-8 or UTF-16); without one
the bytes must look like text (no NUL, few control bytes) and are read as
UTF-8 when they are valid UTF-8, otherwise as Windows-1252. Latin-1 needs no
step of its own: it prints the same characters as Windows-1252 for every
byte, except 0x80-0x9F where it has control codes, and a file holding one of
the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
is refused. The delimiter is the one of ``,`` ``;`` tab ``|`` that occurs
most often in the header line (outside quotes); ``,`` when none does.
"""

import codecs
import csv
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from .money import to_decimal


@dataclass(frozen=True)
class Column:
    """One expected column of the import file."""

    key: str
    label: str
    required: bool
    kind: str  # "date", "amount" or "text"
    aliases: tuple = ()


#: The expected columns, in the template's order. Headers may come in any order.
COLUMNS = (
    Column("date", "Receipt Date", True, "date", ("Date", "Payment Date")),
    Column("payment_method", "Payment Method", True, "text", ("Method",)),
    Column(
        "reference",
        "Receipt Reference",
        False,
        "text",
        ("Reference", "Ref", "Receipt Ref"),
    ),
    Column("amount", "Receipt Amount", True, "amount", ("Amount", "Payment Amount")),
    Column("description", "Description", False, "text", ("Memo",)),
    Column(
        "payer",
        "Payer / Bill To Party Name",
        False,
        "text",
        ("Payer", "Payer Name", "Bill To Party Name", "Bill To"),
    ),
    Column("misc_account", "Miscellaneous Account", False, "text", ("Misc Account",)),
    Column("insurer_account", "Insurer Account", False, "text", ("Insurer",)),
    Column(
        "invoice_number", "Invoice Number", False, "text", ("Invoice", "Invoice No")
    ),
    Column(
        "policy_reference",
        "Policy / Customer Reference",
        False,
        "text",
        ("Policy", "Policy Reference", "Policy Number", "Customer Reference"),
    ),
    Column("receipt_kind", "Receipt Kind", False, "text", ("Kind", "Receipt Type")),
    Column("batch_line", "Batch Line", False, "text", ("Line",)),
)

#: Receipt Kind column: what a clerk may write, folded, to the receipt kind.
IMPORT_KINDS = {
    "": "standard",
    "standard": "standard",
    "miscellaneous": "miscellaneous",
    "misc": "miscellaneous",
    "insurerrefund": "insurer_refund",
    "insurer": "insurer_refund",
    "pledge": "pledge",
}
IMPORT_KIND_LABELS = ("Standard", "Miscellaneous", "Insurer Refund", "Pledge")
REQUIRED_LABELS = ", ".join(column.label for column in COLUMNS if column.required)
PASSWORD_MESSAGE = (
    "The workbook is password-protected: remove the password and import again."
)
ENCODINGS_TRIED = "UTF-8, UTF-16, Windows-1252 and Latin-1"
MEGABYTE = 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be imported at all; the message says why, in English."""


@dataclass
class ParsedRow:
    """One good data row: ``values`` by column key, ``raw`` text by header."""

    row_number: int
    values: dict
    raw: dict


@dataclass
class RowError:
    """One problem of one row; ``cell`` is e.g. ``"D7"``, None for the whole row."""

    row_number: int
    cell: str | None
    message: str
    raw: dict
    #: True when the cell does not hold its value (an uncomputed formula or a
    #: merged cell): the file itself must be fixed, not only the row.
    structural: bool = False


@dataclass
class ParseResult:
    """What :func:`parse_file` read.

    ``total_rows`` counts the non-empty data rows, good and bad; ``headers``
    are the keys of every ``raw`` dict, in file order; ``file_format`` is
    ``"xlsx"``, ``"xls"`` or ``"csv"``; ``sheet_name`` is None for CSV.
    """

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)
    total_rows: int = 0
    sheet_name: str | None = None
    headers: list = field(default_factory=list)
    file_format: str = ""


# ---------------------------------------------------------------------------
# Headers


def normalize_header(text):
    """Return ``text`` folded for matching: no case, accents, spaces or punctuation."""
    folded = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return "".join(char for char in folded if char.isalnum())


def _header_index():
    index = {}
    for column in COLUMNS:
        for name in (column.label, column.key, *column.aliases):
            key = normalize_header(name)
            if index.setdefault(key, column) is not column:
                raise ValueError(f"header {name!r} matches two columns")
    return index


_HEADER_INDEX = _header_index()


def column_for_header(header):
    """Return the :class:`Column` a header names, or None when it is unknown."""
    return _HEADER_INDEX.get(normalize_header(header))


def column_letter(index):
    """Return the spreadsheet letter of the 0-based column ``index`` (0 -> A)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Layout:
    """Where each expected column sits in the file."""

    columns: list  # (0-based index, Column)
    headers: list  # (0-based index, unique header text)
    unknown: list


def _read_header(cells, where):
    columns, headers, unknown, seen, used = [], [], [], {}, set()
    for index, value in enumerate(cells):
        text = _cell_text(value).strip()
        if not text:
            continue
        unique = text if text not in used else f"{text} ({column_letter(index)})"
        used.add(unique)
        headers.append((index, unique))
        column = column_for_header(text)
        if column is None:
            unknown.append(unique)
        elif column.key in seen:
            first_index, first_text = seen[column.key]
            raise SpreadsheetError(
                f'Columns {column_letter(first_index)} ("{first_text}") and '
                f'{column_letter(index)} ("{text}") are both read as {column.label}: '
                "keep only one of them."
            )
        else:
            seen[column.key] = (index, text)
            columns.append((index, column))
    _check_required(seen, [text for _index, text in headers], where)
    return _Layout(columns, headers, unknown)


def _check_required(seen, found, where):
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if not missing:
        return
    shown = ", ".join(f'"{_shorten(text)}"' for text in found[:20])
    if len(found) > 20:
        shown += f" and {len(found) - 20} more"
    if len(missing) == sum(1 for column in COLUMNS if column.required):
        raise SpreadsheetError(
            f"None of the required columns ({REQUIRED_LABELS}) is in the header row "
            f"(row 1 of {where}). Headers found: {shown}. The column headers must be "
            "on row 1; download the import template to see them."
        )
    plural = "s" if len(missing) > 1 else ""
    raise SpreadsheetError(
        f"Required column{plural} missing: {', '.join(missing)}. "
        f"Headers found on row 1 of {where}: {shown}."
    )


# ---------------------------------------------------------------------------
# Cell values


def _shorten(text, size=40):
    return text if len(text) <= size else text[: size - 1] + "…"


def _number_text(value, decimal_point="."):
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    return text.replace(".", decimal_point)


def _cell_text(value, decimal_point="."):
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


def _is_blank(value):
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
_DATE_ORDERS = ("DMY", "MDY")


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
    if date_order not in _DATE_ORDERS:
        raise ValueError(
            f"date_order must be one of {_DATE_ORDERS}, got {date_order!r}"
        )
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


def _other_order_hint(text, date_order):
    """Explain a date that is only valid in the other day/month order."""
    if not _NUMERIC_DATE.fullmatch(text.strip()):
        return ""
    other = "MDY" if date_order == "DMY" else "DMY"
    if _date_from_text(text, other) is None:
        return ""
    expected = "day/month/year" if date_order == "DMY" else "month/day/year"
    return f" (dates are read as {expected})"


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


# ---------------------------------------------------------------------------
# Rows


@dataclass
class _Options:
    date_order: str
    decimal_point: str
    thousands_sep: str


@dataclass
class _Sheet:
    """One sheet of any format, as the row parser sees it.

    ``rows`` yields ``(row_number, cells)`` with raw Python cell values;
    ``formulas`` holds the ``(row, index)`` of formula cells without a
    computed value; ``merges`` the merged ranges as ``(min_row, min_index,
    max_row, max_index)``; ``strict_width`` refuses values beyond the header.
    """

    name: str | None
    rows: Iterator
    file_format: str
    serial_to_date: Callable = excel_serial_to_date
    formulas: set = field(default_factory=set)
    merges: list = field(default_factory=list)
    strict_width: bool = False
    other_sheets: list = field(default_factory=list)


def _merged_into(sheet, row_number, index):
    """Return the top-left cell of the merged range holding a cell, if any."""
    for min_row, min_index, max_row, max_index in sheet.merges:
        inside = min_row <= row_number <= max_row and min_index <= index <= max_index
        if inside and (row_number, index) != (min_row, min_index):
            return f"{column_letter(min_index)}{min_row}", (
                f"{column_letter(min_index)}{min_row}:{column_letter(max_index)}{max_row}"
            )
    return None


def _empty_cell_error(sheet, column, row_number, index):
    """``(message, structural)`` for an empty cell, ``(None, False)`` when fine."""
    ref = f"{column_letter(index)}{row_number}"
    if (row_number, index) in sheet.formulas:
        return (
            f"{ref}: formula without a computed value; open and save the file in Excel first",
            True,
        )
    if not column.required:
        return None, False
    merged = _merged_into(sheet, row_number, index)
    if merged:
        top_left, span = merged
        return (
            f"{ref}: {column.label} is empty because the cell is merged ({span}; only "
            f"{top_left} keeps the value); unmerge the cells and fill in every row",
            True,
        )
    return f"{ref}: {column.label} is required", False


def _parse_cell(sheet, column, value, options):
    if column.kind == "date":
        return parse_date(value, options.date_order, sheet.serial_to_date)
    if column.kind == "amount":
        return parse_amount(value, options.decimal_point, options.thousands_sep)
    return _cell_text(value, options.decimal_point).strip() or None


def _cell_error(column, value, row_number, index, options):
    ref = f"{column_letter(index)}{row_number}"
    text = _cell_text(value, options.decimal_point)
    kind = "a date" if column.kind == "date" else "an amount"
    hint = _other_order_hint(text, options.date_order) if column.kind == "date" else ""
    return f'{ref}: "{_shorten(text.strip())}" is not {kind}{hint}'


def _width_error(sheet, layout, row_number, cells, raw):
    if not sheet.strict_width or not layout.headers:
        return None
    width = layout.headers[-1][0] + 1
    if all(_is_blank(value) for value in cells[width:]):
        return None
    count = len(cells) - sum(1 for value in reversed(cells) if _is_blank(value))
    return RowError(
        row_number,
        None,
        f"Row {row_number}: values beyond the last column with a header (found "
        f"{count} values for {width} columns); check the delimiter and the quotes",
        raw,
    )


def _parse_row(sheet, layout, row_number, cells, options):
    """Return ``(ParsedRow or None, [RowError])`` for one non-empty row."""
    raw = {
        header: _cell_text(
            cells[index] if index < len(cells) else None, options.decimal_point
        )
        for index, header in layout.headers
    }
    width_error = _width_error(sheet, layout, row_number, cells, raw)
    if width_error:
        return None, [width_error]
    values = {column.key: None for column in COLUMNS}
    errors = []
    for index, column in layout.columns:
        value = cells[index] if index < len(cells) else None
        message, structural = None, False
        if _is_blank(value):
            message, structural = _empty_cell_error(sheet, column, row_number, index)
        else:
            try:
                values[column.key] = _parse_cell(sheet, column, value, options)
            except ValueError:
                message = _cell_error(column, value, row_number, index, options)
        if message:
            ref = f"{column_letter(index)}{row_number}"
            errors.append(RowError(row_number, ref, message, raw, structural))
    return (None if errors else ParsedRow(row_number, values, raw)), errors


def _read_sheet(sheet, filename, options):
    where = f'sheet "{sheet.name}"' if sheet.name is not None else f'"{filename}"'
    try:
        result = ParseResult(sheet_name=sheet.name, file_format=sheet.file_format)
        layout = None
        for row_number, cells in sheet.rows:
            if all(_is_blank(value) for value in cells):
                continue
            if layout is None:
                if row_number != 1:
                    raise SpreadsheetError(
                        f"Row 1 of {where} is empty: the column headers must be on row 1."
                    )
                layout = _read_header(cells, where)
                result.unknown_columns = layout.unknown
                result.headers = [header for _index, header in layout.headers]
                continue
            result.total_rows += 1
            row, errors = _parse_row(sheet, layout, row_number, cells, options)
            if row is not None:
                result.rows.append(row)
            result.errors.extend(errors)
    finally:
        sheet.rows.close()
    if layout is None:
        raise SpreadsheetError(_empty_message(sheet, filename))
    if not result.total_rows:
        raise SpreadsheetError(
            f"No receipts found: {where} has a header row but no data rows below it."
        )
    return result


def _empty_message(sheet, filename):
    if sheet.name is None:
        return f'The file "{filename}" has no rows: no header row and no receipts.'
    others = ", ".join(f'"{name}"' for name in sheet.other_sheets)
    message = (
        f'The first sheet "{sheet.name}" is empty. Only the first sheet is imported'
    )
    if others:
        return f"{message}: move the receipts to it (the workbook also has {others})."
    return message + "."


# ---------------------------------------------------------------------------
# Formats


def _not_a_spreadsheet(filename, what="is not a spreadsheet"):
    return SpreadsheetError(
        f'The file "{filename}" {what}. Import an Excel workbook (.xlsx, .xls) or a '
        "CSV file."
    )


def _size_text(size, round_up=False):
    for unit, scale in (("MB", MEGABYTE), ("KB", 1024)):
        if size >= scale:
            number = size / scale
            if round_up:
                number = math.ceil(number * 10) / 10
            return f"{number:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_MERGE_REF = re.compile(
    rb"<" + _NS + rb'mergeCell\b[^>]*?\bref="([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)"'
)
_UNCOMPUTED = re.compile(
    rb"(?:</" + _NS + rb"f>|<" + _NS + rb"f\b[^>]*/>)\s*"
    rb"(?:<" + _NS + rb"v\s*/>|<" + _NS + rb"v>\s*</" + _NS + rb"v>|</" + _NS + rb"c>)"
)


def _open_xlsx(content, filename):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _damaged(filename, exc) from exc
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read(
            "mimetype"
        ):
            raise SpreadsheetError(
                "OpenDocument spreadsheets (.ods) are not supported: save the file as "
                ".xlsx and import again."
            )
        raise _not_a_spreadsheet(filename, "is a ZIP archive, not a spreadsheet")
    if "xl/workbook.bin" in names:
        raise SpreadsheetError(
            "Excel binary workbooks (.xlsb) are not supported: save the file as .xlsx "
            "and import again."
        )
    if not any(name.startswith("xl/") for name in names):
        raise _not_a_spreadsheet(
            filename, "is an Office document but not an Excel workbook"
        )
    return archive


def _damaged(filename, exc):
    return SpreadsheetError(
        f'The workbook "{filename}" could not be read; it may be damaged ({exc}). Open it '
        "in Excel, save it again and import the saved file."
    )


def _byte_scan(archive, path):
    """Stream the sheet XML as bytes: its merged ranges, and whether a formula
    may lack its computed value (then :func:`_scan_formulas` finds which)."""
    refs, uncomputed, tail = set(), False, b""
    with archive.open(path) as stream:
        for chunk in iter(lambda: stream.read(MEGABYTE), b""):
            window = tail + chunk
            refs.update(
                match.group(1).decode() for match in _MERGE_REF.finditer(window)
            )
            uncomputed = uncomputed or bool(_UNCOMPUTED.search(window))
            tail = window[-256:]
    merges = []
    for ref in sorted(refs):
        first, _sep, last = ref.partition(":")
        last = last or first
        merges.append(
            (_ref_row(first), _ref_index(first), _ref_row(last), _ref_index(last))
        )
    return merges, uncomputed


def _local(tag):
    return tag.rpartition("}")[2]


def _ref_index(ref):
    letters = re.match(r"[A-Za-z]*", ref).group(0).upper()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _ref_row(ref):
    digits = re.search(r"\d+", ref)
    return int(digits.group(0)) if digits else 0


def _scan_formulas(archive, path):
    """Return the ``(row, index)`` of the formula cells without a computed value.

    Read-only openpyxl shows a missing value as an empty cell, so the sheet
    XML is parsed once more, streaming (only when the byte scan found a
    candidate): a formula has no computed value when its cell has no ``<v>``
    or an empty one, unless it is a string result, which may be empty.
    """
    formulas = set()
    row_number, index, sheet_data = 0, -1, None
    with archive.open(path) as stream:
        for event, elem in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(elem.tag)
            if event == "start":
                if name == "sheetData":
                    sheet_data = elem
                elif name == "row":
                    row_number = int(elem.get("r") or row_number + 1)
                    index = -1
                elif name == "c":
                    ref = elem.get("r")
                    index = _ref_index(ref) if ref else index + 1
            elif name == "c":
                children = {_local(child.tag): child for child in elem}
                cached = children.get("v")
                no_value = cached is None or (
                    not cached.text and elem.get("t") != "str"
                )
                if "f" in children and no_value:
                    formulas.add((row_number, index))
            elif name == "row" and sheet_data is not None:
                sheet_data.clear()
    return formulas


def _xlsx_sheet(content, filename):
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import from_excel

    archive = _open_xlsx(content, filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise _damaged(filename, exc) from exc
    if not workbook.worksheets:
        workbook.close()
        raise SpreadsheetError(f'The workbook "{filename}" has no worksheet.')
    worksheet = workbook.worksheets[0]
    path = getattr(worksheet, "_worksheet_path", None)
    formulas, merges = set(), []
    try:
        if path in archive.namelist():
            merges, uncomputed = _byte_scan(archive, path)
            if uncomputed:
                formulas = _scan_formulas(archive, path)
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError) as exc:
        workbook.close()
        raise _damaged(filename, exc) from exc
    epoch = (
        workbook.epoch.date()
        if isinstance(workbook.epoch, datetime)
        else workbook.epoch
    )

    def serial_to_date(serial):
        if epoch == date(1899, 12, 30):
            return excel_serial_to_date(serial)
        if isinstance(serial, bool) or not 0 <= serial < 2957003:
            raise ValueError(f"{serial!r} is out of the range of Excel dates")
        return from_excel(serial, workbook.epoch).date()

    def rows():
        try:
            worksheet.reset_dimensions()
            yield from enumerate(
                worksheet.iter_rows(min_row=1, values_only=True), start=1
            )
        except Exception as exc:  # a broken sheet shows only while it is read
            raise _damaged(filename, exc) from exc
        finally:
            workbook.close()

    return _Sheet(
        worksheet.title,
        rows(),
        "xlsx",
        serial_to_date,
        formulas,
        merges,
        other_sheets=[name for name in workbook.sheetnames if name != worksheet.title],
    )


def _xls_sheet(content, filename):
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=content,
            formatting_info=True,
            on_demand=True,
            logfile=io.StringIO(),
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise SpreadsheetError(PASSWORD_MESSAGE) from exc
        raise _damaged(filename, exc) from exc
    except Exception as exc:  # xlrd raises many kinds on a broken workbook
        raise _damaged(filename, exc) from exc
    names = book.sheet_names()
    if not names:
        raise SpreadsheetError(f'The workbook "{filename}" has no worksheet.')
    sheet = book.sheet_by_index(0)
    merges = [(rlo + 1, clo, rhi, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]

    def serial_to_date(serial):
        if isinstance(serial, bool) or serial < 1:
            raise ValueError(f"{serial!r} is out of the range of Excel dates")
        try:
            return xlrd.xldate_as_datetime(serial, book.datemode).date()
        except (xlrd.xldate.XLDateError, OverflowError, ValueError) as exc:
            raise ValueError(f"{serial!r} is out of the range of Excel dates") from exc

    def value(cell):
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(cell.value, book.datemode)
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return cell.value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(cell.value, "#ERROR")
        return cell.value

    def rows():
        try:
            for row_index in range(sheet.nrows):
                yield row_index + 1, [value(cell) for cell in sheet.row(row_index)]
        finally:
            book.release_resources()

    return _Sheet(
        names[0], rows(), "xls", serial_to_date, merges=merges, other_sheets=names[1:]
    )


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_NOT_CONTROL = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)


def _decodes(content, encoding):
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(content)
    try:
        for start in range(0, len(content), MEGABYTE):
            decoder.decode(view[start : start + MEGABYTE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(content):
    sample = content[: 64 * 1024]
    controls = len(sample.translate(None, _NOT_CONTROL))
    return b"\x00" in sample or controls > len(sample) // 100


def _text_encoding(content, filename):
    """Return the encoding to read a text file with (see the module's rule)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            if _decodes(content, encoding):
                return encoding
            raise _encoding_error(filename)
    if _looks_binary(content):
        raise _not_a_spreadsheet(filename)
    for encoding in ("utf-8", "cp1252"):
        if _decodes(content, encoding):
            return encoding
    raise _encoding_error(filename)


def _encoding_error(filename):
    return SpreadsheetError(
        f'The text encoding of "{filename}" could not be determined (tried '
        f'{ENCODINGS_TRIED}). Save the file as "CSV UTF-8" and import again.'
    )


_QUOTED = re.compile(r'"[^"]*"')


def _sniff_delimiter(stream):
    header = _QUOTED.sub("", stream.readline())
    stream.seek(0)
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_sheet(content, filename):
    encoding = _text_encoding(content, filename)
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    start = stream.read(512).lstrip().lower()
    stream.seek(0)
    if start.startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise SpreadsheetError(
            f'The file "{filename}" is a web page or XML document, not a spreadsheet, even '
            "if its name says so: open it in Excel, save it as .xlsx and import that file."
        )
    reader = csv.reader(stream, delimiter=_sniff_delimiter(stream))

    def rows():
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise SpreadsheetError(
                f'The CSV file "{filename}" could not be read at line {reader.line_num}: {exc}.'
            ) from exc
        finally:
            stream.close()

    return _Sheet(None, rows(), "csv", strict_width=True)


def _is_encrypted_ole2(content):
    """True when an OLE2 file holds an "EncryptionInfo" stream: an encrypted .xlsx.

    The name must sit at the start of a 128-byte directory entry whose name
    length field (offset 64) says 30 bytes, so that a cell that merely reads
    "EncryptionInfo" in a plain .xls does not count.
    """
    position = content.find(_ENCRYPTION_INFO)
    while position != -1:
        if (
            position % 128 == 0
            and content[position + 64 : position + 66] == b"\x1e\x00"
        ):
            return True
        position = content.find(_ENCRYPTION_INFO, position + 1)
    return False


def _open_sheet(content, filename):
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(content, filename)
    if content.startswith(_OLE2_MAGIC):
        if _is_encrypted_ole2(content):
            raise SpreadsheetError(PASSWORD_MESSAGE)
        return _xls_sheet(content, filename)
    if content.startswith(b"%PDF"):
        raise _not_a_spreadsheet(filename, "is a PDF document, not a spreadsheet")
    return _csv_sheet(content, filename)


def parse_file(
    content,
    filename,
    *,
    max_bytes=50 * MEGABYTE,
    date_order="DMY",
    decimal_point=".",
    thousands_sep=",",
):
    """Read the receipts of a spreadsheet file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages only (the format is
        recognised by content)
    :param max_bytes: larger files are refused
    :param date_order: "DMY" or "MDY", how ambiguous text dates such as
        ``03/04/2026`` are read (the user's locale)
    :param decimal_point: decimal point of amounts written as text
    :param thousands_sep: thousands separator of amounts written as text
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    if date_order not in _DATE_ORDERS:
        raise ValueError(
            f"date_order must be one of {_DATE_ORDERS}, got {date_order!r}"
        )
    if decimal_point == thousands_sep or not decimal_point:
        raise ValueError("decimal_point and thousands_sep must differ")
    filename = filename or "file"
    if not content:
        raise SpreadsheetError(f'The file "{filename}" is empty (0 bytes).')
    if len(content) > max_bytes:
        raise SpreadsheetError(
            f"The file is {_size_text(len(content), round_up=True)}; "
            f"the limit is {_size_text(max_bytes)}."
        )
    options = _Options(date_order, decimal_point, thousands_sep)
    return _read_sheet(_open_sheet(bytes(content), filename), filename, options)
