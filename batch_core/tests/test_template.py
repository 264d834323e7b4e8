"""Plain unit tests of the import template and the rejected-rows workbook."""

import io
import unittest
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from batch_core.spreadsheet import COLUMNS, RowError, SpreadsheetError, parse_file
from batch_core.template import (
    build_rejected_rows_file,
    build_template,
    template_headers,
)


def open_workbook(content):
    return load_workbook(io.BytesIO(content))


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestTemplate(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.content = build_template(
            payment_methods=["Cheque", "Cash", "Card, debit"], receipt_kinds=["Premium"]
        )
        self.workbook = open_workbook(self.content)

    def test_sheets(self):
        self.assertEqual(self.workbook.sheetnames, ["Receipts", "Example", "Lists"])
        self.assertEqual(self.workbook["Lists"].sheet_state, "hidden")

    def test_header_row(self):
        sheet = self.workbook["Receipts"]
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header, template_headers())
        self.assertEqual(header[0], "Receipt Date *")
        self.assertEqual(header[1], "Payment Method")
        self.assertEqual(header[2], "Receipt Reference")
        self.assertEqual(header[3], "Receipt Amount *")
        for cell, column in zip(sheet[1], COLUMNS):
            self.assertEqual(cell.font.b, column.required, column.label)
        self.assertGreaterEqual(sheet.column_dimensions["F"].width, 26)
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_drop_down_lists(self):
        sheet = self.workbook["Receipts"]
        validations = {
            str(validation.sqref): validation.formula1
            for validation in sheet.data_validations.dataValidation
        }
        self.assertEqual(
            validations,
            {"B2:B1048576": "Lists!$A$2:$A$4", "M2:M1048576": "Lists!$B$2:$B$2"},
        )
        lists = self.workbook["Lists"]
        self.assertEqual(
            [cell.value for cell in lists["A"]][1:], ["Cheque", "Cash", "Card, debit"]
        )
        self.assertEqual(lists["B2"].value, "Premium")

    def test_without_lists(self):
        workbook = open_workbook(build_template())
        self.assertEqual(workbook.sheetnames, ["Receipts", "Example"])
        self.assertEqual(workbook["Receipts"].data_validations.dataValidation, [])
        self.assertEqual(workbook["Example"]["B2"].value, "Cheque")

    def test_example_sheet(self):
        sheet = self.workbook["Example"]
        self.assertEqual([cell.value for cell in sheet[1]], template_headers())
        self.assertEqual(sheet["A2"].value.date(), date(2026, 3, 15))
        self.assertEqual(sheet["B2"].value, "Cheque")
        self.assertEqual(sheet["K2"].value, "POL-778812-T2")
        self.assertEqual(sheet["L2"].value, "TX-99120")
        self.assertEqual(sheet["M2"].value, "Premium")
        self.assertIn("Only the first sheet", sheet["A4"].value)
        self.assertIn("Payment Method may be left empty", sheet["A5"].value)

    def test_empty_template_has_no_receipts(self):
        with self.assertRaises(SpreadsheetError) as caught:
            parse_file(self.content, "template.xlsx")
        self.assertIn("No receipts found", str(caught.exception))

    def test_filled_template_round_trip(self):
        sheet = self.workbook["Receipts"]
        sheet.append(
            [
                date(2026, 3, 15),
                "Cash",
                "R-1",
                12.5,
                "d",
                "Jane",
                "700",
                "710",
                "INV/1",
                "P-1",
                "T-1",
                "TX-1",
            ]
            + ["Premium", 3]
        )
        result = parse_file(save(self.workbook), "template.xlsx")
        self.assertEqual(result.unknown_columns, [])
        self.assertEqual(result.errors, [])
        values = result.rows[0].values
        self.assertEqual(values["date"], date(2026, 3, 15))
        self.assertEqual(values["amount"], Decimal("12.5"))
        self.assertEqual(values["misc_account"], "700")
        self.assertEqual(values["insurer_account"], "710")
        self.assertEqual(values["policy_term"], "T-1")
        self.assertEqual(values["policy_transaction"], "TX-1")
        self.assertEqual(values["receipt_kind"], "Premium")
        self.assertEqual(values["batch_line"], "3")

    def test_example_row_parses(self):
        example = self.workbook["Example"]
        sheet = self.workbook["Receipts"]
        sheet.append([cell.value for cell in example[2]])
        result = parse_file(save(self.workbook), "template.xlsx")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.rows[0].values["amount"], Decimal("1250"))
        self.assertEqual(result.rows[0].values["payment_method"], "Cheque")

    def test_template_row_without_payment_method_parses(self):
        sheet = self.workbook["Receipts"]
        sheet.append([date(2026, 3, 15), None, "R-1", 12.5])
        result = parse_file(save(self.workbook), "template.xlsx")
        self.assertEqual(result.errors, [])
        self.assertIsNone(result.rows[0].values["payment_method"])


