from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestCorrections(PaymentBatchCommon):
    def setUp(self):
        super().setUp()
        self.invoice = self._invoice(self.partner_a, 100.0)
        self.batch = self._open_batch()
        self.receipt = self._add_receipt(self.batch, 100.0, memo="CHQ 9")
        self._close(self.batch)

    def test_correction_reverses_the_receipt_and_reenters_it(self):
        self.invoice.invalidate_recordset(["amount_residual"])
        self.assertEqual(self.invoice.amount_residual, 0.0)
        new_batch = self._open_batch()
        wizard = (
            self.env["account.payment.batch.correction"]
            .with_user(self.closer)
            .create(
                {
                    "payment_id": self.receipt.id,
                    "reason": "wrong customer",
                    "reenter_batch_id": new_batch.id,
                }
            )
        )
        wizard.action_correct()
        self.assertEqual(self.receipt.state, "canceled")
        self.assertEqual(self.receipt.allocation_ids.state, "reversed")
        self.invoice.invalidate_recordset(["amount_residual", "payment_state"])
        self.assertEqual(self.invoice.amount_residual, 100.0)
        self.assertEqual(self.invoice.payment_state, "not_paid")
        reversal = self.env["account.move"].search(
            [("reversed_entry_id", "=", self.receipt.move_id.id)]
        )
        self.assertEqual(reversal.state, "posted")
        copy = new_batch.payment_ids
        self.assertEqual(
            (copy.amount, copy.partner_id, copy.memo), (100.0, self.partner_a, "CHQ 9")
        )
        self.assertEqual(copy.allocation_ids.move_id, self.invoice, "matched again")
        self.assertTrue(
            any("wrong customer" in b for b in self.batch.message_ids.mapped("body"))
        )
        self.assertTrue(
            any("wrong customer" in b for b in new_batch.message_ids.mapped("body"))
        )

    def test_correction_needs_the_close_right(self):
        with self.assertRaisesRegex(AccessError, "not allowed to correct receipts"):
            self.receipt.with_user(self.clerk)._batch_correct("no right")
        self.assertEqual(self.receipt.state, "paid")

    def test_only_posted_receipts_of_closed_batches_are_corrected(self):
        open_batch = self._open_batch()
        draft = self._add_receipt(open_batch, 10.0)
        with self.assertRaisesRegex(
            UserError, "is not a posted receipt of a closed batch"
        ):
            draft.with_user(self.closer)._batch_correct("too early")
