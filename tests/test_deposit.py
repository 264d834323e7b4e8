"""Deposits and bank matching, as a clerk with the Prepare Deposits right."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestDeposit(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depositor = cls._user("depositor", "deposit")
        journal = cls.bank_journal
        manual = journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_method_id.code == "manual"
        )[:1]
        cls.cheque_method = manual
        cls.cash_method, cls.card_method = cls.env[
            "account.payment.method.line"
        ].create(
            [
                {
                    "name": "Cash",
                    "payment_method_id": manual.payment_method_id.id,
                    "journal_id": journal.id,
                    "batch_deposit_as": "cash",
                },
                {
                    "name": "Card Slips",
                    "payment_method_id": manual.payment_method_id.id,
                    "journal_id": journal.id,
                    "batch_deposit_as": "none",
                },
            ]
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Depositing Customer {n}"} for n in range(5)]
        )

    # ------------------------------------------------------------------
    # helpers

    def _closed_batch(self, cheques=(), cash=(), cards=(), batch_type=None):
        """A closed batch whose receipts each pay an invoice of their amount."""
        batch = self._create_batch(
            **({"batch_type_id": batch_type.id} if batch_type else {})
        )
        batch.with_user(self.supervisor).action_open()
        vals_list = []
        for method, amounts in (
            (self.cheque_method, cheques),
            (self.cash_method, cash),
            (self.card_method, cards),
        ):
            for amount in amounts:
                customer = self.customers[len(vals_list) % len(self.customers)]
                invoice = self._invoice(customer, amount)
                vals_list.append(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": customer.id,
                        "amount": amount,
                        "date": fields.Date.today(),
                        "memo": f"CHQ {len(vals_list) + 1}",
                        "journal_id": batch.journal_id.id,
                        "payment_method_line_id": method.id,
                        "batch_id": batch.id,
                        "batch_line_id": batch.line_ids[0].id,
                        "batch_invoice_number": invoice.name,
                    }
                )
        self.env["account.payment"].with_user(self.clerk).create(vals_list)
        self._close(batch)
        return batch

    def _deposit(self, batch, amount=None, journal=None, user=None):
        batch = batch.with_user(user or self.depositor)
        return batch._prepare_deposit(
            journal or self.bank_journal,
            fields.Date.today(),
            batch.bankable_amount if amount is None else amount,
        )

    def _bank_line(self, amount, label="Counter deposit", journal=None):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": (journal or self.bank_journal).id,
                "date": fields.Date.today(),
                "payment_ref": label,
                "amount": amount,
            }
        )

    def _match(self, deposit, st_line, user=None):
        wizard = Form(
            self.env["account.payment.batch.deposit.match"]
            .with_user(user or self.depositor)
            .with_context(default_statement_line_id=st_line.id)
        )
        self.assertEqual(wizard.deposit_id, deposit, "the best fit is proposed")
        return wizard.save().action_match()

    def _balance(self, account, moves):
        lines = moves.line_ids.filtered(lambda line: line.account_id == account)
        return sum(lines.mapped("balance"))

    # ------------------------------------------------------------------
    # deposit and match

    def test_fifty_receipts_deposited_and_matched_with_one_bank_line(self):
        cheques = [100.0 + n for n in range(40)]
        cash = [20.0 + n for n in range(10)]
        batch = self._closed_batch(cheques, cash, cards=(75.0, 80.0))
        self.assertEqual(batch.payment_count, 52)
        self.assertEqual(batch.bankable_cheque_count, 40)
        self.assertEqual(batch.bankable_cheque_amount, sum(cheques))
        self.assertEqual(batch.bankable_cash_amount, sum(cash))
        total = sum(cheques) + sum(cash)
        self.assertEqual(batch.bankable_amount, total)

        wizard = Form(
            self.env["account.payment.batch.deposit.prepare"]
            .with_user(self.depositor)
            .with_context(default_batch_id=batch.id)
        )
        self.assertEqual(wizard.journal_id, self.bank_journal)
        self.assertEqual(wizard.amount, total)
        action = wizard.save().action_confirm()
        deposit = self.env["account.payment.batch.deposit"].browse(action["res_id"])
        cards = batch.payment_ids.filtered(
            lambda p: p.payment_method_line_id == self.card_method
        )
        self.assertEqual(deposit.payment_ids, batch.payment_ids - cards)
        self.assertEqual(
            (deposit.cheque_count, deposit.cheque_amount, deposit.cash_amount),
            (40, sum(cheques), sum(cash)),
        )
        self.assertEqual(deposit.amount, total)
        self.assertRegex(deposit.name, r"^DEP/\d{4}/\d{5}$")
        self.assertEqual(batch.deposit_state, "deposited")

        st_line = self._bank_line(total)
        self.assertFalse(st_line.is_reconciled, "no number in the label: not automatic")
        self._match(deposit, st_line)
        self.assertTrue(st_line.is_reconciled)
        self.assertEqual(deposit.state, "matched")
        self.assertEqual(deposit.statement_line_id, st_line)
        self.assertEqual(batch.deposit_state, "matched")
        self.assertTrue(all(deposit.payment_ids.mapped("is_matched")))
        self.assertEqual(set(deposit.payment_ids.mapped("state")), {"paid"})
        self.assertFalse(any(cards.mapped("is_matched")), "card slips settle elsewhere")

        # The ledger: the bank holds the statement once, the deposited
        # receipts' outstanding amounts are cleared, the invoices are paid.
        moves = batch.payment_ids.move_id | st_line.move_id
        bank = self.bank_journal.default_account_id
        outstanding = batch.payment_ids.outstanding_account_id
        self.assertEqual(len(outstanding), 1)
        currency = batch.currency_id
        self.assertEqual(currency.compare_amounts(self._balance(bank, moves), total), 0)
        self.assertEqual(
            currency.compare_amounts(self._balance(outstanding, moves), 155.0), 0
        )
        receivable = moves.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(all(receivable.mapped("reconciled")))
        self.assertIn("matched with bank line", batch.message_ids[0].body)

    def test_third_party_cheque_over_three_customers_is_deposited_once(self):
        insurer = self.env["res.partner"].create({"name": "Mutual Insurer"})
        invoices = [self._invoice(customer, 100.0) for customer in self.customers[:3]]
        batch = self._open_batch(cheques=(1, 300.0))
        cheque = self._add_receipt(
            batch, 300.0, partner=insurer, batch_is_third_party=True, memo="INS 9"
        )
        for invoice in invoices:
            self._allocate(cheque, invoice, 100.0)
        self._close(batch)
        self.assertEqual(
            (batch.bankable_cheque_count, batch.bankable_amount), (1, 300.0)
        )
        deposit = self._deposit(batch)
        st_line = self._bank_line(300.0)
        self._match(deposit, st_line)
        self.assertTrue(cheque.is_matched)
        bank = self.bank_journal.default_account_id
        self.assertEqual(self._balance(bank, st_line.move_id | cheque.move_id), 300.0)
        for invoice in invoices:
            self.assertEqual(invoice.amount_residual, 0.0)

    def test_receipts_of_a_cash_journal_are_deposited_into_the_bank(self):
        cash_journal = self.company_data["default_journal_cash"]
        cash_type = self.batch_type.copy(
            {"journal_id": cash_journal.id, "name": "Counter Cash", "code": "CC"}
        )
        batch = self._create_batch(batch_type_id=cash_type.id)
        batch.with_user(self.supervisor).action_open()
        invoice = self._invoice(self.customers[0], 40.0)
        receipt = self._add_receipt(
            batch, 40.0, partner=self.customers[0], batch_invoice_number=invoice.name
        )
        self.assertEqual(receipt.payment_method_line_id.batch_deposit_as, "cash")
        self._close(batch)
        self.assertEqual(
            (batch.bankable_cash_amount, batch.bankable_cheque_count), (40.0, 0)
        )
        deposit = self._deposit(batch, journal=self.bank_journal)
        self.assertEqual(deposit.journal_id, self.bank_journal)
        st_line = self._bank_line(40.0)
        self._match(deposit, st_line)
        self.assertTrue(receipt.is_matched)
        self.assertEqual(receipt.state, "paid")

    # ------------------------------------------------------------------
    # automatic matching

    def test_bank_line_with_the_slip_number_and_amount_is_matched_on_arrival(self):
        batch = self._closed_batch(cheques=(120.0, 80.0))
        deposit = self._deposit(batch)
        st_line = self._bank_line(200.0, label=f"DEPOSIT {deposit.name} BRANCH 4")
        self.assertTrue(st_line.is_reconciled)
        self.assertEqual(deposit.state, "matched")
        self.assertEqual(deposit.statement_line_id, st_line)

    def test_bank_line_that_fits_two_deposits_is_left_alone(self):
        first = self._deposit(self._closed_batch(cheques=(150.0,)))
        second = self._deposit(self._closed_batch(cheques=(150.0,)))
        st_line = self._bank_line(150.0, label=f"{first.name} {second.name}")
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual((first.state, second.state), ("deposited", "deposited"))

    def test_bank_line_of_another_amount_is_not_matched_on_arrival(self):
        deposit = self._deposit(self._closed_batch(cheques=(150.0,)))
        st_line = self._bank_line(149.0, label=deposit.name)
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual(deposit.state, "deposited")

    # ------------------------------------------------------------------
    # undo

    def test_unmatching_puts_the_deposit_back_then_it_can_be_cancelled(self):
        batch = self._closed_batch(cheques=(60.0, 40.0))
        deposit = self._deposit(batch)
        st_line = self._bank_line(100.0)
        self._match(deposit, st_line)
        with self._assert_refused(UserError, "only a deposit not matched"):
            deposit.with_user(self.depositor).action_cancel()
        st_line.action_undo_reconciliation()
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual(deposit.state, "deposited")
        self.assertFalse(deposit.statement_line_id)
        self.assertEqual(batch.deposit_state, "deposited")
        self.assertFalse(any(batch.payment_ids.mapped("is_matched")))
        deposit.with_user(self.depositor).action_cancel()
        self.assertEqual(deposit.state, "cancel")
        self.assertEqual(batch.deposit_state, "not_deposited")
        # The receipts may be deposited again.
        self.assertEqual(self._deposit(batch).payment_ids, batch.payment_ids)

    def test_deposited_receipt_cannot_be_changed(self):
        batch = self._open_batch(cheques=(1, 100.0))
        receipt = self._add_receipt(batch, 100.0)
        deposit = self._deposit(batch)
        with self._assert_refused(UserError, f"is in deposit {deposit.name}"):
            receipt.with_user(self.clerk).amount = 90.0
        deposit.with_user(self.depositor).action_cancel()
        receipt.with_user(self.clerk).amount = 90.0
        self.assertEqual(receipt.amount, 90.0)

    # ------------------------------------------------------------------
    # closing

    def test_close_refused_while_bankable_total_and_deposits_differ(self):
        deposit_type = self.batch_type.copy(
            {"name": "Deposited Receipts", "code": "DR", "require_deposit": True}
        )
        batch = self._create_batch(batch_type_id=deposit_type.id)
        batch.with_user(self.supervisor).action_open()
        self._add_receipt(batch, 100.0, payment_method_line_id=self.cheque_method.id)
        self._add_receipt(batch, 30.0, payment_method_line_id=self.card_method.id)
        with self._assert_refused(
            UserError, r"bankable total \$\s100.00, deposited \$\s0.00"
        ):
            self._close(batch)
        self.assertEqual(batch.state, "open")
        self._deposit(batch)
        self._close(batch)
        self.assertEqual(batch.state, "closed")

    # ------------------------------------------------------------------
    # bad input

    def test_deposit_amount_must_equal_the_bankable_total(self):
        batch = self._closed_batch(cheques=(100.0, 50.0))
        with self._assert_refused(
            UserError,
            r"deposit amount \$\s140.00 differs from the bankable total \$\s150.00",
        ):
            self._deposit(batch, amount=140.0)
        self.assertFalse(batch.deposit_ids)

    def test_second_deposit_of_the_same_receipts_is_refused(self):
        batch = self._closed_batch(cheques=(100.0,))
        deposit = self._deposit(batch)
        with self._assert_refused(UserError, f"already in deposit {deposit.name}"):
            self._deposit(batch, amount=100.0)
        self.assertEqual(batch.deposit_ids, deposit)

    def test_deposit_into_a_journal_that_is_not_a_bank_is_refused(self):
        batch = self._closed_batch(cheques=(100.0,))
        cash_journal = self.company_data["default_journal_cash"]
        with self._assert_refused(UserError, "is not a bank journal"):
            self._deposit(batch, journal=cash_journal)
        self.assertFalse(batch.deposit_ids)

    def test_bank_line_of_another_amount_is_refused_with_both_amounts(self):
        deposit = self._deposit(self._closed_batch(cheques=(100.0,)))
        st_line = self._bank_line(99.0)
        with self._assert_refused(
            UserError, r"is \$\s99.00 but deposit .* is \$\s100.00"
        ):
            deposit.with_user(self.depositor)._match_statement_line(st_line)
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual(deposit.state, "deposited")

    def test_bank_line_already_reconciled_is_refused(self):
        first = self._deposit(self._closed_batch(cheques=(100.0,)))
        second = self._deposit(self._closed_batch(cheques=(100.0,)))
        st_line = self._bank_line(100.0)
        first.with_user(self.depositor)._match_statement_line(st_line)
        with self._assert_refused(UserError, "is already reconciled"):
            second.with_user(self.depositor)._match_statement_line(st_line)
        self.assertEqual(second.state, "deposited")

    def test_bank_line_of_another_company_is_refused(self):
        deposit = self._deposit(self._closed_batch(cheques=(100.0,)))
        other = self.setup_other_company(name="Bank Other Company")
        st_line = self._bank_line(100.0, journal=other["default_journal_bank"])
        with self._assert_refused(UserError, "belongs to Bank Other Company"):
            deposit._match_statement_line(st_line)
        self.assertEqual(deposit.state, "deposited")

    def test_deposit_needs_the_deposit_right(self):
        batch = self._closed_batch(cheques=(100.0,))
        with self._assert_refused(AccessError, "Prepare Deposits"):
            self._deposit(batch, user=self.clerk)
        with self._assert_refused(AccessError, "Prepare Deposits"):
            batch.with_user(self.closer).action_open_deposit_wizard()
        deposit = self._deposit(batch)
        st_line = self._bank_line(100.0)
        with self._assert_refused(AccessError, "Prepare Deposits"):
            deposit.with_user(self.clerk)._match_statement_line(st_line)
        with self._assert_refused(AccessError, "Prepare Deposits"):
            deposit.with_user(self.clerk).action_cancel()
        with self._assert_refused(AccessError, ""):
            self.env["account.payment.batch.deposit"].with_user(self.clerk).create(
                {
                    "name": "FORGED",
                    "batch_id": batch.id,
                    "journal_id": self.bank_journal.id,
                    "date": fields.Date.today(),
                    "payment_ids": [Command.set(batch.payment_ids.ids)],
                    "amount": 100.0,
                }
            )
        self.assertEqual(deposit.state, "deposited")
        self.assertFalse(st_line.is_reconciled)

    def test_deposited_receipt_is_corrected_once_the_deposit_is_cancelled(self):
        batch = self._closed_batch(cheques=(100.0,))
        deposit = self._deposit(batch)
        receipt = batch.payment_ids
        with self._assert_refused(UserError, f"is in deposit {deposit.name}"):
            receipt.with_user(self.closer)._batch_correct("wrong payer")
        self.assertEqual(receipt.state, "paid")
        deposit.with_user(self.depositor).action_cancel()
        receipt.with_user(self.closer)._batch_correct("wrong payer")
        self.assertEqual(receipt.state, "canceled")
