"""The rows of a bank file: what the CAMT.054 and BAI2 readers hand over.

:class:`BankRows` collects a bank file's entries into the same
:class:`~batch_core.spreadsheet.ParseResult` a spreadsheet gives: one row
per entry, numbered from 1 in file order, with every key of
:data:`~batch_core.spreadsheet.COLUMNS` in ``values`` and a ``raw`` dict
keyed by the import template's labels (so that rejected entries are written
back in the template's layout), the accounts and currencies the file
declares, and a limit on the number of entries.
"""

from datetime import date
from decimal import Decimal

from .i18n import _
from .sheet_formats import SpreadsheetError
from .spreadsheet import COLUMNS, ParsedRow, ParseResult, RowError

BANK_ROW_LIMIT = 100_000
BANK_HEADERS = tuple(column.label for column in COLUMNS)
_LABELS = {column.key: column.label for column in COLUMNS}


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
                _(
                    'The file "%(filename)s" holds more than %(limit)s entries; the '
                    "limit is %(limit)s entries per import.",
                    filename=self.filename,
                    limit=f"{self.max_rows:,}",
                )
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
                RowError(
                    number,
                    None,
                    _("entry %(number)s: %(problem)s", number=number, problem=problem),
                    raw,
                )
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
        """Return the result; refuse a file without entries.

        ``what`` names the file's kind, a text made with ``_()``, e.g.
        ``_("BAI2 file")``.
        """
        if not self.result.total_rows:
            raise SpreadsheetError(
                _(
                    'No receipts found: the %(what)s "%(filename)s" has no entries.',
                    what=what,
                    filename=self.filename,
                )
            )
        return self.result


def clean_text(text):
    """Return ``text`` stripped, None when empty."""
    text = (text or "").strip()
    return text or None
