from odoo.tests import TransactionCase, tagged


@tagged("-standard", "apb_demo", "post_install", "-at_install")
class TestDemoData(TransactionCase):
    """Runs only on a database with demo data (``--test-tags apb_demo``)."""

    def test_demo_batches_cover_every_state(self):
        ref = self.env.ref
        self.assertEqual(ref("account_payment_batch.demo_batch_draft").state, "draft")
        self.assertEqual(ref("account_payment_batch.demo_batch_open").state, "open")
        self.assertEqual(
            ref("account_payment_batch.demo_batch_open").assigned_to_id,
            ref("base.user_admin"),
            "the demo user's batch, counted on the dashboard",
        )
        self.assertEqual(
            ref("account_payment_batch.demo_batch_cancelled").state, "cancel"
        )
        closed = ref("account_payment_batch.demo_batch_closed")
        self.assertEqual(closed.state, "closed")
        self.assertTrue(closed.is_balanced)
        self.assertEqual(set(closed.payment_ids.mapped("state")), {"in_process"})
        self.assertEqual(closed.amount_entered, 700.0)

    def test_demo_types_and_lines(self):
        cash = self.env.ref("account_payment_batch.demo_type_cash_receipts")
        self.assertEqual(cash.line_type_ids.mapped("name"), ["Cheques", "Cash"])
        self.assertEqual(cash.alias_name, "batch-receipts", "the mail intake address")
        self.assertEqual(cash.alias_id.alias_model_id.model, "account.payment.batch")
        self.assertEqual(
            self.env.ref("account_payment_batch.demo_type_refunds").kind, "refund"
        )

    def test_demo_deposit_carries_the_bankable_total(self):
        batch = self.env.ref("account_payment_batch.demo_batch_deposited")
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.deposit_state, "deposited")
        self.assertEqual(
            (batch.bankable_cheque_count, batch.bankable_cash_amount), (2, 80.0)
        )
        self.assertEqual(batch.bankable_amount, batch.deposited_amount)

    def test_demo_insurer_receipt_funds_a_pending_assignment(self):
        ref = self.env.ref
        assignment = ref("account_payment_batch.demo_assignment_pending")
        self.assertEqual(assignment.state, "pending")
        self.assertEqual(
            ref("account_payment_batch.demo_family_invoice").payment_state, "partial"
        )
        receipt = ref("account_payment_batch.demo_receipt_open_insurer")
        self.assertEqual(receipt.allocation_ids.assignment_id, assignment)
        self.assertEqual(receipt.batch_id.state, "open")

    def test_demo_account_balance_receipt_applies_a_credit(self):
        receipt = self.env.ref("account_payment_batch.demo_receipt_account_balance")
        self.assertEqual(receipt.batch_id.state, "open")
        self.assertEqual(receipt.batch_method_label, "On Account Balance")
        self.assertEqual(
            (
                receipt.batch_on_account_balance,
                receipt.batch_applied_amount,
                receipt.batch_remaining_balance,
            ),
            (450.0, 300.0, 150.0),
        )
        self.assertEqual(
            sorted(receipt.allocation_ids.mapped("signed_amount")), [-300.0, 300.0]
        )

    def test_demo_clerk_day_shows_every_badge(self):
        batch = self.env.ref("account_payment_batch.demo_day_batch")
        self.assertEqual(batch.state, "open")
        self.assertTrue(batch.is_balanced)
        receipts = batch.payment_ids.sorted("id")
        self.assertEqual(len(receipts), 12)
        self.assertEqual(
            receipts.mapped("batch_match_status"),
            [
                "matched",
                "matched",
                "partial",
                "matched",
                "on_account",
                "suspense",
                "unmatched",
                "matched",
                "on_account",
                "on_account",
                "partial",
                "on_account",
            ],
        )
        self.assertEqual(batch.suspense_count, 1)
        duplicates = receipts.filtered("batch_duplicate_flag")
        self.assertEqual(duplicates.mapped("memo"), ["CHQ 7701", "CHQ 7701"])
        insurer = self.env.ref("account_payment_batch.demo_day_receipt_8")
        self.assertTrue(insurer.batch_is_third_party)
        self.assertEqual(
            sorted(insurer.allocation_ids.mapped("partner_id.name")),
            ["Day Clinic Patient", "Day Dental Patient"],
        )
        refund = self.env.ref("account_payment_batch.demo_day_refund_receipt")
        self.assertEqual(refund.batch_id.state, "open")
        self.assertEqual(refund.batch_id.kind, "refund")
        self.assertEqual(refund.batch_match_status, "matched")
