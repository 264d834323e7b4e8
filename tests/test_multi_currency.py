from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PaymentBatchCommon

#: The invoices' date: 1 USD = 0.80 EUR, so 1,000.00 EUR are booked at 1,250.00 USD.
INVOICE_DATE = "2026-01-10"
#: The receipts' date: 1 USD = 0.90 EUR, so 1,000.00 EUR are worth 1,111.11 USD.
RECEIPT_DATE = "2026-06-15"


@tagged("post_install", "-at_install")
class TestMultiCurrency(PaymentBatchCommon):
    """EUR invoices paid from USD batches, compared with Odoo's Register Payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.company.currency_id
        cls.eur = cls.setup_other_currency(
            "EUR", rates=[("2026-01-01", 0.8), ("2026-06-01", 0.9)]
        )
        cls.batch_type.auto_match = False

    def setUp(self):
        super().setUp()
        self.assertEqual(self.usd.name, "USD")

    @classmethod
    def _foreign_invoice(cls, amount, currency=None, date=INVOICE_DATE):
        """A posted invoice of ``partner_a`` in EUR (or ``currency``)."""
        return cls._invoice(
            cls.partner_a, amount, date=date, currency=currency or cls.eur
        )

    def _receipt(self, batch, amount, date=RECEIPT_DATE, **vals):
        return self._add_receipt(batch, amount, date=date, **vals)

    def _register_payment(self, invoice, amount=None, date=RECEIPT_DATE, **vals):
        """Pay ``invoice`` in USD with Odoo's Register Payment, as the accountant."""
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "payment_date": date,
                    "journal_id": self.bank_journal.id,
                    "currency_id": self.usd.id,
                    **({"amount": amount} if amount is not None else {}),
                    **vals,
                }
            )
        )
        proposed = wizard.amount
        wizard._create_payments()
        return proposed

    def _exchange_moves(self, invoice):
        return self._receivable(invoice).matched_credit_ids.exchange_move_id

    @staticmethod
    def _entry_lines(move):
        return sorted(
            (
                line.account_id.id,
                line.partner_id.id,
                line.currency_id.id,
                line.debit,
                line.credit,
                line.amount_currency,
            )
            for line in move.line_ids
        )

    def _assert_same_as_register_payment(self, invoice, twin):
        """Residual, state and exchange difference entries of both invoices."""
        (invoice | twin).invalidate_recordset()
        self.assertEqual(invoice.amount_residual, twin.amount_residual)
        self.assertEqual(invoice.amount_residual_signed, twin.amount_residual_signed)
        self.assertEqual(invoice.payment_state, twin.payment_state)
        exchange, twin_exchange = (
            self._exchange_moves(invoice),
            self._exchange_moves(twin),
        )
        self.assertEqual(len(exchange), len(twin_exchange))
        self.assertEqual(exchange.journal_id, twin_exchange.journal_id)
        self.assertEqual(exchange.mapped("date"), twin_exchange.mapped("date"))
        self.assertEqual(exchange.mapped("state"), twin_exchange.mapped("state"))
        self.assertEqual(self._entry_lines(exchange), self._entry_lines(twin_exchange))
        return exchange

    def test_proposal_and_outstanding_convert_at_the_receipt_date(self):
        invoice = self._foreign_invoice(1000.0)
        self.assertEqual(self._receivable(invoice).balance, 1250.0)
        batch = self._open_batch()
        receipt = self._receipt(batch, 1200.0)
        with Form(receipt.with_user(self.clerk)) as form:
            with form.allocation_ids.new() as line:
                line.move_line_id = self._receivable(invoice)
                self.assertEqual(line.amount, 1111.11)
                self.assertEqual(line.outstanding, 1111.11)
        self.assertEqual(receipt.allocation_ids.amount, 1111.11)
        self.assertEqual(receipt.batch_on_account_amount, 88.89)
        # Register Payment proposes the same amount for the same date.
        self.assertEqual(self._register_payment(self._foreign_invoice(1000.0)), 1111.11)

    def test_auto_match_by_number_allocates_the_converted_amount(self):
        self.batch_type.auto_match = True
        invoice = self._foreign_invoice(1000.0)
        batch = self._open_batch()
        receipt = self._receipt(batch, 1200.0, batch_invoice_number=invoice.name)
        self.assertEqual(receipt.allocation_ids.move_id, invoice)
        self.assertEqual(receipt.allocation_ids.amount, 1111.11)
        self.assertEqual(receipt.batch_on_account_amount, 88.89)

    def test_full_payment_books_the_exchange_difference_as_register_payment(self):
        self.batch_type.auto_match = True
        invoice = self._foreign_invoice(1000.0)
        twin = self._foreign_invoice(1000.0)
        batch = self._open_batch()
        receipt = self._receipt(batch, 1111.11, batch_invoice_number=invoice.name)
        self.assertEqual(receipt.allocation_ids.amount, 1111.11)
        self._close(batch)
        self.assertEqual(self._register_payment(twin), 1111.11)

        exchange = self._assert_same_as_register_payment(invoice, twin)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(self._receivable(invoice).reconciled)
        # Booked at 1,250.00 USD, paid with 1,111.11 USD: a loss of 138.89 USD.
        company = self.env.company
        self.assertEqual(exchange.journal_id, company.currency_exchange_journal_id)
        self.assertEqual(
            self._entry_lines(exchange),
            sorted(
                [
                    (
                        self._receivable(invoice).account_id.id,
                        self.partner_a.id,
                        self.eur.id,
                        0.0,
                        138.89,
                        0.0,
                    ),
                    (
                        company.expense_currency_exchange_account_id.id,
                        self.partner_a.id,
                        self.eur.id,
                        138.89,
                        0.0,
                        0.0,
                    ),
                ]
            ),
        )
        split = receipt.move_id.line_ids.filtered("batch_allocation_id")
        self.assertEqual((split.currency_id, split.balance), (self.usd, -1111.11))

    def test_partial_allocation_leaves_the_eur_residual(self):
        invoice = self._foreign_invoice(1000.0)
        twin = self._foreign_invoice(1000.0)
        batch = self._open_batch()
        receipt = self._receipt(batch, 500.0)
        self._allocate(receipt, invoice, 500.0)
        self._close(batch)
        self._register_payment(twin, amount=500.0)

        self._assert_same_as_register_payment(invoice, twin)
        # 500.00 USD at 0.90 pay 450.00 EUR of the 1,000.00.
        self.assertEqual(invoice.amount_residual, 550.0)
        self.assertEqual(invoice.payment_state, "partial")

    def test_allocation_over_the_converted_open_amount_refused_at_close(self):
        invoice = self._foreign_invoice(1000.0)
        batch = self._open_batch()
        # Dated at the invoice's rate, the receipt may pay 1,250.00 USD...
        receipt = self._receipt(batch, 1250.0, date="2026-01-15", memo="CHQ 77")
        self._allocate(receipt, invoice, 1250.0)
        self.assertEqual(receipt.allocation_ids.outstanding, 1250.0)
        # ... but re-dated, its 1,250.00 USD are worth more than the 1,000.00 EUR.
        receipt.with_user(self.clerk).date = RECEIPT_DATE
        receipt.allocation_ids.invalidate_recordset(["outstanding"])
        self.assertEqual(receipt.allocation_ids.outstanding, 1111.11)
        with self._assert_refused(
            UserError,
            r"Receipt partner_a / CHQ 77 / 1250.0: allocates 1250.00 to an item "
            r"with only 1111.11 outstanding",
        ):
            self._close(batch)
        self.assertEqual(batch.state, "open")
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_two_open_batches_share_the_converted_free_amount(self):
        invoice = self._foreign_invoice(1000.0)
        first_batch = self._open_batch()
        first = self._receipt(first_batch, 555.56)
        # 555.56 USD at 0.90 plan 500.00 EUR: 500.00 EUR stay free.
        self._allocate(first, invoice, 555.56)
        # Dated in January (0.80), the second receipt sees 625.00 USD free.
        second_batch = self._open_batch()
        second = self._receipt(second_batch, 700.0, date="2026-01-15")
        with Form(second.with_user(self.clerk)) as form:
            with form.allocation_ids.new() as line:
                line.move_line_id = self._receivable(invoice)
                self.assertEqual(line.outstanding, 625.0)
                self.assertEqual(line.amount, 625.0)
        self.assertEqual(second.allocation_ids.amount, 625.0)
        self.assertEqual(first.allocation_ids.outstanding, 555.56)
        with self._assert_refused(
            ValidationError, "over-allocated.*" + first_batch.name
        ):
            second.allocation_ids.with_user(self.clerk).amount = 625.01
        self.assertEqual(second.allocation_ids.amount, 625.0)

    def test_auto_match_of_two_batches_is_limited_by_the_converted_free_amount(self):
        self.batch_type.auto_match = True
        invoice = self._foreign_invoice(1000.0)
        first_batch = self._open_batch()
        first = self._receipt(first_batch, 555.56, batch_invoice_number=invoice.name)
        self.assertEqual(first.allocation_ids.amount, 555.56)
        second_batch = self._open_batch()
        second = self._receipt(
            second_batch, 700.0, date="2026-01-15", batch_invoice_number=invoice.name
        )
        self.assertEqual(second.allocation_ids.amount, 625.0)
        self.assertEqual(second.batch_on_account_amount, 75.0)
        self._close(first_batch)
        self._close(second_batch)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_full_payment_settles_despite_the_rounding_of_the_conversion(self):
        """A cent of dollar is worth several pesos: converted back, a full
        payment misses the invoice by a few cents. As Register Payment does when
        its difference goes to the exchange difference account, the invoice is
        paid and the exchange difference entry takes the rounding."""
        mxn = self.setup_other_currency(
            "MXN", rates=[("2026-01-01", 17.0), ("2026-06-01", 18.5)]
        )
        exchange_account = self.env.company.expense_currency_exchange_account_id
        batch = self._open_batch()
        # Booked at 17.0: 58.82 USD. At 18.5, 1,000.00 MXN are 54.05 USD, worth
        # 999.93 MXN back; 1,000.05 MXN are 54.06 USD, worth 1,000.11 MXN back.
        cases = []
        for amount, usd, loss in ((1000.0, 54.05, 4.77), (1000.05, 54.06, 4.77)):
            invoice = self._foreign_invoice(amount, currency=mxn)
            twin = self._foreign_invoice(amount, currency=mxn)
            receipt = self._receipt(batch, usd)
            with Form(receipt.with_user(self.clerk)) as form:
                with form.allocation_ids.new() as line:
                    line.move_line_id = self._receivable(invoice)
                    self.assertEqual(line.amount, usd)
            cases.append((invoice, twin, usd, loss))
        self._close(batch)
        for invoice, twin, usd, loss in cases:
            self.assertEqual(
                self._register_payment(twin, writeoff_account_id=exchange_account.id),
                usd,
            )
            exchange = self._assert_same_as_register_payment(invoice, twin)
            self.assertEqual(invoice.amount_residual, 0.0)
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(
                exchange.line_ids.filtered("debit").account_id, exchange_account
            )
            self.assertEqual(sum(exchange.line_ids.mapped("debit")), loss)
