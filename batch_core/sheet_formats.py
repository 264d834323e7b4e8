"""Receipt files by format: .xlsx, .xls and CSV opened into one kind of sheet."""

import codecs
import csv
import io
import re
import struct

from .cells import DATE_ORDERS
from .i18n import _
from .sheet_base import (  # noqa: F401 - the names callers import from here
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_SHEET_BYTES,
    MEGABYTE,
    PASSWORD_MESSAGE,
    Sheet,
    SpreadsheetError,
    SpreadsheetLimitError,
    damaged_error,
    not_a_spreadsheet,
    size_text,
)
from .xlsx_sheet import xlsx_sheet

ENCODINGS_TRIED = "UTF-8, UTF-16, Windows-1252 and Latin-1"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def _xls_sheet(content, filename):
    import xlrd

    # What xlrd raises on a damaged workbook, as mutation fuzzing found it:
    # its own error, and the struct, index and key errors of a broken record.
    xls_damage = (
        xlrd.XLRDError,
        xlrd.compdoc.CompDocError,
        struct.error,
        IndexError,
        KeyError,
        AssertionError,
        ValueError,
        TypeError,
        ArithmeticError,  # ZeroDivisionError, OverflowError
        EOFError,
        RecursionError,  # a sector chain that loops back on itself
    )
    try:
        book = xlrd.open_workbook(
            file_contents=content,
            formatting_info=True,
            on_demand=True,
            logfile=io.StringIO(),
        )
        names = book.sheet_names()
        # on_demand: the first sheet is read here, and may be the broken part.
        sheet = book.sheet_by_index(0) if names else None
    except xls_damage as exc:
        if isinstance(exc, xlrd.XLRDError) and "encrypt" in str(exc).lower():
            raise SpreadsheetError(PASSWORD_MESSAGE) from exc
        raise damaged_error(filename, exc) from exc
    if not names:
        raise SpreadsheetError(
            _('The workbook "%(name)s" has no worksheet.', name=filename)
        )
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

    return Sheet(
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
        raise not_a_spreadsheet(filename)
    for encoding in ("utf-8", "cp1252"):
        if _decodes(content, encoding):
            return encoding
    raise _encoding_error(filename)


def _encoding_error(filename):
    return SpreadsheetError(
        _(
            'The text encoding of "%(name)s" could not be determined (tried '
            '%(encodings)s). Save the file as "CSV UTF-8" and import again.',
            name=filename,
            encodings=ENCODINGS_TRIED,
        )
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
            _(
                'The file "%(name)s" is a web page or XML document, not a '
                "spreadsheet, even if its name says so: open it in Excel, save it as "
                ".xlsx and import that file.",
                name=filename,
            )
        )
    reader = csv.reader(stream, delimiter=_sniff_delimiter(stream))

    def rows():
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise SpreadsheetError(
                _(
                    'The CSV file "%(name)s" could not be read at line %(line)s: '
                    "%(error)s.",
                    name=filename,
                    line=reader.line_num,
                    error=str(exc),
                )
            ) from exc
        finally:
            stream.close()

    return Sheet(None, rows(), "csv", strict_width=True)


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


def open_sheet(content, filename, max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES):
    if content.startswith(b"PK\x03\x04"):
        return xlsx_sheet(content, filename, max_sheet_bytes)
    if content.startswith(_OLE2_MAGIC):
        if _is_encrypted_ole2(content):
            raise SpreadsheetError(PASSWORD_MESSAGE)
        return _xls_sheet(content, filename)
    if content.startswith(b"%PDF"):
        raise not_a_spreadsheet(filename, _("is a PDF document, not a spreadsheet"))
    return _csv_sheet(content, filename)


def check_file(content, filename, max_bytes, date_order, decimal_point, thousands_sep):
    """Check the options, then that the file is neither empty nor too large.

    Nothing of the file is read before. :return: the name for messages
    :raises ValueError: for options a caller got wrong
    :raises SpreadsheetError: for an empty or too large file
    """
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, got {date_order!r}")
    if decimal_point == thousands_sep or not decimal_point:
        raise ValueError("decimal_point and thousands_sep must differ")
    filename = filename or "file"
    if not content:
        raise SpreadsheetError(
            _('The file "%(name)s" is empty (0 bytes).', name=filename)
        )
    if len(content) > max_bytes:
        raise SpreadsheetError(
            _(
                "The file is %(size)s; the limit is %(limit)s.",
                size=size_text(len(content), round_up=True),
                limit=size_text(max_bytes),
            )
        )
    return filename
