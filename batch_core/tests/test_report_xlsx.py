"""Plain unit tests of the batch report workbook; no database, no Odoo."""

import io
import unittest
from datetime import date, datetime

from openpyxl import load_workbook

from batch_core.report_xlsx import (
    build_batch_report,
    format_money,
    money_format,
    sheet_title,
)

TOTAL_SETS = ("recorded", "corrected", "entered", "difference")


def open_workbook(content):
    return load_workbook(io.BytesIO(content))


def receipt(line, payer, amount, allocations=(), **values):
    allocated = sum(amount for _document, amount in allocations)
    return {
        "line_id": line["id"],
        "line": line["name"],
        "payer": payer,
        "payer_known": True,
        "reference": f"CHQ {payer}",
        "method": "Manual",
        "date": date(2026, 3, 15),
        "received_on": None,
        "kind": "Standard",
        "state": "Draft",
        "amount": amount,
        "allocations": list(allocations),
        "on_account": amount - allocated,
        "suspense": False,
        "corrections": "",
        **values,
    }


def totals(count, amount, pledges=0.0):
    return {"payment_count": count, "payment_amount": amount, "pledge_amount": pledges}


def report(name="BATCH/2026/00001", receipts_per_line=None, decimals=2):
    """A two-line batch: cheques (3 receipts, 400.00) and cash (1 receipt)."""
    cheques = {"id": 1, "name": "Cheques"}
    cash = {"id": 2, "name": "Cash"}
    if receipts_per_line is None:
        cheques["receipts"] = [
            receipt(
                cheques,
                "Azure",
                250.0,
                [("INV/2026/00001", 120.0), ("INV/2026/00002", 80.0)],
                received_on=date(2026, 3, 16),
            ),
            receipt(cheques, "Deco", 100.0),
            receipt(
                cheques,
                "Unknown Aunt",
                50.0,
                payer_known=False,
                suspense=True,
                corrections="Reassigned to Deco by MISC/2026/00001",
            ),
        ]
        cash["receipts"] = [receipt(cash, "Gemini", 1234.5, [("INV/3", 1234.5)])]
    else:
        for line in (cheques, cash):
            line["receipts"] = [
                receipt(line, f"Payer {index}", 10.0, [(f"INV/{index}", 10.0)])
                for index in range(receipts_per_line)
            ]
    recorded = {"Cheques": totals(3, 450.0, 25.0), "Cash": totals(1, 1234.5)}
    for line in (cheques, cash):
        entered = totals(
            len(line["receipts"]), sum(r["amount"] for r in line["receipts"])
        )
        corrected = recorded[line["name"]]
        line["totals"] = {
            "recorded": recorded[line["name"]],
            "corrected": corrected,
            "entered": entered,
            "difference": {key: corrected[key] - entered[key] for key in corrected},
        }
        line["receipt_count"] = len(line["receipts"])
        line["receipt_amount"] = entered["payment_amount"]
    lines = [cheques, cash]
    receipts = cheques["receipts"] + cash["receipts"]
    batch_totals = {
        total_set: {
            key: sum(line["totals"][total_set][key] for line in lines)
            for key in totals(0, 0)
        }
        for total_set in TOTAL_SETS
    }
    batch_totals.update(
        receipt_count=len(receipts),
        receipt_amount=sum(r["amount"] for r in receipts),
        on_account=sum(r["on_account"] for r in receipts),
        allocated=sum(a for r in receipts for _d, a in r["allocations"]),
    )
    return {
        "title": "Unprocessed Batch Report",
        "header": [
            ("Number", name),
            ("Status", "Open"),
            ("Batch Type", "Cash Receipts"),
            ("Journal", "Bank (BNK1)"),
            ("Date Received", "03/15/2026"),
        ],
        "currency": {"name": "USD", "symbol": "$", "decimals": decimals},
        "lines": lines,
        "receipts": receipts,
        "receipts_without_line": [],
        "totals": batch_totals,
        "total_labels": {
            "recorded": "Recorded",
            "corrected": "Corrected",
            "entered": "Entered",
            "difference": "Difference",
            "payment_count": "Count",
            "payment_amount": "Amount",
            "pledge_amount": "Pledges",
        },
    }


def find_row(sheet, first_value, column=1):
    """The number of the first row whose cell in ``column`` is ``first_value``."""
    for row in sheet.iter_rows(min_col=column, max_col=column):
        if row[0].value == first_value:
            return row[0].row
    raise AssertionError(f"no row starting with {first_value!r}")


def row_values(sheet, row):
    return [cell.value for cell in sheet[row]]


