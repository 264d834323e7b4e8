from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestDistributedPayments(PaymentBatchCommon):
    """Seed 002: a third-party cheque's shares appear on each customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Veterans Affairs", "is_company": True}
        )
        cls.patient = cls.env["res.partner"].create({"name": "Patient Two"})

    def _third_party_batch(self):
        invoice_a = self._invoice(self.partner_a, 100.0)
        invoice_b = self._invoice(self.patient, 200.0)
        batch = self._open_batch(cheques=(1, 300.0))
        cheque = self._add_receipt(
            batch,
            300.0,
            partner=self.insurer,
            memo="VA-CHQ-7781",
            batch_is_third_party=True,
        )
        self._allocate(cheque, invoice_a, 100.0)
        self._allocate(cheque, invoice_b, 200.0)
        return batch, cheque, invoice_a, invoice_b

    def test_each_customer_sees_its_share(self):
        batch, cheque, invoice_a, _invoice_b = self._third_party_batch()
        self._close(batch)
        partner_a = self.partner_a.with_user(self.clerk)
        self.assertEqual(partner_a.batch_share_count, 1)
        self.assertEqual(self.patient.with_user(self.clerk).batch_share_count, 1)
        self.assertEqual(self.insurer.with_user(self.clerk).batch_share_count, 0)
        action = partner_a.action_view_batch_shares()
        shares = (
            self.env["account.payment.allocation"]
            .with_user(self.clerk)
            .search(action["domain"])
        )
        self.assertEqual(len(shares), 1)
        self.assertEqual(shares.partner_id, self.partner_a)
        self.assertEqual(shares.amount, 100.0)
        self.assertEqual(shares.payment_memo, "VA-CHQ-7781")
        self.assertEqual(shares.batch_id, batch)
        self.assertEqual(shares.payment_payer_id, self.insurer)
        self.assertEqual(shares.move_id, invoice_a)

    def test_ledgers_show_the_shares_and_the_bank_the_cheque_once(self):
        batch, cheque, _invoice_a, _invoice_b = self._third_party_batch()
        self._close(batch)
        lines = cheque.move_id.line_ids
        receivable = lines.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(
            sorted((line.partner_id.name, line.balance) for line in receivable),
            sorted([(self.partner_a.name, -100.0), (self.patient.name, -200.0)]),
        )
        bank_side = lines - receivable
        self.assertEqual(bank_side.mapped("balance"), [300.0])
        # The partner ledger of each customer holds its share, once.
        for partner, share in ((self.partner_a, -100.0), (self.patient, -200.0)):
            ledger = self.env["account.move.line"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("move_id", "=", cheque.move_id.id),
                ]
            )
            self.assertEqual(ledger.mapped("balance"), [share])

    def test_add_to_batch_starts_a_receipt_of_the_customer(self):
        batch = self._open_batch(cheques=(1, 75.0))
        action = self.partner_a.with_user(self.clerk).action_add_to_batch()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.clerk)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(wizard.batch_id, batch)
        receipt_action = wizard.action_continue()
        with Form(
            self.env["account.payment"]
            .with_user(self.clerk)
            .with_context(receipt_action["context"])
        ) as form:
            form.amount = 75.0
            form.memo = "CHQ-55"
        receipt = form.record
        self.assertEqual(receipt.batch_id, batch)
        self.assertEqual(receipt.partner_id, self.partner_a)
        self.assertEqual(receipt.batch_line_id, batch.line_ids[0])
        self.assertIn(receipt, batch.payment_ids)

    def test_add_to_batch_refuses_a_closed_batch(self):
        batch = self._open_batch(cheques=(0, 0.0))
        self._close(batch)
        wizard = (
            self.env["account.payment.batch.add.receipt"]
            .with_user(self.clerk)
            .create({"partner_id": self.partner_a.id, "batch_id": batch.id})
        )
        with self._assert_refused(UserError, "is not an open cash receipt batch"):
            wizard.action_continue()
