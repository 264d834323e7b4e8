from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestAutoMatch(PaymentBatchCommon):
    def test_match_by_invoice_number(self):
        older = self._invoice(self.partner_a, 100.0, date="2026-01-01")
        invoice = self._invoice(self.partner_a, 300.0)
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 300.0, batch_invoice_number=invoice.name)
        self.assertEqual(receipt.allocation_ids.move_id, invoice)
        self.assertEqual(receipt.allocation_ids.amount, 300.0)
        self.assertEqual(receipt.batch_on_account_amount, 0.0)
        self.assertNotIn(older, receipt.allocation_ids.move_id)

    def test_unknown_invoice_number_leaves_receipt_unmatched_with_a_note(self):
        self._invoice(self.partner_a, 300.0)
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 300.0, batch_invoice_number="INV/2099/99999")
        self.assertFalse(receipt.allocation_ids)
        self.assertIn("INV/2099/99999 not found", receipt.batch_match_note)
        self.assertEqual(receipt.batch_on_account_amount, 300.0)

    def test_match_by_policy_reference(self):
        self._invoice(self.partner_a, 120.0)
        policy_invoice = self._invoice(self.partner_b, 80.0, ref="POL-7781")
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 80.0, batch_match_reference="POL-7781")
        self.assertEqual(receipt.allocation_ids.move_id, policy_invoice)

    def test_match_by_partner_prefers_the_exact_amount(self):
        self._invoice(self.partner_a, 100.0, date="2026-01-01")
        exact = self._invoice(self.partner_a, 250.0, date="2026-02-01")
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 250.0)
        self.assertEqual(receipt.allocation_ids.move_id, exact)

    def test_match_by_partner_pays_oldest_first_and_keeps_the_rest_on_account(self):
        oldest = self._invoice(self.partner_a, 100.0, date="2026-01-01")
        newer = self._invoice(self.partner_a, 200.0, date="2026-02-01")
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 350.0)
        self.assertEqual(
            [(a.move_id, a.amount) for a in receipt.allocation_ids],
            [(oldest, 100.0), (newer, 200.0)],
        )
        self.assertEqual(receipt.batch_on_account_amount, 50.0)

    def test_auto_match_off_plans_nothing(self):
        self.batch_type.auto_match = False
        self._invoice(self.partner_a, 100.0)
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0)
        self.assertFalse(receipt.allocation_ids)
        receipt.with_user(self.clerk).action_batch_auto_match()
        self.assertEqual(receipt.allocation_ids.amount, 100.0)

    def test_second_receipt_does_not_plan_what_the_first_planned(self):
        invoice = self._invoice(self.partner_a, 100.0)
        batch = self._open_batch()
        first = self._add_receipt(batch, 60.0)
        second = self._add_receipt(batch, 60.0)
        self.assertEqual(first.allocation_ids.amount, 60.0)
        self.assertEqual(second.allocation_ids.move_id, invoice)
        self.assertEqual(second.allocation_ids.amount, 40.0)

    def test_changing_the_payer_clears_allocations_and_matches_again(self):
        invoice_a = self._invoice(self.partner_a, 100.0)
        invoice_b = self._invoice(self.partner_b, 100.0)
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0)
        self.assertEqual(receipt.allocation_ids.move_id, invoice_a)
        receipt.with_user(self.clerk).partner_id = self.partner_b
        self.assertEqual(receipt.allocation_ids.move_id, invoice_b)
        self.assertTrue(
            any(
                "allocations cleared" in body
                for body in receipt.message_ids.mapped("body")
            )
        )


