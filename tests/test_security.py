from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestSecurity(PaymentBatchCommon):
    def test_open_requires_open_right(self):
        batch = self._create_batch()
        for user in (self.clerk, self.closer, self.canceller):
            with self.assertRaisesRegex(AccessError, "not allowed to open"):
                batch.with_user(user).action_open()
        self.assertEqual(batch.state, "draft")

    def test_close_requires_close_right(self):
        batch = self._open_batch(cheques=(0, 0.0))
        for user in (self.clerk, self.opener, self.canceller):
            with self.assertRaisesRegex(AccessError, "not allowed to close"):
                batch.with_user(user).action_close()
        self.assertEqual(batch.state, "open")

    def test_cancel_requires_cancel_right(self):
        batch = self._open_batch()
        for user in (self.clerk, self.opener, self.closer):
            with self.assertRaisesRegex(AccessError, "not allowed to cancel"):
                batch.with_user(user).action_cancel()
        self.assertEqual(batch.state, "open")

    def test_clerk_cannot_configure_batch_types(self):
        with self.assertRaises(AccessError):
            self.batch_type.with_user(self.clerk).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["account.payment.batch.type"].with_user(self.clerk).create(
                {"name": "Mine", "kind": "refund"}
            )
        self.batch_type.with_user(self.manager).name = "Renamed"
        self.assertEqual(self.batch_type.name, "Renamed")

    def test_user_without_batch_group_has_no_access(self):
        batch = self._create_batch()
        outsider = new_test_user(
            self.env, login="outsider", groups="account.group_account_invoice"
        )
        with self.assertRaises(AccessError):
            batch.with_user(outsider).read(["name"])

    def test_manager_holds_every_right(self):
        for right in ("user", "import", "open", "close", "cancel", "deposit"):
            self.assertTrue(
                self.manager.has_group(f"account_payment_batch.group_batch_{right}")
            )
        self.assertTrue(
            self.accountant.has_group("account_payment_batch.group_batch_manager")
        )

    def test_other_company_batch_is_invisible(self):
        other_company = self.setup_other_company(name="Other Co")["company"]
        other_journal = self.env["account.journal"].search(
            [("company_id", "=", other_company.id), ("type", "=", "bank")], limit=1
        )
        other_type = self.env["account.payment.batch.type"].create(
            {"name": "Other receipts", "company_id": other_company.id}
        )
        other_batch = (
            self.env["account.payment.batch"]
            .with_company(other_company)
            .create(
                {
                    "batch_type_id": other_type.id,
                    "journal_id": other_journal.id,
                    "company_id": other_company.id,
                }
            )
        )
        mine = self._create_batch()
        Batch = self.env["account.payment.batch"].with_user(self.manager)
        self.assertEqual(Batch.search([("id", "in", (mine | other_batch).ids)]), mine)
        with self.assertRaises(AccessError):
            other_batch.with_user(self.manager).read(["name"])
        self.assertFalse(
            self.env["account.payment.batch.type"]
            .with_user(self.manager)
            .search([("id", "=", other_type.id)])
        )
