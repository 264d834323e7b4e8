from odoo import fields
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestBatchLinks(PaymentBatchCommon):
    """The batch form's smart buttons: allocations, journal entries, bank line."""

    def test_allocations_entries_and_bank_line(self):
        first = self._invoice(self.partner_a, 120.0)
        second = self._invoice(self.partner_a, 80.0)
        batch = self._open_batch(cheques=(2, 200.0))
        receipts = self._add_receipt(
            batch, 120.0, memo="CHQ 1", batch_invoice_number=first.name
        ) | self._add_receipt(
            batch, 80.0, memo="CHQ 2", batch_invoice_number=second.name
        )
        seen = batch.with_user(self.clerk)
        self.assertEqual(
            (seen.allocation_count, seen.entry_count, seen.bank_line_count), (2, 0, 0)
        )
        action = seen.action_view_allocations()
        self.assertEqual(
            self.env["account.payment.allocation"].search(action["domain"]),
            receipts.allocation_ids,
        )
        self.assertEqual(action["context"]["group_by"], "payment_id")

        self._close(batch)
        batch.invalidate_recordset()
        self.assertEqual(batch.entry_count, 2)
        action = batch.with_user(self.accountant).action_view_entries()
        self.assertEqual(
            self.env["account.move"].search(action["domain"]), receipts.move_id
        )

        depositor = self._user("links_depositor", "deposit")
        deposit = batch.with_user(depositor)._prepare_deposit(
            self.bank_journal, fields.Date.today(), 200.0
        )
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": fields.Date.today(),
                "payment_ref": f"DEPOSIT {deposit.name}",
                "amount": 200.0,
            }
        )
        self.assertEqual(deposit.statement_line_id, st_line, "matched on arrival")
        batch.invalidate_recordset()
        self.assertEqual(batch.bank_line_count, 1)
        action = batch.with_user(self.clerk).action_view_bank_lines()
        self.assertEqual(action["domain"], [("id", "in", st_line.ids)])

    def test_counts_are_per_batch(self):
        invoice = self._invoice(self.partner_a, 50.0)
        batch = self._open_batch(cheques=(1, 50.0))
        self._add_receipt(batch, 50.0, batch_invoice_number=invoice.name)
        other = self._open_batch(cheques=(1, 10.0))
        self._add_receipt(other, 10.0)
        self.assertEqual(
            (batch + other).mapped("allocation_count"), [1, 0], "per batch"
        )

    def test_receipts_button_lists_them_with_reference_and_match(self):
        invoice = self._invoice(self.partner_a, 120.0)
        batch = self._open_batch(cheques=(1, 120.0))
        receipt = self._add_receipt(
            batch, 120.0, memo="CHQ 9", batch_invoice_number=invoice.name
        )
        action = batch.with_user(self.clerk).action_view_payments()
        self.assertEqual(self.env["account.payment"].search(action["domain"]), receipt)
        view_id = {kind: view for view, kind in action["views"]}["list"]
        arch = (
            self.env["account.payment"]
            .with_user(self.clerk)
            .get_views([(view_id, "list")])["views"]["list"]["arch"]
        )
        for column in ("memo", "batch_invoice_number", "batch_match_status", "amount"):
            self.assertIn(f'name="{column}"', arch)
        self.assertEqual(receipt.with_user(self.clerk).batch_match_status, "matched")