class TestSheetTitle(unittest.TestCase):
    def test_forbidden_characters_become_dashes(self):
        self.assertEqual(sheet_title("BATCH/2026/00001"), "BATCH-2026-00001")
        self.assertEqual(sheet_title("a[b]c:d*e?f/g\\h"), "a-b-c-d-e-f-g-h")

    def test_cut_to_31_characters(self):
        self.assertEqual(len(sheet_title("X" * 40)), 31)

    def test_apostrophes_at_the_ends_and_empty_names(self):
        self.assertEqual(sheet_title("'Q1'"), "Q1")
        self.assertEqual(sheet_title(""), "Batch")
        self.assertEqual(sheet_title(None), "Batch")

    def test_taken_names_get_a_number_in_any_case(self):
        self.assertEqual(sheet_title("B/1", ["b-1"]), "B-1 (2)")
        self.assertEqual(sheet_title("B/1", ["B-1", "B-1 (2)"]), "B-1 (3)")
        long_title = sheet_title("Y" * 40, [sheet_title("Y" * 40)])
        self.assertEqual((len(long_title), long_title[-4:]), (31, " (2)"))


class TestFormats(unittest.TestCase):
    def test_money_format_follows_the_decimals(self):
        self.assertEqual(money_format(2), "#,##0.00")
        self.assertEqual(money_format(3), "#,##0.000")
        self.assertEqual(money_format(0), "#,##0")

    def test_money_text(self):
        self.assertEqual(format_money(1234.5, 2), "1,234.50")
        self.assertEqual(format_money(80, 0), "80")


