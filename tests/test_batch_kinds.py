from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestThirdPartyPayer(PaymentBatchCommon):
    def setUp(self):
        super().setUp()
        self.insurer = self.env["res.partner"].create({"name": "Mutual Insurer"})
        self.patients = self.env["res.partner"].create(
            [{"name": f"Patient {n}"} for n in range(3)]
        )
        self.invoices = [
            self._invoice(patient, amount)
            for patient, amount in zip(self.patients, (100.0, 200.0, 300.0))
        ]
        self.batch = self._open_batch()

    def _cheque(self, distributed):
        cheque = self._add_receipt(
            self.batch,
            600.0,
            partner=self.insurer,
            batch_is_third_party=True,
            memo="INS 77",
        )
        self.assertFalse(
            cheque.allocation_ids, "a third-party cheque is not auto-matched"
        )
        for invoice, amount in zip(self.invoices, distributed):
            self._allocate(cheque, invoice, amount)
        return cheque

    def test_cheque_is_distributed_over_customers_and_counted_once(self):
        cheque = self._cheque((100.0, 200.0, 300.0))
        self.assertEqual(self.batch.amount_entered, 600.0)
        self.assertEqual(self.batch.payment_count, 1)
        self._close(self.batch)
        bank_lines = cheque.move_id.line_ids.filtered(
            lambda line: line.account_id == cheque.outstanding_account_id
        )
        self.assertEqual(len(bank_lines), 1)
        self.assertEqual(bank_lines.balance, 600.0)
        receivable = cheque.move_id.line_ids - bank_lines
        self.assertEqual(
            sorted((line.partner_id.name, line.balance) for line in receivable),
            [("Patient 0", -100.0), ("Patient 1", -200.0), ("Patient 2", -300.0)],
        )
        self.assertFalse(
            receivable.filtered(lambda line: line.partner_id == self.insurer)
        )
        for invoice in self.invoices:
            invoice.invalidate_recordset(["amount_residual"])
            self.assertEqual(invoice.amount_residual, 0.0)

    def test_part_of_the_cheque_stays_on_account_for_one_customer(self):
        cheque = self._cheque((100.0, 200.0, 250.0))
        self.env["account.payment.allocation"].with_user(self.clerk).create(
            {"payment_id": cheque.id, "partner_id": self.patients[2].id, "amount": 50.0}
        )
        self._close(self.batch)
        on_account = cheque.move_id.line_ids.filtered(
            lambda line: line.partner_id == self.patients[2] and not line.reconciled
        )
        self.assertEqual(on_account.amount_residual, -50.0)
        self.invoices[2].invalidate_recordset(["amount_residual"])
        self.assertEqual(self.invoices[2].amount_residual, 50.0)

    def test_cheque_not_fully_distributed_blocks_the_close(self):
        self._cheque((100.0, 200.0, 250.0))
        with self.assertRaisesRegex(
            UserError, "distributes 550.00 of a third-party payment of 600.00"
        ):
            self._close(self.batch)
        self.assertEqual(self.batch.state, "open")


@tagged("post_install", "-at_install")
class TestRefundBatch(PaymentBatchCommon):
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
        self.batch = self._create_batch(batch_type_id=self.refund_type.id)
        self.batch.with_user(self.supervisor).action_open()

    def _refund(self, amount, **vals):
        return self._add_receipt(self.batch, amount, payment_type="outbound", **vals)

    def test_refund_pays_a_credit_note_and_counts_negative(self):
        self._invoice(self.partner_a, 70.0)
        credit_note = self._invoice(self.partner_a, 40.0, move_type="out_refund")
        refund = self._refund(40.0)
        self.assertEqual(refund.allocation_ids.move_id, credit_note)
        self.assertEqual(self.batch.line_ids.entered_payment_amount, -40.0)
        self._close(self.batch)
        credit_note.invalidate_recordset(["amount_residual"])
        self.assertEqual(credit_note.amount_residual, 0.0)

    def test_refund_cannot_pay_an_invoice(self):
        self.refund_type.auto_match = False
        invoice = self._invoice(self.partner_a, 70.0)
        refund = self._refund(70.0, memo="RF 1")
        self._allocate(refund, invoice, 70.0)
        with self.assertRaisesRegex(
            UserError, "RF 1 / 70.0: a refund can only pay credit notes"
        ):
            self._close(self.batch)


@tagged("post_install", "-at_install")
class TestAccountBalanceBatch(PaymentBatchCommon):
    def _balance_batch(self):
        """An open account-balance allocation batch."""
        balance_type = self.env["account.payment.batch.type"].create(
            {
                "name": "Account balance",
                "kind": "account_balance",
                "journal_id": self.bank_journal.id,
                "line_type_ids": [Command.create({"name": "On account"})],
            }
        )
        batch = self._create_batch(batch_type_id=balance_type.id)
        batch.with_user(self.supervisor).action_open()
        return batch

    def test_on_account_credit_pays_invoices(self):
        # A customer paid 100 on account earlier.
        earlier = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(earlier, 100.0)
        self._close(earlier)
        credit_line = earlier.payment_ids.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(credit_line.amount_residual, -100.0)

        invoice = self._invoice(self.partner_a, 80.0)
        batch = self._balance_batch()
        receipt = self._add_receipt(batch, 0.0)
        self.assertFalse(receipt.allocation_ids)
        self._allocate(receipt, invoice, 80.0)
        (
            self.env["account.payment.allocation"]
            .with_user(self.clerk)
            .create(
                {
                    "payment_id": receipt.id,
                    "move_line_id": credit_line.id,
                    "amount": 80.0,
                }
            )
        )
        self._close(batch)
        invoice.invalidate_recordset(["amount_residual"])
        self.assertEqual(invoice.amount_residual, 0.0)
        credit_line.invalidate_recordset(["amount_residual"])
        self.assertEqual(credit_line.amount_residual, -20.0)
        self.assertFalse(
            receipt.move_id.line_ids.filtered(
                lambda line: line.account_id == receipt.outstanding_account_id
            ),
            "no money moved: no bank line",
        )

    def test_allocation_above_the_available_credit_is_refused(self):
        invoice = self._invoice(self.partner_a, 80.0)
        batch = self._balance_batch()
        receipt = self._add_receipt(batch, 0.0, memo="AB 1")
        self._allocate(receipt, invoice, 80.0)
        with self.assertRaisesRegex(
            UserError, "allocates 80.00 to invoices but uses only 0.00"
        ):
            self._close(batch)
