"""Unit tests for tools/upgrade_snapshot.py's comparison (no database)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import upgrade_snapshot  # noqa: E402

BEFORE = {
    "account_payment_batch": {"rows": 8, "amount_total": "1250.00", "name": "9f3a"},
    "account_payment_allocation": {"rows": 14, "amount": "900.00"},
}


class TestCompare(unittest.TestCase):
    def test_same_figures_and_new_columns_pass(self):
        after = {
            "account_payment_batch": {**BEFORE["account_payment_batch"], "new": "1"},
            "account_payment_allocation": dict(BEFORE["account_payment_allocation"]),
            "new_table": {"rows": 3},
        }
        self.assertEqual(upgrade_snapshot.compare(BEFORE, after), [])

    def test_lost_rows_changed_sums_and_gone_columns_are_reported(self):
        after = {
            "account_payment_batch": {"rows": 8, "name": "0000"},
            "account_payment_allocation": {"rows": 13, "amount": "850.00"},
        }
        self.assertEqual(
            upgrade_snapshot.compare(BEFORE, after),
            [
                "account_payment_batch.amount_total: column gone",
                "account_payment_batch.name: 9f3a before, 0000 after",
                "account_payment_allocation.rows: 14 before, 13 after",
                "account_payment_allocation.amount: 900.00 before, 850.00 after",
            ],
        )

    def test_gone_table_is_reported(self):
        after = {"account_payment_batch": dict(BEFORE["account_payment_batch"])}
        self.assertEqual(
            upgrade_snapshot.compare(BEFORE, after),
            ["account_payment_allocation: table gone"],
        )


if __name__ == "__main__":
    unittest.main()
