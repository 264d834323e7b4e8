"""Plain unit tests of the format detection of receipt files."""

import io
import unittest
from decimal import Decimal
from unittest import mock

from openpyxl import load_workbook

from batch_core import bank_rows
from batch_core.receipt_files import detect_format, parse_receipt_file
from batch_core.sheet_formats import SpreadsheetError
from batch_core.spreadsheet import COLUMNS, RowError
from batch_core.template import build_rejected_rows_file, template_headers
from batch_core.tests.bank_file_samples import bai2, camt054

CSV = b"Receipt Date,Payment Method,Receipt Amount,Payer\n2026-03-15,Cheque,10.50,Ann\n"
ENTRIES = [
    {
        "amount": "1250.00",
        "payer": "Jane Doe",
        "cheque": "004512",
        "invoices": ["INV/2026/00042", "INV/2026/00043"],
        "texts": ["March premium"],
    },
    {"amount": "80.00", "status": "PDNG", "payer": "Pending Payer", "tx_id": "T-2"},
    {"amount": "abc", "payer": "Typo Ltd"},
    {"amount": "30.00", "debit": True, "creditor": "Refunded Client"},
]
COMPARED = ("date", "reference", "amount", "description", "payer", "invoice_number")


def parse(content, filename, **kwargs):
    return parse_receipt_file(content, filename, **kwargs)


class TestDetection(unittest.TestCase):
    def test_detect_format(self):
        self.assertEqual(detect_format(camt054(8)), "xml")
        self.assertEqual(detect_format(b"\xef\xbb\xbf \n<?xml?><a/>"), "xml")
        self.assertEqual(detect_format("\ufeff<a/>".encode("utf-16-le")), "xml")
        self.assertEqual(detect_format(bai2([])), "bai2")
        self.assertEqual(detect_format(b"\xef\xbb\xbf\r\n01,BANK,CUST"), "bai2")
        self.assertEqual(detect_format(CSV), "spreadsheet")
        self.assertEqual(detect_format(b"<!DOCTYPE html><html/>"), "spreadsheet")
        self.assertEqual(detect_format(b"PK\x03\x04"), "spreadsheet")

    def test_camt_named_csv(self):
        result = parse(camt054(8, ENTRIES[:1]), "receipts.csv")
        self.assertEqual(result.file_format, "camt054")
        self.assertEqual(result.rows[0].values["amount"], Decimal("1250.00"))

    def test_csv_named_xml(self):
        result = parse(CSV, "notification.xml")
        self.assertEqual(result.file_format, "csv")
        self.assertEqual(result.row_label, "Row")
        self.assertEqual((result.accounts, result.currencies), ([], []))
        self.assertEqual(result.row_currencies, {})
        self.assertEqual(result.rows[0].values["amount"], Decimal("10.50"))

    def test_bai2_named_xlsx(self):
        details = [{"amount": 1050, "customer_ref": "R1"}]
        result = parse(bai2([{"number": "77", "details": details}]), "cash.xlsx")
        self.assertEqual(result.file_format, "bai2")
        self.assertEqual(result.accounts, ["77"])
        self.assertEqual(result.rows[0].values["amount"], Decimal("10.50"))

    def test_other_xml_is_refused_by_name(self):
        statement = camt054(8, ENTRIES[:1]).replace(b"camt.054", b"camt.053")
        with self.assertRaisesRegex(SpreadsheetError, "camt.053.*only camt.054"):
            parse(statement, "statement.xml")
        with self.assertRaisesRegex(SpreadsheetError, "DOCTYPE"):
            parse(camt054(8, prolog="<!DOCTYPE Document>"), "x.csv")

    def test_web_page_goes_to_the_spreadsheet_reader(self):
        with self.assertRaisesRegex(SpreadsheetError, "web page"):
            parse(b"<html><body><table></table></body></html>", "receipts.xls")