class TestBatchReport(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.workbook = open_workbook(build_batch_report([report()]))
        self.sheet = self.workbook["BATCH-2026-00001"]

    def test_title_and_header_block(self):
        sheet = self.sheet
        self.assertEqual(
            sheet["A1"].value, "Unprocessed Batch Report: BATCH/2026/00001"
        )
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(
            row_values(sheet, 3)[:4], ["Number", "BATCH/2026/00001", "Status", "Open"]
        )
        self.assertTrue(sheet["A3"].font.bold)
        journal = find_row(sheet, "Batch Type")
        self.assertEqual(sheet.cell(journal, 4).value, "Bank (BNK1)")
        currency = find_row(sheet, "Date Received")
        self.assertEqual(row_values(sheet, currency)[2:4], ["Currency", "USD"])

    def test_control_totals_per_line_and_total(self):
        sheet = self.sheet
        head = find_row(sheet, "Control totals") + 1
        self.assertEqual(
            [sheet.cell(head, column).value for column in (1, 2, 5, 8, 11)],
            ["Line", "Recorded", "Corrected", "Entered", "Difference"],
        )
        self.assertEqual(
            row_values(sheet, head + 1)[1:4], ["Count", "Amount", "Pledges"]
        )
        # The table is 13 columns wide; the receipts table below is wider.
        self.assertEqual(
            row_values(sheet, head + 2)[:13],
            ["Cheques", 3, 450, 25, 3, 450, 25, 3, 400, 0, 0, 50, 25],
        )
        self.assertEqual(row_values(sheet, head + 3)[:4], ["Cash", 1, 1234.5, 0])
        total = row_values(sheet, head + 4)[:13]
        self.assertEqual(
            total, ["Total", 4, 1684.5, 25, 4, 1684.5, 25, 4, 1634.5, 0, 0, 50, 25]
        )
        self.assertTrue(sheet.cell(head + 4, 1).font.bold)
        self.assertEqual(sheet.cell(head + 2, 3).number_format, "#,##0.00")
        self.assertEqual(sheet.cell(head + 2, 12).font.color.rgb, "00C00000")

    def test_receipts_table_one_row_per_receipt(self):
        sheet = self.sheet
        head = find_row(sheet, "Receipts") + 1
        self.assertEqual(
            row_values(sheet, head),
            [
                "Line",
                "Payer",
                "Reference",
                "Method",
                "Date",
                "Received On",
                "Kind",
                "Status",
                "Amount",
                "Allocated to",
                "Allocated",
                "On Account",
                "Suspense",
                "Corrections",
            ],
        )
        self.assertTrue(all(cell.font.bold for cell in sheet[head]))
        self.assertEqual(sheet.freeze_panes, f"A{head + 1}")
        azure = row_values(sheet, head + 1)
        self.assertEqual(
            azure[:4] + azure[6:],
            [
                "Cheques",
                "Azure",
                "CHQ Azure",
                "Manual",
                "Standard",
                "Draft",
                250,
                "INV/2026/00001: 120.00; INV/2026/00002: 80.00",
                200,
                50,
                None,
                None,
            ],
        )
        self.assertEqual(azure[5], datetime(2026, 3, 16))
        unknown = row_values(sheet, head + 3)
        self.assertEqual(
            (unknown[1], unknown[5], unknown[8], unknown[9], unknown[11], unknown[12]),
            ("Unknown Aunt", None, 50, None, 50, "Yes"),
        )
        self.assertEqual(unknown[13], "Reassigned to Deco by MISC/2026/00001")

    def test_amounts_are_numbers_and_dates_are_dates(self):
        sheet = self.sheet
        first = find_row(sheet, "Receipts") + 2
        date_cell = sheet.cell(first, 5)
        self.assertIsInstance(date_cell.value, datetime)
        self.assertEqual(date_cell.value.date(), date(2026, 3, 15))
        self.assertTrue(date_cell.is_date)
        self.assertEqual(date_cell.number_format, "yyyy-mm-dd")
        received = sheet.cell(first, 6)
        self.assertEqual(received.value.date(), date(2026, 3, 16))
        self.assertEqual(received.number_format, "yyyy-mm-dd")
        for column in (9, 11, 12):
            cell = sheet.cell(first, column)
            self.assertEqual(cell.data_type, "n")
            self.assertEqual(cell.number_format, "#,##0.00")

    def test_line_subtotals_and_batch_total(self):
        sheet = self.sheet
        cheques = row_values(sheet, find_row(sheet, "Total Cheques"))
        self.assertEqual(
            (cheques[1], cheques[8], cheques[10], cheques[11]),
            ("3 receipts", 400, 200, 200),
        )
        cash = row_values(sheet, find_row(sheet, "Total Cash"))
        self.assertEqual(
            (cash[1], cash[8], cash[10], cash[11]), ("1 receipts", 1234.5, 1234.5, 0)
        )
        batch = find_row(sheet, "Batch total")
        self.assertEqual(batch, sheet.max_row)
        values = row_values(sheet, batch)
        self.assertEqual(
            (values[1], values[8], values[10], values[11]),
            ("4 receipts", 1634.5, 1434.5, 200),
        )
        self.assertTrue(sheet.cell(batch, 9).font.bold)

    def test_column_widths_are_set(self):
        self.assertGreater(self.sheet.column_dimensions["B"].width, 20)
        self.assertGreater(self.sheet.column_dimensions["J"].width, 30)


class TestBatchReportEdges(unittest.TestCase):
    def test_two_batches_two_sheets(self):
        content = build_batch_report(
            [report("BATCH/2026/00001"), report("BATCH/2026/00002")]
        )
        workbook = open_workbook(content)
        self.assertEqual(workbook.sheetnames, ["BATCH-2026-00001", "BATCH-2026-00002"])
        self.assertEqual(workbook["BATCH-2026-00002"]["B3"].value, "BATCH/2026/00002")

    def test_forbidden_characters_and_same_names_give_valid_unique_sheets(self):
        content = build_batch_report(
            [report("A:B*C?[1]"), report("A-B-C-[1]"), report("'" + "Z" * 40)]
        )
        self.assertEqual(
            open_workbook(content).sheetnames,
            ["A-B-C--1-", "A-B-C--1- (2)", "Z" * 31],
        )

    def test_receipts_without_line_are_listed(self):
        values = report()
        stray = receipt({"id": 99, "name": ""}, "Stray", 5.0)
        values["receipts_without_line"] = [stray]
        values["receipts"].append(stray)
        sheet = open_workbook(build_batch_report([values])).active
        row = find_row(sheet, "Stray", column=2)
        self.assertEqual(sheet.cell(row, 1).value, "No line")
        self.assertEqual(sheet.cell(row + 1, 1).value, "Total No line")

    def test_text_is_never_a_formula(self):
        values = report()
        values["lines"][0]["receipts"][1]["payer"] = '=HYPERLINK("http://x","y")'
        sheet = open_workbook(build_batch_report([values])).active
        cell = sheet.cell(find_row(sheet, "Receipts") + 3, 2)
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, '=HYPERLINK("http://x","y")')

    def test_currency_without_decimals(self):
        sheet = open_workbook(build_batch_report([report(decimals=0)])).active
        first = find_row(sheet, "Receipts") + 2
        self.assertEqual(sheet.cell(first, 9).number_format, "#,##0")
        self.assertEqual(
            sheet.cell(first, 10).value, "INV/2026/00001: 120; INV/2026/00002: 80"
        )

    def test_no_batch_is_refused(self):
        with self.assertRaises(ValueError):
            build_batch_report([])

    def test_a_thousand_receipts(self):
        sheet = open_workbook(
            build_batch_report([report(receipts_per_line=500)])
        ).active
        head = find_row(sheet, "Receipts") + 1
        # 500 cheques, their subtotal, then 500 cash receipts
        self.assertEqual(sheet.cell(head + 1001, 2).value, "Payer 499")
        batch = row_values(sheet, sheet.max_row)
        self.assertEqual(
            (batch[0], batch[1], batch[8]), ("Batch total", "1000 receipts", 10000)
        )


if __name__ == "__main__":
    unittest.main()
