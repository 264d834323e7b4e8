from odoo.tests import HttpCase, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestUiAddToBatch(PaymentBatchCommon, HttpCase):
    def test_add_to_batch_tour(self):
        family = self.env["res.partner"].create({"name": "Tour Family"})
        batch = self._open_batch(cheques=(1, 75.0))
        batch.assigned_to_id = self.clerk
        self.start_tour(
            f"/odoo/res.partner/{family.id}",
            "account_payment_batch_add_to_batch_tour",
            login=self.clerk.login,
        )
        receipt = batch.payment_ids
        self.assertEqual(
            (receipt.partner_id, receipt.amount, receipt.memo),
            (family, 75.0, "CHQ-ADD-1"),
        )
        self.assertEqual(receipt.state, "draft")
