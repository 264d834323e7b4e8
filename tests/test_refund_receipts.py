from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestRefundReceipts(PaymentBatchCommon):
    """Refund batches as seed 004 shows them: payee, on-account receipts."""

    def setUp(self):
        super().setUp()
        self.refund_type = self.env["account.payment.batch.type"].create(
            {
                "name": "Refunds",
                "kind": "refund",
                "journal_id": self.bank_journal.id,
                "line_type_ids": [Command.create({"name": "Refund cheques"})],
            }
        )
        self.finance = self.env["res.partner"].create(
            {"name": "Premium Finance Co", "is_company": True}
        )

    def _refund_batch(self):
        batch = self._create_batch(batch_type_id=self.refund_type.id)
        batch.with_user(self.supervisor).action_open()
        return batch

    def _refund(self, batch, amount, **vals):
        return self._add_receipt(batch, amount, payment_type="outbound", **vals)

    def _on_account_receipt(self, amount):
        """A receipt of the customer closed earlier with nothing to pay: on account."""
        earlier = self._open_batch(cheques=(1, amount))
        receipt = self._add_receipt(earlier, amount)
        self.assertFalse(receipt.allocation_ids)
        self._close(earlier)
        return receipt.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def test_refund_is_funded_by_the_customers_on_account_receipts(self):
        first = self._on_account_receipt(60.0)
        second = self._on_account_receipt(50.0)
        batch = self._refund_batch()
        refund = self._refund(batch, 80.0)
        # The full balance of each receipt, oldest first, up to the refund.
        self.assertEqual(
            [(a.move_line_id, a.amount) for a in refund.allocation_ids],
            [(first, 60.0), (second, 20.0)],
        )
        # Editable per receipt; more than a receipt holds is refused.
        refund.allocation_ids[1].with_user(self.clerk).amount = 10.0
        with self._assert_refused(ValidationError, "is over-allocated"):
            refund.allocation_ids[0].with_user(self.clerk).amount = 70.0
        refund.allocation_ids[1].with_user(self.clerk).amount = 20.0
        self._close(batch)
        self.assertTrue(first.reconciled)
        self.assertAlmostEqual(second.amount_residual, -30.0)

    def test_payee_receives_the_refund_of_the_customers_credit(self):
        credit_note = self._invoice(self.partner_a, 40.0, move_type="out_refund")
        batch = self._refund_batch()
        refund = self._refund(batch, 40.0, batch_payee_id=self.finance.id)
        self.assertEqual(refund.batch_paid_to_id, self.finance)
        self.assertEqual(refund.partner_id, self.partner_a)
        self.assertEqual(refund.allocation_ids.move_id, credit_note)
        row = batch.with_user(self.clerk)._report_values()["receipts"][0]
        self.assertEqual(row["payer"], "partner_a, paid to Premium Finance Co")
        self._close(batch)
        self.assertEqual(credit_note.payment_state, "paid")
        # Without a payee, the customer is paid.
        other = self._refund(self._refund_batch(), 10.0)
        self.assertEqual(other.batch_paid_to_id, self.partner_a)

    def test_payee_only_on_refunds(self):
        batch = self._open_batch(cheques=(1, 40.0))
        with self._assert_refused(ValidationError, "only refunds have a payee"):
            self._add_receipt(batch, 40.0, batch_payee_id=self.finance.id)
        self.assertFalse(batch.payment_ids)
