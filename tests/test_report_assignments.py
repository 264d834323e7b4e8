"""The batch report lists the insurance assignments a batch funds (PDF, XLSX)."""

import io
import re

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import format_date

from .common import PaymentBatchCommon
from .test_report_pdf import BATCH_REPORT, pdf_text

# Columns of the assignments sheet (1-based).
NUMBER, CUSTOMER, INSURER, POLICY, ASSIGNED, THIS_BATCH = 1, 2, 3, 4, 5, 6
STATUS, FUNDS_RECEIVED_ON, TO_FUND = 7, 8, 9


@tagged("post_install", "-at_install")
class TestReportAssignments(PaymentBatchCommon):
    """An insurer's cheque of 800.00 in a batch: 400.00 to POL-A (all of it),
    150.00 to POL-B (half of it), 250.00 to a new assignment entered with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch_type.auto_match = False
        company = cls.env.company
        cls.confirmer = new_test_user(
            cls.env,
            login="report_assignment_confirmer",
            groups="account.group_account_invoice,"
            "account_payment_batch.group_assignment_confirm",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutual Insurance", "is_company": True}
        )
        cls.family_a = cls.env["res.partner"].create({"name": "Family Archer"})
        cls.family_b = cls.env["res.partner"].create({"name": "Family Baker"})
        cls.family_c = cls.env["res.partner"].create({"name": "Family Carter"})
        cls.first = cls._pending(cls.family_a, 400.0, "POL-A", "2026-02-01")
        cls.second = cls._pending(cls.family_b, 300.0, "POL-B", "2026-02-05")

    @classmethod
    def _pending(cls, family, amount, policy, date):
        """An assignment confirmed by the accounting user: pending."""
        assignment = (
            cls.env["account.payment.batch.assignment"]
            .with_user(cls.confirmer)
            .create(
                {
                    "partner_id": family.id,
                    "insurer_id": cls.insurer.id,
                    "policy_number": policy,
                    "amount": amount,
                    "date": date,
                    "invoice_ids": [Command.set(cls._invoice(family, amount).ids)],
                }
            )
        )
        assignment.action_confirm()
        return assignment

    def _batch(self):
        """The open batch with the insurer's cheque, entered by the clerk."""
        batch = self._open_batch(cheques=(1, 800.0))
        receipt = self._add_receipt(
            batch,
            800.0,
            partner=self.insurer,
            memo="INS-CHQ-77",
            batch_receipt_kind="insurance_assignment",
        )
        Allocation = self.env["account.payment.allocation"].with_user(self.clerk)
        Allocation.create(
            [
                {
                    "payment_id": receipt.id,
                    "move_line_id": assignment.insurer_line_id.id,
                    "amount": amount,
                }
                for assignment, amount in ((self.first, 400.0), (self.second, 150.0))
            ]
        )
        new = (
            self.env["account.payment.batch.assignment"]
            .with_user(self.clerk)
            .create(
                {
                    "batch_receipt_id": receipt.id,
                    "partner_id": self.family_c.id,
                    "policy_number": "POL-NEW",
                    "amount": 250.0,
                    "invoice_ids": [
                        Command.set(self._invoice(self.family_c, 250.0).ids)
                    ],
                }
            )
        )
        self.assertEqual(new.state, "draft")
        self.assertAlmostEqual(receipt.batch_on_account_amount, 0.0)
        return batch, receipt, new

    def _pdf(self, batch):
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        with self.allow_pdf_render():
            content, _kind = Report.with_context(
                force_report_rendering=True
            )._render_qweb_pdf(BATCH_REPORT, batch.ids)
        return re.sub(r"\s+", " ", pdf_text(content)).replace("\xa0", " ")

    def _sheet(self, batch):
        workbook = load_workbook(io.BytesIO(batch.with_user(self.clerk)._report_xlsx()))
        name = batch.name.replace("/", "-")
        self.assertEqual(workbook.sheetnames, [name, f"{name} Assignments"])
        return workbook[f"{name} Assignments"]

    def _rows(self, sheet):
        """{number: row values} of the assignments, and the total row."""
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        return {row[0]: row for row in rows[:-1]}, rows[-1]

    def _date(self, value):
        return format_date(self.env(user=self.clerk), value)

    def test_open_batch_lists_the_assignments_it_plans_to_fund(self):
        batch, _receipt, _new = self._batch()
        text = self._pdf(batch)
        receipts_at = text.index("Batch total: 1 receipts")
        section = text[text.index("Insurance Assignments", receipts_at) :]
        for fragment in (
            f"{self.first.name} Family Archer Mutual Insurance POL-A $ 400.00 "
            "$ 400.00 Pending, $ 400.00 still to fund",
            f"{self.second.name} Family Baker Mutual Insurance POL-B $ 300.00 "
            "$ 150.00 Pending, $ 300.00 still to fund",
            "New Family Carter Mutual Insurance POL-NEW $ 250.00 $ 250.00 "
            "New, booked and funded when the batch closes",
            "Total: 3 assignments $ 950.00 $ 800.00",
        ):
            self.assertIn(fragment, section)
        # The receipt names what it pays, the new assignment included.
        for allocation in (
            f"{self.first.name}: $ 400.00",
            f"{self.second.name}: $ 150.00",
            "New assignment of Family Carter: $ 250.00",
        ):
            self.assertIn(allocation, text[:receipts_at])

        sheet = self._sheet(batch)
        self.assertEqual(sheet["A1"].value, f"Insurance Assignments: {batch.name}")
        self.assertEqual(
            [cell.value for cell in sheet[3]],
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
        rows, total = self._rows(sheet)
        self.assertEqual(
            rows[self.first.name],
            (self.first.name, "Family Archer", "Mutual Insurance", "POL-A")
            + (400.0, 400.0, "Pending", None, 400.0),
        )
        self.assertEqual(
            rows[self.second.name][ASSIGNED - 1 :],
            (300.0, 150.0, "Pending", None, 300.0),
        )
        self.assertEqual(
            rows["New"],
            ("New", "Family Carter", "Mutual Insurance", "POL-NEW")
            + (250.0, 250.0, "Draft", None, 250.0),
        )
        self.assertEqual(
            (total[0], total[1], total[ASSIGNED - 1], total[THIS_BATCH - 1]),
            ("Total", "3 assignments", 950.0, 800.0),
        )
        self.assertEqual(sheet.freeze_panes, "A4")

    def test_closed_batch_says_funded_on_and_what_is_still_to_fund(self):
        batch, receipt, new = self._batch()
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        self.assertEqual((self.first.state, new.state), ("funded", "funded"))
        self.assertEqual(self.second.state, "pending")
        funded_on = self._date(receipt.date)
        text = self._pdf(batch)
        section = text[text.index("Insurance Assignments", text.index("Batch total")) :]
        for fragment in (
            f"{self.first.name} Family Archer Mutual Insurance POL-A $ 400.00 "
            f"$ 400.00 Funded on {funded_on}",
            f"{self.second.name} Family Baker Mutual Insurance POL-B $ 300.00 "
            "$ 150.00 Pending, $ 150.00 still to fund",
            f"{new.name} Family Carter Mutual Insurance POL-NEW $ 250.00 $ 250.00 "
            f"Funded on {funded_on}",
            "Total: 3 assignments $ 950.00 $ 800.00",
        ):
            self.assertIn(fragment, section)
        self.assertNotIn("New Family Carter", section)
        self.assertNotIn("booked and funded when", section)

        rows, total = self._rows(self._sheet(batch))
        self.assertEqual(set(rows), {self.first.name, self.second.name, new.name})
        for number, status, to_fund in (
            (self.first.name, "Funded", 0.0),
            (self.second.name, "Pending", 150.0),
            (new.name, "Funded", 0.0),
        ):
            row = rows[number]
            self.assertEqual((row[STATUS - 1], row[TO_FUND - 1]), (status, to_fund))
            if status == "Funded":
                self.assertEqual(row[FUNDS_RECEIVED_ON - 1].date(), receipt.date)
            else:
                self.assertIsNone(row[FUNDS_RECEIVED_ON - 1])
        self.assertEqual(rows[new.name][THIS_BATCH - 1], 250.0)
        self.assertEqual(total[THIS_BATCH - 1], 800.0)

    def test_batch_without_assignments_shows_none(self):
        batch = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(batch, 100.0, partner=self.family_a, memo="CHQ 9")
        self.assertIsNone(batch.with_user(self.clerk)._report_values()["assignments"])
        self.assertNotIn("Insurance Assignments", self._pdf(batch))
        workbook = load_workbook(io.BytesIO(batch.with_user(self.clerk)._report_xlsx()))
        self.assertEqual(workbook.sheetnames, [batch.name.replace("/", "-")])

    def _report_queries(self, batch):
        """How many queries gathering the report of ``batch`` takes."""
        batch = batch.with_user(self.clerk)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        values = batch._report_values()
        return self.env.cr.sql_log_count - before, values

    def _insurer_cheques(self, count):
        """A batch of ``count`` insurer cheques of 60.00, each 10.00 on POL-B and
        50.00 on a new assignment of its own."""
        batch = self._open_batch(cheques=(count, 60.0 * count))
        for index in range(count):
            receipt = self._add_receipt(
                batch,
                60.0,
                partner=self.insurer,
                memo=f"INS-{index}",
                batch_receipt_kind="insurance_assignment",
            )
            self.env["account.payment.allocation"].with_user(self.clerk).create(
                {
                    "payment_id": receipt.id,
                    "move_line_id": self.second.insurer_line_id.id,
                    "amount": 10.0,
                }
            )
            family = self.env["res.partner"].create({"name": f"Family {index}"})
            self.env["account.payment.batch.assignment"].with_user(self.clerk).create(
                {
                    "batch_receipt_id": receipt.id,
                    "partner_id": family.id,
                    "amount": 50.0,
                    "invoice_ids": [Command.set(self._invoice(family, 50.0).ids)],
                }
            )
        return batch

    def test_gathering_takes_no_query_per_receipt(self):
        one_batch, five_batch = self._insurer_cheques(1), self._insurer_cheques(5)
        self._report_queries(one_batch)  # access rules and groups read once
        one, values = self._report_queries(one_batch)
        self.assertEqual(len(values["assignments"]["rows"]), 2)
        five, values = self._report_queries(five_batch)
        self.assertEqual(len(values["assignments"]["rows"]), 6)
        self.assertEqual(values["assignments"]["batch_amount"], 300.0)
        self.assertLessEqual(five, one)

    def test_another_batch_counts_only_its_own_receipts(self):
        batch, _receipt, _new = self._batch()
        other = self._open_batch(cheques=(1, 100.0))
        other_receipt = self._add_receipt(
            other,
            100.0,
            partner=self.insurer,
            batch_receipt_kind="insurance_assignment",
        )
        self.env["account.payment.allocation"].with_user(self.clerk).create(
            {
                "payment_id": other_receipt.id,
                "move_line_id": self.second.insurer_line_id.id,
                "amount": 100.0,
            }
        )
        values = other.with_user(self.clerk)._report_values()["assignments"]
        self.assertEqual(
            [(row["number"], row["batch_amount"]) for row in values["rows"]],
            [(self.second.name, 100.0)],
        )
        values = batch.with_user(self.clerk)._report_values()["assignments"]
        self.assertEqual(
            [row["batch_amount"] for row in values["rows"]], [400.0, 150.0, 250.0]
        )
