"""What every sheet reader shares: its errors, limits and the sheet it returns."""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .cells import excel_serial_to_date
from .i18n import _

PASSWORD_MESSAGE = _(
    "The workbook is password-protected: remove the password and import again."
)
MEGABYTE = 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be imported at all; the message says why, in English
    (a :class:`batch_core.i18n.Text` the Odoo layer translates)."""


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


@dataclass
class Sheet:
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


def not_a_spreadsheet(filename, what=None):
    """:param what: what the file is instead, e.g. ``_("is a PDF document, not a
    spreadsheet")``; default "is not a spreadsheet"."""
    return SpreadsheetError(
        _(
            'The file "%(name)s" %(what)s. Import an Excel workbook (.xlsx, .xls) '
            "or a CSV file.",
            name=filename,
            what=what or _("is not a spreadsheet"),
        )
    )


def size_text(size, round_up=False):
    for unit, scale in (("MB", MEGABYTE), ("KB", 1024)):
        if size >= scale:
            number = size / scale
            if round_up:
                number = math.ceil(number * 10) / 10
            return f"{number:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def damaged_error(filename, exc):
    return SpreadsheetError(
        _(
            'The workbook "%(name)s" could not be read; it may be damaged (%(error)s). '
            "Open it in Excel, save it again and import the saved file.",
            name=filename,
            error=str(exc),
        )
    )
