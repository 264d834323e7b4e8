"""Plain unit tests of the BAI2 reader."""

import builtins
import unittest
from datetime import date
from decimal import Decimal
from unittest import mock

from batch_core.bai2_file import currency_decimals, parse_bai2
from batch_core.sheet_formats import SpreadsheetError
from batch_core.spreadsheet import COLUMNS
from batch_core.tests.bank_file_samples import bai2

LOCKBOX = {
    "number": "0012345678",
    "details": [
        {
            "type": "115",
            "amount": 125000,
            "bank_ref": "BR-1",
            "customer_ref": "004512",
            "text": "Premium INV/2026/00042",
            "more": ["and INV/2026/00043"],
        },
        {"type": "475", "amount": 5025, "bank_ref": "CHK-88"},
        {"type": "195", "amount": 99, "text": "Wire in"},
    ],
}


def parse(content, **kwargs):
    return parse_bai2(content, "cash.bai", **kwargs)


class TestRows(unittest.TestCase):
    def test_credits_and_debits(self):
        result = parse(bai2([LOCKBOX]))
        self.assertEqual(result.file_format, "bai2")
        self.assertEqual(result.row_label, "Entry")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.total_rows, 3)
        self.assertEqual(
            [row.values["amount"] for row in result.rows],
            [Decimal("1250.00"), Decimal("-50.25"), Decimal("0.99")],
        )
        first = result.rows[0].values
        self.assertEqual(set(first), {column.key for column in COLUMNS})
        self.assertEqual(first["date"], date(2026, 3, 15))
        self.assertEqual(first["reference"], "004512")
        self.assertEqual(
            first["description"], "Premium INV/2026/00042 and INV/2026/00043"
        )
        self.assertIsNone(first["payer"])
        self.assertIsNone(first["invoice_number"])
        second = result.rows[1].values
        self.assertEqual(second["reference"], "CHK-88")
        self.assertIsNone(second["description"])
        self.assertIsNone(result.rows[2].values["reference"])

    def test_raw_texts(self):
        result = parse(bai2([LOCKBOX]), decimal_point=",")
        raw = result.rows[1].raw
        self.assertEqual(raw["Receipt Amount"], "-50,25")
        self.assertEqual(raw["Receipt Date"], "2026-03-15")
        self.assertEqual(raw["Receipt Reference"], "CHK-88")
        self.assertEqual(list(raw), [column.label for column in COLUMNS])

    def test_accounts_and_currencies(self):
        accounts = [
            LOCKBOX,
            {"number": "JP-1", "currency": "JPY", "details": [{"amount": 1500}]},
            {"number": "KW-1", "currency": "KWD", "details": [{"amount": 1500}]},
            {"number": "0012345678", "details": [{"amount": 1}]},
        ]
        result = parse(bai2(accounts, group_currency="CAD"))
        self.assertEqual(result.accounts, ["0012345678", "JP-1", "KW-1"])
        self.assertEqual(result.currencies, ["CAD", "JPY", "KWD"])
        self.assertEqual(
            [row.values["amount"] for row in result.rows[3:]],
            [Decimal("1500"), Decimal("1.500"), Decimal("0.01")],
        )
        self.assertEqual(
            result.row_currencies,
            {1: "CAD", 2: "CAD", 3: "CAD", 4: "JPY", 5: "KWD", 6: "CAD"},
        )

    def test_implied_decimals(self):
        self.assertEqual(currency_decimals("USD"), 2)
        self.assertEqual(currency_decimals("jpy"), 0)
        self.assertEqual(currency_decimals("BHD"), 3)
        self.assertEqual(currency_decimals(None), 2)
        result = parse(bai2([{"number": "1", "details": [{"amount": 0}]}]))
        self.assertEqual(str(result.rows[0].values["amount"]), "0.00")

    def test_creation_date_when_no_as_of_date(self):
        result = parse(bai2([LOCKBOX], as_of=""))
        self.assertEqual(result.rows[0].values["date"], date(2026, 3, 16))

    def test_non_monetary_details_are_reported(self):
        details = [{"type": "890", "amount": 0, "text": "Info only"}, {"amount": 5}]
        result = parse(bai2([{"number": "1", "details": details}]))
        self.assertEqual(len(result.rows), 1)
        [error] = result.errors
        self.assertEqual(error.row_number, 1)
        self.assertEqual(
            error.message,
            "entry 1: BAI type code 890 (Contains Non-monetary Information) is "
            "neither a credit nor a debit (line 4)",
        )
        self.assertEqual(error.raw["Description"], "Info only")

    def test_deleted_and_test_groups_are_reported(self):
        for status, name in (("2", "deletion"), ("4", "test only")):
            with self.subTest(status=status):
                result = parse(bai2([LOCKBOX], group_status=status))
                self.assertEqual(result.rows, [])
                self.assertEqual(len(result.errors), 3)
                self.assertEqual(
                    result.errors[0].message,
                    f"entry 1: the group has status {name} ({status}), its "
                    "transactions are not imported (line 4)",
                )
        self.assertEqual(len(parse(bai2([LOCKBOX], group_status="3")).rows), 3)

    def test_row_limit(self):
        content = bai2([LOCKBOX])
        self.assertEqual(parse(content, max_rows=3).total_rows, 3)
        with self.assertRaisesRegex(SpreadsheetError, "more than 2 entries"):
            parse(content, max_rows=2)

    def test_no_details(self):
        with self.assertRaisesRegex(SpreadsheetError, "No receipts found"):
            parse(bai2([{"number": "1", "details": []}]))


