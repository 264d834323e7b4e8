"""Deleting a batch that never posted, with its receipts, allocations and pledges."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestDelete(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depositor = cls._user("depositor", "deposit")
        cls.customer = cls.env["res.partner"].create({"name": "Deleting Customer"})

    def _filled_batch(self, batch):
        """Two receipts of ``batch``, each allocated to an invoice of its own."""
        invoices = self._invoice(self.customer, 100.0) | self._invoice(
            self.customer, 60.0
        )
        receipts = self._add_receipt(
            batch, 100.0, partner=self.customer
        ) | self._add_receipt(batch, 60.0, partner=self.customer)
        self.assertEqual(len(receipts.allocation_ids), 2, "auto-matched")
        self.assertEqual(receipts.allocation_ids.move_id, invoices)
        return receipts, invoices

    def _assert_gone(self, batch, receipts, others=()):
        entries = receipts.move_id
        allocations = receipts.allocation_ids
        lines = batch.line_ids
        batch.with_user(self.canceller).unlink()
        for records in (batch, lines, receipts, allocations, entries, *others):
            self.assertFalse(records.exists(), records)

    def test_clerk_deletes_an_empty_draft(self):
        batch = self._create_batch()
        batch.with_user(self.clerk).unlink()
        self.assertFalse(batch.exists())

    def test_draft_batch_deleted_with_receipts_and_allocations(self):
        batch = self._create_batch()
        receipts, invoices = self._filled_batch(batch)
        self._assert_gone(batch, receipts)
        self.assertEqual(invoices.mapped("amount_residual"), [100.0, 60.0])
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})

    def test_open_batch_deleted_with_receipts_allocations_and_pledge(self):
        batch = self._open_batch(cheques=(2, 160.0))
        receipts, invoices = self._filled_batch(batch)
        pledge = batch.with_user(self.clerk)._create_pledges(
            [
                {
                    "partner_id": self.partner_b.id,
                    "amount": 55.0,
                    "line_id": batch.line_ids[0].id,
                }
            ]
        )
        self.assertEqual(pledge.state, "draft")
        self._assert_gone(batch, receipts, others=(pledge,))
        self.assertEqual(invoices.mapped("amount_residual"), [100.0, 60.0])

    def test_closed_batch_refused_nothing_changed(self):
        batch = self._open_batch(cheques=(2, 160.0))
        receipts, _invoices = self._filled_batch(batch)
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        states = receipts.mapped("state")
        self.assertNotIn("draft", states)
        with self._assert_refused(
            UserError,
            rf"Batch {batch.name} is Closed: only draft and open batches can be "
            "deleted; archive it instead",
        ):
            batch.with_user(self.manager).unlink()
        self.assertTrue(batch.exists())
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.payment_ids, receipts)
        self.assertEqual(receipts.mapped("state"), states)
        self.assertEqual(set(receipts.allocation_ids.mapped("state")), {"posted"})
        # Archiving is the way to hide it.
        batch.with_user(self.clerk).action_archive()
        self.assertFalse(batch.active)

    def test_cancelled_batch_refused(self):
        batch = self._open_batch()
        batch.with_user(self.canceller).action_cancel()
        with self._assert_refused(UserError, "is Cancelled: .*archive it instead"):
            batch.with_user(self.canceller).unlink()
        self.assertTrue(batch.exists())

    def test_batch_with_a_posted_pledge_refused(self):
        batch = self._open_batch()
        pledge = batch.with_user(self.clerk)._create_pledges(
            [
                {
                    "partner_id": self.partner_b.id,
                    "amount": 55.0,
                    "line_id": batch.line_ids[0].id,
                }
            ]
        )
        pledge.with_context(batch_processing=True).action_post()
        with self._assert_refused(
            UserError, rf"{pledge.name} of batch {batch.name} is posted"
        ):
            batch.with_user(self.canceller).unlink()
        self.assertTrue(batch.exists())
        self.assertEqual(pledge.state, "posted")

    def test_batch_with_a_pending_deposit_refused_until_cancelled(self):
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._add_receipt(batch, 100.0, partner=self.customer)
        deposit = batch.with_user(self.depositor)._prepare_deposit(
            self.bank_journal, fields.Date.today(), 100.0
        )
        with self._assert_refused(
            UserError, rf"deposit {deposit.name}: cancel the deposit"
        ):
            batch.with_user(self.canceller).unlink()
        self.assertTrue(receipt.exists())
        deposit.with_user(self.depositor).action_cancel()
        batch.with_user(self.canceller).unlink()
        self.assertFalse(batch.exists())
        self.assertFalse(receipt.exists())
        self.assertFalse(deposit.exists())

    def test_without_the_cancel_right_access_error(self):
        draft = self._create_batch()
        receipt = self._add_receipt(draft, 10.0)
        with self._assert_refused(AccessError, "Cancel Batches"):
            draft.with_user(self.clerk).unlink()
        opened = self._open_batch()
        with self._assert_refused(AccessError, "Cancel Batches"):
            opened.with_user(self.clerk).unlink()
        with self._assert_refused(AccessError, "Cancel Batches"):
            opened.with_user(self.closer).action_open_delete_wizard()
        self.assertTrue(draft.exists())
        self.assertTrue(receipt.exists())
        self.assertTrue(opened.exists())

    def test_dialog_names_what_goes_and_deletes(self):
        batch = self._open_batch(cheques=(2, 160.0))
        receipts, _invoices = self._filled_batch(batch)
        action = batch.with_user(self.canceller).action_open_delete_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.canceller)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(
            wizard.message,
            f"Delete batch {batch.name} with its 2 receipts, 2 allocations and 0 "
            "pledges? This cannot be undone.",
        )
        result = wizard.action_confirm()
        self.assertFalse(batch.exists())
        self.assertFalse(receipts.exists())
        self.assertEqual(result["res_model"], "account.payment.batch")
        self.assertEqual(result["target"], "main")

    def test_dialog_counts_one_of_each_in_the_singular(self):
        batch = self._open_batch(cheques=(1, 10.0))
        self._invoice(self.partner_a, 10.0)
        receipt = self._add_receipt(batch, 10.0)
        self.assertEqual(len(receipt.allocation_ids), 1)
        wizard = (
            self.env["account.payment.batch.delete"]
            .with_user(self.canceller)
            .create({"batch_id": batch.id})
        )
        self.assertEqual(
            wizard.message,
            f"Delete batch {batch.name} with its 1 receipt, 1 allocation and 0 "
            "pledges? This cannot be undone.",
        )

    def test_dialog_refused_at_once_for_a_closed_batch(self):
        batch = self._open_batch(cheques=(1, 10.0))
        self._add_receipt(batch, 10.0)
        self._close(batch)
        with self._assert_refused(UserError, "archive it instead"):
            batch.with_user(self.canceller).action_open_delete_wizard()
