"""Read BAI2 cash management files into receipt rows.

A BAI2 file holds groups (records 02 to 98) of accounts (03 to 49), each
account with its transaction details (16, continued by 88 records). The
PyPI package ``bai2`` parses it and checks the record counts and control
totals of every trailer; a file it refuses is refused as a whole, with its
reason reworded and the line it concerns.

One receipt per transaction detail (16 record):

* amount: the detail's amount, a whole number of the currency's minor unit
  (2 implied decimals for most currencies, 0 for e.g. JPY, 3 for e.g. KWD),
  positive for a credit type code, negative for a debit one; a type code
  that is neither (e.g. 890, non-monetary information) is reported;
* currency: the account's (03 record), else the group's (02 record);
* date: the group's as-of date, else the file's creation date;
* reference: the customer reference number, else the bank reference;
* description: the text field (continuation records joined with spaces);
  BAI2 names no payer.

The details of a group whose status is "deletion" (2) or "test only" (4)
are reported, not imported.

The accounts are the customer account numbers of the 03 records.
"""

import re
from decimal import Decimal

from .bank_rows import BankRows, clean_text
from .i18n import _
from .sheet_formats import SpreadsheetError

ZERO_DECIMALS = frozenset(
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
)
THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_RECORDS = {
    "01": _("file header"),
    "02": _("group header"),
    "03": _("account identifier"),
    "16": _("transaction detail"),
    "49": _("account trailer"),
    "88": _("continuation"),
    "98": _("group trailer"),
    "99": _("file trailer"),
}
_CODES = {name.replace(" ", "_"): code for code, name in _RECORDS.items()}
_NOT_IMPORTED = {"2": _("deletion"), "4": _("test only")}
_TRAILERS = {"Account": "49", "Group": "98", "Bai2File": "99"}
_ENUMS = {
    "RecordCode": _("record code"),
    "FundsType": _("funds type"),
    "GroupStatus": _("group status"),
    "AsOfDateModifier": _("as-of date modifier"),
}


def _control_total(m):
    values = {"expected": m[2], "found": m[3]}
    if m[1] == "account":
        return _(
            "the account control total is %(expected)s, the amounts it covers add "
            "up to %(found)s",
            **values,
        )
    if m[1] == "group":
        return _(
            "the group control total is %(expected)s, the amounts it covers add "
            "up to %(found)s",
            **values,
        )
    return _(
        "the file control total is %(expected)s, the amounts it covers add "
        "up to %(found)s",
        **values,
    )


def _trailer_count(m):
    if m[1] == "accounts":
        return _(
            "the trailer counts %(expected)s accounts, the file has %(found)s",
            expected=m[2],
            found=m[3],
        )
    return _(
        "the trailer counts %(expected)s groups, the file has %(found)s",
        expected=m[2],
        found=m[3],
    )


_REWORDS = (
    (
        re.compile(r"Expected RecordCode\.(\w+), got RecordCode\.(\w+)"),
        lambda m: _(
            "%(expected)s was expected here, not %(found)s",
            expected=_record(_CODES.get(m[1]), article=True),
            found=_record(_CODES.get(m[2]), article=True),
        ),
    ),
    (
        re.compile(
            r"Invalid number of records for \w+\. expected (-?\d+), found (\d+)"
        ),
        lambda m: _(
            "the trailer counts %(expected)s records, the file has %(found)s there",
            expected=m[1],
            found=m[2],
        ),
    ),
    (
        re.compile(
            r"Invalid (account|group|file) control total .*expected (-?\d+), "
            r"found (-?\d+)"
        ),
        _control_total,
    ),
    (
        re.compile(
            r"Invalid number of (accounts|groups) .*expected (\d+), found (\d+)"
        ),
        _trailer_count,
    ),
    (
        re.compile(r"Type code '(.*)' is not supported"),
        lambda m: _('"%(code)s" is not a known BAI type code', code=m[1]),
    ),
    (
        re.compile(r"'(.*)' is not a valid (\w+)"),
        lambda m: _(
            '"%(text)s" is not a valid %(what)s',
            text=m[1],
            what=_ENUMS.get(m[2], m[2]),
        ),
    ),
    (
        re.compile(r"invalid literal for int\(\) with base 10: '(.*)'"),
        lambda m: _('"%(text)s" is not a whole number', text=m[1]),
    ),
    (
        re.compile(r"time data '(.*)' does not match format"),
        lambda m: _('"%(text)s" is not a date (YYMMDD) or time (HHMM)', text=m[1]),
    ),
    (
        re.compile(r"unconverted data remains|out of range for month"),
        lambda m: _("a date (YYMMDD) or time (HHMM) is not valid"),
    ),
    (re.compile(r"list index out of range"), lambda m: _("fields are missing")),
    (
        re.compile(r"Only BAI version 2"),
        lambda m: _("only BAI version 2 files are read"),
    ),
    (
        re.compile(r"Group without accounts"),
        lambda m: _("a group holds no account (03 record)"),
    ),
    (
        re.compile(r"File without groups"),
        lambda m: _("the file holds no group (02 record)"),
    ),
)


