from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestInsuranceAssignmentBatch(PaymentBatchCommon):
    """An insurer's receipt in a batch funds what families assigned to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.confirmer = new_test_user(
            cls.env,
            login="assignment_confirmer",
            groups="account.group_account_invoice,"
            "account_payment_batch.group_assignment_confirm",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutual Insurance", "is_company": True}
        )
        cls.today = fields.Date.today()

    def _pending(self, partner, invoice, amount, policy, date="2026-02-01"):
        """An assignment confirmed by the accounting user: pending."""
        assignment = (
            self.env["account.payment.batch.assignment"]
            .with_user(self.confirmer)
            .create(
                {
                    "partner_id": partner.id,
                    "insurer_id": self.insurer.id,
                    "policy_number": policy,
                    "amount": amount,
                    "date": date,
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
        )
        assignment.action_confirm()
        self.assertEqual(assignment.state, "pending")
        return assignment

    def _insurer_receipt(self, batch, amount, **vals):
        return self._add_receipt(
            batch,
            amount,
            partner=self.insurer,
            batch_receipt_kind="insurance_assignment",
            **vals,
        )

    def _families(self):
        """Two families' invoices assigned to the insurer: 400.00 and 300.00."""
        invoice_a = self._invoice(self.partner_a, 400.0)
        invoice_b = self._invoice(self.partner_b, 300.0)
        first = self._pending(self.partner_a, invoice_a, 400.0, "POL-A", "2026-02-01")
        second = self._pending(self.partner_b, invoice_b, 300.0, "POL-B", "2026-02-05")
        return first, second

    def _planned(self, receipt):
        return [
            (allocation.assignment_id, allocation.amount)
            for allocation in receipt.allocation_ids
        ]

    # -------------------------------------------------------------------------
    # Matching
    # -------------------------------------------------------------------------

    def test_receipt_funds_two_families_one_partially(self):
        first, second = self._families()
        insurer_owes = first.insurer_line_id.balance + second.insurer_line_id.balance
        self.assertAlmostEqual(insurer_owes, 700.0)
        batch = self._open_batch(cheques=(1, 550.0))
        receipt = self._insurer_receipt(batch, 550.0, memo="INS-CHQ-1")
        # No policy number, no exact amount: the oldest assignment first.
        self.assertEqual(self._planned(receipt), [(first, 400.0), (second, 150.0)])
        self.assertAlmostEqual(receipt.batch_on_account_amount, 0.0)

        self._close(batch)

        self.assertEqual(batch.state, "closed")
        self.assertIn(receipt.state, ("in_process", "paid"))
        self.assertEqual(first.state, "funded")
        self.assertEqual(first.funds_received_on, receipt.date)
        self.assertAlmostEqual(first.amount_to_fund, 0.0)
        self.assertEqual(second.state, "pending")
        self.assertFalse(second.funds_received_on)
        self.assertAlmostEqual(second.amount_funded, 150.0)
        self.assertAlmostEqual(second.amount_to_fund, 150.0)
        self.assertEqual(first.receipt_ids, receipt)
        self.assertEqual(second.receipt_ids, receipt)
        # The receipt's entry: the bank gets 550.00, the insurer's receivable
        # is credited once per assignment, each reconciled with its item.
        lines = receipt.move_id.line_ids
        credits = lines.filtered(lambda line: line.credit).sorted("credit")
        self.assertEqual(credits.mapped("credit"), [150.0, 400.0])
        self.assertEqual(credits.partner_id, self.insurer)
        self.assertTrue(all(credits.mapped("reconciled")))
        self.assertEqual(
            credits.matched_debit_ids.debit_move_id,
            first.insurer_line_id | second.insurer_line_id,
        )
        self.assertAlmostEqual(sum(lines.mapped("debit")), 550.0)
        # The families owe nothing of what they assigned.
        for invoice in first.invoice_ids | second.invoice_ids:
            self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(self._has_message(first, "Funded: Mutual Insurance paid"))

    def test_policy_number_picks_the_assignment(self):
        first, second = self._families()
        batch = self._open_batch(cheques=(1, 300.0))
        receipt = self._insurer_receipt(batch, 300.0, batch_match_reference="pol-b ")
        self.assertEqual(self._planned(receipt), [(second, 300.0)])
        # A smaller receipt of the same policy: partial, never another policy.
        other = self._insurer_receipt(batch, 120.0, batch_match_reference="POL-A")
        self.assertEqual(self._planned(other), [(first, 120.0)])

    def test_several_policy_numbers_on_one_receipt(self):
        first, second = self._families()
        batch = self._open_batch(cheques=(1, 700.0))
        receipt = self._insurer_receipt(
            batch, 700.0, batch_match_reference="POL-B; pol-a"
        )
        self.assertEqual(self._planned(receipt), [(first, 400.0), (second, 300.0)])

    def test_exact_amount_before_the_oldest(self):
        first, second = self._families()
        batch = self._open_batch(cheques=(1, 300.0))
        receipt = self._insurer_receipt(batch, 300.0)
        self.assertEqual(self._planned(receipt), [(second, 300.0)])

    def test_unknown_policy_stays_on_account_with_a_note(self):
        self._families()
        batch = self._open_batch(cheques=(1, 90.0))
        receipt = self._insurer_receipt(batch, 90.0, batch_match_reference="POL-ZZ")
        self.assertFalse(receipt.allocation_ids)
        self.assertIn(
            "No pending insurance assignment of Mutual Insurance has policy POL-ZZ",
            receipt.batch_match_note,
        )
        self._close(batch)
        # The remainder rule of standard receipts: on account for the insurer.
        self.assertIn(receipt.state, ("in_process", "paid"))
        credit = receipt.move_id.line_ids.filtered("credit")
        self.assertEqual(credit.partner_id, self.insurer)
        self.assertFalse(credit.reconciled)

    def test_receipt_left_over_after_the_assignments_stays_on_account(self):
        first, second = self._families()
        batch = self._open_batch(cheques=(1, 800.0))
        receipt = self._insurer_receipt(batch, 800.0)
        self.assertEqual(self._planned(receipt), [(first, 400.0), (second, 300.0)])
        self.assertAlmostEqual(receipt.batch_on_account_amount, 100.0)
        self._close(batch)
        self.assertEqual((first | second).mapped("state"), ["funded", "funded"])

    def test_standard_receipts_leave_assignment_items_alone(self):
        first, _second = self._families()
        batch = self._open_batch(cheques=(1, 400.0))
        receipt = self._add_receipt(batch, 400.0, partner=self.insurer)
        self.assertFalse(receipt.allocation_ids)
        with self._assert_refused(
            ValidationError, "funded by insurance assignment receipts only"
        ):
            self._allocate_assignment(receipt, first, 400.0)

    def test_assignment_receipt_pays_no_invoice(self):
        invoice = self._invoice(self.insurer, 200.0)
        batch = self._open_batch(cheques=(1, 200.0))
        receipt = self._insurer_receipt(batch, 200.0)
        self.assertFalse(receipt.allocation_ids)
        with self._assert_refused(
            ValidationError,
            f"is an insurance assignment receipt: it pays the insurer's "
            f"assignments, not {invoice.name}",
        ):
            self._allocate(receipt, invoice, 200.0)

    def test_another_insurers_assignment_is_refused(self):
        first, _second = self._families()
        other_insurer = self.env["res.partner"].create({"name": "Other Insurer"})
        batch = self._open_batch(cheques=(1, 400.0))
        receipt = self._add_receipt(
            batch,
            400.0,
            partner=other_insurer,
            batch_receipt_kind="insurance_assignment",
        )
        self.assertFalse(receipt.allocation_ids)
        with self._assert_refused(
            ValidationError, "is owed by Mutual Insurance, not by the receipt's payer"
        ):
            self._allocate_assignment(receipt, first, 400.0)

    def _allocate_assignment(self, receipt, assignment, amount, user=None):
        return (
            self.env["account.payment.allocation"]
            .with_user(user or self.clerk)
            .create(
                {
                    "payment_id": receipt.id,
                    "move_line_id": assignment.insurer_line_id.id,
                    "amount": amount,
                }
            )
        )

    # -------------------------------------------------------------------------
    # What cannot be funded
    # -------------------------------------------------------------------------

    def test_receipt_for_an_already_funded_assignment_is_refused(self):
        first, _second = self._families()
        batch = self._open_batch(cheques=(1, 400.0))
        self._insurer_receipt(batch, 400.0, batch_match_reference="POL-A")
        self._close(batch)
        self.assertEqual(first.state, "funded")

        later = self._open_batch(cheques=(1, 400.0))
        receipt = self._insurer_receipt(later, 400.0, batch_match_reference="POL-A")
        self.assertFalse(receipt.allocation_ids)
        self.assertIn("has policy POL-A", receipt.batch_match_note)
        date = first.funds_received_on.strftime("%m/%d/%Y")
        with self._assert_refused(
            ValidationError,
            rf"cannot fund it: {first.name} was already funded on {date}: it takes "
            "no more receipts",
        ):
            self._allocate_assignment(receipt, first, 400.0)
        self.assertFalse(receipt.allocation_ids)

    def test_assignment_in_a_locked_period_is_refused(self):
        first, second = self._families()
        batch = self._open_batch(cheques=(1, 300.0))
        receipt = self._insurer_receipt(batch, 300.0, batch_match_reference="POL-B")
        self.assertEqual(self._planned(receipt), [(second, 300.0)])
        # The assignments' entries are exported: the period is locked.
        self.env.company.fiscalyear_lock_date = "2026-02-28"
        problems = batch._get_close_problems()
        self.assertTrue(
            any(
                f"{second.name} is dated 02/05/2026, in a period locked until "
                "02/28/2026: it has been exported" in problem
                for problem in problems
            ),
            problems,
        )
        with self._assert_refused(UserError, "has been exported to the accounts"):
            self._close(batch)
        self.assertEqual(batch.state, "open")
        self.assertEqual(receipt.state, "draft")
        self.assertEqual(second.state, "pending")
        # Matching no longer proposes it, and says why.
        receipt.with_user(self.clerk).action_batch_auto_match()
        self.assertFalse(receipt.allocation_ids)
        self.assertIn("has been exported", receipt.batch_match_note)
        with self._assert_refused(ValidationError, "has been exported"):
            self._allocate_assignment(receipt, first, 300.0)

    def test_corrected_receipt_makes_the_assignment_pending_again(self):
        first, _second = self._families()
        batch = self._open_batch(cheques=(1, 400.0))
        receipt = self._insurer_receipt(batch, 400.0, batch_match_reference="POL-A")
        self._close(batch)
        self.assertEqual(first.state, "funded")
        receipt.with_user(self.closer)._batch_correct("cheque bounced")
        self.assertEqual(first.state, "pending")
        self.assertFalse(first.funds_received_on)
        self.assertAlmostEqual(first.amount_to_fund, 400.0)

    # -------------------------------------------------------------------------
    # A new assignment entered with the receipt
    # -------------------------------------------------------------------------

    def _new_in_batch(self, receipt, partner, invoice, amount, user=None):
        return (
            self.env["account.payment.batch.assignment"]
            .with_user(user or self.clerk)
            .create(
                {
                    "batch_receipt_id": receipt.id,
                    "partner_id": partner.id,
                    "policy_number": "POL-NEW",
                    "amount": amount,
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
        )

    def test_new_assignment_entered_in_a_batch_is_funded_on_close(self):
        invoice = self._invoice(self.partner_b, 250.0)
        batch = self._open_batch(cheques=(1, 250.0))
        receipt = self._insurer_receipt(batch, 250.0)
        assignment = self._new_in_batch(receipt, self.partner_b, invoice, 250.0)
        self.assertEqual(assignment.insurer_id, self.insurer)
        self.assertEqual(assignment.date, receipt.date)
        self.assertEqual(assignment.state, "draft")
        self.assertAlmostEqual(receipt.batch_allocated_amount, 250.0)
        self.assertAlmostEqual(receipt.batch_on_account_amount, 0.0)
        # Not pending outside the batch: the batch close books it.
        with self._assert_refused(UserError, "is booked and funded when the batch"):
            assignment.with_user(self.confirmer).action_confirm()
        self.assertEqual(invoice.payment_state, "not_paid")

        self._close(batch)

        self.assertEqual(assignment.state, "funded")
        self.assertEqual(assignment.funds_received_on, receipt.date)
        self.assertRegex(assignment.name, r"^ASGN/\d{4}/\d+$")
        self.assertEqual(assignment.move_id.state, "posted")
        self.assertEqual(assignment.move_id.date, receipt.date)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(assignment.insurer_line_id.reconciled)
        self.assertEqual(assignment.receipt_ids, receipt)
        tracked = assignment.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertNotIn("Pending", tracked.mapped("new_value_char"))

    def test_new_assignment_problems_stop_the_close(self):
        invoice = self._invoice(self.partner_b, 250.0)
        batch = self._open_batch(cheques=(1, 200.0))
        receipt = self._insurer_receipt(batch, 200.0)
        self._new_in_batch(receipt, self.partner_b, invoice, 260.0)
        problems = "\n".join(batch._get_close_problems())
        self.assertIn("assigns $\xa0260.00, more than the $\xa0250.00", problems)
        self.assertIn(
            "its allocations and new assignments take $\xa0260.00, more than its "
            "$\xa0200.00",
            problems,
        )
        with self._assert_refused(UserError, "cannot be closed"):
            self._close(batch)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(
            self.env["account.payment.batch.assignment"].search(
                [("state", "!=", "draft")]
            )
        )

    def test_new_assignment_needs_an_open_batch_and_its_receipt_kind(self):
        invoice = self._invoice(self.partner_b, 250.0)
        batch = self._open_batch(cheques=(1, 250.0))
        standard = self._add_receipt(batch, 250.0, partner=self.insurer)
        with self._assert_refused(ValidationError, "is not an insurance assignment"):
            self._new_in_batch(standard, self.partner_b, invoice, 250.0)
        receipt = self._insurer_receipt(batch, 250.0)
        assignment = self._new_in_batch(receipt, self.partner_b, invoice, 250.0)
        with self._assert_refused(UserError, "its insurer and date are the receipt's"):
            assignment.with_user(self.clerk).insurer_id = self.partner_a

    # -------------------------------------------------------------------------
    # Rights
    # -------------------------------------------------------------------------

    def test_batch_user_enters_accounting_user_confirms(self):
        invoice = self._invoice(self.partner_a, 100.0)
        draft = (
            self.env["account.payment.batch.assignment"]
            .with_user(self.clerk)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "insurer_id": self.insurer.id,
                    "amount": 100.0,
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
        )
        with self._assert_refused(AccessError, "Confirm Insurance Assignments"):
            draft.action_confirm()
        draft.with_user(self.confirmer).action_confirm()
        self.assertEqual(draft.state, "pending")
        # The clerk enters the insurer's receipt for it; the closer closes.
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._insurer_receipt(batch, 100.0)
        self.assertEqual(self._planned(receipt), [(draft, 100.0)])
        self._close(batch)
        self.assertEqual(draft.state, "funded")

    @staticmethod
    def _has_message(record, text):
        return any(text in (message.body or "") for message in record.message_ids)
