"""Plain unit tests of the balancing core; no database, no Odoo."""

import unittest
from decimal import Decimal

from batch_core.balance import batch_differences, line_differences
from batch_core.money import is_equal, to_decimal


class TestMoney(unittest.TestCase):
    def test_rounds_half_away_from_zero_to_the_currency_step(self):
        self.assertEqual(to_decimal(2.675, 0.01), Decimal("2.68"))
        self.assertEqual(to_decimal(-2.675, 0.01), Decimal("-2.68"))
        self.assertEqual(to_decimal(1234.5, 1.0), Decimal("1235"))
        self.assertEqual(to_decimal(0.12, 0.05), Decimal("0.10"))

    def test_equal_below_rounding_but_not_above(self):
        self.assertTrue(is_equal(100.0, 100.004, 0.01))
        self.assertFalse(is_equal(100.0, 100.006, 0.01))
        self.assertTrue(is_equal(0.1 + 0.2, 0.3, 0.01))

    def test_none_counts_as_zero(self):
        self.assertTrue(is_equal(None, 0.0, 0.01))

    def test_refuses_a_non_positive_rounding(self):
        with self.assertRaises(ValueError):
            to_decimal(1.0, 0)


class TestBalance(unittest.TestCase):
    def test_balanced_line_has_no_difference(self):
        totals = {"payment_count": 2, "payment_amount": 300.0, "pledge_amount": 0.0}
        self.assertEqual(line_differences("Cheques", totals, dict(totals), 0.01), [])

    def test_each_differing_total_is_reported(self):
        corrected = {"payment_count": 2, "payment_amount": 300.0, "pledge_amount": 50.0}
        entered = {"payment_count": 1, "payment_amount": 300.0, "pledge_amount": 0.0}
        diffs = line_differences("Cheques", corrected, entered, 0.01)
        self.assertEqual([d.total for d in diffs], ["payment_count", "pledge_amount"])
        self.assertEqual((diffs[0].corrected, diffs[0].entered), (2, 1))
        self.assertFalse(diffs[0].is_amount)
        self.assertTrue(diffs[1].is_amount)

    def test_missing_totals_count_as_zero(self):
        diffs = line_differences("Cash", {"payment_amount": 10.0}, {}, 0.01)
        self.assertEqual([d.total for d in diffs], ["payment_amount"])

    def test_batch_keeps_line_order(self):
        lines = [
            ("Cheques", {"payment_count": 1}, {"payment_count": 0}),
            ("Cash", {}, {}),
            ("Cards", {"payment_amount": 5.0}, {"payment_amount": 5.001}),
            ("Pledges", {"pledge_amount": 1.0}, {}),
        ]
        diffs = batch_differences(lines, 0.01)
        self.assertEqual(
            [(d.line, d.total) for d in diffs],
            [("Cheques", "payment_count"), ("Pledges", "pledge_amount")],
        )


if __name__ == "__main__":
    unittest.main()
