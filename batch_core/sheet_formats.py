"""Receipt files by format: .xlsx, .xls and CSV opened into one kind of sheet."""

import codecs
import csv
import io
import math
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree

from .cells import DATE_ORDERS, excel_serial_to_date

PASSWORD_MESSAGE = (
    "The workbook is password-protected: remove the password and import again."
)
ENCODINGS_TRIED = "UTF-8, UTF-16, Windows-1252 and Latin-1"
MEGABYTE = 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be imported at all; the message says why, in English."""


class SpreadsheetLimitError(SpreadsheetError):
    """A file over one of the import's limits; ``limit`` names which: "rows" or
    "sheet" (the uncompressed size of a workbook's sheet data)."""

    def __init__(self, message, limit):
        super().__init__(message)
        self.limit = limit


#: Data rows one import reads at most.
DEFAULT_MAX_ROWS = 100_000
#: Uncompressed sheet data (worksheets and shared strings) of a workbook, at most.
DEFAULT_MAX_SHEET_BYTES = 200 * 1024 * 1024
#: A workbook part compressed more than this is refused when it is large:
#: sheet XML of real receipts compresses some 10 to 20 times.
MAX_COMPRESSION_RATIO = 100


def check_sheet_size(archive, filename, max_sheet_bytes):
    """Refuse a workbook whose sheet data is too large, from its ZIP directory.

    Nothing is decompressed: the sizes are those the directory declares
    (a lying directory only makes the reader fail later, as damaged).
    """
    parts = [
        info
        for info in archive.infolist()
        if info.filename.startswith("xl/worksheets/")
        or info.filename == "xl/sharedStrings.xml"
    ]
    total = sum(info.file_size for info in parts)
    if total > max_sheet_bytes:
        raise SpreadsheetLimitError(
            f'The workbook "{filename}" holds {size_text(total, round_up=True)} of '
            f"sheet data once uncompressed; the limit is {size_text(max_sheet_bytes)}.",
            "sheet",
        )
    for info in parts:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetLimitError(
                f'The workbook "{filename}" is compressed {ratio:,.0f} to 1 '
                f"({info.filename}: {size_text(info.file_size, round_up=True)} in "
                f"{size_text(info.compress_size, round_up=True)}); receipt sheets "
                f"are never compressed more than {MAX_COMPRESSION_RATIO} to 1.",
                "sheet",
            )


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


def _not_a_spreadsheet(filename, what="is not a spreadsheet"):
    return SpreadsheetError(
        f'The file "{filename}" {what}. Import an Excel workbook (.xlsx, .xls) or a '
        "CSV file."
    )


def size_text(size, round_up=False):
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


#: What zipfile and the XML parser raise on a damaged archive or sheet.
ZIP_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # "zip file version 8.4": a damaged header
    ElementTree.ParseError,
    OSError,
    ValueError,
    KeyError,
)


def _open_xlsx(content, filename):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
    except ZIP_DAMAGE as exc:
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


def _xlsx_sheet(content, filename, max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES):
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import from_excel

    archive = _open_xlsx(content, filename)
    check_sheet_size(archive, filename, max_sheet_bytes)
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
    except ZIP_DAMAGE as exc:
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
        raise _damaged(filename, exc) from exc
    if not names:
        raise SpreadsheetError(f'The workbook "{filename}" has no worksheet.')
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


def open_sheet(content, filename, max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES):
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(content, filename, max_sheet_bytes)
    if content.startswith(_OLE2_MAGIC):
        if _is_encrypted_ole2(content):
            raise SpreadsheetError(PASSWORD_MESSAGE)
        return _xls_sheet(content, filename)
    if content.startswith(b"%PDF"):
        raise _not_a_spreadsheet(filename, "is a PDF document, not a spreadsheet")
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
        raise SpreadsheetError(f'The file "{filename}" is empty (0 bytes).')
    if len(content) > max_bytes:
        raise SpreadsheetError(
            f"The file is {size_text(len(content), round_up=True)}; "
            f"the limit is {size_text(max_bytes)}."
        )
    return filename
