"""A clerk's day in the browser: entry by keyboard, import, close, rights."""

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import PaymentBatchCommon

BATCHES = "/odoo/action-account_payment_batch.action_account_payment_batch"


@tagged("post_install", "-at_install")
class TestUiClerkDay(PaymentBatchCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day_type = cls.env["account.payment.batch.type"].create(
            {
                "name": "Day Receipts",
                "code": "DAY",
                "journal_id": cls.bank_journal.id,
                "line_type_ids": [Command.create({"name": "Day Cheques"})],
            }
        )

    def test_clerk_types_three_receipts_by_keyboard(self):
        clerk = self._user("day_clerk", "open")
        customer = self.env["res.partner"].create({"name": "Day Customer"})
        partial = self.env["res.partner"].create({"name": "Day Partial"})
        invoice = self._invoice(customer, 100.0)
        self.assertEqual(invoice.name, "INV/2026/00001", "the number the tour types")
        self._invoice(partial, 200.0)
        self.start_tour(
            BATCHES, "account_payment_batch_clerk_entry_tour", login=clerk.login
        )
        batch = self.env["account.payment.batch"].search(
            [("batch_type_id", "=", self.day_type.id)]
        )
        self.assertEqual((batch.state, batch.opened_by_id), ("open", clerk))
        receipts = batch.payment_ids.sorted("id")
        self.assertEqual(
            [(r.memo, r.amount, r.partner_id.name) for r in receipts],
            [
                ("CHQ 1", 100.0, "Day Customer"),
                ("CHQ 2", 50.0, "Day Partial"),
                ("CASH 3", 30.0, False),
            ],
        )
        self.assertEqual(
            receipts.mapped("batch_match_status"), ["matched", "partial", "suspense"]
        )
        self.assertEqual(receipts[0].allocation_ids.move_id, invoice)
        self.assertTrue(batch.is_balanced)

    def test_clerk_imports_a_workbook(self):
        clerk = self._user("day_importer", "open,import")
        self.env["res.partner"].create({"name": "Day Customer"})
        batch = self._open_batch(cheques=(2, 100.0))
        self.start_tour(
            f"{BATCHES}/{batch.id}",
            "account_payment_batch_clerk_import_tour",
            login=clerk.login,
        )
        self.assertEqual(
            sorted(batch.payment_ids.mapped("memo")), ["XL 1", "XL 2"], "the bad row"
        )
        self.assertEqual(sum(batch.payment_ids.mapped("amount")), 100.0)

    def test_supervisor_checks_fixes_deposits_and_closes(self):
        supervisor = self._user("day_supervisor", "open,close,cancel,deposit")
        customer = self.env["res.partner"].create({"name": "Close Customer"})
        invoice = self._invoice(customer, 200.0)
        batch = self._create_batch(reference="Supervisor lockbox")
        self._set_recorded(batch, cheques=(2, 400.0))
        batch.with_user(self.supervisor).action_open()
        self._add_receipt(
            batch,
            200.0,
            partner=customer,
            memo="CHQ 51",
            batch_invoice_number=invoice.name,
        )
        self._add_receipt(batch, 150.0, memo="CHQ 52")
        self.start_tour(
            f"{BATCHES}/{batch.id}",
            "account_payment_batch_supervisor_close_tour",
            login=supervisor.login,
        )
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, supervisor)
        self.assertEqual(batch.line_ids[0].corrected_payment_amount, 350.0)
        self.assertEqual(batch.deposit_ids.name, "SLIP 88")
        self.assertIn(invoice.payment_state, ("in_payment", "paid"))

    def test_without_the_close_right_no_button_and_no_rpc(self):
        clerk = self._user("day_no_close", "open")
        batch = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(batch, 100.0, memo="CHQ 61")
        self.start_tour(
            f"{BATCHES}/{batch.id}",
            "account_payment_batch_no_close_right_tour",
            login=clerk.login,
        )
        self.authenticate(clerk.login, clerk.login)
        for method in ("action_close", "action_open_close_confirm"):
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/account.payment.batch/{method}",
                    {
                        "model": "account.payment.batch",
                        "method": method,
                        "args": [[batch.id]],
                        "kwargs": {},
                    },
                )
        self.assertEqual(batch.state, "open")
        self.assertEqual(batch.payment_ids.state, "draft")