class TestRejectedRows(unittest.TestCase):
    def parse_bad_file(self):
        csv = (
            "Date;Method;Amount;Notes;Error\n"
            "15/03/2026;Cash;12,50;ok;old\n"
            "31/02/2026;Cash;12,5O;=1+2;old\n"
            ";Cash;1.000,00;x;old\n"
            "17/03/2026;;2,00;y;old\n"
        )
        return parse_file(csv.encode(), "bad.csv", decimal_point=",", thousands_sep=".")

    def test_rejected_rows_file(self):
        result = self.parse_bad_file()
        self.assertEqual(result.unknown_columns, ["Notes", "Error"])
        self.assertEqual(len(result.errors), 3)
        sheet = open_workbook(
            build_rejected_rows_file(result.headers, result.errors)
        ).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0], ["Date", "Method", "Amount", "Notes", "Error"])
        self.assertEqual(
            rows[1],
            [
                "31/02/2026",
                "Cash",
                "12,5O",
                "=1+2",
                'A3: "31/02/2026" is not a date; C3: "12,5O" is not an amount',
            ],
        )
        self.assertEqual(
            rows[2], [None, "Cash", "1.000,00", "x", "A4: Receipt Date is required"]
        )
        # Row 5, without a payment method, was good: it is not written back.
        self.assertEqual(len(rows), 3)
        self.assertEqual(sheet["D2"].data_type, "s")
        self.assertTrue(sheet["E1"].font.b)

    def test_rejected_rows_file_round_trip(self):
        result = self.parse_bad_file()
        content = build_rejected_rows_file(result.headers, result.errors)
        options = {"decimal_point": ",", "thousands_sep": "."}
        again = parse_file(content, "rejected.xlsx", **options)
        self.assertEqual(again.unknown_columns, ["Notes", "Error"])
        self.assertEqual(
            [error.message for error in again.errors],
            [
                'A2: "31/02/2026" is not a date',
                'C2: "12,5O" is not an amount',
                "A3: Receipt Date is required",
            ],
        )
        workbook = open_workbook(content)
        workbook.active["A2"] = "28/02/2026"
        workbook.active["C2"] = "12,50"
        workbook.active["A3"] = "16/03/2026"
        fixed = parse_file(save(workbook), "rejected.xlsx", **options)
        self.assertEqual(fixed.errors, [])
        self.assertEqual(
            [row.values["amount"] for row in fixed.rows],
            [Decimal("12.50"), Decimal("1000.00")],
        )
        self.assertEqual(fixed.rows[0].values["date"], date(2026, 2, 28))
        self.assertEqual(fixed.rows[1].values["date"], date(2026, 3, 16))

    def test_numbers_and_dates_keep_reading_the_same(self):
        workbook = open_workbook(build_template())
        workbook.active.append([date(2026, 3, 15), "Wire", "R", 1234.5])
        options = {"decimal_point": ",", "thousands_sep": " "}
        result = parse_file(save(workbook), "r.xlsx", **options)
        # The import rejects the row (no method "Wire"): written back as read.
        [row] = result.rows
        self.assertEqual(row.raw["Receipt Amount *"], "1234,5")
        rejected = RowError(row.row_number, None, 'Payment Method "Wire"', row.raw)
        content = build_rejected_rows_file(result.headers, [rejected])
        workbook = open_workbook(content)
        self.assertEqual(workbook.active["B2"].value, "Wire")
        workbook.active["B2"] = "Cash"
        fixed = parse_file(save(workbook), "rejected.xlsx", **options)
        self.assertEqual(fixed.rows[0].values["amount"], Decimal("1234.5"))
        self.assertEqual(fixed.rows[0].values["date"], date(2026, 3, 15))

    def test_row_level_errors_and_no_errors(self):
        csv = "Date,Method,Amount\n2026-03-15,Cash,5,surplus\n"
        result = parse_file(csv.encode(), "r.csv")
        sheet = open_workbook(
            build_rejected_rows_file(result.headers, result.errors)
        ).active
        self.assertIn("check the delimiter", sheet["D2"].value)
        empty = open_workbook(build_rejected_rows_file(["Date"], [])).active
        self.assertEqual([cell.value for cell in empty[1]], ["Date", "Error"])
        self.assertEqual(empty.max_row, 1)


if __name__ == "__main__":
    unittest.main()