class TestLimits(unittest.TestCase):
    def test_size_limit_before_parsing(self):
        content = camt054(8, ENTRIES)
        with (
            mock.patch("batch_core.receipt_files.detect_format") as detect,
            mock.patch("batch_core.camt054.parse_camt054") as reader,
        ):
            with self.assertRaisesRegex(
                SpreadsheetError, r"The file is \d.* KB; the limit is 1 KB\."
            ):
                parse(content, "x.xml", max_bytes=1024)
        detect.assert_not_called()
        reader.assert_not_called()
        self.assertEqual(parse(content, "x.xml", max_bytes=len(content)).total_rows, 4)

    def test_empty_file(self):
        with self.assertRaisesRegex(SpreadsheetError, "is empty"):
            parse(b"", "x.xml")

    def test_row_limit(self):
        content = camt054(8, [{"amount": "1.00"}] * 11)
        with self.assertRaisesRegex(SpreadsheetError, "more than 10 entries"):
            parse(content, "x.xml", max_rows=10)
        details = [{"amount": 1}] * 11
        content = bai2([{"number": "1", "details": details}])
        with self.assertRaisesRegex(SpreadsheetError, "more than 10 entries"):
            parse(content, "x.bai", max_rows=10)
        self.assertEqual(bank_rows.BANK_ROW_LIMIT, 100_000)

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            parse(CSV, "x.csv", date_order="YMD")
        with self.assertRaises(ValueError):
            parse(CSV, "x.csv", decimal_point=",", thousands_sep=",")


class TestRejectedRows(unittest.TestCase):
    def test_rejected_entries_read_back_as_a_spreadsheet(self):
        for decimal_point, thousands_sep in ((".", ","), (",", ".")):
            with self.subTest(decimal_point=decimal_point):
                self.check_read_back(decimal_point, thousands_sep)

    def check_read_back(self, decimal_point, thousands_sep):
        options = {"decimal_point": decimal_point, "thousands_sep": thousands_sep}
        result = parse(camt054(8, ENTRIES), "n.xml", **options)
        self.assertEqual([row.row_number for row in result.rows], [1, 4])
        self.assertEqual([error.row_number for error in result.errors], [2, 3])
        # The per-row rules reject the debit of a receipt batch too.
        debit = result.rows[1]
        refused = RowError(4, None, "a receipt must be a positive amount", debit.raw)
        errors = [*result.errors, refused]
        content = build_rejected_rows_file(result.headers, errors)
        reread = parse(content, "rejected.xlsx", **options)
        self.assertEqual(reread.unknown_columns, ["Error"])
        self.assertEqual(
            [error.message for error in reread.errors], ['D3: "abc" is not an amount']
        )
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        self.assertEqual(
            [cell.value for cell in sheet[1]][:-1], [column.label for column in COLUMNS]
        )
        # Bank entries have no payment method: the empty cell reads as None
        # (the import takes the line's first method), the others as written.
        self.assertEqual([row.row_number for row in reread.rows], [2, 4])
        for original, again in zip(
            [result.errors[0], result.rows[1]], reread.rows, strict=True
        ):
            self.assertIsNone(again.values["payment_method"])
            expected = _values(result, original.row_number)
            self.assertEqual({key: again.values[key] for key in COMPARED}, expected)
        # Once the clerk fixes the amount, the third entry imports too.
        sheet.cell(row=3, column=4, value="12" + decimal_point + "50")
        buffer = io.BytesIO()
        workbook.save(buffer)
        fixed = parse(buffer.getvalue(), "fixed.xlsx", **options)
        self.assertEqual(fixed.errors, [])
        self.assertEqual([row.row_number for row in fixed.rows], [2, 3, 4])
        self.assertEqual(fixed.rows[1].values["amount"], Decimal("12.50"))
        self.assertEqual(fixed.rows[1].values["payer"], "Typo Ltd")
        labels = [header.removesuffix(" *") for header in template_headers()]
        self.assertEqual(result.headers, labels)


def _values(result, row_number):
    """The values of a row as the bank file gave them (or would have)."""
    for row in result.rows:
        if row.row_number == row_number:
            return {key: row.values[key] for key in COMPARED}
    pending = camt054(8, [dict(ENTRIES[row_number - 1], status="BOOK")])
    values = parse(pending, "x.xml").rows[0].values
    return {key: values[key] for key in COMPARED}


if __name__ == "__main__":
    unittest.main()
