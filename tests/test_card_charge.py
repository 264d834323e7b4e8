"""Card charge batches, charged through Odoo's payment_demo provider.

payment_demo is installed by ``make test`` next to the addon (it is not a
dependency), after the addon: these tests run post-install.
"""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.account_payment_batch.models import (
    account_payment_batch_card_charge_outcome,
)

from .common import PaymentBatchCommon


class CardChargeCommon(PaymentBatchCommon):
    """A demo provider on the bank journal, a card charge type, four customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        codes = dict(cls.env["payment.provider"]._fields["code"].selection)
        assert "demo" in codes, "make test installs payment_demo for these tests"
        cls.demo_method = cls.env.ref("payment_demo.payment_method_demo")
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Demo Cards",
                "code": "demo",
                "state": "test",
                "company_id": cls.env.company.id,
                "payment_method_ids": [Command.set(cls.demo_method.ids)],
                "journal_id": cls.bank_journal.id,
            }
        )
        cls.method_line = cls.bank_journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == cls.provider
        )
        cls.card_type = cls.env["account.payment.batch.type"].create(
            {
                "name": "Card Charges",
                "code": "CC",
                "kind": "card_charge",
                "journal_id": cls.bank_journal.id,
                "payment_method_line_ids": [Command.set(cls.method_line.ids)],
                "line_type_ids": [Command.create({"name": "Cards"})],
            }
        )
        cls.charger = cls._user("charger", "card_charge")
        Partner = cls.env["res.partner"]
        cls.ann = Partner.create({"name": "Ann Paid"})
        cls.bob = Partner.create({"name": "Bob Declined"})
        cls.cid = Partner.create({"name": "Cid No Card"})
        cls.dan = Partner.create({"name": "Dan New Card"})
        cls.token_ann = cls._token(cls.ann, "4242", "done")
        cls.token_bob = cls._token(cls.bob, "0002", "error")
        cls.token_dan = cls._token(cls.dan, "1111", "done", charged=False)
        cls.inv_ann_1 = cls._invoice(cls.ann, 100.0)
        cls.inv_ann_2 = cls._invoice(cls.ann, 50.25)
        cls.inv_bob = cls._invoice(cls.bob, 80.0)
        cls.inv_cid = cls._invoice(cls.cid, 30.0)
        cls.inv_dan = cls._invoice(cls.dan, 20.0)

    @classmethod
    def _token(cls, partner, digits, simulated_state, charged=True):
        token = cls.env["payment.token"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.demo_method.id,
                "payment_details": digits,
                "partner_id": partner.id,
                "provider_ref": f"demo-{digits}",
                "demo_simulated_state": simulated_state,
            }
        )
        if charged:
            cls.env["payment.transaction"].create(
                {
                    "provider_id": cls.provider.id,
                    "payment_method_id": cls.demo_method.id,
                    "reference": f"FIRST-{digits}",
                    "amount": 10.0,
                    "currency_id": cls.env.company.currency_id.id,
                    "partner_id": partner.id,
                    "token_id": token.id,
                    "operation": "online_token",
                    "state": "done",
                }
            )
        return token


@tagged("post_install", "-at_install")
class TestCardCharge(CardChargeCommon):
    # -------------------------------------------------------------------------
    # helpers
    # -------------------------------------------------------------------------

    def _wizard(self, user=None, **vals):
        wizard = (
            self.env["account.payment.batch.card.charge"]
            .with_user(user or self.charger)
            .create({"batch_type_id": self.card_type.id, **vals})
        )
        self.assertEqual(wizard.payment_method_line_id, self.method_line)
        wizard.action_next()
        return wizard

    def _select(self, wizard, invoices):
        for line in wizard.eligible_line_ids:
            line.selected = line.invoice_id in invoices
        wizard.action_confirm()
        return wizard

    def _submit(self, invoices, user=None, **vals):
        wizard = self._select(self._wizard(user, **vals), invoices)
        wizard.action_submit()
        return wizard.batch_id

    def _receipt(self, batch, partner):
        return batch.payment_ids.filtered(lambda r: r.partner_id == partner)

    def _txs_of(self, invoice):
        return self.env["payment.transaction"].search(
            [("invoice_ids", "in", invoice.ids)]
        )

    # -------------------------------------------------------------------------
    # the wizard's three steps
    # -------------------------------------------------------------------------

    def test_select_lists_eligible_invoices_and_reasons(self):
        wizard = self._wizard()
        self.assertEqual(wizard.step, "select")
        lines = wizard.eligible_line_ids.filtered(
            lambda li: li.invoice_id.partner_id in self.ann | self.bob
        )
        self.assertEqual(
            lines.invoice_id, self.inv_ann_1 | self.inv_ann_2 | self.inv_bob
        )
        self.assertTrue(all(lines.mapped("selected")))
        ann_line = lines.filtered(lambda li: li.invoice_id == self.inv_ann_1)
        self.assertEqual(ann_line.token_id, self.token_ann)
        self.assertEqual(ann_line.token_label, "Demo 4242", "brand and last digits")
        reasons = {
            line.invoice_id: line.reason_label for line in wizard.ineligible_line_ids
        }
        self.assertEqual(reasons[self.inv_cid], "No saved payment method")
        self.assertEqual(
            reasons[self.inv_dan], "Saved payment method never charged successfully"
        )
        self.assertNotIn(self.inv_cid, wizard.eligible_line_ids.invoice_id)

    def test_filters_by_customer_date_and_amount(self):
        wizard = self._wizard(partner_ids=[Command.set(self.ann.ids)])
        self.assertEqual(wizard.line_ids.invoice_id, self.inv_ann_1 | self.inv_ann_2)
        wizard.write(
            {"partner_ids": [Command.clear()], "amount_min": 60, "amount_max": 90}
        )
        wizard.action_refresh()
        self.assertEqual(wizard.line_ids.invoice_id, self.inv_bob)
        wizard.write({"amount_min": 0, "amount_max": 0, "date_from": "2026-02-01"})
        wizard.action_refresh()
        self.assertFalse(wizard.line_ids)

    def test_confirm_shows_customers_invoices_and_total(self):
        wizard = self._select(
            self._wizard(), self.inv_ann_1 | self.inv_ann_2 | self.inv_bob
        )
        self.assertEqual(wizard.step, "confirm")
        self.assertEqual(
            (wizard.customer_count, wizard.invoice_count, wizard.amount_total),
            (2, 3, 230.25),
        )
        wizard.action_back()
        self.assertEqual(wizard.step, "select")

    def test_confirm_without_selection_is_refused(self):
        wizard = self._wizard()
        wizard.eligible_line_ids.selected = False
        with self.assertRaisesRegex(UserError, "Select at least one invoice"):
            wizard.action_confirm()

    # -------------------------------------------------------------------------
    # results
    # -------------------------------------------------------------------------

    def test_all_succeed_one_charge_per_customer_posted_and_reconciled(self):
        batch = self._submit(self.inv_ann_1 | self.inv_ann_2)
        self.assertEqual(batch.batch_type_id, self.card_type)
        self.assertEqual(batch.state, "closed", "every charge is final: closed")
        self.assertTrue(batch.charge_is_test)
        receipt = batch.payment_ids
        self.assertEqual(
            receipt.batch_received_date,
            batch.date_received,
            "closing itself records Received On",
        )
        self.assertEqual(len(receipt), 1, "one charge per customer by default")
        self.assertEqual(receipt.amount, 150.25)
        self.assertEqual(receipt.payment_token_id, self.token_ann)
        tx = receipt.payment_transaction_id
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, 150.25)
        self.assertEqual(tx.invoice_ids, self.inv_ann_1 | self.inv_ann_2)
        self.assertEqual(tx.payment_id, receipt, "no second payment is created")
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )
        self.assertIn(receipt.state, ("in_process", "paid"))
        for invoice in self.inv_ann_1 | self.inv_ann_2:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        line = batch.line_ids
        self.assertEqual(
            (line.recorded_payment_count, line.recorded_payment_amount), (1, 150.25)
        )
        self.assertTrue(batch.is_balanced)
        self.assertEqual(batch.charge_invoice_count, 2)
        self.assertEqual(
            (
                batch.charge_posted_count,
                batch.charge_pending_count,
                batch.charge_failed_count,
            ),
            (1, 0, 0),
        )
        self.assertEqual(receipt.memo, tx.reference, "blank number: its own reference")
        # The journal entry: liquidity debit, one receivable credit per invoice.
        move_lines = receipt.move_id.line_ids
        receivable = move_lines.filtered(
            lambda li: li.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(sorted(receivable.mapped("credit")), [50.25, 100.0])
        self.assertTrue(all(receivable.mapped("reconciled")))
        self.assertEqual(sum(move_lines.mapped("debit")), 150.25)

    def test_one_charge_per_invoice_with_a_fixed_payment_number(self):
        self.card_type.card_charge_grouping = "invoice"
        batch = self._submit(self.inv_ann_1 | self.inv_ann_2, payment_number="BP-7")
        receipts = batch.payment_ids
        self.assertEqual(len(receipts), 2)
        self.assertEqual(receipts.mapped("memo"), ["BP-7", "BP-7"])
        self.assertEqual(batch.reference, "BP-7")
        references = receipts.payment_transaction_id.mapped("reference")
        self.assertEqual(len(set(references)), 2, "transaction references stay unique")
        self.assertTrue(all(ref.startswith("BP-7") for ref in references))
        self.assertEqual(batch.state, "closed")

    def test_blank_payment_number_gives_each_payment_its_own(self):
        self.card_type.card_charge_grouping = "invoice"
        batch = self._submit(self.inv_ann_1 | self.inv_ann_2)
        memos = batch.payment_ids.mapped("memo")
        self.assertEqual(len(set(memos)), 2)
        self.assertEqual(
            set(memos),
            set(batch.payment_ids.payment_transaction_id.mapped("reference")),
        )

    def test_some_fail_and_the_others_are_still_posted(self):
        batch = self._submit(self.inv_ann_1 | self.inv_bob)
        ann, bob = self._receipt(batch, self.ann), self._receipt(batch, self.bob)
        self.assertEqual(ann.batch_charge_state, "done")
        self.assertIn(ann.state, ("in_process", "paid"))
        self.assertEqual(bob.batch_charge_state, "error")
        self.assertEqual(bob.state, "canceled")
        self.assertIn("error", bob.batch_charge_message)
        self.assertEqual(self.inv_bob.payment_state, "not_paid")
        self.assertEqual(self.inv_bob.amount_residual, 80.0)
        self.assertFalse(bob.move_id)
        self.assertEqual((batch.charge_posted_count, batch.charge_failed_count), (1, 1))
        self.assertIn("Bob Declined", batch.charge_errors)
        self.assertEqual(batch.state, "closed")
        self.assertEqual(
            (ann.batch_received_date, bob.batch_received_date),
            (batch.date_received, False),
            "a failed charge was never received",
        )

    def test_an_exception_in_one_charge_never_stops_the_others(self):
        send = type(self.env["payment.transaction"])._send_payment_request

        def flaky(tx):
            if tx.token_id == self.token_bob:
                raise ConnectionError("provider unreachable")
            return send(tx)

        self.token_bob.demo_simulated_state = "done"
        logger = "odoo.addons.account_payment_batch.models.payment_transaction"
        with (
            patch.object(
                type(self.env["payment.transaction"]), "_send_payment_request", flaky
            ),
            self.assertLogs(logger, "WARNING") as logs,
        ):
            batch = self._submit(self.inv_ann_1 | self.inv_bob)
        self.assertIn("could not be sent", logs.output[0])
        bob = self._receipt(batch, self.bob)
        self.assertEqual(bob.batch_charge_state, "error")
        self.assertIn("provider unreachable", bob.batch_charge_message)
        self.assertEqual(self._receipt(batch, self.ann).batch_charge_state, "done")
        self.assertEqual(self.inv_bob.payment_state, "not_paid")

    def test_pending_then_done_later(self):
        self.token_ann.demo_simulated_state = "pending"
        batch = self._submit(self.inv_ann_1)
        receipt = batch.payment_ids
        self.assertEqual(receipt.batch_charge_state, "pending")
        self.assertEqual(receipt.state, "draft")
        self.assertEqual(batch.state, "open")
        self.assertEqual(batch.charge_pending_count, 1)
        with self.assertRaisesRegex(UserError, "still pending"):
            batch.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "did not settle"):
            receipt.with_user(self.manager).action_post()
        # The provider confirms; Odoo's post-processing books it.
        tx = receipt.payment_transaction_id
        tx.action_demo_set_done()
        tx._post_process()
        self.assertEqual(receipt.batch_charge_state, "done")
        self.assertIn(receipt.state, ("in_process", "paid"))
        self.assertIn(self.inv_ann_1.payment_state, ("paid", "in_payment"))
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.charge_posted_count, 1)

    def test_background_sending_for_many_charges(self):
        with patch.object(
            account_payment_batch_card_charge_outcome, "FOREGROUND_CHARGES", 1
        ):
            batch = self._submit(self.inv_ann_1 | self.inv_bob)
        self.assertEqual(
            batch.payment_ids.mapped("batch_charge_state"), ["draft", "draft"]
        )
        self.assertEqual(batch.state, "open")
        self.env["account.payment.batch"]._cron_card_charge_send()
        self.assertEqual(
            sorted(batch.payment_ids.mapped("batch_charge_state")), ["done", "error"]
        )
        self.assertEqual(batch.state, "closed")

    def test_retry_failed_after_the_customer_updated_the_card(self):
        batch = self._submit(self.inv_ann_1 | self.inv_bob)
        self.token_bob.demo_simulated_state = "done"  # the card was fixed
        batch.with_user(self.charger).action_card_charge_retry()
        retry = self.env["account.payment.batch"].search(
            [("charge_retry_of_id", "=", batch.id)]
        )
        self.assertEqual(retry.payment_ids.allocation_ids.move_id, self.inv_bob)
        self.assertEqual(retry.payment_ids.batch_charge_state, "done")
        self.assertIn(self.inv_bob.payment_state, ("paid", "in_payment"))
        with self.assertRaisesRegex(UserError, "already charged again"):
            batch.with_user(self.charger).action_card_charge_retry()

    # -------------------------------------------------------------------------
    # void and refund
    # -------------------------------------------------------------------------

    def test_void_batch_before_settlement(self):
        self.provider.capture_manually = True
        batch = self._submit(self.inv_ann_1 | self.inv_ann_2)
        receipt = batch.payment_ids
        self.assertEqual(receipt.batch_charge_state, "authorized")
        self.assertEqual(batch.state, "open")
        batch.with_user(self.charger).action_card_charge_void()
        self.assertEqual(batch.state, "cancel")
        self.assertEqual(receipt.batch_charge_state, "cancel")
        self.assertEqual(receipt.state, "canceled")
        self.assertEqual(self.inv_ann_1.payment_state, "not_paid")

    def test_void_batch_refused_once_a_charge_settled(self):
        self.provider.capture_manually = True
        self.token_bob.demo_simulated_state = "done"
        batch = self._submit(self.inv_ann_1 | self.inv_bob)
        ann = self._receipt(batch, self.ann)
        self.assertEqual(ann.batch_charge_state, "authorized")
        # Captured at the provider (e.g. its dashboard): the charge settles.
        tx = ann.payment_transaction_id
        capture = tx._capture()
        (capture | tx)._post_process()
        self.assertEqual(ann.batch_charge_state, "done")
        self.assertIn(ann.state, ("in_process", "paid"))
        self.assertEqual(batch.state, "open", "Bob's charge is still authorized")
        with self._assert_refused(UserError, "already settled.*Ann Paid"):
            batch.with_user(self.charger).action_card_charge_void()
        bob = self._receipt(batch, self.bob)
        self.assertEqual(bob.batch_charge_state, "authorized")
        self.assertEqual(batch.state, "open")

    def test_void_and_capture_one_payment(self):
        self.provider.capture_manually = True
        self.token_bob.demo_simulated_state = "done"
        batch = self._submit(self.inv_ann_1 | self.inv_bob)
        ann, bob = self._receipt(batch, self.ann), self._receipt(batch, self.bob)
        ann.with_user(self.charger).action_batch_charge_void()
        self.assertEqual(ann.state, "canceled")
        self.assertEqual(batch.state, "open", "Bob's charge is still authorized")
        batch.with_user(self.charger).action_card_charge_capture()
        self.assertEqual(bob.batch_charge_state, "done")
        self.assertIn(self.inv_bob.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.inv_ann_1.payment_state, "not_paid")
        self.assertEqual(batch.state, "closed")
        self.assertEqual(
            self.env["account.payment"].search_count(
                [
                    (
                        "payment_transaction_id.source_transaction_id",
                        "=",
                        bob.payment_transaction_id.id,
                    )
                ]
            ),
            0,
            "the capture books Bob's receipt, not a second payment",
        )

    def test_refund_one_payment_reopens_its_invoices(self):
        batch = self._submit(self.inv_ann_1 | self.inv_ann_2 | self.inv_bob)
        ann = self._receipt(batch, self.ann)
        self.assertEqual(batch.state, "closed")
        with self.assertRaisesRegex(UserError, "only an authorized"):
            ann.with_user(self.charger).action_batch_charge_void()
        ann.with_user(self.charger).action_batch_charge_refund()
        refund_tx = ann.payment_transaction_id.child_transaction_ids
        self.assertEqual(refund_tx.operation, "refund")
        self.assertEqual(refund_tx.state, "done")
        refund = refund_tx.payment_id
        self.assertEqual(refund.payment_type, "outbound")
        self.assertEqual(refund.amount, 150.25)
        for invoice in self.inv_ann_1 | self.inv_ann_2:
            self.assertEqual(invoice.payment_state, "not_paid")
            self.assertEqual(invoice.amount_residual, invoice.amount_total)
        receivables = (ann.move_id | refund.move_id).line_ids.filtered(
            lambda li: li.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(all(receivables.mapped("reconciled")))
        self.assertEqual(ann.allocation_ids.mapped("state"), ["reversed", "reversed"])
        self.assertFalse(ann.batch_charge_can_refund, "refunded once only")
        with self.assertRaisesRegex(UserError, "cannot be refunded"):
            ann.with_user(self.charger).action_batch_charge_refund()

    # -------------------------------------------------------------------------
    # bad input
    # -------------------------------------------------------------------------

    def test_double_submit_charges_each_invoice_once(self):
        first = self._select(self._wizard(), self.inv_ann_1)
        # A second user with the same selection, opened before the first submitted.
        second = self._select(self._wizard(), self.inv_ann_1)
        first.action_submit()
        with self.assertRaisesRegex(UserError, "already submitted"):
            first.action_submit()
        batches = self.env["account.payment.batch"].search_count([])
        with self._assert_refused(
            UserError, "(?s)Nothing was charged.*INV.*Paid meanwhile"
        ):
            second.action_submit()
        self.assertEqual(len(self._txs_of(self.inv_ann_1)), 1)
        self.assertEqual(self.env["account.payment.batch"].search_count([]), batches)

    def test_a_charge_under_way_is_not_charged_twice(self):
        self.token_ann.demo_simulated_state = "pending"
        first = self._select(self._wizard(), self.inv_ann_1)
        second = self._select(self._wizard(), self.inv_ann_1)
        first.action_submit()
        with self._assert_refused(UserError, "Already being paid"):
            second.action_submit()
        self.assertEqual(len(self._txs_of(self.inv_ann_1)), 1)

    def test_invoice_with_a_running_charge_is_listed_apart(self):
        self.token_ann.demo_simulated_state = "pending"
        self._submit(self.inv_ann_1)
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda li: li.invoice_id == self.inv_ann_1)
        self.assertIn("Already being paid", line.reason_label)
        self.assertFalse(line.selected)

    def test_token_deleted_meanwhile_is_skipped_with_the_reason(self):
        wizard = self._select(self._wizard(), self.inv_ann_1 | self.inv_bob)
        self.token_bob.active = False
        wizard.action_submit()
        batch = wizard.batch_id
        self.assertEqual(batch.payment_ids.partner_id, self.ann)
        skipped = batch.message_ids.filtered(lambda m: "skipped" in (m.body or ""))
        self.assertIn("No saved payment method", skipped.body)
        self.assertIn(self.inv_bob.name, skipped.body)

    def test_several_tokens_need_a_default(self):
        second = self._token(self.ann, "5555", "error")
        wizard = self._wizard(partner_ids=[Command.set(self.ann.ids)])
        self.assertEqual(
            set(wizard.line_ids.mapped("reason_label")),
            {"Several saved payment methods, none is the default"},
        )
        self.ann.batch_charge_token_id = second
        batch = self._submit(self.inv_ann_1, partner_ids=[Command.set(self.ann.ids)])
        self.assertEqual(batch.payment_ids.payment_token_id, second)
        self.assertEqual(batch.payment_ids.batch_charge_state, "error")

    def test_disabled_provider_and_other_currency_are_reasons(self):
        foreign = self._invoice(self.ann, 40.0)
        foreign.button_draft()
        foreign.currency_id = self.setup_other_currency("EUR")
        foreign.action_post()
        wizard = self._wizard(partner_ids=[Command.set(self.ann.ids)])
        line = wizard.line_ids.filtered(lambda li: li.invoice_id == foreign)
        self.assertEqual(
            line.reason_label, "Currency not supported by the provider or the journal"
        )
        self.provider.state = "disabled"
        wizard.action_refresh()
        self.assertEqual(wizard.provider_state, "disabled")
        self.assertEqual(
            set(wizard.line_ids.mapped("reason_label")), {"Payment provider disabled"}
        )

    def test_rights_are_enforced_on_the_server(self):
        with self.assertRaises(AccessError):
            self.env["account.payment.batch.card.charge"].with_user(self.clerk).create(
                {"batch_type_id": self.card_type.id}
            )
        with self.assertRaisesRegex(AccessError, "Charge Cards"):
            self.env["account.payment.batch"].with_user(self.clerk)._card_charge_submit(
                self.card_type, self.method_line, self.inv_ann_1
            )
        self.assertFalse(self._txs_of(self.inv_ann_1))
        self.token_ann.demo_simulated_state = "pending"
        batch = self._submit(self.inv_ann_1)
        with self.assertRaisesRegex(AccessError, "Charge Cards"):
            batch.with_user(self.clerk).action_card_charge_void()
        with self.assertRaisesRegex(AccessError, "Charge Cards"):
            batch.payment_ids.with_user(self.clerk).action_batch_charge_refund()
        with self.assertRaisesRegex(AccessError, "Charge Cards"):
            batch.with_user(self.clerk).action_card_charge_retry()
        # Batch managers have the right.
        self.assertTrue(
            self.manager.has_group("account_payment_batch.group_batch_card_charge")
        )


@tagged("post_install", "-at_install")
class TestCardChargeUi(CardChargeCommon, HttpCase):
    def test_charge_cards_tour(self):
        """The three wizard steps in the browser, from the card charge history."""
        self.start_tour(
            "/odoo/action-account_payment_batch.action_account_payment_batch_card_charge_history",
            "account_payment_batch_card_charge_tour",
            login=self.charger.login,
        )
        batch = self.env["account.payment.batch"].search(
            [("batch_type_id", "=", self.card_type.id)]
        )
        self.assertEqual(batch.reference, "TOUR-1")
        self.assertEqual(batch.payment_ids.partner_id, self.ann)
        self.assertEqual(batch.payment_ids.memo, "TOUR-1")
        self.assertEqual(batch.payment_ids.allocation_ids.move_id, self.inv_ann_1)
        self.assertEqual(batch.state, "closed")
        self.assertIn(self.inv_ann_1.payment_state, ("paid", "in_payment"))
