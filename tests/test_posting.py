from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestPosting(PaymentBatchCommon):
    def setUp(self):
        super().setUp()
        self.batch = self._open_batch()

    def _assert_invoice(self, invoice, residual, payment_state):
        invoice.invalidate_recordset(["amount_residual", "payment_state"])
        self.assertEqual(
            invoice.currency_id.compare_amounts(invoice.amount_residual, residual), 0
        )
        self.assertEqual(invoice.payment_state, payment_state)

    def test_close_pays_each_invoice_by_its_allocation(self):
        full = self._invoice(self.partner_a, 100.0, date="2026-01-01")
        partial = self._invoice(self.partner_a, 300.0, date="2026-02-01")
        receipt = self._add_receipt(self.batch, 250.0)
        self._close(self.batch)
        self.assertEqual(
            receipt.state, "in_process", "one of its invoices is still open"
        )
        self._assert_invoice(full, 0.0, "paid")
        self._assert_invoice(partial, 150.0, "partial")
        self.assertEqual(receipt.allocation_ids.mapped("state"), ["posted", "posted"])
        liquidity = receipt.move_id.line_ids.filtered(
            lambda line: line.account_id == receipt.outstanding_account_id
        )
        self.assertEqual(liquidity.balance, 250.0)

    def test_remainder_stays_on_account_for_the_payer(self):
        invoice = self._invoice(self.partner_a, 100.0)
        receipt = self._add_receipt(self.batch, 160.0)
        self._close(self.batch)
        self._assert_invoice(invoice, 0.0, "paid")
        open_credit = receipt.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        )
        self.assertEqual(open_credit.partner_id, self.partner_a)
        self.assertEqual(open_credit.amount_residual, -60.0)

    def test_receipt_pays_an_invoice_and_a_credit_note(self):
        self.batch_type.auto_match = False
        invoice = self._invoice(self.partner_a, 300.0)
        credit_note = self._invoice(self.partner_a, 50.0, move_type="out_refund")
        receipt = self._add_receipt(self.batch, 250.0)
        self._allocate(receipt, invoice, 300.0)
        self._allocate(receipt, credit_note, 50.0)
        self._close(self.batch)
        self._assert_invoice(invoice, 0.0, "paid")
        self._assert_invoice(credit_note, 0.0, "paid")

    def test_over_allocation_refused_naming_the_receipt(self):
        self.batch_type.auto_match = False
        invoice = self._invoice(self.partner_a, 300.0)
        receipt = self._add_receipt(self.batch, 100.0, memo="CHQ 5521")
        self._allocate(receipt, invoice, 150.0)
        with self._assert_refused(
            UserError,
            r"Receipt partner_a / CHQ 5521 / 100.0: allocates 150.00, more than its amount 100.00",
        ):
            self._close(self.batch)
        self.assertEqual(self.batch.state, "open")
        self.assertEqual(receipt.state, "draft")
        self._assert_invoice(invoice, 300.0, "not_paid")

    def test_dry_run_lists_every_problem_without_writing(self):
        self.batch_type.auto_match = False
        self.batch_type.suspense_account_id = False
        invoice = self._invoice(self.partner_a, 300.0)
        over = self._add_receipt(self.batch, 100.0, memo="CHQ 1")
        self._allocate(over, invoice, 150.0)
        self._add_receipt(
            self.batch, 10.0, partner=self.env["res.partner"], memo="CHQ 2"
        )
        self._add_receipt(
            self.batch, 5.0, memo="MISC", batch_receipt_kind="miscellaneous"
        )
        result = self.batch.with_user(self.clerk).action_check_close()
        message = result["params"]["message"]
        self.assertIn("line Cheques: payment count corrected 2, entered 3", message)
        self.assertIn("CHQ 1 / 100.0: allocates 150.00", message)
        self.assertIn(
            "CHQ 2 / 10.0 has no payer and batch type Cash Receipts has no suspense",
            message,
        )
        self.assertIn("MISC / 5.0: choose its counterpart account", message)
        self.assertEqual(self.batch.state, "open")
        self.assertEqual(set(self.batch.payment_ids.mapped("state")), {"draft"})

    def test_dry_run_says_ready_when_nothing_blocks(self):
        self._add_receipt(self.batch, 100.0)
        self._add_receipt(self.batch, 200.0)
        result = self.batch.with_user(self.clerk).action_check_close()
        self.assertEqual(result["params"]["type"], "success")

    def test_receipt_in_a_locked_period_rolls_the_close_back(self):
        invoice = self._invoice(self.partner_a, 100.0)
        good = self._add_receipt(self.batch, 100.0)
        late = self._add_receipt(self.batch, 50.0, date="2025-12-31", memo="CHQ OLD")
        self.env.company.fiscalyear_lock_date = "2025-12-31"
        with self._assert_refused(
            UserError, "CHQ OLD / 50.0 is dated 12/31/2025, in a period locked"
        ):
            self._close(self.batch)
        self.assertEqual(self.batch.state, "open")
        self.assertEqual((good | late).mapped("state"), ["draft", "draft"])
        self.assertFalse((good | late).move_id)
        self._assert_invoice(invoice, 100.0, "not_paid")

    def test_failure_while_posting_leaves_everything_unchanged(self):
        invoice = self._invoice(self.partner_a, 100.0)
        receipt = self._add_receipt(self.batch, 100.0)
        Line = type(self.env["account.move.line"])
        with (
            patch.object(
                Line, "_reconcile_plan", side_effect=UserError("reconcile failed")
            ),
            self._assert_refused(UserError, "reconcile failed"),
        ):
            self._close(self.batch)
        self.assertEqual(self.batch.state, "open")
        self.assertEqual(receipt.state, "draft")
        self.assertFalse(receipt.move_id)
        self.assertEqual(receipt.allocation_ids.state, "planned")
        self._assert_invoice(invoice, 100.0, "not_paid")

    def test_post_on_close_off_leaves_the_posting_to_the_accountant(self):
        self.batch_type.post_on_close = False
        invoice = self._invoice(self.partner_a, 100.0)
        receipt = self._add_receipt(self.batch, 100.0)
        self._close(self.batch)
        self.assertEqual(receipt.state, "draft")
        self._assert_invoice(invoice, 100.0, "not_paid")
        receipt.with_user(self.accountant).action_post()
        self.assertEqual(receipt.state, "paid")
        self._assert_invoice(invoice, 0.0, "paid")

    def test_miscellaneous_receipt_goes_to_its_account_without_partner(self):
        income = self.company_data["default_account_revenue"]
        receipt = self._add_receipt(
            self.batch,
            75.0,
            partner=self.env["res.partner"],
            batch_receipt_kind="miscellaneous",
            batch_account_id=income.id,
        )
        self.assertFalse(receipt.batch_is_suspense)
        self.assertFalse(receipt.allocation_ids)
        self._close(self.batch)
        line = receipt.move_id.line_ids.filtered(lambda li: li.account_id == income)
        self.assertEqual(line.balance, -75.0)
        self.assertFalse(line.partner_id)

    def test_insurer_refund_goes_to_the_chosen_account(self):
        payable = self.company_data["default_account_payable"]
        receipt = self._add_receipt(
            self.batch,
            40.0,
            partner=self.partner_b,
            batch_receipt_kind="insurer_refund",
            batch_account_id=payable.id,
        )
        self._close(self.batch)
        line = receipt.move_id.line_ids.filtered(lambda li: li.account_id == payable)
        self.assertEqual((line.balance, line.partner_id), (-40.0, self.partner_b))

    def test_pledge_is_an_invoice_posted_on_close(self):
        line = self.batch.line_ids[1]
        pledge = self.batch.with_user(self.clerk)._create_pledges(
            [{"partner_id": self.partner_b.id, "amount": 500.0, "line_id": line.id}]
        )
        self.assertEqual(line.entered_pledge_amount, 500.0)
        self.assertEqual(line.entered_payment_amount, 0.0)
        self.assertEqual(pledge.state, "draft")
        with self.assertRaisesRegex(UserError, "posted when the batch closes"):
            pledge.with_user(self.accountant).action_post()
        self._close(self.batch)
        self.assertEqual(pledge.state, "posted")
        self._assert_invoice(pledge, 500.0, "not_paid")

    def test_pledge_must_be_positive(self):
        with self._assert_refused(UserError, "pledge must be a positive amount"):
            self.batch.with_user(self.clerk)._create_pledges(
                [
                    {
                        "partner_id": self.partner_b.id,
                        "amount": 0.0,
                        "line_id": self.batch.line_ids[0].id,
                    }
                ]
            )
        self.assertFalse(self.batch.pledge_ids)


