"""Excel workbooks (.xlsx): the ZIP directory checked, the first sheet streamed."""

import io
import re
import warnings
import zipfile
import zlib
from datetime import date, datetime
from xml.etree import ElementTree

from .cells import excel_serial_to_date
from .i18n import _
from .sheet_base import (
    DEFAULT_MAX_SHEET_BYTES,
    MAX_COMPRESSION_RATIO,
    MEGABYTE,
    Sheet,
    SpreadsheetError,
    SpreadsheetLimitError,
    damaged_error,
    not_a_spreadsheet,
    size_text,
)

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


def _workbook_damage():
    """What openpyxl raises on a workbook whose archive reads but whose parts are
    broken: its own file error, the XML parsers', and the errors its readers
    raise on unexpected values (found by mutation fuzzing, see
    tests/test_mutations.py)."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        from lxml.etree import XMLSyntaxError
    except ImportError:  # openpyxl falls back on the standard library
        XMLSyntaxError = ElementTree.ParseError
    return (
        *ZIP_DAMAGE,
        InvalidFileException,
        XMLSyntaxError,
        TypeError,  # an unknown attribute in a part (openpyxl descriptors)
        IndexError,  # a style index past the styles read
        AttributeError,
    )


def _is_encrypted_member(exc):
    """zipfile's RuntimeError for a member encrypted with a ZIP password."""
    return isinstance(exc, RuntimeError) and "encrypted" in str(exc)


def _open_xlsx(content, filename):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
    except ZIP_DAMAGE as exc:
        raise damaged_error(filename, exc) from exc
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read(
            "mimetype"
        ):
            raise SpreadsheetError(
                _(
                    "OpenDocument spreadsheets (.ods) are not supported: save the file "
                    "as .xlsx and import again."
                )
            )
        raise not_a_spreadsheet(filename, _("is a ZIP archive, not a spreadsheet"))
    if "xl/workbook.bin" in names:
        raise SpreadsheetError(
            _(
                "Excel binary workbooks (.xlsb) are not supported: save the file as "
                ".xlsx and import again."
            )
        )
    if not any(name.startswith("xl/") for name in names):
        raise not_a_spreadsheet(
            filename, _("is an Office document but not an Excel workbook")
        )
    return archive


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
            _(
                'The workbook "%(name)s" holds %(size)s of sheet data once '
                "uncompressed; the limit is %(limit)s.",
                name=filename,
                size=size_text(total, round_up=True),
                limit=size_text(max_sheet_bytes),
            ),
            "sheet",
        )
    for info in parts:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetLimitError(
                _(
                    'The workbook "%(name)s" is compressed %(ratio)s to 1 (%(part)s: '
                    "%(size)s in %(compressed)s); receipt sheets are never compressed "
                    "more than %(limit)s to 1.",
                    name=filename,
                    ratio=f"{ratio:,.0f}",
                    part=info.filename,
                    size=size_text(info.file_size, round_up=True),
                    compressed=size_text(info.compress_size, round_up=True),
                    limit=MAX_COMPRESSION_RATIO,
                ),
                "sheet",
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


def xlsx_sheet(content, filename, max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES):
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import from_excel

    archive = _open_xlsx(content, filename)
    check_sheet_size(archive, filename, max_sheet_bytes)
    workbook_damage = _workbook_damage()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True, keep_links=False
            )
    except workbook_damage as exc:
        raise damaged_error(filename, exc) from exc
    except RuntimeError as exc:
        if not _is_encrypted_member(exc):
            raise
        raise damaged_error(filename, exc) from exc
    if not workbook.worksheets:
        workbook.close()
        raise SpreadsheetError(
            _('The workbook "%(name)s" has no worksheet.', name=filename)
        )
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
        raise damaged_error(filename, exc) from exc
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
        except workbook_damage as exc:  # a broken sheet shows only while read
            raise damaged_error(filename, exc) from exc
        except RuntimeError as exc:
            if not _is_encrypted_member(exc):
                raise
            raise damaged_error(filename, exc) from exc
        finally:
            workbook.close()

    return Sheet(
        worksheet.title,
        rows(),
        "xlsx",
        serial_to_date,
        formulas,
        merges,
        other_sheets=[name for name in workbook.sheetnames if name != worksheet.title],
    )
