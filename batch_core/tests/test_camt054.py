"""Plain unit tests of the camt.054 reader."""

import tracemalloc
import unittest
from datetime import date
from decimal import Decimal
from unittest import mock

from batch_core import camt054 as camt054_module
from batch_core.camt054 import parse_camt054
from batch_core.sheet_formats import SpreadsheetError
from batch_core.spreadsheet import COLUMNS
from batch_core.tests.bank_file_samples import camt054

FULL_ENTRY = {
    "amount": "1250.00",
    "payer": "Jane Doe",
    "cheque": "004512",
    "end_to_end": "E2E-1",
    "invoices": ["INV/2026/00042", "INV/2026/00043", "INV/2026/00042"],
    "texts": ["March premium", "INV/2026/00044"],
    "entry_ref": "BANK-REF-1",
}


def parse(content, **kwargs):
    return parse_camt054(content, "notification.xml", **kwargs)


def only_row(result):
    assert not result.errors, [error.message for error in result.errors]
    assert len(result.rows) == 1, result.rows
    return result.rows[0].values


class TestVersions(unittest.TestCase):
    def test_every_version_is_read(self):
        for version in range(2, 9):
            with self.subTest(version=version):
                entry = dict(FULL_ENTRY, details=[dict(FULL_ENTRY)])
                result = parse(camt054(version, [entry]))
                values = only_row(result)
                self.assertEqual(result.file_format, "camt054")
                self.assertEqual(values["amount"], Decimal("1250.00"))
                self.assertEqual(values["date"], date(2026, 3, 15))
                self.assertEqual(values["payer"], "Jane Doe")
                self.assertEqual(values["reference"], "004512")
                self.assertEqual(
                    values["invoice_number"], "INV/2026/00042, INV/2026/00043"
                )
                self.assertEqual(values["description"], "March premium INV/2026/00044")

    def test_unsupported_versions(self):
        content = camt054(8, [FULL_ENTRY])
        for number in (b"01", b"09", b"13", b"xx"):
            with self.subTest(number=number):
                other = content.replace(b"camt.054.001.08", b"camt.054.001." + number)
                with self.assertRaisesRegex(SpreadsheetError, "versions 02 to 08"):
                    parse(other)

    def test_version_and_namespace_are_returned(self):
        namespace, version = camt054_module.camt054_version(camt054(5), "x.xml")
        self.assertEqual(version, 5)
        self.assertTrue(namespace.endswith("camt.054.001.05"))


class TestFields(unittest.TestCase):
    def test_every_value_key_is_present(self):
        result = parse(camt054(8, [FULL_ENTRY]))
        values = only_row(result)
        self.assertEqual(set(values), {column.key for column in COLUMNS})
        for key in ("payment_method", "misc_account", "receipt_kind", "batch_line"):
            self.assertIsNone(values[key])
        self.assertEqual(result.headers, [column.label for column in COLUMNS])
        self.assertEqual(result.row_label, "Entry")
        self.assertEqual(result.total_rows, 1)
        self.assertEqual(result.rows[0].row_number, 1)

    def test_raw_texts_by_label(self):
        result = parse(camt054(8, [FULL_ENTRY]), decimal_point=",")
        raw = result.rows[0].raw
        self.assertEqual(raw["Receipt Date"], "2026-03-15")
        self.assertEqual(raw["Receipt Amount"], "1250,00")
        self.assertEqual(raw["Payer / Bill To Party Name"], "Jane Doe")
        self.assertEqual(raw["Payment Method"], "")

    def test_account_and_currencies(self):
        entries = [dict(FULL_ENTRY, currency="EUR"), {"amount": "5.00"}]
        result = parse(camt054(6, entries, iban="FR7630006000011234567890189"))
        self.assertEqual(result.accounts, ["FR7630006000011234567890189"])
        self.assertEqual(result.currencies, ["USD", "EUR"])
        self.assertEqual(result.row_currencies, {1: "EUR", 2: "USD"})

    def test_other_account_id_and_several_notifications(self):
        notifications = [
            {"other_id": "ACC-001", "currency": "CAD", "entries": [{"amount": "1"}]},
            {"iban": "DE02120300000000202051", "entries": [{"amount": "2"}]},
            {"other_id": "ACC-001", "currency": "CAD", "entries": []},
        ]
        result = parse(camt054(4, notifications=notifications))
        self.assertEqual(result.accounts, ["ACC-001", "DE02120300000000202051"])
        self.assertEqual(result.currencies, ["CAD", "USD"])
        self.assertEqual([row.values["amount"] for row in result.rows], [1, 2])

    def test_booking_date_time_and_value_date(self):
        entries = [
            {"booking_datetime": "2026-03-02T23:30:00+01:00"},
            {"booking_date": None, "value_date": "2026-03-03"},
        ]
        result = parse(camt054(7, entries))
        self.assertEqual(
            [row.values["date"] for row in result.rows],
            [date(2026, 3, 2), date(2026, 3, 3)],
        )

    def test_reference_order(self):
        cases = [
            ({"cheque": "C1", "end_to_end": "E1", "tx_id": "T1"}, "C1"),
            ({"end_to_end": "E1", "tx_id": "T1"}, "E1"),
            ({"end_to_end": "NOTPROVIDED", "tx_id": "T1"}, "T1"),
            ({"end_to_end": "NotProvided", "bank_ref": "A1"}, "A1"),
            ({"entry_ref": "N1"}, "N1"),
            ({}, None),
        ]
        for entry, expected in cases:
            with self.subTest(entry=entry):
                values = only_row(parse(camt054(8, [entry])))
                self.assertEqual(values["reference"], expected)

    def test_payer_falls_back_to_ultimate_debtor(self):
        for version in (2, 8):
            with self.subTest(version=version):
                entry = {"ultimate_payer": "Acme Holdings"}
                values = only_row(parse(camt054(version, [entry])))
                self.assertEqual(values["payer"], "Acme Holdings")

    def test_description_fallbacks(self):
        detail = {"tx_info": "Transfer", "amount": "1.00"}
        values = only_row(parse(camt054(8, [{"details": [detail], "info": "E"}])))
        self.assertEqual(values["description"], "Transfer")
        values = only_row(parse(camt054(8, [{"details": [], "info": "Batch 7"}])))
        self.assertEqual(values["description"], "Batch 7")


