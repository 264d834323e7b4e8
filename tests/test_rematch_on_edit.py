from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestRematchOnEdit(PaymentBatchCommon):
    """Seed 004: changing what a receipt is matched by matches it again on save."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.old = cls._invoice(cls.partner_a, 100.0, ref="POL-OLD", date="2026-01-05")
        cls.new = cls._invoice(cls.partner_a, 100.0, ref="POL-NEW", date="2026-01-20")

    def setUp(self):
        super().setUp()
        self.batch = self._open_batch()

    def _receipt(self, **vals):
        receipt = self._add_receipt(self.batch, 100.0, **vals)
        return receipt.with_user(self.clerk)

    def _matched(self, receipt):
        return receipt.allocation_ids.move_id

    def test_invoice_number_change(self):
        receipt = self._receipt(batch_invoice_number=self.old.name)
        self.assertEqual(self._matched(receipt), self.old)
        receipt.batch_invoice_number = self.new.name
        self.assertEqual(self._matched(receipt), self.new)

    def test_reference_change(self):
        receipt = self._receipt(batch_match_reference="POL-OLD")
        self.assertEqual(self._matched(receipt), self.old)
        receipt.batch_match_reference = "POL-NEW"
        self.assertEqual(self._matched(receipt), self.new)

    def test_payer_change(self):
        invoice_b = self._invoice(self.partner_b, 100.0)
        receipt = self._receipt()
        self.assertEqual(self._matched(receipt), self.old)
        receipt.partner_id = self.partner_b
        self.assertEqual(self._matched(receipt), invoice_b)

    def test_policy_ids_change(self):
        self.old.payment_reference = "TERM-1"
        self.new.payment_reference = "TERM-2"
        receipt = self._receipt(batch_policy_term="TERM-1")
        self.assertEqual(self._matched(receipt), self.old)
        receipt.batch_policy_term = "TERM-2"
        self.assertEqual(self._matched(receipt), self.new)
        receipt.write(
            {"batch_policy_term": False, "batch_policy_transaction": "TERM-1"}
        )
        self.assertEqual(self._matched(receipt), self.old)

    def test_a_hand_made_allocation_survives_other_edits(self):
        self.batch_type.auto_match = False
        receipt = self._receipt(memo="CHQ-1")
        self.assertFalse(receipt.allocation_ids)
        allocation = self._allocate(receipt, self.new, 100.0)
        receipt.write(
            {
                "memo": "CHQ-1 (corrected)",
                "batch_description": "typed later",
                "date": "2026-03-02",
                "batch_line_id": self.batch.line_ids[0].id,
            }
        )
        self.assertEqual(receipt.allocation_ids, allocation)
        self.assertEqual(allocation.move_id, self.new)
        # A matching key typed afterwards does throw it away.
        receipt.batch_invoice_number = self.old.name
        self.assertFalse(allocation.exists())
