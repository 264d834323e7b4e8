from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestUi(PaymentBatchCommon, HttpCase):
    def test_lifecycle_tour(self):
        tour_type = self.env["account.payment.batch.type"].create(
            {
                "name": "Tour Receipts",
                "journal_id": self.bank_journal.id,
                "line_type_ids": [Command.create({"name": "Tour Cheques"})],
            }
        )
        self.env["account.payment.batch"].create(
            {"batch_type_id": tour_type.id, "reference": "Tour lockbox"}
        )
        self.start_tour(
            "/odoo/action-account_payment_batch.action_account_payment_batch",
            "account_payment_batch_lifecycle_tour",
            login=self.supervisor.login,
        )
        batch = self.env["account.payment.batch"].search(
            [("batch_type_id", "=", tour_type.id), ("state", "=", "open")]
        )
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.opened_by_id, self.supervisor)
        self.assertEqual(batch.line_ids.corrected_payment_amount, 150.0)