class TestRefusedFiles(unittest.TestCase):
    def assert_refused(self, content, message):
        with self.assertRaises(SpreadsheetError) as caught:
            parse(content)
        self.assertIn(message, str(caught.exception))

    def test_wrong_control_totals(self):
        cases = {
            "account": "line 8 (account trailer record 49): the account control total "
            "is 130125, the amounts it covers add up to 130124",
            "group": "line 9 (group trailer record 98): the group control total is "
            "130125, the amounts it covers add up to 130124",
            "file": "line 10 (file trailer record 99): the file control total is "
            "130125, the amounts it covers add up to 130124",
        }
        for level, message in cases.items():
            with self.subTest(level=level):
                self.assert_refused(bai2([LOCKBOX], wrong_total=level), message)

    def test_wrong_record_count(self):
        content = bai2([LOCKBOX]).replace(b"49,130124,6/", b"49,130124,7/")
        self.assert_refused(
            content, "line 8 (account trailer record 49): the trailer counts 7 records"
        )

    def test_malformed_records(self):
        good = bai2([LOCKBOX])
        cases = [
            (b"16,475,5025,", b"17,475,5025,", 'line 6 (unknown record 17): "17" is'),
            (b"16,475,5025,", b"16,475,50.25,", '"50.25" is not a whole number'),
            (b"16,475,5025,", b"16,4X5,5025,", '"4X5" is not a known BAI type code'),
            (b",,,2/", b",,,3/", "only BAI version 2 files are read"),
            (b"16,475,5025,Z,CHK-88,/", b"16,475/", "line 6 (transaction detail"),
            (b"49,130124,6/\n", b"", "an account trailer record 49 was expected"),
        ]
        for old, new, message in cases:
            with self.subTest(new=new):
                self.assertIn(old, good)
                self.assert_refused(good.replace(old, new, 1), message)

    def test_truncated_file(self):
        content = bai2([LOCKBOX])
        self.assert_refused(content[: content.index(b"\n99,") + 1], "is incomplete")
        for size in range(3, len(content) - 2, 11):
            with self.subTest(size=size):
                with self.assertRaises(SpreadsheetError):
                    parse(content[:size])

    def test_records_after_the_file_trailer(self):
        content = bai2([LOCKBOX]) + b"01,BANKID,CUSTID,260316,0800,FILE2,,,2/\n"
        self.assert_refused(content, "line 11 (file header record 01) comes after")

    def test_blank_lines_bom_and_crlf(self):
        content = b"\xef\xbb\xbf" + bai2([LOCKBOX]).replace(b"\n", b"\r\n\r\n")
        self.assertEqual(len(parse(content).rows), 3)

    def test_missing_package(self):
        real_import = builtins.__import__

        def refuse_bai2(name, *args, **kwargs):
            if name == "bai2":
                raise ImportError("No module named 'bai2'")
            return real_import(name, *args, **kwargs)

        with mock.patch("builtins.__import__", refuse_bai2):
            with self.assertRaisesRegex(SpreadsheetError, 'Python package "bai2"'):
                parse(bai2([LOCKBOX]))


if __name__ == "__main__":
    unittest.main()
