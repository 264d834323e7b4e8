"""Plain unit tests: batch_core messages stay translatable; no Odoo."""

import unittest

from batch_core.allocation import receipt_problems
from batch_core.bai2_file import parse_bai2
from batch_core.camt054 import parse_camt054
from batch_core.i18n import Text, translate
from batch_core.sheet_formats import SpreadsheetError
from batch_core.spreadsheet import parse_file
from batch_core.tests.bank_file_samples import bai2, camt054


def _wrapped(template):
    return "<<" + template + ">>"


class TestAllocationTexts(unittest.TestCase):
    def test_over_allocation_translates_with_its_values(self):
        (problem,) = receipt_problems("cash_receipt", 50.0, [(50.0, 40.0)], 0.01)
        self.assertIsInstance(problem, Text)
        self.assertEqual(
            problem, "allocates 50.00 to an item with only 40.00 outstanding"
        )
        self.assertEqual(
            translate(problem, _wrapped),
            "<<allocates 50.00 to an item with only 40.00 outstanding>>",
        )

    def test_refund_problems_translate_one_by_one(self):
        problems = receipt_problems("refund", 10.0, [(5.0, 5.0)], 0.01)
        self.assertEqual(
            [translate(problem, _wrapped) for problem in problems],
            [
                "<<a refund must be negative>>",
                "<<a refund can only pay credit notes or on-account credit>>",
            ],
        )


class TestBankFileTexts(unittest.TestCase):
    def refusal(self, parse, content, filename):
        with self.assertRaises(SpreadsheetError) as caught:
            parse(content, filename)
        (message,) = caught.exception.args
        self.assertIsInstance(message, Text)
        return message

    def test_refused_bai2_file_translates_with_its_values(self):
        content = bai2(
            [{"number": "1", "details": [{"amount": 100}]}], wrong_total="account"
        )
        message = self.refusal(parse_bai2, content, "cash.bai")
        self.assertEqual(
            message,
            'The BAI2 file "cash.bai" could not be read: line 5 (account trailer '
            "record 49): the account control total is 101, the amounts it covers "
            "add up to 100. Download the file from the bank again.",
        )
        self.assertEqual(
            translate(message, _wrapped),
            '<<The BAI2 file "cash.bai" could not be read: '
            "<<line 5 (<<<<account trailer>> record 49>>)>>: "
            "<<the account control total is 101, the amounts it covers add up to "
            "100>>. Download the file from the bank again.>>",
        )

    def test_refused_camt_file_and_rejected_entry_translate(self):
        statement = camt054(8, [{"amount": "1"}]).replace(
            b"camt.054.001.08", b"camt.053.001.08"
        )
        message = self.refusal(parse_camt054, statement, "n.xml")
        self.assertEqual(
            translate(message, _wrapped),
            '<<The file "n.xml" is <<an ISO 20022 camt.053.001.08 document '
            "(<<bank-to-customer statement>>)>>, not a camt.054 bank notification: "
            "only camt.054 (bank-to-customer debit/credit notification) files are "
            "read.>>",
        )
        result = parse_camt054(camt054(8, [{"status": "PDNG"}]), "n.xml")
        (error,) = result.errors
        self.assertEqual(
            translate(error.message, _wrapped),
            "<<entry 1: <<status PDNG, only booked entries are imported>>>>",
        )


class TestTranslatedHeaders(unittest.TestCase):
    def test_headers_in_another_language_are_read_besides_english(self):
        content = b"Lkp Datum;Bedrag;Payer\n2026-03-15;12.50;Jane\n"
        names = {"LKP-Datum": "date", "Bedrag": "amount"}
        result = parse_file(content, "r.csv", header_names=names)
        self.assertEqual(result.unknown_columns, [])
        self.assertEqual(str(result.rows[0].values["amount"]), "12.50")
        # Without them, the required columns are missing.
        with self.assertRaisesRegex(SpreadsheetError, "None of the required columns"):
            parse_file(content, "r.csv")