def _record(code, article=False):
    """Name a record, e.g. "file header record 01" ("a file header record 01")."""
    name, code = _RECORDS.get(code, _("unknown")), code or "?"
    if not article:
        return _("%(name)s record %(code)s", name=name, code=code)
    if name[0] in "aeiou":
        return _("an %(name)s record %(code)s", name=name, code=code)
    return _("a %(name)s record %(code)s", name=name, code=code)


def currency_decimals(code):
    """Implied decimals of an amount in currency ``code`` (ISO 4217)."""
    code = (code or "").upper()
    return 0 if code in ZERO_DECIMALS else 3 if code in THREE_DECIMALS else 2


class _Lines:
    """The file's non-empty lines, fed to the parser, remembering how far it read."""

    def __init__(self, text):
        self.lines = [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        self.read = 0
        self.exhausted = False

    def __iter__(self):
        for index, (_number, line) in enumerate(self.lines):
            self.read = index + 1
            yield line
        self.exhausted = True

    def current(self):
        """Index of the record the parser is at (it reads one line ahead)."""
        index = (self.read if self.exhausted else self.read - 1) - 1
        while index > 0 and self.lines[index][1].startswith("88"):
            index -= 1
        return max(index, 0)

    def last(self, code, before):
        """Index of the last ``code`` record at or before index ``before``."""
        for index in range(min(before, len(self.lines) - 1), -1, -1):
            if self.lines[index][1].startswith(code + ","):
                return index
        return before

    def where(self, index):
        number, line = self.lines[index]
        return _(
            "line %(number)s (%(record)s)", number=number, record=_record(line[:2])
        )


def _failure(filename, lines, exc):
    """The SpreadsheetError for an exception of the bai2 package."""
    reason = str(exc)
    trailer = re.search(r"for (\w+)\.|^(Group|File) without", reason)
    if lines.exhausted and reason.startswith("Expected"):
        return _incomplete(filename, lines)
    if trailer:
        name = trailer[1] or {"File": "Bai2File"}.get(trailer[2], trailer[2])
        index = lines.last(_TRAILERS.get(name, "99"), lines.current())
    elif isinstance(exc, ValueError) and "RecordCode" in reason:
        index = max(lines.read - 1, 0)
    else:
        index = lines.current()
    for pattern, reword in _REWORDS:
        match = pattern.search(reason)
        if match:
            reason = reword(match)
            break
    where = lines.where(index) if lines.lines else _("the file")
    return SpreadsheetError(
        _(
            'The BAI2 file "%(filename)s" could not be read: %(where)s: %(reason)s. '
            "Download the file from the bank again.",
            filename=filename,
            where=where,
            reason=reason,
        )
    )


def _incomplete(filename, lines):
    number = lines.lines[-1][0] if lines.lines else 1
    return SpreadsheetError(
        _(
            'The BAI2 file "%(filename)s" is incomplete: it ends at line %(line)s '
            "before its file trailer (99 record). Download the file from the bank "
            "again.",
            filename=filename,
            line=number,
        )
    )


def _decode(content):
    content = bytes(content).removeprefix(b"\xef\xbb\xbf")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", "replace")


def _check_end(filename, lines):
    """Refuse records after the file trailer, which the parser would ignore."""
    for index, (_number, line) in enumerate(lines.lines):
        if line.startswith("99,"):
            if index + 1 < len(lines.lines):
                raise SpreadsheetError(
                    _(
                        'The BAI2 file "%(filename)s" could not be read: %(where)s '
                        "comes after the file trailer (99 record). Download the "
                        "file from the bank again.",
                        filename=filename,
                        where=lines.where(index + 1),
                    )
                )
            return


def _amount(detail, currency, problems, texts):
    transaction = getattr(detail.type_code.transaction, "value", None)
    if detail.amount is None:
        problems.append(_("no amount"))
        return None
    if transaction not in ("credit", "debit"):
        code = detail.type_code
        problems.append(
            _(
                "BAI type code %(code)s (%(description)s) is neither a credit nor a "
                "debit",
                code=code.code,
                description=code.description,
            )
        )
        texts["amount"] = str(detail.amount)
        return None
    exponent = Decimal(1).scaleb(-currency_decimals(currency))
    amount = (Decimal(detail.amount) * exponent).quantize(exponent)
    return amount if transaction == "credit" else -amount


def _add_detail(rows, detail, group, day, currency, line_number):
    problems, texts = [], {}
    amount = _amount(detail, currency, problems, texts)
    if day is None:
        problems.append(_("no as-of date (02 record) and no creation date (01 record)"))
    status = getattr(group.header.group_status, "value", None)
    if status in _NOT_IMPORTED:
        problems.append(
            _(
                "the group has status %(status)s (%(code)s), its transactions are "
                "not imported",
                status=_NOT_IMPORTED[status],
                code=status,
            )
        )
    problems = [
        _("%(problem)s (line %(line)s)", problem=problem, line=line_number)
        for problem in problems
    ]
    values = {
        "date": day,
        "amount": amount,
        "reference": clean_text(detail.customer_reference)
        or clean_text(detail.bank_reference),
        "description": clean_text(detail.text),
    }
    rows.add(values, problems, texts, currency)


def parse_bai2(content, filename="file", *, max_rows=None, decimal_point="."):
    """Read the receipts of a BAI2 file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages
    :param max_rows: files with more transaction details are refused (default
        :data:`batch_core.receipt_files.BANK_ROW_LIMIT`)
    :param decimal_point: decimal point of the amounts in the ``raw`` texts
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    try:
        from bai2 import bai2
    except ImportError as exc:
        raise SpreadsheetError(
            _(
                'Reading BAI2 files needs the Python package "bai2", which is not '
                "installed on the server: ask your administrator to install it."
            )
        ) from exc
    lines = _Lines(_decode(content))
    _check_end(filename, lines)
    if not lines.lines or not lines.lines[-1][1].startswith("99,"):
        # Checked first: the bai2 package loops without end on a file whose
        # last record is a transaction detail.
        raise _incomplete(filename, lines)
    from bai2 import exceptions as bai2_errors

    try:
        parsed = bai2.parse_from_lines(lines)
    except (
        bai2_errors.ParsingException,
        bai2_errors.IntegrityException,
        bai2_errors.NotSupportedYetException,
        ValueError,  # a record code or a field that is not what BAI2 defines
        IndexError,  # a record with fewer fields than its code needs
        KeyError,
        TypeError,
        ArithmeticError,
    ) as exc:
        raise _failure(filename, lines, exc) from exc
    detail_lines = iter(
        number for number, line in lines.lines if line.startswith("16,")
    )
    rows = BankRows("bai2", filename, max_rows, decimal_point)
    for group in parsed.children:
        day = group.header.as_of_date or parsed.header.creation_date
        for account in group.children:
            currency = (account.header.currency or group.header.currency or "").upper()
            rows.add_account(account.header.customer_account_number)
            rows.add_currency(currency)
            for detail in account.children:
                line_number = next(detail_lines, "?")
                _add_detail(rows, detail, group, day, currency, line_number)
    return rows.finish(_("BAI2 file"))
