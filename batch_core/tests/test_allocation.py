"""Plain unit tests of receipt planning; no database, no Odoo."""

import unittest
from datetime import date

from batch_core.allocation import OpenItem, plan_receipt


class TestPlanReceipt(unittest.TestCase):
    def test_oldest_invoice_is_paid_first(self):
        items = [
            OpenItem("new", 100.0, date(2026, 3, 1), 1),
            OpenItem("old", 100.0, date(2026, 1, 1), 2),
        ]
        plan = plan_receipt(150.0, items, 0.01, exact_first=False)
        self.assertEqual(plan.allocations, [("old", 100.0), ("new", 50.0)])

    def test_items_without_a_date_come_last_whether_none_or_false(self):
        # The ORM gives False for an empty date; both must sort, after dates.
        items = [
            OpenItem("no date", 100.0, False, 1),
            OpenItem("none", 100.0, None, 2),
            OpenItem("dated", 100.0, date(2026, 1, 1), 3),
        ]
        plan = plan_receipt(250.0, items, 0.01, exact_first=False)
        self.assertEqual(
            plan.allocations, [("dated", 100.0), ("no date", 100.0), ("none", 50.0)]
        )

    def test_exact_amount_comes_first(self):
        items = [
            OpenItem("old", 80.0, date(2026, 1, 1), 1),
            OpenItem("exact", 120.0, False, 2),
        ]
        plan = plan_receipt(120.0, items, 0.01)
        self.assertEqual(plan.allocations, [("exact", 120.0)])


if __name__ == "__main__":
    unittest.main()
