"""Workbooks given to clerks: the import template and the rejected rows.

Both are .xlsx files that :func:`batch_core.spreadsheet.parse_file` reads
back: the template's headers (required ones end in " *") match
:data:`~batch_core.spreadsheet.COLUMNS`, and the rejected-rows file keeps the
original headers and values plus an "Error" column, reported as an unknown
column on re-import.

The texts clerks read (headers, sheet names, notes, error messages) are
English :mod:`batch_core.i18n` texts; ``translate`` (the Odoo layer's, for the
user's language) turns them into the clerk's language. The import reads the
headers in English and in the language the template was made in.
"""

import io
from datetime import date
from decimal import Decimal

from .i18n import _
from .spreadsheet import COLUMNS, column_letter, normalize_header

TEMPLATE_SHEET = _("Receipts")
EXAMPLE_SHEET = _("Example")
LISTS_SHEET = "Lists"
REJECTED_SHEET = _("Rejected rows")
ERROR_HEADER = _("Error")
REQUIRED_MARK = " *"
LAST_ROW = 1048576

_WIDTHS = {"date": 14, "amount": 16, "text": 22}
_EXAMPLE = {
    "date": date(2026, 3, 15),
    "reference": "CHQ-004512",
    "amount": Decimal("1250.00"),
    "description": "March premium",
    "payer": "Jane Doe",
    "invoice_number": "INV/2026/00042",
    "policy_reference": "POL-778812",
    "policy_term": "POL-778812-T2",
    "policy_transaction": "TX-99120",
    "batch_line": "1",
}
_FORMATS = {"date": "yyyy-mm-dd", "amount": "#,##0.00"}


def _same(text):
    return str(text)


def _sheet_title(text):
    """A sheet name Excel accepts: 31 characters at most, none of []:*?/\\."""
    return "".join(char for char in str(text) if char not in "[]:*?/\\")[:31] or "Sheet"


def template_headers(translate=_same):
    """Return the template's header texts, required ones marked with " *"."""
    return [
        translate(column.label) + (REQUIRED_MARK if column.required else "")
        for column in COLUMNS
    ]


def _set_text(cell, value):
    """Write ``value`` as data, never as a formula, without illegal characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _write_header(sheet, headers, bold):
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor="DDDDDD")
    for index, header in enumerate(headers):
        cell = sheet.cell(row=1, column=index + 1)
        _set_text(cell, header)
        cell.fill = fill
        cell.font = Font(bold=bold(index))
    sheet.freeze_panes = "A2"


def _add_list(workbook, lists, position, column_key, values, translate):
    """Restrict a column of the first sheet to ``values``.

    The values go to column ``position`` (0-based) of the hidden sheet
    ``lists``: an inline list would break on commas and 255 characters.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    index = next(i for i, column in enumerate(COLUMNS) if column.key == column_key)
    letter = column_letter(position)
    label = translate(COLUMNS[index].label)
    lists[f"{letter}1"] = label
    for row, value in enumerate(values, start=2):
        _set_text(lists[f"{letter}{row}"], str(value))
    validation = DataValidation(
        type="list",
        formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
        allowBlank=True,
        showErrorMessage=True,
        errorTitle=label,
        error=translate(_("Choose a %(column)s from the list.", column=label.lower())),
    )
    target = column_letter(index)
    validation.add(f"{target}2:{target}{LAST_ROW}")
    workbook.worksheets[0].add_data_validation(validation)


def build_template(payment_methods=(), receipt_kinds=(), translate=_same):
    """Return the bytes of the import template (.xlsx).

    Sheet "Receipts" holds the header row (required headers bold and marked
    " *"), with drop-down lists of ``payment_methods`` and ``receipt_kinds``
    when given; sheet "Example" shows one filled row (its method the first of
    ``payment_methods``) and says that only the first sheet is imported and
    what an empty Payment Method means; a hidden sheet "Lists" holds the
    list values. ``translate`` turns the texts into the clerk's language.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    receipts = workbook.active
    receipts.title = _sheet_title(translate(TEMPLATE_SHEET))
    headers = template_headers(translate)
    _write_header(receipts, headers, lambda index: COLUMNS[index].required)
    for index, column in enumerate(COLUMNS):
        dimension = receipts.column_dimensions[column_letter(index)]
        dimension.width = max(_WIDTHS[column.kind], len(headers[index]) + 4)
        if column.kind in _FORMATS:
            dimension.number_format = _FORMATS[column.kind]
    _write_example(
        workbook.create_sheet(_sheet_title(translate(EXAMPLE_SHEET))),
        headers,
        payment_methods,
        receipt_kinds,
        translate,
    )
    if payment_methods or receipt_kinds:
        lists = workbook.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        wanted = (("payment_method", payment_methods), ("receipt_kind", receipt_kinds))
        present = [(key, list(values)) for key, values in wanted if values]
        for position, (key, values) in enumerate(present):
            _add_list(workbook, lists, position, key, values, translate)
    return _save(workbook)


def _write_example(sheet, headers, payment_methods, receipt_kinds, translate):
    example = dict(_EXAMPLE)
    example["payment_method"] = next(iter(payment_methods), "Cheque")
    example["receipt_kind"] = next(iter(receipt_kinds), None)
    _write_header(sheet, headers, lambda index: COLUMNS[index].required)
    for index, column in enumerate(COLUMNS):
        cell = sheet.cell(row=2, column=index + 1)
        _set_text(cell, example.get(column.key))
        if column.kind in _FORMATS:
            cell.number_format = _FORMATS[column.kind]
        sheet.column_dimensions[column_letter(index)].width = len(headers[index]) + 4
    sheet["A4"] = translate(
        _(
            'Only the first sheet ("%(sheet)s") is imported: this sheet is an '
            "example. Columns marked * are required.",
            sheet=TEMPLATE_SHEET,
        )
    )
    sheet["A5"] = translate(
        _(
            "Payment Method may be left empty: the receipt then takes the first "
            "method its batch line allows."
        )
    )


def build_rejected_rows_file(headers, errors, translate=_same):
    """Return the bytes of an .xlsx of the rows that were rejected.

    One row per rejected row, in file order, with its original values under
    ``headers`` (``ParseResult.headers``) and every message of that row in a
    last "Error" column (an "Error" column read from the file is replaced),
    so the clerk can fix the rows and import this file again. ``translate``
    turns the sheet name, the "Error" header and the messages into the clerk's
    language.
    """
    from openpyxl import Workbook

    error_header = translate(ERROR_HEADER)
    error_names = {normalize_header(ERROR_HEADER), normalize_header(error_header)}
    headers = [h for h in headers if normalize_header(h) not in error_names]
    by_row = {}
    for error in errors:
        raw, messages = by_row.setdefault(error.row_number, (error.raw, []))
        messages.append(error.message)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(translate(REJECTED_SHEET))
    _write_header(sheet, [*headers, error_header], lambda index: index == len(headers))
    for row, row_number in enumerate(sorted(by_row), start=2):
        raw, messages = by_row[row_number]
        for index, header in enumerate(headers):
            _set_text(sheet.cell(row=row, column=index + 1), raw.get(header) or None)
        _set_text(
            sheet.cell(row=row, column=len(headers) + 1),
            "; ".join(str(translate(message)) for message in messages),
        )
    for index, header in enumerate(headers):
        sheet.column_dimensions[column_letter(index)].width = max(12, len(header) + 4)
    sheet.column_dimensions[column_letter(len(headers))].width = 60
    return _save(workbook)


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
