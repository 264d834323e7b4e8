from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestInsuranceAssignment(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        # Invoicing and the right to confirm assignments, no batch right.
        cls.biller = new_test_user(
            cls.env,
            login="biller",
            groups="account.group_account_invoice,"
            "account_payment_batch.group_assignment_confirm",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.auditor = new_test_user(
            cls.env,
            login="auditor",
            groups="account.group_account_readonly",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutual Insurance", "is_company": True}
        )
        cls.misc_journal = cls.company_data["default_journal_misc"]

    # -------------------------------------------------------------------------
    # Helpers
    # -------------------------------------------------------------------------

    def _assignment(self, invoices, amount, user=None, **vals):
        """A draft assignment of ``invoices`` of partner_a to the insurer."""
        return (
            self.env["account.payment.batch.assignment"]
            .with_user(user or self.biller)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "insurer_id": self.insurer.id,
                    "policy_number": "POL-778",
                    "amount": amount,
                    "date": "2026-02-01",
                    "invoice_ids": [Command.set(invoices.ids)],
                    **vals,
                }
            )
        )

    def _confirmed(self, invoices, amount, **vals):
        assignment = self._assignment(invoices, amount, **vals)
        assignment.action_confirm()
        return assignment

    def _receivable_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
            ]
        )
        return sum(lines.mapped("balance"))

    @staticmethod
    def _has_message(record, text):
        return any(text in (message.body or "") for message in record.message_ids)

    def _assert_invoice(self, invoice, residual, payment_state):
        invoice.invalidate_recordset(["amount_residual", "payment_state"])
        self.assertAlmostEqual(invoice.amount_residual, residual)
        self.assertEqual(invoice.payment_state, payment_state)

    def _insurer_pays(self, assignment, amount):
        """An ordinary payment of the insurer, matched with its receivable item."""
        payment = (
            self.env["account.payment"]
            .with_user(self.biller)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.insurer.id,
                    "amount": amount,
                    "date": "2026-03-01",
                    "journal_id": self.bank_journal.id,
                }
            )
        )
        payment.action_post()
        item = assignment.insurer_line_id
        counterpart = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == item.account_id
        )
        (counterpart | item).with_user(self.biller).reconcile()
        return payment

    def _assert_nothing_booked(self, assignment, invoice, residual):
        self.assertEqual(assignment.state, "draft")
        self.assertEqual(assignment.name, "/")
        self.assertFalse(assignment.move_id)
        self.assertFalse(
            self.env["account.move"].search_count(
                [("ref", "ilike", "Insurance assignment")]
            )
        )
        self._assert_invoice(invoice, residual, "not_paid")

    # -------------------------------------------------------------------------
    # Confirm
    # -------------------------------------------------------------------------

    def test_confirm_moves_the_invoice_to_the_insurer(self):
        invoice = self._invoice(self.partner_a, 300.0)
        customer_before = self._receivable_balance(self.partner_a)
        assignment = self._confirmed(invoice, 300.0)

        self.assertEqual(assignment.state, "pending")
        self.assertRegex(assignment.name, r"^ASGN/2026/\d{5}$")
        self._assert_invoice(invoice, 0.0, "paid")
        self.assertAlmostEqual(
            self._receivable_balance(self.partner_a), customer_before - 300.0
        )
        self.assertAlmostEqual(self._receivable_balance(self.insurer), 300.0)
        self.assertAlmostEqual(assignment.amount_to_fund, 300.0)
        self.assertAlmostEqual(assignment.amount_funded, 0.0)

    def test_confirm_books_one_entry_insurer_debit_customer_credit(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)

        move = assignment.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.misc_journal)
        self.assertEqual(str(move.date), "2026-02-01")
        self.assertEqual(len(move.line_ids), 2)
        self.assertEqual(
            move.ref, f"Insurance assignment {assignment.name}, policy POL-778"
        )
        insurer_line = assignment.insurer_line_id
        self.assertEqual(insurer_line.move_id, move)
        self.assertEqual(insurer_line.partner_id, self.insurer)
        self.assertEqual(
            insurer_line.account_id, self.insurer.property_account_receivable_id
        )
        self.assertAlmostEqual(insurer_line.debit, 300.0)
        self.assertTrue(insurer_line.account_id.reconcile)
        self.assertFalse(insurer_line.reconciled)
        customer_line = move.line_ids - insurer_line
        self.assertEqual(customer_line.partner_id, self.partner_a)
        self.assertEqual(customer_line.account_id, self._receivable(invoice).account_id)
        self.assertAlmostEqual(customer_line.credit, 300.0)
        self.assertTrue(customer_line.reconciled)
        self.assertTrue(self._has_message(assignment, move.name))

    def test_assign_to_insurer_from_the_invoice_prefills_the_form(self):
        invoice = self._invoice(self.partner_a, 300.0)
        invoice_form = (
            self.env["account.move"]
            .with_user(self.biller)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("Assign to Insurer", invoice_form)
        # What the invoice's button puts in the context.
        assignments = (
            self.env["account.payment.batch.assignment"]
            .with_user(self.biller)
            .with_context(
                default_partner_id=invoice.commercial_partner_id.id,
                default_invoice_ids=[invoice.id],
                default_amount=invoice.amount_residual,
            )
        )
        with Form(assignments) as form:
            self.assertEqual(form.partner_id, self.partner_a)
            self.assertEqual(form.invoice_ids[:], invoice)
            self.assertEqual(form.amount, 300.0)
            self.assertEqual(form.journal_id, self.misc_journal)
            form.insurer_id = self.insurer
        assignment = form.record
        assignment.action_confirm()
        self._assert_invoice(invoice, 0.0, "paid")

    def test_partial_assignment_leaves_the_rest_to_the_customer(self):
        invoice = self._invoice(self.partner_a, 300.0)
        customer_before = self._receivable_balance(self.partner_a)
        assignment = self._confirmed(invoice, 100.0)
        self._assert_invoice(invoice, 200.0, "partial")
        self.assertAlmostEqual(
            self._receivable_balance(self.partner_a), customer_before - 100.0
        )
        self.assertAlmostEqual(assignment.insurer_line_id.amount_residual, 100.0)

    def test_one_assignment_pays_the_oldest_invoice_first(self):
        newer = self._invoice(self.partner_a, 200.0, date="2026-01-20")
        older = self._invoice(self.partner_a, 100.0, date="2026-01-05")
        assignment = self._confirmed(newer | older, 250.0)
        self._assert_invoice(older, 0.0, "paid")
        self._assert_invoice(newer, 50.0, "partial")
        self.assertEqual(len(assignment.move_id.line_ids), 3)
        self.assertAlmostEqual(assignment.insurer_line_id.debit, 250.0)

    def test_money_planned_by_an_open_batch_is_left_to_it(self):
        self.batch_type.auto_match = False
        invoice = self._invoice(self.partner_a, 100.0)
        batch = self._open_batch(cheques=(1, 60.0))
        receipt = self._add_receipt(batch, 60.0)
        self._allocate(receipt, invoice, 60.0)
        assignment = self._assignment(invoice, 100.0)
        with self._assert_refused(
            UserError, r"more than the \$\s?40.00 .* \$\s?60.00 that receipts of open"
        ):
            assignment.action_confirm()
        self._assert_nothing_booked(assignment, invoice, 100.0)

        assignment.amount = 40.0
        assignment.action_confirm()
        self._assert_invoice(invoice, 60.0, "partial")
        self._close(batch)
        self._assert_invoice(invoice, 0.0, "paid")

    # -------------------------------------------------------------------------
    # Refusals
    # -------------------------------------------------------------------------

    def test_amount_above_what_is_owed_is_refused(self):
        invoice = self._invoice(self.partner_a, 100.0)
        assignment = self._assignment(invoice, 150.0)
        with self._assert_refused(
            UserError,
            r"Draft assignment of partner_a assigns \$\s?150.00, more than the "
            r"\$\s?100.00 its invoices still owe",
        ):
            assignment.action_confirm()
        self._assert_nothing_booked(assignment, invoice, 100.0)

    def test_second_assignment_cannot_take_what_the_first_took(self):
        invoice = self._invoice(self.partner_a, 100.0)
        first = self._assignment(invoice, 100.0)
        second = self._assignment(invoice, 100.0)
        with self._assert_refused(UserError, "more than the .*0.00 its invoices"):
            (first | second).action_confirm()
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])
        first.action_confirm()
        with self._assert_refused(UserError, "not a posted customer invoice"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")

    def test_date_in_a_locked_period_is_refused(self):
        invoice = self._invoice(self.partner_a, 100.0)
        assignment = self._assignment(invoice, 100.0, date="2026-01-31")
        self.env.company.fiscalyear_lock_date = "2026-01-31"
        with self._assert_refused(UserError, "in a period locked until 01/31/2026"):
            assignment.action_confirm()
        self._assert_nothing_booked(assignment, invoice, 100.0)

    def test_insurer_must_not_be_the_customer(self):
        invoice = self._invoice(self.partner_a, 100.0)
        assignment = self._assignment(invoice, 100.0, insurer_id=self.partner_a.id)
        with self._assert_refused(
            UserError, "the insurer must be another partner than the customer"
        ):
            assignment.action_confirm()
        self._assert_nothing_booked(assignment, invoice, 100.0)

    def test_invoice_of_another_customer_is_refused(self):
        invoice = self._invoice(self.partner_b, 100.0)
        assignment = self._assignment(invoice, 100.0)
        with self._assert_refused(
            UserError, f"invoice {invoice.name} is billed to partner_b"
        ):
            assignment.action_confirm()
        self._assert_nothing_booked(assignment, invoice, 100.0)

    def test_invoice_in_another_currency_is_refused(self):
        invoice = self._invoice(
            self.partner_a, 100.0, currency=self.setup_other_currency("EUR")
        )
        assignment = self._assignment(invoice, 10.0)
        with self._assert_refused(UserError, "in EUR; assignments cover invoices in"):
            assignment.action_confirm()
        self.assertFalse(assignment.move_id)

    def test_assignment_without_invoice_is_refused(self):
        assignment = self._assignment(self.env["account.move"], 100.0)
        with self._assert_refused(UserError, "covers no invoice"):
            assignment.action_confirm()
        self.assertEqual(assignment.state, "draft")

    def test_amount_must_be_positive(self):
        invoice = self._invoice(self.partner_a, 100.0)
        with self._assert_refused(ValidationError, "assigned amount must be positive"):
            self._assignment(invoice, 0.0)

    # -------------------------------------------------------------------------
    # Cancel
    # -------------------------------------------------------------------------

    def test_cancel_reverses_the_entry_and_reopens_the_invoice(self):
        invoice = self._invoice(self.partner_a, 300.0)
        customer_before = self._receivable_balance(self.partner_a)
        assignment = self._confirmed(invoice, 300.0)
        move = assignment.move_id
        assignment.action_cancel()

        self.assertEqual(assignment.state, "cancel")
        reversal = move.reversal_move_ids
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(str(reversal.date), "2026-02-01")
        self._assert_invoice(invoice, 300.0, "not_paid")
        self.assertAlmostEqual(
            self._receivable_balance(self.partner_a), customer_before
        )
        self.assertAlmostEqual(self._receivable_balance(self.insurer), 0.0)
        self.assertTrue(assignment.insurer_line_id.reconciled)
        self.assertAlmostEqual(assignment.amount_to_fund, 0.0)
        self.assertTrue(self._has_message(assignment, reversal.name))

    def test_cancel_of_a_draft_books_nothing(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._assignment(invoice, 300.0)
        assignment.action_cancel()
        self.assertEqual(assignment.state, "cancel")
        self.assertFalse(assignment.move_id)
        self._assert_invoice(invoice, 300.0, "not_paid")

    def test_cancel_after_funding_is_refused(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        self._insurer_pays(assignment, 40.0)
        with self._assert_refused(
            UserError,
            r"ASGN/2026/\d+ has received \$\s?40.00 of \$\s?300.00 from Mutual",
        ):
            assignment.action_cancel()
        self.assertEqual(assignment.state, "pending")
        self._assert_invoice(invoice, 0.0, "paid")
        self.assertFalse(assignment.move_id.reversal_move_ids)

    # -------------------------------------------------------------------------
    # Funding
    # -------------------------------------------------------------------------

    def test_mark_funded_when_the_insurer_paid_in_full(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        self._insurer_pays(assignment, 300.0)
        funded = assignment.with_user(self.biller)._mark_funded("2026-03-01")
        self.assertEqual(funded, assignment)
        self.assertEqual(assignment.state, "funded")
        self.assertEqual(str(assignment.funds_received_on), "2026-03-01")
        self.assertAlmostEqual(assignment.amount_funded, 300.0)
        self.assertAlmostEqual(assignment.amount_to_fund, 0.0)
        self.assertTrue(self._has_message(assignment, "Funded: Mutual Insurance paid"))
        with self._assert_refused(UserError, "cannot be cancelled"):
            assignment.with_user(self.biller).action_cancel()

    def test_mark_funded_leaves_a_partly_funded_assignment_pending(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        self._insurer_pays(assignment, 100.0)
        funded = assignment.with_user(self.biller)._mark_funded(assignment.move_id.date)
        self.assertFalse(funded)
        self.assertEqual(assignment.state, "pending")
        self.assertFalse(assignment.funds_received_on)
        self.assertAlmostEqual(assignment.amount_funded, 100.0)
        self.assertAlmostEqual(assignment.amount_to_fund, 200.0)
        assignment.with_user(self.biller)._check_fundable()

    def test_check_fundable_refuses_a_draft(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._assignment(invoice, 300.0)
        with self._assert_refused(
            UserError, "Draft assignment of partner_a is Draft: only pending"
        ):
            assignment._check_fundable()

    def test_check_fundable_refuses_a_funded_assignment(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        assignment.with_user(self.biller)._check_fundable()
        self._insurer_pays(assignment, 300.0)
        assignment.with_user(self.biller)._mark_funded(assignment.move_id.date)
        with self._assert_refused(
            UserError, r"ASGN/2026/\d+ was already funded on 02/01/2026"
        ):
            assignment.with_user(self.biller)._check_fundable()

    def test_check_fundable_refuses_an_assignment_in_a_locked_period(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        self.env.company.fiscalyear_lock_date = "2026-02-28"
        with self._assert_refused(
            UserError, r"ASGN/2026/\d+ is dated 02/01/2026, in a period locked"
        ):
            assignment.with_user(self.biller)._check_fundable()

    # -------------------------------------------------------------------------
    # Rights and locking
    # -------------------------------------------------------------------------

    def test_batch_user_prepares_drafts(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._assignment(invoice, 300.0, user=self.clerk)
        assignment.write({"amount": 250.0, "policy_number": "POL-1"})
        self.assertEqual(assignment.amount, 250.0)
        with self._assert_refused(AccessError, ""):
            assignment.unlink()
        # A clerk enters, an accounting user with the right confirms.
        self.assertTrue(self.clerk.has_group("account.group_account_invoice"))
        with self._assert_refused(
            AccessError, "ask for the 'Confirm Insurance Assignments' right"
        ):
            assignment.with_user(self.clerk).action_confirm()
        self.assertEqual(assignment.state, "draft")
        assignment.with_user(self.biller).action_confirm()
        self.assertEqual(assignment.state, "pending")
        with self._assert_refused(AccessError, "not allowed to cancel"):
            assignment.with_user(self.clerk).action_cancel()

    def test_user_without_invoicing_right_cannot_confirm_or_cancel(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._assignment(invoice, 300.0)
        with self._assert_refused(AccessError, "not allowed to confirm insurance"):
            assignment.with_user(self.auditor).action_confirm()
        self.assertEqual(assignment.state, "draft")
        with self._assert_refused(AccessError, ""):
            assignment.with_user(self.auditor).write({"policy_number": "X"})
        assignment.action_confirm()
        with self._assert_refused(AccessError, "not allowed to cancel insurance"):
            assignment.with_user(self.auditor).action_cancel()
        self.assertEqual(assignment.state, "pending")

    def test_confirmed_assignment_is_locked(self):
        invoice = self._invoice(self.partner_a, 300.0)
        assignment = self._confirmed(invoice, 300.0)
        with self._assert_refused(UserError, "is Pending: it can no longer be changed"):
            assignment.amount = 10.0
        with self._assert_refused(UserError, "set by Confirm and Cancel"):
            assignment.state = "funded"
        with self._assert_refused(UserError, "set by Confirm and Cancel"):
            self._assignment(invoice, 10.0, state="funded")
        self.assertEqual(assignment.amount, 300.0)

    def test_only_drafts_are_deleted(self):
        invoice = self._invoice(self.partner_a, 300.0)
        draft = self._assignment(invoice, 100.0)
        pending = self._confirmed(invoice, 100.0)
        with self._assert_refused(UserError, "only draft assignments can be deleted"):
            pending.with_user(self.accountant).unlink()
        draft.with_user(self.accountant).unlink()
        self.assertFalse(draft.exists())