@tagged("post_install", "-at_install")
class TestSuspense(PaymentBatchCommon):
    def test_unknown_payer_goes_to_suspense_with_a_warning_and_is_reassigned(self):
        batch = self._open_batch()
        invoice = self._invoice(self.partner_a, 90.0)
        receipt = self._add_receipt(
            batch, 90.0, partner=self.env["res.partner"], memo="CHQ ??"
        )
        self.assertTrue(receipt.batch_is_suspense)
        self.assertEqual(batch.suspense_count, 1)
        result = self._close(batch)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn(
            "Receipt allocation exists on a suspense account",
            result["params"]["message"],
        )
        suspense_line = receipt.move_id.line_ids.filtered(
            lambda li: li.account_id == self.suspense_account
        )
        self.assertEqual(suspense_line.balance, -90.0)

        receipt.with_user(self.closer).action_open_reassign_wizard()
        wizard = (
            self.env["account.payment.batch.reassign"]
            .with_user(self.closer)
            .create(
                {
                    "payment_id": receipt.id,
                    "partner_id": self.partner_a.id,
                    "move_line_id": self._receivable(invoice).id,
                }
            )
        )
        wizard.action_reassign()
        self.assertFalse(receipt.batch_is_suspense)
        self.assertTrue(suspense_line.reconciled)
        invoice.invalidate_recordset(["amount_residual"])
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(
            any(
                "reassigned to partner_a" in body
                for body in batch.message_ids.mapped("body")
            )
        )

    def test_reassign_refused_for_a_receipt_not_in_suspense(self):
        batch = self._open_batch(cheques=(1, 10.0))
        receipt = self._add_receipt(batch, 10.0)
        self._close(batch)
        with self.assertRaisesRegex(UserError, "is not in suspense"):
            receipt.with_user(self.closer)._batch_reassign(self.partner_b)

    def test_reassign_needs_the_close_right(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 10.0, partner=self.env["res.partner"])
        self._close(batch)
        with self.assertRaisesRegex(AccessError, "not allowed to reassign receipts"):
            receipt.with_user(self.clerk)._batch_reassign(self.partner_b)
        self.assertTrue(receipt.batch_is_suspense)
