from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestAccountBalancePairs(PaymentBatchCommon):
    """Seed 004: one row per on-account receipt and invoice, amounts entered by hand."""

    def setUp(self):
        super().setUp()
        self.balance_type = self.env["account.payment.batch.type"].create(
            {
                "name": "Account balance",
                "kind": "account_balance",
                "journal_id": self.bank_journal.id,
                "line_type_ids": [Command.create({"name": "On account"})],
            }
        )
        # The customer paid 100.00 and 60.00 on account earlier.
        earlier = self._open_batch(cheques=(2, 160.0))
        self._add_receipt(earlier, 100.0, memo="R100")
        self._add_receipt(earlier, 60.0, memo="R60")
        self._close(earlier)
        credits = earlier.payment_ids.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.credit_100 = credits.filtered(lambda line: line.balance == -100.0)
        self.credit_60 = credits.filtered(lambda line: line.balance == -60.0)
        self.invoice_80 = self._invoice(self.partner_a, 80.0)
        self.invoice_70 = self._invoice(self.partner_a, 70.0)
        self.batch = self._create_batch(batch_type_id=self.balance_type.id)
        self.batch.with_user(self.supervisor).action_open()
        self.receipt = self._add_receipt(self.batch, 0.0, memo="AB 1")

    def _add_invoice(self, invoice, credits=None):
        """The receipt form's Add Invoice, as the clerk: one row per ticked credit."""
        wizard = Form(
            self.env["account.payment.balance.pair.add"]
            .with_user(self.clerk)
            .with_context(default_payment_id=self.receipt.id)
        )
        wizard.invoice_line_id = self._receivable(invoice)
        if credits is not None:
            wizard.credit_line_ids.clear()
            for line in credits:
                wizard.credit_line_ids.add(line)
        wizard.save().action_add()

    def _pair(self, invoice, credit):
        return self.receipt.batch_balance_pair_ids.filtered(
            lambda p: p.invoice_id == invoice and p.credit_line_id == credit
        )

    def _set(self, invoice, credit, amount):
        self._pair(invoice, credit).with_user(self.clerk).amount = amount

    def _planned(self):
        return {
            allocation.move_line_id: allocation.amount
            for allocation in self.receipt.allocation_ids
        }

    def test_rows_per_credit_and_invoice_pay_what_the_clerk_enters(self):
        self._add_invoice(self.invoice_80)
        pairs = self.receipt.batch_balance_pair_ids
        self.assertEqual(len(pairs), 2, "one row per usable on-account receipt")
        self.assertEqual(pairs.mapped("amount"), [0.0, 0.0], "amounts start at zero")
        self.assertEqual(sorted(pairs.mapped("credit_balance")), [60.0, 100.0])
        self.assertFalse(self.receipt.allocation_ids, "zero rows book nothing")
        self._set(self.invoice_80, self.credit_100, 50.0)
        self._set(self.invoice_80, self.credit_60, 30.0)
        self._add_invoice(self.invoice_70, credits=self.credit_100)
        self._set(self.invoice_70, self.credit_100, 50.0)
        self.assertEqual(
            self._planned(),
            {
                self._receivable(self.invoice_80): 80.0,
                self._receivable(self.invoice_70): 50.0,
                self.credit_100: 100.0,
                self.credit_60: 30.0,
            },
        )
        self.receipt.invalidate_recordset()
        self.assertEqual(
            (
                self.receipt.batch_on_account_balance,
                self.receipt.batch_applied_amount,
                self.receipt.batch_remaining_balance,
            ),
            (160.0, 130.0, 30.0),
        )
        # Lowering a row lowers what is booked against both its items.
        self._set(self.invoice_70, self.credit_100, 20.0)
        self.assertEqual(self._planned()[self.credit_100], 70.0)
        self.assertEqual(self._planned()[self._receivable(self.invoice_70)], 20.0)

        self._close(self.batch)
        self.env.invalidate_all()
        self.assertEqual(self.invoice_80.amount_residual, 0.0)
        self.assertEqual(self.invoice_70.amount_residual, 50.0)
        self.assertEqual(self.credit_100.amount_residual, -30.0)
        self.assertEqual(self.credit_60.amount_residual, -30.0)
        self.assertFalse(
            self.receipt.move_id.line_ids.filtered(
                lambda line: line.account_id == self.receipt.outstanding_account_id
            ),
            "no money moved: no bank line",
        )

    def test_a_row_above_the_credit_is_refused_with_both_amounts(self):
        self._add_invoice(self.invoice_80, credits=self.credit_60)
        self._add_invoice(self.invoice_70, credits=self.credit_60)
        self._set(self.invoice_80, self.credit_60, 40.0)
        with self._assert_refused(
            ValidationError,
            r"Receipt .*AB 1.* applies 70.0 of on-account credit .*, which holds "
            r"only 60.0",
        ):
            self._set(self.invoice_70, self.credit_60, 30.0)
        self.assertEqual(self._pair(self.invoice_70, self.credit_60).amount, 0.0)
        self.assertEqual(self._planned()[self.credit_60], 40.0)

    def test_a_row_above_the_invoice_is_refused(self):
        self._add_invoice(self.invoice_70, credits=self.credit_100)
        with self._assert_refused(
            ValidationError,
            r"applies 75.0 to invoice .*, which has only 70.0 outstanding",
        ):
            self._set(self.invoice_70, self.credit_100, 75.0)
        self.assertFalse(self.receipt.allocation_ids)

    def test_credit_another_batch_plans_is_not_offered_twice(self):
        other = self._add_receipt(
            self.env["account.payment.batch"]
            .with_user(self.clerk)
            .create({"batch_type_id": self.balance_type.id}),
            0.0,
        )
        other.batch_id.with_user(self.supervisor).action_open()
        self.receipt, mine = other, self.receipt
        self._add_invoice(self.invoice_70, credits=self.credit_60)
        self._set(self.invoice_70, self.credit_60, 45.0)
        self.receipt = mine
        self._add_invoice(self.invoice_80, credits=self.credit_60)
        self.assertEqual(
            self._pair(self.invoice_80, self.credit_60).credit_balance, 15.0
        )
        with self._assert_refused(ValidationError, "which holds only 15.0"):
            self._set(self.invoice_80, self.credit_60, 20.0)

    def test_only_open_invoices_and_credits_of_the_customer_are_taken(self):
        paid = self._invoice(self.partner_a, 10.0)
        settle = self._open_batch(cheques=(1, 10.0))
        self._add_receipt(settle, 10.0, batch_invoice_number=paid.name)
        self._close(settle)
        credit_note = self._invoice(self.partner_a, 5.0, move_type="out_refund")
        other_customer = self._invoice(self.partner_b, 20.0)
        for invoice_line in (
            self._receivable(paid),
            self._receivable(credit_note),
            # partner_b's payment terms split the invoice: take its first item.
            self._receivable(other_customer)[:1],
        ):
            with self._assert_refused(ValidationError, "is not an open item of"):
                self.receipt.with_user(self.clerk).batch_balance_pair_ids = [
                    Command.create(
                        {
                            "invoice_line_id": invoice_line.id,
                            "credit_line_id": self.credit_60.id,
                        }
                    )
                ]
        self.assertFalse(self.receipt.batch_balance_pair_ids)

    def test_rows_only_in_account_balance_batches(self):
        cash_receipt = self._add_receipt(self._open_batch(cheques=(1, 5.0)), 5.0)
        with self._assert_refused(ValidationError, "only receipts of account-balance"):
            self.env["account.payment.balance.pair"].with_user(self.clerk).create(
                {
                    "payment_id": cash_receipt.id,
                    "invoice_line_id": self._receivable(self.invoice_80).id,
                    "credit_line_id": self.credit_60.id,
                }
            )

    def test_a_new_payer_clears_the_rows(self):
        self._add_invoice(self.invoice_80)
        self._set(self.invoice_80, self.credit_100, 80.0)
        self.receipt.with_user(self.clerk).partner_id = self.partner_b
        self.assertFalse(self.receipt.batch_balance_pair_ids)
        self.assertFalse(self.receipt.allocation_ids)

    def test_nothing_applied_stops_the_close(self):
        self._add_invoice(self.invoice_80)
        with self._assert_refused(
            UserError, "applies no on-account credit to an invoice"
        ):
            self._close(self.batch)
        self.assertEqual(self.batch.state, "open")


