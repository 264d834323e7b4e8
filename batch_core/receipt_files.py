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

from .sheet_formats import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_SHEET_BYTES,
    MEGABYTE,
    check_file,
)
from .spreadsheet import parse_file

_HTML_STARTS = ("<!doctype html", "<html", "<table")


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
    max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES,
    date_order="DMY",
    decimal_point=".",
    thousands_sep=",",
    header_names=None,
):
    """Read the receipts of a spreadsheet or bank file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages only
    :param max_bytes: larger files are refused before anything is read
    :param max_rows: files with more entries or data rows are refused (default
        :data:`batch_core.bank_rows.BANK_ROW_LIMIT`, 100,000, for both)
    :param max_sheet_bytes: workbooks with more sheet data once uncompressed
        are refused before any XML is read
    :param date_order: "DMY" or "MDY", for text dates of spreadsheets
    :param decimal_point: decimal point of amounts written as text; also the
        one of the amounts in the ``raw`` texts of bank files
    :param thousands_sep: thousands separator of amounts written as text
    :param header_names: spreadsheets' header texts besides the English ones,
        ``{text: column key}`` (the column labels in the user's language)
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    name = check_file(
        content, filename, max_bytes, date_order, decimal_point, thousands_sep
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
        max_rows=max_rows or DEFAULT_MAX_ROWS,
        max_sheet_bytes=max_sheet_bytes,
        date_order=date_order,
        decimal_point=decimal_point,
        thousands_sep=thousands_sep,
        header_names=header_names,
    )
