"""Policy keys narrow automatic matching; several invoice numbers on one receipt."""

from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestPolicyKeys(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two open invoices of the same payer and amount: only the keys tell them apart.
        cls.term_1 = cls._invoice(cls.partner_a, 100.0, ref="TERM-1", date="2026-01-01")
        cls.term_2 = cls._invoice(cls.partner_a, 100.0, ref="TERM-2", date="2026-02-01")
        cls.term_2.invoice_origin = "TX-22"

    def test_policy_term_chooses_the_invoice_carrying_it(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0, batch_policy_term="TERM-2")
        self.assertEqual(receipt.allocation_ids.move_id, self.term_2)
        self.assertFalse(receipt.batch_match_note)

    def test_policy_transaction_chooses_the_invoice_carrying_it(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0, batch_policy_transaction="TX-22")
        self.assertEqual(receipt.allocation_ids.move_id, self.term_2)

    def test_unknown_policy_term_leaves_the_receipt_for_manual_matching(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0, batch_policy_term="TERM-404")
        self.assertFalse(receipt.allocation_ids, "not the payer's oldest invoice")
        self.assertEqual(
            receipt.batch_match_note,
            "No open invoice carries Policy Term ID TERM-404: match this receipt "
            "manually.",
        )
        self.assertEqual(receipt.batch_on_account_amount, 100.0)

    def test_all_keys_must_be_carried_by_the_same_invoice(self):
        batch = self._open_batch()
        both = self._add_receipt(
            batch,
            100.0,
            batch_policy_term="TERM-2",
            batch_policy_transaction="TX-22",
        )
        self.assertEqual(both.allocation_ids.move_id, self.term_2)
        crossed = self._add_receipt(
            batch,
            100.0,
            memo="crossed",
            batch_policy_term="TERM-1",
            batch_policy_transaction="TX-22",
        )
        self.assertFalse(crossed.allocation_ids)
        self.assertEqual(
            crossed.batch_match_note,
            "No open invoice carries both Policy Term ID TERM-1 and Policy "
            "Transaction ID TX-22: match this receipt manually.",
        )

    def test_batch_type_names_the_invoice_field_of_a_key(self):
        self.batch_type.policy_transaction_invoice_field = "ref"
        batch = self._open_batch()
        # TX-22 is in the invoice's source document, not its reference.
        missed = self._add_receipt(batch, 100.0, batch_policy_transaction="TX-22")
        self.assertFalse(missed.allocation_ids)
        self.assertIn("Policy Transaction ID TX-22", missed.batch_match_note)
        found = self._add_receipt(
            batch, 100.0, memo="by ref", batch_policy_transaction="TERM-1"
        )
        self.assertEqual(found.allocation_ids.move_id, self.term_1)

    def test_changing_a_key_matches_the_receipt_again(self):
        batch = self._open_batch()
        receipt = self._add_receipt(batch, 100.0, batch_policy_term="TERM-1")
        self.assertEqual(receipt.allocation_ids.move_id, self.term_1)
        receipt.with_user(self.clerk).batch_policy_term = "TERM-2"
        self.assertEqual(receipt.allocation_ids.move_id, self.term_2)

    def test_several_invoice_numbers_are_paid_oldest_first(self):
        batch = self._open_batch()
        receipt = self._add_receipt(
            batch,
            150.0,
            batch_invoice_number=f"{self.term_2.name}; {self.term_1.name}",
        )
        self.assertEqual(
            [(a.move_id, a.amount) for a in receipt.allocation_ids],
            [(self.term_1, 100.0), (self.term_2, 50.0)],
        )

    def test_one_missing_number_of_several_leaves_the_receipt_unmatched(self):
        batch = self._open_batch()
        receipt = self._add_receipt(
            batch, 150.0, batch_invoice_number=f"{self.term_1.name}, INV/2099/1"
        )
        self.assertFalse(receipt.allocation_ids)
        self.assertIn("INV/2099/1 not found", receipt.batch_match_note)