class TestEntries(unittest.TestCase):
    def test_several_details_per_entry(self):
        entry = {
            "entry_ref": "LOCKBOX-1",
            "details": [
                {"amount": "100.00", "payer": "A", "cheque": "101"},
                {"amount": "250.50", "payer": "B", "invoices": ["INV/9"]},
                {"tx_amount": "3.25", "payer": "C"},
            ],
        }
        result = parse(camt054(8, [entry, {"amount": "7.00"}]))
        self.assertEqual(result.total_rows, 4)
        self.assertEqual([row.row_number for row in result.rows], [1, 2, 3, 4])
        self.assertEqual(
            [(row.values["amount"], row.values["payer"]) for row in result.rows],
            [
                (Decimal("100.00"), "A"),
                (Decimal("250.50"), "B"),
                (Decimal("3.25"), "C"),
                (Decimal("7.00"), None),
            ],
        )
        self.assertEqual(
            [row.values["reference"] for row in result.rows[:2]], ["101", "LOCKBOX-1"]
        )
        self.assertEqual(result.rows[1].values["invoice_number"], "INV/9")

    def test_entry_without_details(self):
        entry = {"amount": "42.10", "details": [], "entry_ref": "ACH-7"}
        values = only_row(parse(camt054(3, [entry])))
        self.assertEqual(values["amount"], Decimal("42.10"))
        self.assertEqual(values["reference"], "ACH-7")
        self.assertIsNone(values["payer"])

    def test_detail_without_amount_among_several(self):
        entry = {"details": [{"amount": "1.00"}, {"payer": "No amount"}]}
        result = parse(camt054(8, [entry]))
        self.assertEqual(len(result.rows), 1)
        [error] = result.errors
        self.assertEqual(error.row_number, 2)
        self.assertIn("entry 2: no amount (Amt)", error.message)
        self.assertEqual(error.raw["Payer / Bill To Party Name"], "No amount")

    def test_debits_are_negative(self):
        entries = [
            {"amount": "80.00", "debit": True, "creditor": "Refunded Client"},
            {"details": [{"amount": "5.00", "debit": True}, {"amount": "9.00"}]},
        ]
        result = parse(camt054(8, entries))
        self.assertEqual(
            [row.values["amount"] for row in result.rows],
            [Decimal("-80.00"), Decimal("-5.00"), Decimal("9.00")],
        )
        self.assertEqual(result.rows[0].values["payer"], "Refunded Client")
        self.assertEqual(result.rows[0].raw["Receipt Amount"], "-80.00")

    def test_entries_not_booked_are_reported(self):
        entries = [
            {"amount": "1.00", "status": "PDNG"},
            {"amount": "2.00"},
            {"status": "INFO", "details": [{"amount": "1"}, {"amount": "2"}]},
        ]
        for version in (5, 8):
            with self.subTest(version=version):
                result = parse(camt054(version, entries))
                self.assertEqual([row.row_number for row in result.rows], [2])
                self.assertEqual(
                    [error.message for error in result.errors],
                    [
                        "entry 1: status PDNG, only booked entries are imported",
                        "entry 3: status INFO, only booked entries are imported",
                        "entry 4: status INFO, only booked entries are imported",
                    ],
                )
                self.assertEqual(result.errors[0].raw["Receipt Amount"], "1.00")
                self.assertEqual(result.total_rows, 4)

    def test_bad_entries_are_row_errors(self):
        entries = [
            {"amount": "12,50"},
            {"amount": "1e3"},
            {"booking_date": None},
            {"booking_date": "2026-02-30"},
            {"amount": "6.00"},
        ]
        result = parse(camt054(8, entries))
        self.assertEqual([row.values["amount"] for row in result.rows], [6])
        self.assertEqual(
            [error.message for error in result.errors],
            [
                'entry 1: amount "12,50" is not a number',
                'entry 2: amount "1e3" is not a number',
                "entry 3: no booking date or value date (BookgDt, ValDt)",
                'entry 4: booking date "2026-02-30" is not a date',
            ],
        )
        self.assertEqual(result.errors[0].raw["Receipt Amount"], "12,50")
        self.assertEqual(result.errors[3].raw["Receipt Date"], "2026-02-30")

    def test_bad_credit_debit_indicator(self):
        content = camt054(8, [{"amount": "1.00"}]).replace(b">CRDT<", b">CRED<")
        [error] = parse(content).errors
        self.assertIn('indicator "CRED" is neither CRDT nor DBIT', error.message)


