from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestLifecycle(PaymentBatchCommon):
    def test_new_batch_is_draft_with_type_lines_and_journal(self):
        batch = self._create_batch()
        self.assertEqual(batch.state, "draft")
        self.assertEqual(batch.journal_id, self.bank_journal)
        self.assertEqual(batch.currency_id, self.env.company.currency_id)
        self.assertEqual(
            batch.line_ids.line_type_id, self.line_type_cheques | self.line_type_cash
        )

    def test_form_proposes_type_lines(self):
        with Form(self.env["account.payment.batch"].with_user(self.clerk)) as form:
            form.batch_type_id = self.batch_type
            self.assertEqual(len(form.line_ids), 2)
            self.assertEqual(form.journal_id, self.bank_journal)
        self.assertEqual(
            form.record.line_ids.line_type_id.mapped("name"), ["Cheques", "Cash"]
        )

    @freeze_time("2026-03-15")
    def test_sequence_numbers_per_company_and_year(self):
        first = self._create_batch()
        second = self._create_batch()
        self.assertRegex(first.name, r"^BATCH/2026/\d{5}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        previous_year = self._create_batch(date_received="2025-12-31")
        self.assertEqual(previous_year.name, "BATCH/2025/00001")

        other = self.setup_other_company(name="Second Company")["company"]
        other_type = self.batch_type.copy(
            {"company_id": other.id, "journal_id": False, "suspense_account_id": False}
        )
        other_journal = self.env["account.journal"].search(
            [("company_id", "=", other.id), ("type", "=", "bank")], limit=1
        )
        other_batch = (
            self.env["account.payment.batch"]
            .with_company(other)
            .create(
                {
                    "batch_type_id": other_type.id,
                    "journal_id": other_journal.id,
                    "company_id": other.id,
                }
            )
        )
        self.assertEqual(other_batch.name, "BATCH/2026/00001")

    def test_numbering_is_data_copied_for_other_companies(self):
        """The main company numbers with the data sequence, others with a copy."""
        template = self.env.ref("account_payment_batch.seq_account_payment_batch")
        batches = self.env["account.payment.batch"].with_user(self.clerk)
        main = self.env.ref("base.main_company")
        self.assertEqual(batches._get_sequence(main), template)
        own = batches._get_sequence(self.env.company)
        self.assertNotEqual(own, template)
        self.assertEqual(
            (own.code, own.prefix, own.padding, own.use_date_range, own.company_id),
            (template.code, template.prefix, template.padding, True, self.env.company),
        )
        self.assertEqual(batches._get_sequence(self.env.company), own)

    @freeze_time("2026-03-15 10:00:00")
    def test_open_copies_recorded_to_corrected_and_stamps_opener(self):
        batch = self._create_batch()
        self._set_recorded(batch, cheques=(3, 1250.0), cash=(1, 80.5))
        batch.with_user(self.opener).action_open()
        self.assertEqual(batch.state, "open")
        self.assertEqual(batch.opened_by_id, self.opener)
        self.assertEqual(batch.opened_at, fields.Datetime.now())
        self.assertEqual(batch.assigned_to_id, self.opener)
        cheques, cash = batch.line_ids
        self.assertEqual(
            (cheques.corrected_payment_count, cheques.corrected_payment_amount),
            (3, 1250.0),
        )
        self.assertEqual(
            (cash.corrected_payment_count, cash.corrected_payment_amount), (1, 80.5)
        )

    def test_open_refused_when_not_draft(self):
        batch = self._open_batch()
        with self.assertRaisesRegex(UserError, "is Open: it cannot be opened"):
            batch.with_user(self.opener).action_open()

    def test_entered_totals_follow_receipts(self):
        batch = self._open_batch(cheques=(2, 300.0), cash=(1, 20.0))
        cheques, cash = batch.line_ids
        self._add_receipt(batch, 100.0, cheques)
        self._add_receipt(batch, 200.0, cheques)
        self._add_receipt(batch, 20.0, cash)
        batch.with_user(self.clerk)._create_pledges(
            [{"partner_id": self.partner_b.id, "amount": 55.0, "line_id": cash.id}]
        )
        self.assertEqual(
            (cheques.entered_payment_count, cheques.entered_payment_amount), (2, 300.0)
        )
        self.assertEqual(
            (cash.entered_payment_count, cash.entered_payment_amount), (1, 20.0)
        )
        self.assertEqual(cash.entered_pledge_amount, 55.0)
        self.assertTrue(cheques.is_balanced)
        self.assertFalse(cash.is_balanced)
        self.assertEqual(cash.difference_pledge_amount, -55.0)
        self.assertEqual(batch.payment_count, 3)
        self.assertEqual(batch.amount_entered, 320.0)

    def test_corrected_totals_editable_while_open(self):
        batch = self._open_batch(cheques=(2, 300.0))
        batch.line_ids[0].with_user(self.clerk).corrected_payment_amount = 310.0
        self.assertEqual(batch.line_ids[0].corrected_payment_amount, 310.0)
        self.assertEqual(batch.line_ids[0].recorded_payment_amount, 300.0)

    def test_recorded_totals_fixed_once_open(self):
        batch = self._open_batch(cheques=(2, 300.0))
        with self.assertRaisesRegex(UserError, "recorded totals are fixed"):
            batch.line_ids[0].with_user(self.clerk).recorded_payment_amount = 310.0

    def test_assign_by_opener_resets_corrected_totals(self):
        batch = self._create_batch()
        self._set_recorded(batch, cheques=(2, 300.0))
        batch.with_user(self.opener).action_open()
        batch.line_ids[0].with_user(self.opener).corrected_payment_amount = 999.0
        batch.with_user(self.opener).action_assign(self.clerk)
        self.assertEqual(batch.assigned_to_id, self.clerk)
        self.assertEqual(batch.line_ids[0].corrected_payment_amount, 300.0)
        self.assertTrue(
            any("Assigned to" in body for body in batch.message_ids.mapped("body"))
        )

    def test_assign_wizard(self):
        batch = self._create_batch()
        batch.with_user(self.opener).action_open()
        action = batch.with_user(self.opener).action_open_assign_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.opener)
            .with_context(action["context"])
        )
        wizard.user_id = self.clerk
        wizard.save().action_assign()
        self.assertEqual(batch.assigned_to_id, self.clerk)

    def test_assign_refused_for_other_user_than_opener(self):
        batch = self._create_batch()
        batch.with_user(self.opener).action_open()
        with self.assertRaisesRegex(AccessError, "Only opener"):
            batch.with_user(self.other_opener).action_assign(self.clerk)
        self.assertEqual(batch.assigned_to_id, self.opener)

    def test_assign_by_manager_allowed(self):
        batch = self._create_batch()
        batch.with_user(self.opener).action_open()
        batch.with_user(self.manager).action_assign(self.clerk)
        self.assertEqual(batch.assigned_to_id, self.clerk)

    def test_assign_refused_when_not_open(self):
        batch = self._create_batch()
        with self.assertRaisesRegex(UserError, "is Draft: it cannot be assigned"):
            batch.with_user(self.manager).action_assign(self.clerk)

    @freeze_time("2026-03-16 17:30:00")
    def test_close_balanced_batch_posts_receipts_and_stamps_closer(self):
        batch = self._open_batch(cheques=(2, 300.0))
        receipts = self._add_receipt(batch, 100.0) | self._add_receipt(batch, 200.0)
        self.assertEqual(set(receipts.mapped("state")), {"draft"})
        batch.with_user(self.closer).action_close()
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertEqual(batch.closed_at, fields.Datetime.now())
        self.assertEqual(set(receipts.mapped("state")), {"in_process"})
        self.assertTrue(all(receipts.move_id.mapped(lambda m: m.state == "posted")))

    def test_close_refused_when_unbalanced_lists_every_difference(self):
        batch = self._open_batch(cheques=(2, 300.0), cash=(1, 50.0))
        self._add_receipt(batch, 100.0)
        with self.assertRaises(UserError) as caught:
            batch.with_user(self.closer).action_close()
        message = str(caught.exception)
        self.assertIn("cannot be closed", message)
        self.assertIn("line Cheques: payment count corrected 2, entered 1", message)
        self.assertIn("line Cheques: payment amount corrected", message)
        self.assertIn("line Cash: payment count corrected 1, entered 0", message)
        self.assertIn("line Cash: payment amount corrected", message)
        self.assertNotIn("pledge", message)
        self.assertEqual(batch.state, "open")
        self.assertEqual(batch.payment_ids.state, "draft")

    def test_close_ignores_a_difference_below_the_currency_rounding(self):
        batch = self._open_batch(cheques=(1, 100.0))
        batch.line_ids[0].with_user(self.supervisor).corrected_payment_amount = 100.004
        self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        self.assertEqual(batch.state, "closed")

    def test_close_unbalanced_allowed_when_type_does_not_require_balance(self):
        self.batch_type.require_balanced = False
        batch = self._open_batch(cheques=(5, 999.0))
        self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        self.assertEqual(batch.state, "closed")

    def test_close_without_post_on_close_leaves_receipts_for_the_accountant(self):
        self.batch_type.post_on_close = False
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        self.assertEqual(batch.state, "closed")
        self.assertEqual(receipt.state, "draft")
        receipt.with_user(self.accountant).action_post()
        self.assertEqual(receipt.state, "in_process")

    def test_close_refused_in_draft(self):
        batch = self._create_batch()
        with self.assertRaisesRegex(UserError, "is Draft: it cannot be closed"):
            batch.with_user(self.closer).action_close()

    def test_cancel_deletes_unposted_receipts(self):
        batch = self._open_batch()
        receipts = self._add_receipt(batch, 100.0) | self._add_receipt(batch, 200.0)
        batch.with_user(self.canceller).action_cancel()
        self.assertEqual(batch.state, "cancel")
        self.assertFalse(receipts.exists())
        self.assertTrue(
            any(
                "2 receipts and 0 pledges deleted" in body
                for body in batch.message_ids.mapped("body")
            )
        )

    def test_cancel_through_confirmation_wizard(self):
        batch = self._open_batch()
        self._add_receipt(batch, 100.0)
        action = batch.with_user(self.canceller).action_open_cancel_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.canceller)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(wizard.payment_count, 1)
        wizard.action_confirm()
        self.assertEqual(batch.state, "cancel")
        self.assertFalse(batch.payment_ids)

    def test_cancel_refused_once_closed(self):
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        with self.assertRaisesRegex(UserError, "is Closed: it cannot be cancelled"):
            batch.with_user(self.canceller).action_cancel()
        self.assertEqual(batch.state, "closed")
        self.assertTrue(receipt.exists())

    def test_cancelled_batch_cannot_be_reopened(self):
        batch = self._create_batch()
        batch.with_user(self.canceller).action_cancel()
        with self.assertRaisesRegex(UserError, "is Cancelled: it cannot be opened"):
            batch.with_user(self.opener).action_open()

    def test_archive_only_closed_or_cancelled(self):
        batch = self._open_batch()
        with self.assertRaisesRegex(UserError, "Only closed or cancelled batches"):
            batch.with_user(self.clerk).action_archive()
        batch.with_user(self.canceller).action_cancel()
        batch.with_user(self.clerk).action_archive()
        self.assertFalse(batch.active)
        batch.with_user(self.clerk).action_unarchive()
        self.assertTrue(batch.active)

    def _flush_tracking(self):
        """Tracking values are written when the transaction commits."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_state_changes_are_tracked(self):
        # The test base class disables tracking; this test is about it.
        self.env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        batch = self._create_batch()
        self._set_recorded(batch, cheques=(1, 100.0))
        self._flush_tracking()  # changes made in the creating transaction are not tracked
        batch.with_user(self.opener).action_open()
        self._flush_tracking()
        self._add_receipt(batch, 100.0)
        batch.with_user(self.closer).action_close()
        self._flush_tracking()
        tracked = batch.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(sorted(tracked.mapped("new_value_char")), ["Closed", "Open"])
