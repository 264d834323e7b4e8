"""Plain unit tests of account-balance rows (credit, invoice, amount)."""

import unittest

from batch_core.balance_pairs import over_taken, pair_totals


class TestPairTotals(unittest.TestCase):
    def test_sums_per_credit_and_per_invoice(self):
        pairs = [
            ("R1", "INV1", 30.0),
            ("R2", "INV1", 50.0),
            ("R1", "INV2", 0.1),
            ("R1", "INV2", 0.2),
        ]
        credits, invoices = pair_totals(pairs, 0.01)
        self.assertEqual(credits, {"R1": 30.3, "R2": 50.0})
        self.assertEqual(invoices, {"INV1": 80.0, "INV2": 0.3})

    def test_rows_of_zero_count_as_taking_nothing(self):
        credits, invoices = pair_totals([("R1", "INV1", 0.0)], 0.01)
        self.assertEqual((credits, invoices), ({"R1": 0.0}, {"INV1": 0.0}))

    def test_rounds_to_the_currency_step(self):
        credits, _invoices = pair_totals([("R1", "INV1", 10.4), ("R1", "I2", 10.4)], 1)
        self.assertEqual(credits, {"R1": 20.0})


class TestOverTaken(unittest.TestCase):
    def test_names_each_item_taken_beyond_what_it_holds(self):
        result = over_taken(
            {"R1": 120.0, "R2": 50.0, "R3": 10.0}, {"R1": 100.0, "R2": 50.0}, 0.01
        )
        self.assertEqual(result, [("R1", 120.0, 100.0), ("R3", 10.0, 0.0)])

    def test_a_rounding_step_below_is_not_over(self):
        self.assertEqual(over_taken({"R1": 100.004}, {"R1": 100.0}, 0.01), [])
        self.assertEqual(
            over_taken({"R1": 100.01}, {"R1": 100.0}, 0.01), [("R1", 100.01, 100.0)]
        )

    def test_a_negative_holding_holds_nothing(self):
        self.assertEqual(
            over_taken({"R1": 1.0}, {"R1": -5.0}, 0.01), [("R1", 1.0, 0.0)]
        )


if __name__ == "__main__":
    unittest.main()
