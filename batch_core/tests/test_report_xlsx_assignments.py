"""Plain unit tests of the batch report workbook's insurance assignments sheet."""

import unittest
from datetime import date, datetime

from batch_core.report_xlsx import build_batch_report
from batch_core.tests.test_report_xlsx import open_workbook, report, row_values


def assignment(number, customer, amount, batch_amount, state, **values):
    return {
        "number": number,
        "customer": customer,
        "insurer": "Mutual Insurance",
        "policy": f"POL-{customer[0]}",
        "amount": amount,
        "batch_amount": batch_amount,
        "state": state,
        "funds_received_on": False,
        "amount_to_fund": amount,
        "status": "",
        **values,
    }


def with_assignments(name="BATCH/2026/00001"):
    values = report(name)
    rows = [
        assignment(
            "ASGN/2026/00001",
            "Archer",
            400.0,
            400.0,
            "Funded",
            funds_received_on=date(2026, 3, 15),
            amount_to_fund=0.0,
        ),
        assignment(
            "ASGN/2026/00002", "Baker", 300.0, 150.0, "Pending", amount_to_fund=150.0
        ),
        assignment("New", "Carter", 250.0, 250.0, "Draft"),
    ]
    values["assignments"] = {"rows": rows, "amount": 950.0, "batch_amount": 800.0}
    return values


class TestAssignmentsSheet(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.workbook = open_workbook(build_batch_report([with_assignments()]))
        self.sheet = self.workbook["BATCH-2026-00001 Assignments"]

    def test_a_sheet_after_the_batch_sheet(self):
        self.assertEqual(
            self.workbook.sheetnames,
            ["BATCH-2026-00001", "BATCH-2026-00001 Assignments"],
        )
        self.assertEqual(
            self.sheet["A1"].value, "Insurance Assignments: BATCH/2026/00001"
        )
        self.assertTrue(self.sheet["A1"].font.bold)

    def test_one_row_per_assignment_and_the_total(self):
        sheet = self.sheet
        self.assertEqual(
            row_values(sheet, 3),
            [
                "Number",
                "Customer",
                "Insurer",
                "Policy Number",
                "Assigned Amount",
                "This Batch",
                "Status",
                "Funds Received On",
                "Still to Fund",
            ],
        )
        self.assertEqual(sheet.freeze_panes, "A4")
        funded = row_values(sheet, 4)
        self.assertEqual(
            funded[:7] + funded[8:],
            [
                "ASGN/2026/00001",
                "Archer",
                "Mutual Insurance",
                "POL-A",
                400,
                400,
                "Funded",
                0,
            ],
        )
        self.assertEqual(funded[7], datetime(2026, 3, 15))
        self.assertTrue(sheet.cell(4, 8).is_date)
        self.assertEqual(row_values(sheet, 5)[4:], [300, 150, "Pending", None, 150])
        self.assertEqual(row_values(sheet, 6)[0], "New")
        total = row_values(sheet, 7)
        self.assertEqual(sheet.max_row, 7)
        self.assertEqual(
            [total[0], total[1], total[4], total[5]],
            ["Total", "3 assignments", 950, 800],
        )
        self.assertTrue(sheet.cell(7, 5).font.bold)
        for column in (5, 6, 9):
            self.assertEqual(sheet.cell(4, column).number_format, "#,##0.00")

    def test_no_assignments_no_sheet(self):
        for assignments in (None, {"rows": [], "amount": 0.0, "batch_amount": 0.0}):
            values = report()
            values["assignments"] = assignments
            workbook = open_workbook(build_batch_report([values]))
            self.assertEqual(workbook.sheetnames, ["BATCH-2026-00001"])

    def test_long_batch_names_keep_the_suffix_within_31_characters(self):
        workbook = open_workbook(
            build_batch_report([with_assignments("L" * 40), with_assignments("L" * 40)])
        )
        first, first_assignments, second, second_assignments = workbook.sheetnames
        self.assertEqual(first_assignments, "L" * 19 + " Assignments")
        self.assertEqual(second, "L" * 27 + " (2)")
        self.assertEqual(second_assignments, "L" * 15 + " (2) Assignments")
        self.assertTrue(all(len(name) <= 31 for name in workbook.sheetnames))
        self.assertEqual(first, "L" * 31)
