from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestMatchStatus(PaymentBatchCommon):
    """The receipts list's badge: matched, partial, on account, unmatched, suspense."""

    def test_each_badge_and_the_duplicate_flag(self):
        invoice_100 = self._invoice(self.partner_a, 100.0)
        invoice_300 = self._invoice(self.partner_b, 300.0)
        batch = self._open_batch(cheques=(6, 1000.0))
        matched = self._add_receipt(batch, 100.0, batch_invoice_number=invoice_100.name)
        partial = self._add_receipt(
            batch, 120.0, partner=self.partner_b, batch_invoice_number=invoice_300.name
        )
        on_account = self._add_receipt(
            batch, 150.0, partner=self.partner_a, memo="CHQ 7"
        )
        unmatched = self._add_receipt(batch, 50.0, batch_invoice_number="INV/NOPE/1")
        suspense = self._add_receipt(
            batch, 30.0, partner=self.env["res.partner"], memo="CHQ 9"
        )
        twin = self._add_receipt(batch, 150.0, partner=self.partner_a, memo="CHQ 7")
        receipts = matched | partial | on_account | unmatched | suspense | twin
        receipts.invalidate_recordset()
        self.assertEqual(
            receipts.with_user(self.clerk).mapped("batch_match_status"),
            ["matched", "partial", "on_account", "unmatched", "suspense", "on_account"],
        )
        self.assertEqual(
            [bool(flag) for flag in receipts.mapped("batch_duplicate_flag")],
            [False, False, True, False, False, True],
        )
        # Allocating part of the on-account receipt leaves it on account; the
        # rest makes it matched.
        self._allocate(on_account, self._invoice(self.partner_a, 100.0), 100.0)
        on_account.invalidate_recordset()
        self.assertEqual(on_account.batch_match_status, "on_account")
        other_invoice = self._invoice(self.partner_a, 50.0)
        self._allocate(on_account, other_invoice, 50.0)
        on_account.invalidate_recordset()
        self.assertEqual(on_account.batch_match_status, "matched")

    def test_after_close_partial_stays_partial(self):
        invoice = self._invoice(self.partner_a, 300.0)
        batch = self._open_batch(cheques=(1, 120.0))
        receipt = self._add_receipt(batch, 120.0, batch_invoice_number=invoice.name)
        self._close(batch)
        receipt.invalidate_recordset()
        self.assertEqual(receipt.batch_match_status, "partial")
        self.assertEqual(invoice.amount_residual, 180.0)
