from odoo import fields
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestOutstandingAccount(PaymentBatchCommon):
    """Batch receipts get the outstanding account Odoo gives any payment."""

    def _plain_payment(self, method_line):
        return self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": 10.0,
                "date": fields.Date.today(),
                "journal_id": self.bank_journal.id,
                "payment_method_line_id": method_line.id,
            }
        )

    def test_fallback_account_is_the_one_odoo_writes(self):
        batch = self._open_batch()
        method_line = self.bank_journal.inbound_payment_method_line_ids[0]
        method_line.payment_account_id = False
        receipt = self._add_receipt(batch, 10.0, payment_method_line_id=method_line.id)
        plain = self._plain_payment(method_line)
        self.assertTrue(plain.outstanding_account_id)
        self.assertEqual(receipt.outstanding_account_id, plain.outstanding_account_id)

    def test_method_account_wins(self):
        batch = self._open_batch()
        method_line = self.bank_journal.inbound_payment_method_line_ids[0]
        account = self.env["account.account"].create(
            {
                "name": "Cheques to deposit",
                "code": "101990",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        method_line.payment_account_id = account
        receipt = self._add_receipt(batch, 10.0, payment_method_line_id=method_line.id)
        self.assertEqual(receipt.outstanding_account_id, account)
        self.assertEqual(
            self._plain_payment(method_line).outstanding_account_id, account
        )
