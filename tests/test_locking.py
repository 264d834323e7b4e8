from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestLocking(PaymentBatchCommon):
    def _closed_batch(self):
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        return batch, receipt

    def test_closed_batch_fields_are_locked(self):
        batch, _receipt = self._closed_batch()
        with self.assertRaisesRegex(UserError, "is Closed and locked"):
            batch.with_user(self.clerk).reference = "changed"
        self.assertFalse(batch.reference)

    def test_closed_batch_lines_are_locked(self):
        batch, _receipt = self._closed_batch()
        with self.assertRaisesRegex(UserError, "is Closed and locked"):
            batch.line_ids[0].with_user(self.clerk).corrected_payment_amount = 5.0
        with self.assertRaisesRegex(UserError, "is Closed and locked"):
            batch.line_ids[1].with_user(self.clerk).unlink()
        with self.assertRaisesRegex(UserError, "is Closed and locked"):
            self.env["account.payment.batch.line"].with_user(self.clerk).create(
                {"batch_id": batch.id, "line_type_id": self.line_type_cash.id}
            )
        self.assertEqual(batch.line_ids[0].corrected_payment_amount, 100.0)

    def test_receipt_of_closed_batch_cannot_change(self):
        batch, receipt = self._closed_batch()
        with self.assertRaisesRegex(
            UserError, r"which is Closed: it can only be changed"
        ):
            receipt.with_user(self.clerk).amount = 90.0
        with self.assertRaisesRegex(
            UserError, r"which is Closed: it can only be changed"
        ):
            receipt.with_user(self.accountant).action_draft()
        with self.assertRaisesRegex(
            UserError, r"which is Closed: it can only be changed"
        ):
            receipt.with_user(self.accountant).unlink()
        self.assertEqual(receipt.amount, 100.0)
        self.assertEqual(receipt.state, "in_process")

    def test_no_receipt_added_to_closed_batch(self):
        batch, _receipt = self._closed_batch()
        with self.assertRaisesRegex(UserError, "is Closed: no receipt can be added"):
            self._add_receipt(batch, 5.0)
        other = self._open_batch()
        moved = self._add_receipt(other, 5.0, line=other.line_ids[0])
        with self.assertRaisesRegex(UserError, "is Closed: no receipt can be added"):
            moved.with_user(self.clerk).write(
                {"batch_id": batch.id, "batch_line_id": batch.line_ids[0].id}
            )

    def test_receipt_of_draft_batch_cannot_be_edited_or_deleted(self):
        batch = self._create_batch()
        receipt = self._add_receipt(batch, 10.0)
        with self.assertRaisesRegex(
            UserError, "which is Draft: it can only be changed"
        ):
            receipt.with_user(self.clerk).amount = 20.0
        with self.assertRaisesRegex(
            UserError, "which is Draft: it can only be changed"
        ):
            receipt.with_user(self.clerk).unlink()
        self.assertEqual(receipt.amount, 10.0)

    def test_receipt_of_open_batch_can_be_edited_and_deleted(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 10.0)
        receipt.with_user(self.clerk).amount = 20.0
        self.assertEqual(batch.line_ids[0].entered_payment_amount, 20.0)
        receipt.with_user(self.clerk).unlink()
        self.assertEqual(batch.line_ids[0].entered_payment_count, 0)

    def test_receipt_of_open_batch_cannot_be_posted_alone(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 10.0)
        with self.assertRaisesRegex(UserError, "posted when the batch closes"):
            receipt.with_user(self.accountant).action_post()
        self.assertEqual(receipt.state, "draft")

    def test_receipt_line_must_belong_to_its_batch(self):
        batch = self._open_batch()
        other = self._open_batch()
        with self.assertRaisesRegex(UserError, "belongs to batch"):
            self._add_receipt(batch, 10.0, line=other.line_ids[0])

    def test_payment_form_links_to_its_batch(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 10.0)
        action = receipt.with_user(self.clerk).action_open_batch()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (batch._name, batch.id)
        )
        self.assertEqual(
            self.env["account.payment"]
            .with_user(self.clerk)
            .search([("batch_id", "=", batch.id)]),
            receipt,
        )

    def test_archived_closed_batch_stays_locked(self):
        batch, _receipt = self._closed_batch()
        batch.with_user(self.clerk).action_archive()
        with self.assertRaisesRegex(UserError, "is Closed and locked"):
            batch.with_user(self.clerk).date_received = "2020-01-01"


@tagged("post_install", "-at_install")
class TestDuplicates(PaymentBatchCommon):
    def test_same_payer_reference_and_amount_is_flagged_across_batches(self):
        first_batch = self._open_batch()
        first = self._add_receipt(first_batch, 100.0, memo="CHQ 100231")
        second_batch = self._open_batch()
        twin = self._add_receipt(second_batch, 100.0, memo=" chq-100231 ")
        other_amount = self._add_receipt(second_batch, 101.0, memo="CHQ 100231")
        other_payer = self._add_receipt(
            second_batch, 100.0, memo="CHQ 100231", partner=self.partner_b
        )
        self.assertEqual(twin.batch_duplicate_ids, first)
        self.assertEqual(first.batch_duplicate_ids, twin)
        self.assertFalse(other_amount.batch_duplicate_ids)
        self.assertFalse(other_payer.batch_duplicate_ids)

    def test_receipts_of_cancelled_batches_are_not_duplicates(self):
        cancelled = self._open_batch()
        self._add_receipt(cancelled, 100.0, memo="CHQ 7")
        cancelled.with_user(self.canceller).action_cancel()
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0, memo="CHQ 7")
        self.assertFalse(receipt.batch_duplicate_ids)
