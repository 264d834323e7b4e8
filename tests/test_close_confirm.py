"""Close asks to confirm, naming the receipts and pledges it will post."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PaymentBatchCommon


def plain(text):
    """``text`` with the no-break spaces of formatted amounts as plain spaces."""
    return text.replace("\xa0", " ")


@tagged("post_install", "-at_install")
class TestCloseConfirm(PaymentBatchCommon):
    def _balance(self, batch):
        """Set the corrected totals to what was entered."""
        for line in batch.line_ids:
            line.with_user(self.supervisor).write(
                {
                    "corrected_payment_count": line.entered_payment_count,
                    "corrected_payment_amount": line.entered_payment_amount,
                    "corrected_pledge_amount": line.entered_pledge_amount,
                }
            )

    def _batch_of_three(self):
        """An open, balanced batch of 3 receipts for 1,234.00."""
        batch = self._open_batch(cheques=(3, 1234.0))
        for amount in (400.0, 500.0, 334.0):
            self._add_receipt(batch, amount)
        self._balance(batch)
        return batch

    def _ask(self, batch, user=None):
        action = batch.with_user(user or self.closer).action_open_close_confirm()
        self.assertEqual(action["target"], "new")
        return (
            self.env[action["res_model"]]
            .with_user(user or self.closer)
            .browse(action["res_id"])
        )

    def test_question_names_count_and_total(self):
        batch = self._batch_of_three()
        wizard = self._ask(batch)
        self.assertEqual(plain(wizard.message), "Post 3 receipts for $ 1,234.00?")
        self.assertIn(f"Batch {batch.name} is then closed and locked", wizard.details)
        self.assertEqual(batch.state, "open", "asking changes nothing")
        self.assertEqual(set(batch.payment_ids.mapped("state")), {"draft"})

    def test_question_names_pledges(self):
        batch = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(batch, 100.0)
        batch.with_user(self.clerk)._create_pledges(
            [
                {
                    "partner_id": self.partner_b.id,
                    "amount": 500.0,
                    "line_id": batch.line_ids[0].id,
                }
            ]
        )
        self._balance(batch)
        self.assertEqual(
            plain(self._ask(batch).message),
            "Post 1 receipt for $ 100.00 and 1 pledge for $ 500.00?",
        )

    def test_type_that_does_not_post_says_it_locks(self):
        self.batch_type.post_on_close = False
        batch = self._batch_of_three()
        wizard = self._ask(batch)
        self.assertEqual(
            plain(wizard.message),
            "Lock 3 receipts for $ 1,234.00 without posting them?",
        )
        self.assertIn("an accountant posts the receipts later", wizard.details)

    def test_confirm_closes_and_posts(self):
        batch = self._batch_of_three()
        result = self._ask(batch).action_confirm()
        self.assertEqual(result, {"type": "ir.actions.act_window_close"})
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertNotIn("draft", batch.payment_ids.mapped("state"))

    def test_confirm_refused_when_the_batch_changed(self):
        batch = self._batch_of_three()
        wizard = self._ask(batch)
        self._add_receipt(batch, 10.0)
        self._balance(batch)
        with self._assert_refused(
            UserError,
            rf"Batch {batch.name} changed since you were asked: it now holds "
            "4 receipts",
        ):
            wizard.action_confirm()
        self.assertEqual(batch.state, "open")
        self.assertEqual(set(batch.payment_ids.mapped("state")), {"draft"})

    def test_unbalanced_batch_refused_before_asking(self):
        batch = self._open_batch(cheques=(3, 1234.0))
        self._add_receipt(batch, 400.0)
        with self._assert_refused(UserError, "The batch cannot be closed"):
            batch.with_user(self.closer).action_open_close_confirm()

    def test_close_right_checked_when_asking_and_confirming(self):
        batch = self._batch_of_three()
        with self._assert_refused(AccessError, "Close Batches"):
            batch.with_user(self.clerk).action_open_close_confirm()
        wizard = self._ask(batch)
        # The dialog does not carry the closer's right to another user.
        with self._assert_refused(AccessError, ""):
            wizard.with_user(self.clerk).action_confirm()
        self.assertEqual(batch.state, "open")