@tagged("post_install", "-at_install")
class TestManualAllocation(PaymentBatchCommon):
    def setUp(self):
        super().setUp()
        self.batch_type.auto_match = False
        self.batch = self._open_batch()

    def test_outstanding_subtracts_what_other_batches_planned(self):
        invoice = self._invoice(self.partner_a, 300.0)
        other_batch = self._open_batch()
        planned = self._allocate(self._add_receipt(other_batch, 100.0), invoice, 100.0)
        allocation = self._allocate(self._add_receipt(self.batch, 50.0), invoice, 50.0)
        self.assertEqual(allocation.outstanding, 200.0)
        self.assertEqual(planned.outstanding, 250.0)

    def test_two_batches_cannot_plan_the_same_money(self):
        invoice = self._invoice(self.partner_a, 300.0)
        other_batch = self._open_batch()
        self._allocate(self._add_receipt(other_batch, 250.0), invoice, 250.0)
        receipt = self._add_receipt(self.batch, 100.0)
        with self._assert_refused(
            ValidationError, "over-allocated.*" + other_batch.name
        ):
            self._allocate(receipt, invoice, 100.0)
        self.assertFalse(receipt.allocation_ids)

    def test_allocation_must_be_positive(self):
        invoice = self._invoice(self.partner_a, 300.0)
        receipt = self._add_receipt(self.batch, 100.0)
        with self._assert_refused(ValidationError, "must be positive, not -5.0"):
            self._allocate(receipt, invoice, -5.0)
        self.assertFalse(receipt.allocation_ids)

    def test_credit_note_adds_to_what_the_receipt_can_pay(self):
        invoice = self._invoice(self.partner_a, 300.0)
        credit_note = self._invoice(self.partner_a, 50.0, move_type="out_refund")
        receipt = self._add_receipt(self.batch, 250.0)
        self._allocate(receipt, invoice, 300.0)
        credit = self._allocate(receipt, credit_note, 50.0)
        self.assertTrue(credit.is_credit)
        self.assertEqual(credit.signed_amount, -50.0)
        self.assertEqual(receipt.batch_allocated_amount, 250.0)
        self.assertEqual(receipt.batch_on_account_amount, 0.0)

    def test_allocations_cannot_change_once_closed(self):
        invoice = self._invoice(self.partner_a, 300.0)
        receipt = self._add_receipt(self.batch, 100.0)
        self._allocate(receipt, invoice, 100.0)
        self._close(self.batch)
        with self._assert_refused(UserError, "Closed"):
            receipt.with_user(self.clerk).write(
                {"allocation_ids": [(1, receipt.allocation_ids.id, {"amount": 50.0})]}
            )
        self.assertEqual(receipt.allocation_ids.amount, 100.0)


@tagged("post_install", "-at_install")
class TestEntryRules(PaymentBatchCommon):
    def test_new_allocation_proposes_the_full_outstanding_up_to_what_is_left(self):
        self.batch_type.auto_match = False
        first = self._invoice(self.partner_a, 100.0)
        second = self._invoice(self.partner_a, 300.0)
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 250.0)
        with Form(receipt.with_user(self.clerk)) as form:
            with form.allocation_ids.new() as line:
                line.move_line_id = self._receivable(first)
                self.assertEqual(line.amount, 100.0)
            with form.allocation_ids.new() as line:
                line.move_line_id = self._receivable(second)
                self.assertEqual(line.amount, 150.0)
        self.assertEqual(receipt.batch_on_account_amount, 0.0)

    def test_payment_method_limited_to_the_line_type(self):
        inbound = self.bank_journal.inbound_payment_method_line_ids
        self.assertTrue(inbound)
        cheque_method = self.env["account.payment.method.line"].create(
            {
                "name": "Cheque",
                "payment_method_id": inbound[0].payment_method_id.id,
                "journal_id": self.bank_journal.id,
            }
        )
        self.line_type_cheques.payment_method_line_ids = cheque_method
        batch = self._open_batch()
        self._add_receipt(batch, 10.0, payment_method_line_id=cheque_method.id)
        with self._assert_refused(
            UserError, "payment method .* is not allowed on line Cheques"
        ):
            self._add_receipt(batch, 20.0, payment_method_line_id=inbound[0].id)
        self.assertEqual(len(batch.payment_ids), 1)
