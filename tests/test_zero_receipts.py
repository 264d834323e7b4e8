from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .import_common import ImportCommon, receipt_row, xlsx


@tagged("post_install", "-at_install")
class TestZeroReceipts(ImportCommon):
    """A receipt of 0.00 that settles an invoice with a credit note (seed 004)."""

    def _invoice_and_credit(self, partner, amount=100.0):
        invoice = self._invoice(partner, amount)
        credit = self._invoice(partner, amount, move_type="out_refund")
        return invoice, credit

    def test_zero_receipt_settles_an_invoice_with_a_credit_note(self):
        invoice, credit = self._invoice_and_credit(self.partner_a)
        batch = self._open_batch(cheques=(1, 0.0))
        receipt = self._add_receipt(batch, 0.0)
        # Auto-match takes the credit first, then the invoice with it.
        self.assertEqual(
            sorted(receipt.allocation_ids.mapped("signed_amount")), [-100.0, 100.0]
        )
        self.assertFalse(batch._get_close_problems())
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(credit.payment_state, "paid")
        lines = receipt.move_id.line_ids
        # No bank line: nothing went through the bank.
        self.assertFalse(
            lines.filtered(
                lambda line: (
                    line.account_id.account_type in ("asset_cash", "asset_current")
                )
            )
        )
        self.assertEqual(sorted(lines.mapped("balance")), [-100.0, 100.0])
        self.assertTrue(all(lines.mapped("reconciled")))

    def test_zero_receipt_with_nothing_allocated_is_refused_by_name(self):
        batch = self._open_batch(cheques=(1, 0.0))
        receipt = self._add_receipt(batch, 0.0, memo="CHQ-0")
        self.assertFalse(receipt.allocation_ids)
        with self._assert_refused(
            UserError,
            r"Receipt partner_a / CHQ-0 / 0.0: a receipt of 0.00 must allocate "
            r"invoices and credits of the same total, and allocates nothing",
        ):
            self._close(batch)
        self.assertEqual(batch.state, "open")
        self.assertEqual(receipt.state, "draft")

    def test_zero_receipt_that_does_not_net_to_zero_is_refused(self):
        invoice, credit = self._invoice_and_credit(self.partner_a)
        batch = self._open_batch(cheques=(1, 0.0))
        receipt = self._add_receipt(batch, 0.0)
        receipt.allocation_ids.filtered(lambda a: a.is_credit).with_user(
            self.clerk
        ).amount = 60.0
        problems = "\n".join(batch._get_close_problems())
        self.assertIn(
            "a receipt of 0.00 must net to zero, its allocations net", problems
        )

    def _import_with_a_netting_row(self, *other_rows):
        """Import a 0.00 row of Jane Importer, who has an invoice and a credit
        note of 100.00, followed by ``other_rows``, into the opened batch."""
        self._invoice_and_credit(self.payer_jane)
        self.batch.with_user(self.supervisor).action_open()
        return self._import(
            xlsx(
                [
                    receipt_row(0.0, payer="Jane Importer", reference="NET-0"),
                    *other_rows,
                ]
            )
        )

    def test_import_takes_a_zero_standard_row_and_refuses_other_zero_rows(self):
        wizard = self._import_with_a_netting_row(
            receipt_row(
                0.0,
                reference="MISC-0",
                kind="Miscellaneous",
                misc=self.misc_account.code,
            ),
            receipt_row(-5.0, payer="Jane Importer", reference="NEG"),
        )
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(wizard.rejected_count, 2)
        receipt = self.batch.payment_ids
        self.assertEqual(receipt.memo, "NET-0")
        self.assertEqual(
            sorted(receipt.allocation_ids.mapped("signed_amount")), [-100.0, 100.0]
        )
        self.assertIn(
            "Receipt Amount 0: only a standard receipt may be 0.00 (its invoices "
            "and credits net to zero)",
            wizard.result_html,
        )
        self.assertIn(
            "Receipt Amount -5: a receipt must be a positive", wizard.result_html
        )

    def test_empty_row_of_zero_without_payer_is_refused_when_saved(self):
        batch = self._open_batch(cheques=(1, 0.0))
        with self._assert_refused(
            ValidationError,
            r"A receipt of \$\xa00\.00 without a payer cannot be saved in batch "
            rf"{batch.name} \(line Cheques\).*discard the empty row",
        ):
            self._add_receipt(batch, 0.0, partner=self.env["res.partner"])
        self.assertFalse(batch.payment_ids)
        # A receipt of an unknown payer with an amount is kept (in suspense),
        # and it cannot be emptied to zero afterwards.
        receipt = self._add_receipt(
            batch, 40.0, partner=self.env["res.partner"], memo="CHQ ??"
        )
        self.assertTrue(receipt.batch_is_suspense)
        with self._assert_refused(ValidationError, "without a payer cannot be saved"):
            receipt.with_user(self.clerk).amount = 0.0
        self.assertEqual(receipt.amount, 40.0)

    def test_import_refuses_a_zero_row_without_payer_by_row(self):
        wizard = self._import_with_a_netting_row(
            receipt_row(0.0, payer="Nobody Known", reference="EMPTY-0")
        )
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 1))
        self.assertEqual(self.batch.payment_ids.memo, "NET-0")
        self.assertIn(
            "Receipt Amount 0.00 without a known payer: a receipt of zero only nets "
            "a payer's invoices against their credits",
            wizard.result_html,
        )
