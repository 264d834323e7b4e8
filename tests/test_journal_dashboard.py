from odoo.tests import new_test_user, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestJournalDashboard(PaymentBatchCommon):
    """My batches: a count on the bank journal's dashboard card and its filter."""

    def _assigned(self, user, journal=None):
        batch = self._open_batch(cheques=(1, 10.0))
        if journal:
            batch.journal_id = journal
        batch.assigned_to_id = user
        return batch

    def test_count_and_link_of_my_open_batches(self):
        other_bank = self.env["account.journal"].create(
            {"name": "Second Bank", "type": "bank", "code": "BNK9"}
        )
        mine = self._assigned(self.clerk) | self._assigned(self.clerk)
        self._assigned(self.clerk, journal=other_bank)
        self._assigned(self.opener)
        closed = self._assigned(self.clerk)
        closed.state = "closed"
        journals = (self.bank_journal | other_bank).with_user(self.clerk)
        data = journals._get_journal_dashboard_data_batched()
        self.assertEqual(data[self.bank_journal.id]["batch_open_mine_count"], 2)
        self.assertEqual(data[other_bank.id]["batch_open_mine_count"], 1)
        action = self.bank_journal.with_user(self.clerk).action_open_my_batches()
        self.assertEqual(
            action["context"],
            {"search_default_assigned_to_me": 1, "search_default_open": 1},
        )
        found = (
            self.env["account.payment.batch"]
            .with_user(self.clerk)
            .search(
                [
                    *action["domain"],
                    ("assigned_to_id", "=", self.clerk.id),
                    ("state", "=", "open"),
                ]
            )
        )
        self.assertEqual(found, mine)
        self.assertEqual(
            self.env.ref(
                "account_payment_batch.account_payment_batch_view_search"
            ).arch.count('name="assigned_to_me"'),
            1,
        )

    def test_no_count_for_users_without_batch_rights(self):
        self._assigned(self.clerk)
        billing = new_test_user(
            self.env, login="billing_only", groups="account.group_account_invoice"
        )
        data = self.bank_journal.with_user(
            billing
        )._get_journal_dashboard_data_batched()
        self.assertNotIn("batch_open_mine_count", data[self.bank_journal.id])
