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
  the result only, not with the file;
* an empty required cell rejects its row; an empty Payment Method is read as
  None (the import gives the row the first method its batch line allows),
  but one left empty by a merged cell is a fault of the file, as in a
  required column.

CSV encoding rule: a byte-order mark decides (UTF-8 or UTF-16); without one
the bytes must look like text (no NUL, few control bytes) and are read as
UTF-8 when they are valid UTF-8, otherwise as Windows-1252. Latin-1 needs no
step of its own: it prints the same characters as Windows-1252 for every
byte, except 0x80-0x9F where it has control codes, and a file holding one of
the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
is refused. The delimiter is the one of ``,`` ``;`` tab ``|`` that occurs
most often in the header line (outside quotes); ``,`` when none does.
"""

from dataclasses import dataclass, field

from .cells import (
    cell_text,
    is_blank,
    parse_amount,
    parse_date,
    shorten,
    valid_in_other_order,
)
from .columns import (  # noqa: F401 - the names callers import from here
    COLUMNS,
    IMPORT_KIND_LABELS,
    IMPORT_KINDS,
    MERGE_CHECKED,
    Column,
    column_for_header,
    column_letter,
    header_index,
    normalize_header,
)
from .i18n import _
from .sheet_formats import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_SHEET_BYTES,
    MEGABYTE,
    SpreadsheetError,
    SpreadsheetLimitError,
    check_file,
    open_sheet,
)


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

    Bank files (:mod:`batch_core.receipt_files`) fill the last fields:
    ``file_format`` is then ``"camt054"`` or ``"bai2"``, ``row_label`` is
    "Entry" (a message reads "<row_label> <row_number>: ..."), ``accounts``
    and ``currencies`` list the account identifiers and currency codes found
    in the file (in file order, each once) and ``row_currencies`` maps a row
    number to the currency of its amount.
    """

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)
    total_rows: int = 0
    sheet_name: str | None = None
    headers: list = field(default_factory=list)
    file_format: str = ""
    row_label: str = "Row"
    accounts: list = field(default_factory=list)
    currencies: list = field(default_factory=list)
    row_currencies: dict = field(default_factory=dict)


@dataclass
class _Layout:
    """Where each expected column sits in the file."""

    columns: list  # (0-based index, Column)
    headers: list  # (0-based index, unique header text)
    unknown: list


def _read_header(cells, where, more_headers=None):
    columns, headers, unknown, seen, used = [], [], [], {}, set()
    for index, value in enumerate(cells):
        text = cell_text(value).strip()
        if not text:
            continue
        unique = text if text not in used else f"{text} ({column_letter(index)})"
        used.add(unique)
        headers.append((index, unique))
        column = column_for_header(text, more_headers)
        if column is None:
            unknown.append(unique)
        elif column.key in seen:
            first_index, first_text = seen[column.key]
            raise SpreadsheetError(
                _(
                    'Columns %(first)s ("%(first_text)s") and %(second)s ("%(text)s") '
                    "are both read as %(column)s: keep only one of them.",
                    first=column_letter(first_index),
                    first_text=first_text,
                    second=column_letter(index),
                    text=text,
                    column=column.label,
                )
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
    shown = ", ".join(f'"{shorten(text)}"' for text in found[:20])
    if len(found) > 20:
        shown = _(
            "%(headers)s and %(count)s more", headers=shown, count=len(found) - 20
        )
    if len(missing) == sum(1 for column in COLUMNS if column.required):
        raise SpreadsheetError(
            _(
                "None of the required columns (%(columns)s) is in the header row "
                "(row 1 of %(where)s). Headers found: %(headers)s. The column headers "
                "must be on row 1; download the import template to see them.",
                columns=[column.label for column in COLUMNS if column.required],
                where=where,
                headers=shown,
            )
        )
    if len(missing) > 1:
        message = _(
            "Required columns missing: %(columns)s. "
            "Headers found on row 1 of %(where)s: %(headers)s.",
            columns=missing,
            where=where,
            headers=shown,
        )
    else:
        message = _(
            "Required column missing: %(columns)s. "
            "Headers found on row 1 of %(where)s: %(headers)s.",
            columns=missing,
            where=where,
            headers=shown,
        )
    raise SpreadsheetError(message)


# ---------------------------------------------------------------------------
# Rows


@dataclass
class _Options:
    date_order: str
    decimal_point: str
    thousands_sep: str
    max_rows: int = DEFAULT_MAX_ROWS
    #: {folded header: Column} of the header texts besides the English ones.
    more_headers: dict | None = None


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
            _(
                "%(ref)s: formula without a computed value; open and save the file in "
                "Excel first",
                ref=ref,
            ),
            True,
        )
    if not column.required and column.key not in MERGE_CHECKED:
        return None, False
    merged = _merged_into(sheet, row_number, index)
    if merged:
        top_left, span = merged
        return (
            _(
                "%(ref)s: %(column)s is empty because the cell is merged (%(span)s; "
                "only %(cell)s keeps the value); unmerge the cells and fill in every row",
                ref=ref,
                column=column.label,
                span=span,
                cell=top_left,
            ),
            True,
        )
    if not column.required:
        return None, False
    return _("%(ref)s: %(column)s is required", ref=ref, column=column.label), False


