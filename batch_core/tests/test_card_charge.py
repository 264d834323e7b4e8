"""Plain unit tests of card charge decisions; no database, no Odoo."""

import unittest

from batch_core.card_charge import (
    CURRENCY,
    NEVER_CHARGED,
    NO_DEFAULT,
    NO_TOKEN,
    PER_CUSTOMER,
    PER_INVOICE,
    PROVIDER_DISABLED,
    UNDER_WAY,
    Token,
    choose_token,
    group_charges,
    invoice_reason,
    summarize,
    void_refusals,
)

USD = 0.01


class TestChooseToken(unittest.TestCase):
    def test_no_token(self):
        self.assertEqual(choose_token([]), (None, NO_TOKEN))

    def test_single_token_is_the_default(self):
        token = Token(1, "azure", charged=True)
        self.assertEqual(choose_token([token]), (token, None))

    def test_single_token_never_charged(self):
        token = Token(1, "azure", charged=False)
        self.assertEqual(choose_token([token]), (None, NEVER_CHARGED))

    def test_several_tokens_need_a_default(self):
        first, second = Token(1, "azure", True), Token(2, "azure", True)
        self.assertEqual(choose_token([first, second]), (None, NO_DEFAULT))
        self.assertEqual(choose_token([first, second], default_key=2), (second, None))

    def test_default_never_charged_is_not_replaced_by_another(self):
        charged, fresh = Token(1, "azure", True), Token(2, "azure", False)
        self.assertEqual(
            choose_token([charged, fresh], default_key=2), (None, NEVER_CHARGED)
        )

    def test_default_of_another_provider_counts_as_none(self):
        token = Token(1, "azure", True)
        self.assertEqual(choose_token([token], default_key=99), (token, None))


class TestInvoiceReason(unittest.TestCase):
    def test_order_of_reasons(self):
        self.assertEqual(
            invoice_reason(NO_TOKEN, False, False, True), PROVIDER_DISABLED
        )
        self.assertEqual(invoice_reason(NO_TOKEN, True, False, True), CURRENCY)
        self.assertEqual(invoice_reason(NO_TOKEN, True, True, True), UNDER_WAY)
        self.assertEqual(invoice_reason(NO_TOKEN, True, True, False), NO_TOKEN)
        self.assertIsNone(invoice_reason(None, True, True, False))


class TestGroupCharges(unittest.TestCase):
    ROWS = [
        ("azure", "tok-a", "USD", "INV/1", 100.10),
        ("deco", "tok-d", "USD", "INV/2", 50.0),
        ("azure", "tok-a", "USD", "INV/3", 0.2),
        ("azure", "tok-a", "EUR", "INV/4", 10.0),
    ]

    def test_per_customer_sums_exactly_and_keeps_order(self):
        charges = group_charges(self.ROWS, PER_CUSTOMER, USD)
        self.assertEqual(
            [(c.partner, c.currency, c.amount) for c in charges],
            [("azure", "USD", 100.3), ("deco", "USD", 50.0), ("azure", "EUR", 10.0)],
        )
        self.assertEqual(charges[0].invoices, [("INV/1", 100.10), ("INV/3", 0.2)])

    def test_per_invoice(self):
        charges = group_charges(self.ROWS, PER_INVOICE, USD)
        self.assertEqual([c.amount for c in charges], [100.1, 50.0, 0.2, 10.0])
        self.assertTrue(all(len(c.invoices) == 1 for c in charges))

    def test_nothing_to_charge_is_refused(self):
        with self.assertRaisesRegex(ValueError, "INV/9"):
            group_charges([("azure", "t", "USD", "INV/9", 0.001)], PER_CUSTOMER, USD)

    def test_unknown_grouping(self):
        with self.assertRaises(ValueError):
            group_charges(self.ROWS, "weekly", USD)


class TestSummary(unittest.TestCase):
    def test_counts(self):
        summary = summarize(["done", "error", "pending", "authorized", None, "cancel"])
        self.assertEqual((summary.pending, summary.posted, summary.failed), (3, 1, 2))
        self.assertFalse(summary.is_final)

    def test_final(self):
        self.assertTrue(summarize(["done", "error"]).is_final)
        self.assertTrue(summarize([]).is_final)


class TestVoidRefusals(unittest.TestCase):
    def test_all_authorized(self):
        self.assertEqual(void_refusals({1: "authorized", 2: "error"}), ([], []))

    def test_settled_and_pending_are_named(self):
        self.assertEqual(
            void_refusals({1: "done", 2: "authorized", 3: "pending", 4: "cancel"}),
            ([1], [3]),
        )


if __name__ == "__main__":
    unittest.main()
