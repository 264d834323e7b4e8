"""Unbanked receipts, batch analysis and the "Added via batch" link."""

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestUnbanked(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depositor = cls._user("depositor", "deposit")
        journal = cls.bank_journal
        cls.cheque_method = journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_method_id.code == "manual"
        )[:1]
        cls.cash_method, cls.card_method = cls.env[
            "account.payment.method.line"
        ].create(
            [
                {
                    "name": "Cash",
                    "payment_method_id": cls.cheque_method.payment_method_id.id,
                    "journal_id": journal.id,
                    "batch_deposit_as": "cash",
                },
                {
                    "name": "Card Slips",
                    "payment_method_id": cls.cheque_method.payment_method_id.id,
                    "journal_id": journal.id,
                    "batch_deposit_as": "none",
                },
            ]
        )
        cls.coordinator = cls.env["res.partner"].create({"name": "Parish Office"})
        cls.insurer = cls.env["res.partner"].create({"name": "Mutual Insurer"})
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Insured Customer {n}"} for n in range(3)]
        )

    # ------------------------------------------------------------------
    # helpers

    def _unbanked(self, user=None):
        """The unbanked list as ``user`` (the clerk) sees it."""
        self.env.flush_all()
        return (
            self.env["account.payment.batch.unbanked"]
            .with_user(user or self.clerk)
            .search([])
        )

    def _row_of(self, record, user=None):
        field = "batch_id" if record._name == "account.payment.batch" else "payment_id"
        return self._unbanked(user).filtered(lambda row: row[field] == record)

    def _third_party_batch(self):
        """A closed batch: an insurer's cheque of 300 distributed over three
        customers, 50 in cash and a card slip of 30."""
        invoices = [self._invoice(customer, 100.0) for customer in self.customers]
        batch = self._create_batch(received_from_id=self.coordinator.id)
        self._set_recorded(batch, cheques=(2, 330.0), cash=(1, 50.0))
        batch.with_user(self.supervisor).action_open()
        cheque = self._add_receipt(
            batch,
            300.0,
            partner=self.insurer,
            batch_is_third_party=True,
            memo="INS 9",
            payment_method_line_id=self.cheque_method.id,
        )
        for invoice in invoices:
            self._allocate(cheque, invoice, 100.0)
        self._add_receipt(
            batch,
            30.0,
            partner=self.customers[0],
            memo="VISA 1",
            payment_method_line_id=self.card_method.id,
        )
        self._add_receipt(
            batch,
            50.0,
            line=batch.line_ids[1],
            partner=self.customers[1],
            payment_method_line_id=self.cash_method.id,
        )
        self._close(batch)
        return batch

    def _deposit(self, batch):
        batch = batch.with_user(self.depositor)
        return batch._prepare_deposit(
            self.bank_journal, fields.Date.today(), batch.bankable_amount
        )

    def _single_payment(self, amount, method=None):
        """A posted customer payment entered outside any batch."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": amount,
                "date": fields.Date.today(),
                "journal_id": self.bank_journal.id,
                "payment_method_line_id": (method or self.cheque_method).id,
            }
        )
        payment.action_post()
        return payment

    def _match_with_bank_line(self, payment):
        """Reconcile ``payment`` with a bank statement line of its amount."""
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": payment.journal_id.id,
                "date": fields.Date.today(),
                "payment_ref": payment.name,
                "amount": payment.amount,
            }
        )
        _liquidity, suspense, _other = st_line._seek_for_lines()
        outstanding = payment._batch_outstanding_lines()
        st_line.move_id.with_context(skip_readonly_check=True).write(
            {
                "line_ids": [
                    Command.update(
                        suspense.id,
                        {
                            "account_id": outstanding.account_id.id,
                            "partner_id": payment.partner_id.id,
                        },
                    )
                ]
            }
        )
        (suspense | outstanding).reconcile()
        return st_line

    # ------------------------------------------------------------------
    # unbanked receipts

    def test_closed_batch_is_one_row_with_its_bankable_total(self):
        batch = self._third_party_batch()
        row = self._row_of(batch)
        self.assertEqual(len(row), 1)
        self.assertRecordValues(
            row,
            [
                {
                    "kind": "batch",
                    "name": batch.name,
                    "date": batch.date_received,
                    "journal_id": self.bank_journal.id,
                    "company_id": self.env.company.id,
                    "currency_id": batch.currency_id.id,
                    "partner_id": self.coordinator.id,
                    "payment_id": False,
                    "receipt_count": 2,
                    "amount": 350.0,
                }
            ],
        )
        self.assertEqual(row.amount, batch.bankable_amount)

    def test_batch_receipts_never_appear_as_single_payments(self):
        batch = self._third_party_batch()
        rows = self._unbanked()
        self.assertFalse(rows.filtered(lambda r: r.payment_id in batch.payment_ids))
        self.assertFalse(rows.filtered(lambda r: r.partner_id in self.customers))

    def test_batch_disappears_once_deposited(self):
        batch = self._third_party_batch()
        self._deposit(batch)
        self.assertFalse(self._row_of(batch))

    def test_batch_reappears_when_its_deposit_is_cancelled(self):
        batch = self._third_party_batch()
        deposit = self._deposit(batch)
        deposit.with_user(self.depositor).action_cancel()
        self.assertEqual(self._row_of(batch).amount, 350.0)

    def test_receipt_entered_after_a_deposit_is_unbanked_alone(self):
        batch = self._open_batch(cheques=(2, 300.0))
        self._add_receipt(batch, 100.0, payment_method_line_id=self.cheque_method.id)
        self._deposit(batch)
        self.assertFalse(self._row_of(batch))
        self._add_receipt(
            batch, 200.0, memo="LATE", payment_method_line_id=self.cheque_method.id
        )
        row = self._row_of(batch)
        self.assertEqual((row.receipt_count, row.amount), (1, 200.0))

    def test_card_slips_never_appear(self):
        batch = self._open_batch(cheques=(1, 30.0))
        self._add_receipt(batch, 30.0, payment_method_line_id=self.card_method.id)
        self._close(batch)
        payment = self._single_payment(45.0, method=self.card_method)
        self.assertFalse(self._row_of(batch))
        self.assertFalse(self._row_of(payment))

    def test_cancelled_batch_never_appears(self):
        batch = self._open_batch(cheques=(1, 80.0))
        self._add_receipt(batch, 80.0, payment_method_line_id=self.cheque_method.id)
        self.assertEqual(self._row_of(batch).amount, 80.0, "an open batch is listed")
        batch.with_user(self.canceller).action_cancel()
        self.assertFalse(self._row_of(batch))

    def test_single_payment_is_listed_until_matched_with_the_bank(self):
        payment = self._single_payment(125.0)
        self.assertRecordValues(
            self._row_of(payment),
            [
                {
                    "kind": "payment",
                    "name": payment.name,
                    "batch_id": False,
                    "partner_id": self.partner_a.id,
                    "receipt_count": 1,
                    "amount": 125.0,
                }
            ],
        )
        self._match_with_bank_line(payment)
        self.assertTrue(payment.is_matched)
        self.assertFalse(self._row_of(payment))

    def test_draft_single_payment_is_not_listed(self):
        payment = self._single_payment(60.0)
        payment.action_draft()
        self.assertFalse(self._row_of(payment))

    def test_other_company_batch_is_not_visible(self):
        other_batch = self._other_company_batch("Unbanked Other Co")
        other_company, other_journal = other_batch.company_id, other_batch.journal_id
        self.env["account.payment"].with_company(other_company).create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": 70.0,
                "journal_id": other_journal.id,
                "batch_id": other_batch.id,
            }
        )
        mine = self._open_batch(cheques=(1, 90.0))
        self._add_receipt(mine, 90.0, payment_method_line_id=self.cheque_method.id)
        self.env.flush_all()
        all_rows = self.env["account.payment.batch.unbanked"].search([])
        self.assertEqual(
            all_rows.filtered(lambda r: r.batch_id == other_batch).amount, 70.0
        )
        rows = self._unbanked()
        self.assertIn(mine, rows.batch_id)
        self.assertNotIn(other_batch.id, rows.batch_id.ids)
        self.assertEqual(set(rows.company_id.ids), {self.env.company.id})

    # ------------------------------------------------------------------
    # batch analysis

    def test_receipts_grouped_by_batch_type_sum_their_amounts(self):
        other_type = self.batch_type.copy({"name": "Counter Receipts", "code": "CT"})
        first = self._open_batch(cheques=(2, 300.0))
        self._add_receipt(first, 100.0)
        self._add_receipt(first, 200.0, memo="CHQ 2")
        second = self._create_batch(batch_type_id=other_type.id)
        second.with_user(self.supervisor).action_open()
        self._add_receipt(second, 50.0)
        self._single_payment(999.0)
        self.assertEqual(second.payment_ids.batch_type_id, other_type)
        groups = (
            self.env["account.payment"]
            .with_user(self.clerk)
            .formatted_read_group(
                [("batch_id", "!=", False)], ["batch_type_id"], ["amount:sum"]
            )
        )
        self.assertEqual(
            {group["batch_type_id"][0]: group["amount:sum"] for group in groups},
            {self.batch_type.id: 300.0, other_type.id: 50.0},
        )

    # ------------------------------------------------------------------
    # "Added via batch"

    def _invoice_paid_through_a_batch(self):
        invoice = self._invoice(self.customers[0], 100.0)
        batch = self._open_batch(cheques=(1, 100.0))
        self._add_receipt(
            batch, 100.0, partner=self.customers[0], batch_invoice_number=invoice.name
        )
        self._close(batch)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.payment_state, "paid")
        return invoice, batch

    def _widget_lines(self, invoice, user):
        invoice.invalidate_recordset(["invoice_payments_widget"])
        return invoice.with_user(user).invoice_payments_widget["content"]

    def test_invoice_payment_names_the_batch_it_was_added_through(self):
        invoice, batch = self._invoice_paid_through_a_batch()
        [line] = self._widget_lines(invoice, self.clerk)
        self.assertEqual(line["account_payment_id"], batch.payment_ids.id)
        self.assertEqual((line["batch_id"], line["batch_name"]), (batch.id, batch.name))

    def test_invoice_payment_outside_a_batch_names_no_batch(self):
        invoice = self._invoice(self.customers[1], 40.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        [line] = self._widget_lines(invoice, self.clerk)
        self.assertTrue(line["account_payment_id"])
        self.assertNotIn("batch_id", line)

    def test_batch_is_not_named_to_a_user_who_cannot_open_it(self):
        invoice, _batch = self._invoice_paid_through_a_batch()
        biller = new_test_user(
            self.env,
            login="biller",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        [line] = self._widget_lines(invoice, biller)
        self.assertNotIn("batch_name", line)

    def test_payment_form_says_added_via_batch(self):
        arch = (
            self.env["account.payment"]
            .with_user(self.clerk)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("Added via batch", arch)