def _parse_cell(sheet, column, value, options):
    if column.kind == "date":
        return parse_date(value, options.date_order, sheet.serial_to_date)
    if column.kind == "amount":
        return parse_amount(value, options.decimal_point, options.thousands_sep)
    return cell_text(value, options.decimal_point).strip() or None


def _cell_error(column, value, row_number, index, options):
    ref = f"{column_letter(index)}{row_number}"
    text = cell_text(value, options.decimal_point)
    shown = shorten(text.strip())
    if column.kind == "date" and valid_in_other_order(text, options.date_order):
        if options.date_order == "DMY":
            return _(
                '%(ref)s: "%(value)s" is not a date (dates are read as day/month/year)',
                ref=ref,
                value=shown,
            )
        return _(
            '%(ref)s: "%(value)s" is not a date (dates are read as month/day/year)',
            ref=ref,
            value=shown,
        )
    if column.kind == "date":
        return _('%(ref)s: "%(value)s" is not a date', ref=ref, value=shown)
    return _('%(ref)s: "%(value)s" is not an amount', ref=ref, value=shown)


def _width_error(sheet, layout, row_number, cells, raw):
    if not sheet.strict_width or not layout.headers:
        return None
    width = layout.headers[-1][0] + 1
    if all(is_blank(value) for value in cells[width:]):
        return None
    count = len(cells) - sum(1 for value in reversed(cells) if is_blank(value))
    return RowError(
        row_number,
        None,
        _(
            "Row %(row)s: values beyond the last column with a header (found "
            "%(count)s values for %(width)s columns); check the delimiter and the "
            "quotes",
            row=row_number,
            count=count,
            width=width,
        ),
        raw,
    )


def _parse_row(sheet, layout, row_number, cells, options):
    """Return ``(ParsedRow or None, [RowError])`` for one non-empty row."""
    raw = {
        header: cell_text(
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
        if is_blank(value):
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
    if sheet.name is not None:
        where = _('sheet "%(name)s"', name=sheet.name)
        where_first = _('Sheet "%(name)s"', name=sheet.name)
    else:
        where = where_first = _('"%(name)s"', name=filename)
    try:
        result = ParseResult(sheet_name=sheet.name, file_format=sheet.file_format)
        layout = None
        for row_number, cells in sheet.rows:
            if all(is_blank(value) for value in cells):
                continue
            if layout is None:
                if row_number != 1:
                    raise SpreadsheetError(
                        _(
                            "Row 1 of %(where)s is empty: the column headers must be "
                            "on row 1.",
                            where=where,
                        )
                    )
                layout = _read_header(cells, where, options.more_headers)
                result.unknown_columns = layout.unknown
                result.headers = [header for _index, header in layout.headers]
                continue
            if result.total_rows >= options.max_rows:
                # Counted while reading: the rest of the file is never read.
                raise SpreadsheetLimitError(
                    _(
                        "%(where)s holds more than %(limit)s data rows; the limit is "
                        "%(limit)s rows per import. Split the file.",
                        where=where_first,
                        limit=f"{options.max_rows:,}",
                    ),
                    "rows",
                )
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
            _(
                "No receipts found: %(where)s has a header row but no data rows "
                "below it.",
                where=where,
            )
        )
    return result


def _empty_message(sheet, filename):
    if sheet.name is None:
        return _(
            'The file "%(name)s" has no rows: no header row and no receipts.',
            name=filename,
        )
    others = ", ".join(f'"{name}"' for name in sheet.other_sheets)
    if others:
        return _(
            'The first sheet "%(name)s" is empty. Only the first sheet is imported: '
            "move the receipts to it (the workbook also has %(others)s).",
            name=sheet.name,
            others=others,
        )
    return _(
        'The first sheet "%(name)s" is empty. Only the first sheet is imported.',
        name=sheet.name,
    )


def parse_file(
    content,
    filename,
    *,
    max_bytes=50 * MEGABYTE,
    max_rows=DEFAULT_MAX_ROWS,
    max_sheet_bytes=DEFAULT_MAX_SHEET_BYTES,
    date_order="DMY",
    decimal_point=".",
    thousands_sep=",",
    header_names=None,
):
    """Read the receipts of a spreadsheet file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages only (the format is
        recognised by content)
    :param max_bytes: larger files are refused
    :param max_rows: a file with more data rows is refused as soon as the
        reader passes that many (the rest is not read)
    :param max_sheet_bytes: a workbook whose sheet data is larger once
        uncompressed is refused from its ZIP directory, before any XML is read
    :param date_order: "DMY" or "MDY", how ambiguous text dates such as
        ``03/04/2026`` are read (the user's locale)
    :param decimal_point: decimal point of amounts written as text
    :param thousands_sep: thousands separator of amounts written as text
    :param header_names: more header texts, ``{text: column key}`` (the
        column labels in the user's language), besides the English ones
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    filename = check_file(
        content, filename, max_bytes, date_order, decimal_point, thousands_sep
    )
    options = _Options(
        date_order, decimal_point, thousands_sep, max_rows, header_index(header_names)
    )
    return _read_sheet(
        open_sheet(bytes(content), filename, max_sheet_bytes), filename, options
    )
