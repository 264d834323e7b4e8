"""The batch report as an .xlsx workbook, one sheet per batch.

:func:`build_batch_report` takes the plain dicts of
``account.payment.batch._report_values()`` (with ``currency`` replaced by
``{"name", "symbol", "decimals"}``) and returns the workbook's bytes. Each
sheet reads from the top: the title, the header block, the control totals
(recorded / corrected / entered / difference of every line) and the receipts
grouped by line, with a subtotal per line and the batch total. A batch whose
receipts fund insurance assignments gets a second sheet, "<batch> Assignments",
right after its own: one row per assignment and their total. Amounts are
numbers formatted with the currency's decimals, dates are date cells.

The workbook is written in openpyxl's write-only mode: rows are streamed, so
a batch of thousands of receipts costs little time and memory. Sheet-level
settings (column widths, frozen panes) must therefore be known before the
first row is written; each sheet's rows are laid out first, then streamed.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .i18n import _

#: Excel's limit on a sheet name's length.
SHEET_TITLE_MAX = 31
#: Characters Excel refuses in a sheet name.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "#,##0"

TOTAL_SETS = ("recorded", "corrected", "entered", "difference")
TOTAL_KEYS = ("payment_count", "payment_amount", "pledge_amount")

#: Texts of the sheet (translatable, see batch_core.i18n); a report dict may
#: override any of them under ``labels`` (the Odoo layer gives them in the
#: user's language).
LABELS = {
    "control_totals": _("Control totals"),
    "receipts": _("Receipts"),
    "line": _("Line"),
    "payer": _("Payer"),
    "reference": _("Reference"),
    "method": _("Method"),
    "date": _("Date"),
    "received_on": _("Received On"),
    "kind": _("Kind"),
    "status": _("Status"),
    "amount": _("Amount"),
    "allocated_to": _("Allocated to"),
    "allocated": _("Allocated"),
    "on_account": _("On Account"),
    "suspense": _("Suspense"),
    "corrections": _("Corrections"),
    "currency": _("Currency"),
    "total": _("Total"),
    "line_total": _("Total %(line)s"),
    "batch_total": _("Batch total"),
    "receipt_count": _("%(count)s receipts"),
    "no_line": _("No line"),
    "yes": _("Yes"),
    "assignments": _("Insurance Assignments"),
    "assignments_sheet": _("Assignments"),
    "number": _("Number"),
    "customer": _("Customer"),
    "insurer": _("Insurer"),
    "policy": _("Policy Number"),
    "assigned": _("Assigned Amount"),
    "this_batch": _("This Batch"),
    "funds_received_on": _("Funds Received On"),
    "to_fund": _("Still to Fund"),
    "assignment_count": _("%(count)s assignments"),
}
#: Defaults of ``total_labels`` (the report dict normally carries them).
TOTAL_LABELS = {
    "recorded": "Recorded",
    "corrected": "Corrected",
    "entered": "Entered",
    "difference": "Difference",
    "payment_count": "Count",
    "payment_amount": "Amount",
    "pledge_amount": "Pledges",
}

#: (label key, width) of the receipts table; the other tables share its columns.
RECEIPT_COLUMNS = (
    ("line", 18),
    ("payer", 28),
    ("reference", 18),
    ("method", 16),
    ("date", 12),
    ("received_on", 12),
    ("kind", 15),
    ("status", 13),
    ("amount", 14),
    ("allocated_to", 36),
    ("allocated", 14),
    ("on_account", 14),
    ("suspense", 10),
    ("corrections", 36),
)
#: (label key, width) of the assignments sheet's table.
ASSIGNMENT_COLUMNS = (
    ("number", 18),
    ("customer", 28),
    ("insurer", 28),
    ("policy", 18),
    ("assigned", 16),
    ("this_batch", 14),
    ("status", 13),
    ("funds_received_on", 18),
    ("to_fund", 14),
)
#: How many header pairs share one row of the header block.
HEADER_PAIRS_PER_ROW = 2

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SECTION = Font(bold=True, size=12)
_RED = Font(color="C00000")
_RED_BOLD = Font(bold=True, color="C00000")
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_TOTAL_BORDER = Border(top=Side(style="thin"))
_CENTER_ACROSS = Alignment(horizontal="centerContinuous")
_WRAP = Alignment(wrap_text=True, vertical="top")


def money_format(decimals):
    """The number format of amounts with ``decimals`` decimals ('#,##0.00')."""
    decimals = max(int(decimals or 0), 0)
    return "#,##0." + "0" * decimals if decimals else "#,##0"


def format_money(amount, decimals):
    """``amount`` as text with ``decimals`` decimals and thousands separators."""
    return f"{amount or 0.0:,.{max(int(decimals or 0), 0)}f}"


def sheet_title(name, taken=()):
    """A valid Excel sheet name for ``name``, not in ``taken`` (any case).

    Forbidden characters become "-", leading and trailing apostrophes go, the
    name is cut to 31 characters; an empty name becomes "Batch". A name
    already taken gets " (2)", " (3)", ... within the 31 characters.
    """
    title = SHEET_TITLE_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", name or ""))
    title = title.strip().strip("'").strip()[:SHEET_TITLE_MAX].strip() or "Batch"
    taken = {existing.casefold() for existing in taken}
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return candidate


def build_batch_report(reports):
    """Return the bytes of an .xlsx with one sheet per report dict.

    :param reports: non-empty list of dicts as returned by
        ``account.payment.batch._report_values()``, with ``currency`` a dict
        ``{"name", "symbol", "decimals"}``; the sheet is named after ``name``
        when given, else after the first header value (the batch number).
        ``assignments``, when it has ``rows``, adds the assignments sheet.
    :raises ValueError: when ``reports`` is empty
    """
    if not reports:
        raise ValueError("There is no batch to put in the report.")
    workbook = Workbook(write_only=True)
    titles = []
    for report in reports:
        title = sheet_title(_report_name(report), titles)
        titles.append(title)
        _BatchSheet(workbook.create_sheet(title), report).render()
        if (report.get("assignments") or {}).get("rows"):
            labels = {**LABELS, **(report.get("labels") or {})}
            suffix = f" {labels['assignments_sheet']}"
            # A long name keeps its end, where batch numbers differ.
            base = title[-(SHEET_TITLE_MAX - len(suffix)) :].strip()
            title = sheet_title(base + suffix, titles)
            titles.append(title)
            _BatchSheet(workbook.create_sheet(title), report).render_assignments()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _report_name(report):
    if report.get("name"):
        return report["name"]
    header = report.get("header") or []
    return str(header[0][1]) if header and header[0][1] else ""


class _BatchSheet:
    """The rows of one batch's sheet, laid out, then streamed to the sheet."""

    def __init__(self, sheet, report):
        self.sheet = sheet
        self.report = report
        currency = report.get("currency") or {}
        self.currency_name = currency.get("name") or ""
        self.decimals = currency.get("decimals", 2)
        self.places = max(int(self.decimals or 0), 0)
        self.money = money_format(self.decimals)
        self.labels = {**LABELS, **(report.get("labels") or {})}
        self.total_labels = {**TOTAL_LABELS, **(report.get("total_labels") or {})}
        self.rows = []

    # cells -----------------------------------------------------------------

    def cell(self, value, font=None, number_format=None, fill=None, **style):
        """A cell of ``value``; text is kept as text, never read as a formula."""
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        if font:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        if fill:
            cell.fill = fill
        for name, attribute in style.items():
            setattr(cell, name, attribute)
        return cell

    def amount(self, value, font=None, **style):
        """A number cell rounded and formatted to the currency's decimals."""
        value = round(float(value or 0.0), self.places) + 0.0  # no "-0.00"
        return self.cell(value, font, self.money, **style)

    def count(self, value, font=None, **style):
        """A whole-number cell."""
        return self.cell(int(value or 0), font, COUNT_FORMAT, **style)

    def heading(self, label):
        """A column heading: bold on grey."""
        return self.cell(label, _BOLD, fill=_HEADER_FILL)

    def add(self, *cells):
        """Append a row; return its number (1-based)."""
        self.rows.append(list(cells))
        return len(self.rows)

    # layout ----------------------------------------------------------------

    def render(self):
        title = self.report.get("title") or ""
        name = _report_name(self.report)
        self.add(self.cell(f"{title}: {name}" if name else title, _TITLE))
        self.add()
        self._header_block()
        self.add()
        self._control_totals()
        self.add()
        self._stream(RECEIPT_COLUMNS, self._receipts())

    def render_assignments(self):
        """The sheet of the insurance assignments the batch's receipts fund."""
        name = _report_name(self.report)
        self.add(self.cell(f"{self.labels['assignments']}: {name}", _TITLE))
        self.add()
        header_row = self.add(
            *(self.heading(self.labels[key]) for key, _width in ASSIGNMENT_COLUMNS)
        )
        assignments = self.report["assignments"]
        for row in assignments["rows"]:
            self.add(
                self.cell(row.get("number")),
                self.cell(row.get("customer")),
                self.cell(row.get("insurer")),
                self.cell(row.get("policy")),
                self.amount(row.get("amount")),
                self.amount(row.get("batch_amount")),
                self.cell(row.get("state")),
                self.cell(
                    row.get("funds_received_on") or None, number_format=DATE_FORMAT
                ),
                self.amount(row.get("amount_to_fund")),
            )
        style = {"border": _TOTAL_BORDER, "fill": _HEADER_FILL}
        count = self.labels["assignment_count"] % {"count": len(assignments["rows"])}
        self.add(
            self.cell(self.labels["total"], _BOLD, **style),
            self.cell(count, _BOLD, **style),
            *(self.cell(None, **style) for _index in range(2)),
            self.amount(assignments.get("amount"), _BOLD, **style),
            self.amount(assignments.get("batch_amount"), _BOLD, **style),
            *(self.cell(None, **style) for _index in range(3)),
        )
        self._stream(ASSIGNMENT_COLUMNS, header_row)

    def _stream(self, columns, header_row):
        """Set the sheet up (widths, frozen header row, printing), write the rows."""
        sheet = self.sheet
        for index, (_key, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        for row in self.rows:
            sheet.append(row)

    def _header_block(self):
        pairs = list(self.report.get("header") or [])
        if self.currency_name:
            pairs.append((self.labels["currency"], self.currency_name))
        for start in range(0, len(pairs), HEADER_PAIRS_PER_ROW):
            row = []
            for label, value in pairs[start : start + HEADER_PAIRS_PER_ROW]:
                value = None if value is False else value
                row += [self.cell(label, _BOLD), self.cell(value)]
            self.add(*row)

    def _control_totals(self):
        self.add(self.cell(self.labels["control_totals"], _SECTION))
        sets, keys = [self.heading(self.labels["line"])], [self.heading(None)]
        for total_set in TOTAL_SETS:
            sets.append(
                self.cell(
                    self.total_labels[total_set],
                    _BOLD,
                    fill=_HEADER_FILL,
                    alignment=_CENTER_ACROSS,
                )
            )
            sets += [
                self.cell(None, fill=_HEADER_FILL, alignment=_CENTER_ACROSS)
                for _key in TOTAL_KEYS[1:]
            ]
            keys += [self.heading(self.total_labels[key]) for key in TOTAL_KEYS]
        self.add(*sets)
        self.add(*keys)
        for line in self.report.get("lines") or []:
            self._totals_row(line.get("name") or "", line.get("totals") or {})
        self._totals_row(
            self.labels["total"], self.report.get("totals") or {}, total=True
        )

    def _totals_row(self, name, totals, total=False):
        font = _BOLD if total else None
        border = {"border": _TOTAL_BORDER} if total else {}
        row = [self.cell(name, font, **border)]
        for total_set in TOTAL_SETS:
            values = totals.get(total_set) or {}
            for key in TOTAL_KEYS:
                value = values.get(key) or 0
                cell_font = font
                if total_set == "difference" and round(value, self.places):
                    cell_font = _RED_BOLD if total else _RED
                if key == "payment_count":
                    row.append(self.count(value, cell_font, **border))
                else:
                    row.append(self.amount(value, cell_font, **border))
        self.add(*row)

    def _receipts(self):
        """The receipts table; return the row number of its header."""
        self.add(self.cell(self.labels["receipts"], _SECTION))
        header_row = self.add(
            *(self.heading(self.labels[key]) for key, _width in RECEIPT_COLUMNS)
        )
        groups = list(self.report.get("lines") or [])
        without_line = self.report.get("receipts_without_line") or []
        if without_line:
            groups.append({"name": self.labels["no_line"], "receipts": without_line})
        for group in groups:
            receipts = group.get("receipts") or []
            for receipt in receipts:
                self._receipt_row(group.get("name") or "", receipt)
            amount = group.get("receipt_amount")
            if amount is None:
                amount = sum(receipt["amount"] for receipt in receipts)
            self._subtotal_row(
                self.labels["line_total"] % {"line": group.get("name") or ""},
                group.get("receipt_count", len(receipts)),
                amount,
                sum(_allocated(receipt) for receipt in receipts),
                sum(receipt.get("on_account") or 0.0 for receipt in receipts),
            )
        totals = self.report.get("totals") or {}
        receipts = self.report.get("receipts") or []
        self._subtotal_row(
            self.labels["batch_total"],
            totals.get("receipt_count", len(receipts)),
            totals.get("receipt_amount", 0.0),
            totals.get("allocated", 0.0),
            totals.get("on_account", 0.0),
            batch=True,
        )
        return header_row

    def _receipt_row(self, line_name, receipt):
        allocations = receipt.get("allocations") or []
        self.add(
            self.cell(receipt.get("line") or line_name),
            self.cell(receipt.get("payer")),
            self.cell(receipt.get("reference")),
            self.cell(receipt.get("method")),
            self.cell(receipt.get("date") or None, number_format=DATE_FORMAT),
            self.cell(receipt.get("received_on") or None, number_format=DATE_FORMAT),
            self.cell(receipt.get("kind")),
            self.cell(receipt.get("state")),
            self.amount(receipt.get("amount")),
            self.cell(
                "; ".join(
                    f"{document}: {format_money(amount, self.decimals)}"
                    for document, amount in allocations
                ),
                alignment=_WRAP,
            ),
            self.amount(_allocated(receipt)),
            self.amount(receipt.get("on_account")),
            self.cell(self.labels["yes"] if receipt.get("suspense") else None),
            self.cell(receipt.get("corrections"), alignment=_WRAP),
        )

    def _subtotal_row(self, label, count, amount, allocated, on_account, batch=False):
        style = {"border": _TOTAL_BORDER}
        if batch:
            style["fill"] = _HEADER_FILL
        blank = [self.cell(None, **style) for _index in range(6)]
        self.add(
            self.cell(label, _BOLD, **style),
            self.cell(self.labels["receipt_count"] % {"count": count}, _BOLD, **style),
            *blank,
            self.amount(amount, _BOLD, **style),
            self.cell(None, **style),
            self.amount(allocated, _BOLD, **style),
            self.amount(on_account, _BOLD, **style),
            self.cell(None, **style),
            self.cell(None, **style),
        )


def _allocated(receipt):
    return sum(amount for _document, amount in receipt.get("allocations") or [])
