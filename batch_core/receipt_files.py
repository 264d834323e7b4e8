"""Read receipts from any file a clerk imports: a spreadsheet or a bank file.

:func:`parse_receipt_file` recognises the format by content, never by name:

* XML (after an optional byte-order mark and white space, the file starts
  with ``<``) is read by :mod:`batch_core.camt054` when its root namespace is
  an ISO 20022 camt.054 one; any other XML document is refused by name
  (e.g. a camt.053 statement or a pain.001 payment order);
* text whose first record starts with ``01,`` is a BAI2 file, read by
  :mod:`batch_core.bai2_file`;
* anything else is a spreadsheet, read by
  :func:`batch_core.spreadsheet.parse_file`.

Every format gives the same :class:`~batch_core.spreadsheet.ParseResult`,
so the per-row rules apply unchanged. A bank file gives one row per receipt
(its "entries", numbered from 1 in file order) with every key of
:data:`~batch_core.spreadsheet.COLUMNS` in ``values`` (None when the bank
says nothing) and a ``raw`` dict keyed by the import template's labels, so
that the rejected entries are written back as a spreadsheet in the
template's layout. Amounts are signed: credits positive, debits negative.
A bank file holding more than ``max_rows`` entries is refused.
"""

import codecs
from datetime import date
from decimal import Decimal

from .cells import DATE_ORDERS
from .sheet_formats import MEGABYTE, SpreadsheetError, size_text
from .spreadsheet import COLUMNS, ParsedRow, ParseResult, RowError, parse_file

BANK_ROW_LIMIT = 100_000
BANK_HEADERS = tuple(column.label for column in COLUMNS)
_LABELS = {column.key: column.label for column in COLUMNS}
_HTML_STARTS = ("<!doctype html", "<html", "<table")


class BankRows:
    """Collects the entries of a bank file into a :class:`ParseResult`.

    A reader calls :meth:`add_account` and :meth:`add_currency` for what the
    file declares, and :meth:`add` once per entry, good or bad.
    """

    def __init__(self, file_format, filename, max_rows=None, decimal_point="."):
        self.filename = filename
        self.max_rows = BANK_ROW_LIMIT if max_rows is None else max_rows
        self.decimal_point = decimal_point
        self.result = ParseResult(
            headers=list(BANK_HEADERS), file_format=file_format, row_label="Entry"
        )

    def add_account(self, account):
        account = (account or "").strip()
        if account and account not in self.result.accounts:
            self.result.accounts.append(account)

    def add_currency(self, code):
        code = (code or "").strip().upper()
        if code and code not in self.result.currencies:
            self.result.currencies.append(code)

    @property
    def next_number(self):
        """The row number the next :meth:`add` gives."""
        return self.result.total_rows + 1

    def add(self, values, problems=(), texts=None, currency=None):
        """Add one entry; return its row number.

        :param values: parsed values by column key; missing keys are None
        :param problems: messages, each making one :class:`RowError`
        :param texts: text as read by column key, for values that could not
            be read (they are None in ``values``)
        :param currency: ISO code of the entry's amount
        :raises SpreadsheetError: when the file holds more entries than allowed
        """
        if self.result.total_rows >= self.max_rows:
            raise SpreadsheetError(
                f'The file "{self.filename}" holds more than {self.max_rows:,} '
                f"entries; the limit is {self.max_rows:,} entries per import."
            )
        self.result.total_rows += 1
        number = self.result.total_rows
        row_values = {column.key: values.get(column.key) for column in COLUMNS}
        texts = texts or {}
        raw = {
            _LABELS[key]: texts[key] if key in texts else self._text(value)
            for key, value in row_values.items()
        }
        if currency:
            self.add_currency(currency)
            self.result.row_currencies[number] = currency.strip().upper()
        if problems:
            self.result.errors.extend(
                RowError(number, None, f"entry {number}: {problem}", raw)
                for problem in problems
            )
        else:
            self.result.rows.append(ParsedRow(number, row_values, raw))
        return number

    def _text(self, value):
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return str(value).replace(".", self.decimal_point)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def finish(self, what):
        """Return the result; refuse a file without entries (``what`` names it)."""
        if not self.result.total_rows:
            raise SpreadsheetError(
                f'No receipts found: the {what} "{self.filename}" has no entries.'
            )
        return self.result


def clean_text(text):
    """Return ``text`` stripped, None when empty."""
    text = (text or "").strip()
    return text or None


def _head_text(content, size=1024):
    """The start of the file as text, without byte-order mark and leading space."""
    head = bytes(content[:size])
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore").lstrip()
    return head.decode("latin-1").lstrip()


def detect_format(content):
    """Return "xml", "bai2" or "spreadsheet", from the first bytes of ``content``."""
    head = _head_text(content)
    if head.startswith("<") and not head.lower().startswith(_HTML_STARTS):
        return "xml"
    if head.startswith("01,"):
        return "bai2"
    return "spreadsheet"


def parse_receipt_file(
    content,
    filename,
    *,
    max_bytes=50 * MEGABYTE,
    max_rows=None,
    date_order="DMY",
    decimal_point=".",
    thousands_sep=",",
):
    """Read the receipts of a spreadsheet or bank file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages only
    :param max_bytes: larger files are refused before anything is read
    :param max_rows: bank files with more entries are refused (default
        :data:`BANK_ROW_LIMIT`)
    :param date_order: "DMY" or "MDY", for text dates of spreadsheets
    :param decimal_point: decimal point of amounts written as text; also the
        one of the amounts in the ``raw`` texts of bank files
    :param thousands_sep: thousands separator of amounts written as text
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, got {date_order!r}")
    if decimal_point == thousands_sep or not decimal_point:
        raise ValueError("decimal_point and thousands_sep must differ")
    name = filename or "file"
    if not content:
        raise SpreadsheetError(f'The file "{name}" is empty (0 bytes).')
    if len(content) > max_bytes:
        raise SpreadsheetError(
            f"The file is {size_text(len(content), round_up=True)}; "
            f"the limit is {size_text(max_bytes)}."
        )
    kind = detect_format(content)
    if kind == "xml":
        from .camt054 import parse_camt054

        return parse_camt054(
            content, name, max_rows=max_rows, decimal_point=decimal_point
        )
    if kind == "bai2":
        from .bai2_file import parse_bai2

        return parse_bai2(content, name, max_rows=max_rows, decimal_point=decimal_point)
    return parse_file(
        content,
        filename,
        max_bytes=max_bytes,
        date_order=date_order,
        decimal_point=decimal_point,
        thousands_sep=thousands_sep,
    )