class TestRefusedFiles(unittest.TestCase):
    def test_doctype_and_entities_are_refused(self):
        prologs = [
            '<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            '<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
            '<!DOCTYPE Document SYSTEM "http://example.com/camt.dtd">',
        ]
        for prolog in prologs:
            with self.subTest(prolog=prolog):
                content = camt054(8, [{"payer": "&b;"}], prolog=prolog)
                with self.assertRaisesRegex(SpreadsheetError, "DOCTYPE"):
                    parse(content)

    def test_malformed_xml(self):
        content = camt054(8, [FULL_ENTRY]).replace(b"</Nm>", b"</Name>")
        with self.assertRaisesRegex(SpreadsheetError, "is not valid XML .*line"):
            parse(content)

    def test_truncated_file(self):
        content = camt054(8, [FULL_ENTRY, FULL_ENTRY])
        for size in range(1, len(content) - 12, 37):
            with self.subTest(size=size):
                with self.assertRaises(SpreadsheetError):
                    parse(content[:size])

    def test_other_documents_are_named(self):
        content = camt054(8, [FULL_ENTRY])
        cases = [
            (
                b"camt.053.001.08",
                "camt.053.001.08 document .bank-to-customer statement",
            ),
            (b"pain.001.001.09", "pain.001.001.09 document .customer credit transfer"),
        ]
        for namespace, message in cases:
            with self.subTest(namespace=namespace):
                other = content.replace(b"camt.054.001.08", namespace)
                with self.assertRaisesRegex(SpreadsheetError, message) as caught:
                    parse(other)
                self.assertIn("only camt.054", str(caught.exception))
        with self.assertRaisesRegex(SpreadsheetError, 'root element "rss"'):
            parse(b"<rss><channel/></rss>")

    def test_no_notification_or_no_entry(self):
        namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"
        empty = (
            f'<Document xmlns="{namespace}"><BkToCstmrDbtCdtNtfctn><GrpHdr/>'
            "</BkToCstmrDbtCdtNtfctn></Document>"
        ).encode()
        with self.assertRaisesRegex(SpreadsheetError, "no notification"):
            parse(empty)
        with self.assertRaisesRegex(SpreadsheetError, "No receipts found"):
            parse(camt054(8, []))
        wrong = empty.replace(b"BkToCstmrDbtCdtNtfctn", b"BkToCstmrStmt")
        with self.assertRaisesRegex(SpreadsheetError, "no BkToCstmrDbtCdtNtfctn"):
            parse(wrong)

    def test_row_limit(self):
        content = camt054(8, [{"amount": "1.00"}] * 5)
        self.assertEqual(parse(content, max_rows=5).total_rows, 5)
        with self.assertRaisesRegex(SpreadsheetError, "more than 4 entries"):
            parse(content, max_rows=4)


class TestLargeFile(unittest.TestCase):
    def test_ten_thousand_entries_in_bounded_memory(self):
        entries = [
            {
                "amount": f"{number}.25",
                "payer": f"Payer {number}",
                "cheque": f"{number:06d}",
                "invoices": [f"INV/2026/{number:05d}"],
                "texts": [f"Premium INV/2026/{number:05d}"],
            }
            for number in range(1, 10_001)
        ]
        content = camt054(8, entries)
        sizes = []
        original = camt054_module._Reader.element

        def element(reader, elem):
            if elem.tag.endswith("Ntry") and reader.rows.next_number % 1000 == 0:
                sizes.append(sum(1 for _ in elem.getroottree().iter()))
            return original(reader, elem)

        tracemalloc.start()
        try:
            with mock.patch.object(camt054_module._Reader, "element", element):
                result = parse(content)
            kept, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(len(result.rows), 10_000)
        self.assertEqual(result.rows[-1].values["amount"], Decimal("10000.25"))
        # The rows read are kept; the work beyond them stays small.
        self.assertLess(peak, 5 * len(content))
        self.assertLess(peak - kept, len(content) // 10)
        # Entries read are dropped: the XML tree never holds the whole file.
        self.assertEqual(len(sizes), 10)
        self.assertLess(max(sizes), 5_000)


if __name__ == "__main__":
    unittest.main()
