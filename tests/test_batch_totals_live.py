from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestBatchTotalsLive(PaymentBatchCommon):
    """The batch form's totals follow the receipts typed, before saving."""

    def test_totals_follow_receipts_typed_in_the_form(self):
        batch = self._open_batch(cheques=(2, 300.0))
        self._add_receipt(batch, 100.0, memo="CHQ 1")
        batch.invalidate_recordset()
        with Form(batch.with_user(self.clerk)) as form:
            self.assertEqual(form.amount_entered, 100.0)
            with form.payment_ids.new() as receipt:
                receipt.partner_id = self.partner_a
                receipt.amount = 150.0
                receipt.memo = "CHQ 2"
            # Not saved yet: the header and the line follow.
            self.assertEqual(form.amount_entered, 250.0)
            self.assertEqual(form.amount_difference, 50.0)
            self.assertEqual(form.payment_count, 2)
            with form.line_ids.edit(0) as cheques:
                self.assertEqual(cheques.entered_payment_amount, 250.0)
                self.assertEqual(cheques.entered_payment_count, 2)
                self.assertEqual(cheques.difference_payment_amount, 50.0)
            with form.payment_ids.edit(0) as first:
                first.amount = 90.0
            self.assertEqual(form.amount_entered, 240.0)
        # Saved: the stored receipts give the same figures.
        batch.invalidate_recordset()
        self.assertEqual(batch.amount_entered, 240.0)
        self.assertEqual(batch.payment_count, 2)
