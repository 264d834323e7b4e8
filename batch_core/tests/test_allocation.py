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


class TestReceiptProblems(unittest.TestCase):
    def problems(self, amount, allocations, kind="cash_receipt"):
        from batch_core.allocation import receipt_problems

        return receipt_problems(kind, amount, allocations, 0.01)

    def test_zero_receipt_netting_an_invoice_and_a_credit_is_fine(self):
        self.assertEqual(self.problems(0.0, [(100.0, 100.0), (-100.0, -100.0)]), [])

    def test_zero_receipt_allocating_nothing_is_refused(self):
        self.assertEqual(
            self.problems(0.0, []),
            [
                "a receipt of 0.00 must allocate invoices and credits of the same "
                "total, and allocates nothing"
            ],
        )

    def test_zero_receipt_must_net_to_zero(self):
        self.assertEqual(
            self.problems(0.0, [(100.0, 100.0), (-60.0, -60.0)]),
            ["a receipt of 0.00 must net to zero, its allocations net 40.00"],
        )
        self.assertEqual(
            self.problems(0.0, [(40.0, 100.0), (-60.0, -60.0)]),
            ["a receipt of 0.00 must net to zero, its allocations net -20.00"],
        )

    def test_account_balance_receipt_must_apply_credit(self):
        self.assertEqual(
            self.problems(0.0, [], kind="account_balance"),
            ["applies no on-account credit to an invoice"],
        )
        self.assertEqual(
            self.problems(
                0.0, [(80.0, 80.0), (-50.0, -100.0), (-30.0, -60.0)], "account_balance"
            ),
            [],
        )
        self.assertEqual(
            self.problems(0.0, [(80.0, 80.0), (-50.0, -100.0)], "account_balance"),
            ["allocates 80.00 to invoices but uses only 50.00 of on-account credit"],
        )

    def test_positive_receipt_still_checked_as_before(self):
        self.assertEqual(self.problems(50.0, []), [])
        self.assertEqual(
            self.problems(50.0, [(80.0, 100.0)]),
            ["allocates 80.00, more than its amount 50.00"],
        )


class TestPlanZeroReceipt(unittest.TestCase):
    def plan(self, items):
        from batch_core.allocation import plan_zero_receipt

        return plan_zero_receipt(items, 0.01).allocations

    def test_credit_note_settles_an_invoice_of_the_same_amount(self):
        items = [
            OpenItem("inv", 100.0, date(2026, 1, 5), 1),
            OpenItem("cn", -100.0, date(2026, 1, 9), 2),
        ]
        self.assertEqual(self.plan(items), [("cn", -100.0), ("inv", 100.0)])

    def test_as_much_as_the_smaller_side_holds_oldest_first(self):
        items = [
            OpenItem("inv2", 80.0, date(2026, 2, 1), 1),
            OpenItem("inv1", 50.0, date(2026, 1, 1), 2),
            OpenItem("cn", -70.0, date(2026, 1, 9), 3),
        ]
        self.assertEqual(
            self.plan(items), [("cn", -70.0), ("inv1", 50.0), ("inv2", 20.0)]
        )
        big_credit = [OpenItem("inv", 30.0, None, 1), OpenItem("cn", -90.0, None, 2)]
        self.assertEqual(self.plan(big_credit), [("cn", -30.0), ("inv", 30.0)])

    def test_nothing_to_settle_plans_nothing(self):
        self.assertEqual(self.plan([OpenItem("inv", 30.0, None, 1)]), [])
