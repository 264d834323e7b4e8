from datetime import date

from odoo.tests import HttpCase, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestUiCloseConfirm(PaymentBatchCommon, HttpCase):
    def test_close_confirmation_tour(self):
        """In the browser, Close asks "Post 3 receipts for $ 1,234.00?" first."""
        batch = self._create_batch(date_received=date(2026, 3, 2))
        self._set_recorded(batch, cheques=(3, 1234.0))
        batch.with_user(self.supervisor).action_open()
        for amount in (400.0, 500.0, 334.0):
            self._add_receipt(batch, amount)
        self.start_tour(
            f"/odoo/action-account_payment_batch.action_account_payment_batch/{batch.id}",
            "account_payment_batch_close_confirm_tour",
            login=self.closer.login,
        )
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertNotIn("draft", batch.payment_ids.mapped("state"))
        self.assertEqual(
            batch.payment_ids.mapped("batch_received_date"), [date(2026, 3, 2)] * 3
        )
