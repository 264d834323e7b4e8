from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .import_common import ImportCommon, receipt_row, xlsx


@tagged("post_install", "-at_install")
class TestReceiptKinds(ImportCommon):
    """A batch type lists the receipt kinds valid in it (seed 003, 004)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kind = cls.env["account.payment.batch.receipt.kind"]
        cls.kind_standard = cls.env.ref("account_payment_batch.receipt_kind_standard")
        cls.kind_pledge = cls.env.ref("account_payment_batch.receipt_kind_pledge")
        cls.batch_type.pledge_account_id = cls.misc_account

    def _codes(self, batch_type):
        return set(batch_type.receipt_kind_ids.mapped("code"))

    def test_defaults_per_batch_kind(self):
        self.assertEqual(
            self._codes(self.batch_type),
            {
                "standard",
                "miscellaneous",
                "insurer_refund",
                "insurance_assignment",
                "pledge",
            },
        )
        with Form(
            self.env["account.payment.batch.type"].with_user(self.manager)
        ) as form:
            form.name = "Refunds"
            form.kind = "refund"
            form.journal_id = self.bank_journal
            self.assertEqual(form.receipt_kind_ids[:], self.kind_standard)
            form.kind = "account_balance"
            self.assertEqual(form.receipt_kind_ids[:], self.kind_standard)
            form.kind = "cash_receipt"
            self.assertEqual(len(form.receipt_kind_ids), 5)

    def test_entry_refuses_a_kind_the_type_does_not_list(self):
        self.batch_type.with_user(self.manager).receipt_kind_ids = [
            Command.set((self.kind_standard | self.kind_pledge).ids)
        ]
        batch = self._open_batch(cheques=(1, 50.0))
        before = self.env["account.payment"].search_count([])
        with self._assert_refused(
            UserError,
            r"Receipt partner_a / 50.0: receipt kind Miscellaneous is not valid "
            r"in batch type \[CR\] Cash Receipts \(valid: Standard, Pledge\)",
        ):
            self._add_receipt(
                batch,
                50.0,
                batch_receipt_kind="miscellaneous",
                batch_account_id=self.misc_account.id,
            )
        self.assertEqual(self.env["account.payment"].search_count([]), before)
        receipt = self._add_receipt(batch, 50.0)
        with self._assert_refused(
            UserError, "receipt kind Insurer Refund is not valid"
        ):
            receipt.with_user(self.clerk).write(
                {
                    "batch_receipt_kind": "insurer_refund",
                    "batch_account_id": self.insurer_account.id,
                }
            )
        self.assertEqual(receipt.batch_receipt_kind, "standard")

    def test_pledges_need_the_pledge_kind(self):
        batch = self._open_batch(cheques=(1, 50.0))
        self.batch_type.with_user(self.manager).receipt_kind_ids = [
            Command.set(self.kind_standard.ids)
        ]
        with self._assert_refused(
            UserError, "Pledges of batch .*: receipt kind Pledge is not valid"
        ):
            batch.with_user(self.clerk)._create_pledges(
                [
                    {
                        "partner_id": self.partner_a.id,
                        "amount": 75.0,
                        "line_id": batch.line_ids[0].id,
                    }
                ]
            )
        self.assertFalse(batch.pledge_ids)

    def test_import_rejects_the_row_naming_kind_and_type(self):
        self.batch_type.with_user(self.manager).receipt_kind_ids = [
            Command.set(self.kind_standard.ids)
        ]
        content = xlsx(
            [
                receipt_row(100.0, payer="Jane Importer", reference="CHQ-1"),
                receipt_row(
                    40.0,
                    reference="MISC-1",
                    kind="Miscellaneous",
                    misc=self.misc_account.code,
                ),
                # No kind cell: the Insurer Account column says insurer refund.
                receipt_row(30.0, reference="INS-1", insurer=self.insurer_account.code),
            ]
        )
        wizard = self._import(content)
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(wizard.rejected_count, 2)
        self.assertEqual(self.batch.payment_ids.mapped("memo"), ["CHQ-1"])
        self.assertIn(
            "Receipt Kind Miscellaneous is not valid in batch type [CR] Cash "
            "Receipts: use Standard",
            wizard.result_html,
        )
        self.assertIn(
            "Receipt Kind Insurer Refund is not valid in batch type",
            wizard.result_html,
        )

    def test_import_only_into_cash_receipt_and_refund_batches(self):
        balance_type = self.batch_type.copy(
            {"name": "Balances", "code": "AB", "kind": "account_balance"}
        )
        batch = self._create_batch(batch_type_id=balance_type.id)
        before = self._snapshot(batch)
        with self._assert_refused(
            UserError,
            "is of kind Account-Balance Allocation: receipts are imported into "
            "cash receipt and refund batches only",
        ):
            batch.with_user(self.importer).action_open_import_wizard()
        with self._assert_refused(UserError, "cash receipt and refund batches only"):
            self._import(xlsx([receipt_row(10.0, payer="Jane Importer")]), batch=batch)
        self.assertEqual(self._snapshot(batch), before)
