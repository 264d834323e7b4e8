from odoo import Command
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestAccountBalanceReceipts(PaymentBatchCommon):
    """Seed 004: On Account Balance, Applied Amount, Remaining On Account Balance."""

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
        # The customer paid 100.00 on account earlier.
        earlier = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(earlier, 100.0)
        self._close(earlier)
        self.credit = earlier.payment_ids.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def _balance_batch(self):
        batch = self._create_batch(batch_type_id=self.balance_type.id)
        batch.with_user(self.supervisor).action_open()
        return batch

    def _use_credit(self, receipt, amount):
        return (
            self.env["account.payment.allocation"]
            .with_user(self.clerk)
            .create(
                {
                    "payment_id": receipt.id,
                    "move_line_id": self.credit.id,
                    "amount": amount,
                }
            )
        )

    def _figures(self, receipt):
        receipt.invalidate_recordset()
        return (
            receipt.batch_on_account_balance,
            receipt.batch_applied_amount,
            receipt.batch_remaining_balance,
        )

    def test_balance_applied_and_remaining_follow_the_allocations(self):
        invoice = self._invoice(self.partner_a, 80.0)
        receipt = self._add_receipt(self._balance_batch(), 0.0)
        self.assertEqual(self._figures(receipt), (100.0, 0.0, 100.0))
        self._allocate(receipt, invoice, 80.0)
        self._use_credit(receipt, 80.0)
        self.assertEqual(self._figures(receipt), (100.0, 80.0, 20.0))
        receipt.allocation_ids.filtered(lambda a: not a.is_credit).with_user(
            self.clerk
        ).amount = 50.0
        self.assertEqual(self._figures(receipt), (100.0, 50.0, 50.0))

    def test_credit_other_batches_plan_is_not_available(self):
        other = self._add_receipt(self._balance_batch(), 0.0)
        self._use_credit(other, 15.0)
        receipt = self._add_receipt(self._balance_batch(), 0.0)
        self.assertEqual(self._figures(receipt), (85.0, 0.0, 85.0))
        # A receipt of another kind of batch shows none of it.
        cash = self._add_receipt(self._open_batch(cheques=(1, 5.0)), 5.0)
        self.assertEqual(self._figures(cash), (0.0, 0.0, 0.0))