@tagged("post_install", "-at_install")
class TestAccountBalanceCurrency(PaymentBatchCommon):
    """Seed 004: an account-balance batch chooses its currency; no bank account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 0.8)])
        cls.balance_type = cls.env["account.payment.batch.type"].create(
            {
                "name": "Account balance, no journal",
                "kind": "account_balance",
                "line_type_ids": [Command.create({"name": "On account"})],
            }
        )

    def test_batch_chooses_its_currency_and_receipts_follow(self):
        batch = (
            self.env["account.payment.batch"]
            .with_user(self.clerk)
            .create({"batch_type_id": self.balance_type.id, "currency_id": self.eur.id})
        )
        self.assertEqual(batch.currency_id, self.eur)
        self.assertEqual(batch.journal_id.type, "bank", "a journal all the same")
        batch.with_user(self.supervisor).action_open()
        receipt = self._add_receipt(batch, 0.0)
        self.assertEqual(receipt.currency_id, self.eur)
        self.assertEqual(receipt.batch_method_label, "On Account Balance")
        self.assertEqual(
            batch._report_receipt_values(receipt)["method"], "On Account Balance"
        )
        with self._assert_refused(ValidationError, "already holds receipts in EUR"):
            batch.with_user(self.supervisor).currency_id = self.env.company.currency_id
        self.assertEqual(batch.currency_id, self.eur)

    def test_without_a_choice_the_company_currency(self):
        batch = self._create_batch(batch_type_id=self.balance_type.id)
        self.assertEqual(batch.currency_id, self.env.company.currency_id)

    def test_other_batches_keep_their_journal_currency(self):
        batch = self._create_batch()
        with self._assert_refused(ValidationError, "takes the currency of its journal"):
            batch.with_user(self.clerk).currency_id = self.eur
        cash = self._add_receipt(self._open_batch(cheques=(1, 5.0)), 5.0)
        self.assertEqual(cash.batch_method_label, cash.payment_method_line_id.name)
