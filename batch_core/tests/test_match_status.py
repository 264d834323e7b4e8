"""Plain unit tests of the receipt badge."""

import unittest

from batch_core.match_status import MATCH_STATUSES, match_status


def receipt(**values):
    return {
        "suspense": False,
        "to_account": False,
        "note": "",
        "on_account": 0.0,
        "allocations": 0,
        "leaves_open": False,
        **values,
    }


class TestMatchStatus(unittest.TestCase):
    def status(self, **values):
        return match_status(receipt(**values), 0.01)

    def test_no_payer_is_suspense_whatever_else(self):
        self.assertEqual(self.status(suspense=True, allocations=2), "suspense")

    def test_booked_to_an_account_is_matched(self):
        self.assertEqual(self.status(to_account=True, on_account=50.0), "matched")

    def test_nothing_allocated(self):
        self.assertEqual(self.status(on_account=50.0), "on_account")
        self.assertEqual(
            self.status(on_account=50.0, note="INV/9 matches no invoice"), "unmatched"
        )
        self.assertEqual(
            self.status(), "unmatched", "a zero receipt allocating nothing"
        )

    def test_allocated_with_a_remainder_is_on_account(self):
        self.assertEqual(self.status(allocations=1, on_account=20.0), "on_account")
        self.assertEqual(self.status(allocations=1, on_account=-20.0), "on_account")

    def test_a_rounding_dust_remainder_is_none(self):
        self.assertEqual(self.status(allocations=1, on_account=0.004), "matched")

    def test_fully_allocated(self):
        self.assertEqual(self.status(allocations=2), "matched")
        self.assertEqual(self.status(allocations=1, leaves_open=True), "partial")

    def test_every_status_has_a_label(self):
        keys = {key for key, _label in MATCH_STATUSES}
        self.assertEqual(
            keys, {"suspense", "unmatched", "on_account", "partial", "matched"}
        )


if __name__ == "__main__":
    unittest.main()
