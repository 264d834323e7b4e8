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

    def test_receipt_entry_tour(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        invoice = self._invoice(customer, 120.0)
        batch = self._open_batch(cheques=(1, 200.0))
        self.start_tour(
            f"/odoo/action-account_payment_batch.action_account_payment_batch/{batch.id}",
            "account_payment_batch_receipt_tour",
            login=self.clerk.login,
        )
        receipt = batch.payment_ids
        self.assertEqual(
            (receipt.partner_id, receipt.amount, receipt.memo),
            (customer, 120.0, "CHQ 4711"),
        )
        self.assertEqual(receipt.batch_line_id, batch.line_ids[0])
        self.assertEqual(receipt.allocation_ids.move_id, invoice)
        self.assertEqual(receipt.state, "draft")

    def test_import_dialog_tour(self):
        importer = self._user("importer", "import")
        batch = self._open_batch()
        self.start_tour(
            f"/odoo/action-account_payment_batch.action_account_payment_batch/{batch.id}",
            "account_payment_batch_import_tour",
            login=importer.login,
        )
        self.assertFalse(batch.payment_ids)

    def test_deposit_tour(self):
        depositor = self._user("depositor", "deposit")
        batch = self._open_batch(cheques=(2, 350.0))
        self._add_receipt(batch, 200.0, memo="CHQ 301")
        self._add_receipt(batch, 150.0, memo="CHQ 302")
        self._close(batch)
        self.start_tour(
            f"/odoo/action-account_payment_batch.action_account_payment_batch/{batch.id}",
            "account_payment_batch_deposit_tour",
            login=depositor.login,
        )
        deposit = batch.deposit_ids
        self.assertEqual((deposit.name, deposit.amount), ("SLIP 77", 350.0))
        self.assertEqual(deposit.payment_ids, batch.payment_ids)
        self.assertEqual(batch.deposit_state, "deposited")
