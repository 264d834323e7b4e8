"""Plain unit tests of bank deposits; no database, no Odoo."""

import unittest
from datetime import date, timedelta
from decimal import Decimal

from batch_core.deposit import (
    MATCH_WINDOW_DAYS,
    BankLine,
    DepositCandidate,
    automatic_choice,
    bankable_totals,
    rank_bank_lines,
    rank_candidates,
    reference_in_label,
)

DAY = date(2026, 3, 16)
EUR = 0.01


def days(count):
    return DAY + timedelta(days=count)


def deposit(key, amount, references=(), day=DAY):
    return DepositCandidate(key, amount, tuple(references), day)


def keys(ranked):
    return [item.key for item in ranked]


class TestBankableTotals(unittest.TestCase):
    def test_cheques_are_counted_one_by_one_and_cash_is_totalled_apart(self):
        totals = bankable_totals([(100.0, False), (50.0, True), (25.5, False)], EUR)
        self.assertEqual(totals.cheque_count, 2)
        self.assertEqual(totals.cheque_amount, Decimal("125.50"))
        self.assertEqual(totals.cash_amount, Decimal("50.00"))

    def test_cash_is_not_counted_as_cheques(self):
        totals = bankable_totals([(20.0, True), (30.0, True)], EUR)
        self.assertEqual(totals.cheque_count, 0)
        self.assertEqual(totals.cheque_amount, Decimal("0"))
        self.assertEqual(totals.cash_amount, Decimal("50.00"))

    def test_amount_is_cheques_plus_cash_and_count_is_cheques(self):
        totals = bankable_totals([(100.0, False), (50.0, True)], EUR)
        self.assertEqual(totals.amount, Decimal("150.00"))
        self.assertEqual(totals.count, 1)

    def test_totals_are_decimals(self):
        totals = bankable_totals([(100.0, False), (50.0, True)], EUR)
        self.assertIsInstance(totals.cheque_amount, Decimal)
        self.assertIsInstance(totals.cash_amount, Decimal)
        self.assertIsInstance(totals.amount, Decimal)

    def test_sum_has_no_float_drift(self):
        totals = bankable_totals([(0.1, False)] * 10 + [(0.1, True), (0.2, True)], EUR)
        self.assertEqual(totals.cheque_amount, Decimal("1.00"))
        self.assertEqual(totals.cash_amount, Decimal("0.30"))

    def test_each_receipt_is_rounded_to_whole_yen(self):
        receipts = [(1000.4, False), (2000.5, False), (300.6, True)]
        totals = bankable_totals(receipts, 1.0)
        self.assertEqual(totals.cheque_amount, Decimal("3001"))
        self.assertEqual(totals.cash_amount, Decimal("301"))
        self.assertEqual(totals.amount, Decimal("3302"))

    def test_each_receipt_is_rounded_to_a_five_cent_step(self):
        totals = bankable_totals([(0.12, False), (0.13, True), (1.02, False)], 0.05)
        self.assertEqual(totals.cheque_amount, Decimal("1.10"))
        self.assertEqual(totals.cash_amount, Decimal("0.15"))

    def test_no_receipt_gives_zero_totals(self):
        totals = bankable_totals([], EUR)
        self.assertEqual(totals.cheque_count, 0)
        self.assertEqual(totals.cheque_amount, Decimal("0"))
        self.assertEqual(totals.cash_amount, Decimal("0"))
        self.assertEqual(totals.amount, Decimal("0"))
        self.assertIsInstance(totals.amount, Decimal)

    def test_missing_amount_counts_as_a_zero_cheque(self):
        totals = bankable_totals([(None, False)], EUR)
        self.assertEqual(totals.cheque_count, 1)
        self.assertEqual(totals.cheque_amount, Decimal("0"))


class TestReferenceInLabel(unittest.TestCase):
    def test_found_ignoring_case_spaces_and_punctuation(self):
        self.assertTrue(
            reference_in_label(("BATCH/2026/00012",), "dep batch 2026 00012")
        )

    def test_found_inside_a_longer_label(self):
        label = "DEPOSIT DEP/2026/00003 BRANCH 4"
        self.assertTrue(reference_in_label(("DEP/2026/00003",), label))

    def test_any_of_the_references_is_enough(self):
        references = ("DEP/2026/00003", "BATCH/2026/00012")
        self.assertTrue(reference_in_label(references, "batch-2026-00012"))

    def test_absent_reference_is_not_found(self):
        self.assertFalse(reference_in_label(("BATCH/2026/00012",), "CASH DEPOSIT"))

    def test_other_number_is_not_found(self):
        self.assertFalse(reference_in_label(("BATCH/2026/00013",), "BATCH/2026/00012"))

    def test_empty_references_never_match(self):
        for reference in ("", None, "/ - .", False):
            with self.subTest(reference=reference):
                self.assertFalse(reference_in_label((reference,), "any label"))
                self.assertFalse(reference_in_label((reference,), ""))

    def test_no_reference_never_matches(self):
        self.assertFalse(reference_in_label((), "BATCH/2026/00012"))

    def test_empty_label_finds_nothing(self):
        for label in ("", None, False):
            with self.subTest(label=label):
                self.assertFalse(reference_in_label(("BATCH/2026/00012",), label))

    def test_number_is_not_found_inside_a_longer_number(self):
        self.assertFalse(reference_in_label(("BATCH/2026/0001",), "BATCH/2026/00012"))
        self.assertFalse(reference_in_label(("DEP/2026/1",), "dep 2026 12"))

    def test_number_is_not_found_at_the_end_of_a_longer_number(self):
        self.assertFalse(reference_in_label(("12",), "dep batch 2026 00012"))
        self.assertFalse(reference_in_label(("00012",), "BATCH/2026/100012"))

    def test_number_followed_by_a_separator_is_found(self):
        self.assertTrue(reference_in_label(("DEP/2026/1",), "DEP/2026/1 2 cheques"))
        self.assertTrue(reference_in_label(("00012",), "ref:00012."))


class TestRankCandidates(unittest.TestCase):
    def rank(self, candidates, amount=100.0, label="", day=DAY, **kwargs):
        return keys(rank_candidates(amount, label, day, candidates, EUR, **kwargs))

    def test_equal_amount_comes_first(self):
        candidates = [
            deposit("other amount, named, same day", 90.0, ["DEP/1"]),
            deposit("equal amount, far", 100.0, day=days(20)),
        ]
        self.assertEqual(
            self.rank(candidates, label="DEP/1"),
            ["equal amount, far", "other amount, named, same day"],
        )

    def test_then_reference_in_label(self):
        candidates = [
            deposit("not named, same day", 100.0, ["DEP/2026/00001"]),
            deposit("named, far", 100.0, ["DEP/2026/00002"], day=days(-20)),
        ]
        self.assertEqual(
            self.rank(candidates, label="DEP 2026 00002"),
            ["named, far", "not named, same day"],
        )

    def test_then_nearest_date_before_or_after(self):
        candidates = [
            deposit("10 days before", 100.0, day=days(-10)),
            deposit("3 days after", 100.0, day=days(3)),
            deposit("5 days before", 100.0, day=days(-5)),
        ]
        self.assertEqual(
            self.rank(candidates),
            ["3 days after", "5 days before", "10 days before"],
        )

    def test_amounts_are_compared_once_rounded(self):
        candidates = [
            deposit("other amount", 100.02),
            deposit("equal once rounded", 100.004, day=days(10)),
        ]
        self.assertEqual(
            self.rank(candidates, amount=100.0),
            ["equal once rounded", "other amount"],
        )

    def test_candidate_outside_the_window_is_dropped(self):
        candidates = [
            deposit("inside", 50.0, day=days(-MATCH_WINDOW_DAYS)),
            deposit("outside", 100.0, day=days(-MATCH_WINDOW_DAYS - 1)),
            deposit("outside after", 100.0, day=days(MATCH_WINDOW_DAYS + 1)),
        ]
        self.assertEqual(self.rank(candidates), ["inside"])

    def test_candidate_outside_the_window_is_kept_when_named_in_label(self):
        candidates = [deposit("named, old", 100.0, ["DEP/2026/00001"], day=days(-90))]
        self.assertEqual(
            self.rank(candidates, label="deposit dep/2026/00001"), ["named, old"]
        )

    def test_window_can_be_narrowed(self):
        candidates = [
            deposit("2 days", 100.0, day=days(2)),
            deposit("8 days", 100.0, day=days(8)),
        ]
        self.assertEqual(self.rank(candidates, window_days=7), ["2 days"])

    def test_no_candidate_gives_nothing(self):
        self.assertEqual(self.rank([]), [])


class TestAutomaticChoice(unittest.TestCase):
    def choose(self, candidates, amount=100.0, label="DEP 2026 00001"):
        choice = automatic_choice(amount, label, candidates, EUR)
        return choice.key if choice else None

    def test_the_one_deposit_with_the_amount_and_the_number_is_chosen(self):
        candidates = [
            deposit("sure", 100.0, ["DEP/2026/00001"]),
            deposit("other", 80.0, ["DEP/2026/00002"]),
        ]
        self.assertEqual(self.choose(candidates), "sure")

    def test_deposits_with_only_the_amount_do_not_prevent_the_choice(self):
        candidates = [
            deposit("same amount only", 100.0, ["DEP/2026/00002"]),
            deposit("sure", 100.0, ["DEP/2026/00001"]),
        ]
        self.assertEqual(self.choose(candidates), "sure")

    def test_two_sure_deposits_give_no_choice(self):
        candidates = [
            deposit("first", 100.0, ["DEP/2026/00001"]),
            deposit("second", 100.0, ["BATCH/2026/00007"]),
        ]
        label = "DEP/2026/00001 BATCH/2026/00007"
        self.assertIsNone(self.choose(candidates, label=label))

    def test_equal_amount_without_the_number_gives_no_choice(self):
        candidates = [deposit("same amount", 100.0, ["DEP/2026/00002"])]
        self.assertIsNone(self.choose(candidates))

    def test_number_with_another_amount_gives_no_choice(self):
        candidates = [deposit("named", 99.0, ["DEP/2026/00001"])]
        self.assertIsNone(self.choose(candidates))

    def test_amount_is_compared_once_rounded(self):
        candidates = [deposit("sure", 100.004, ["DEP/2026/00001"])]
        self.assertEqual(self.choose(candidates, amount=100.0), "sure")

    def test_deposit_named_only_by_a_longer_number_is_not_chosen(self):
        candidates = [deposit("DEP/2026/1", 100.0, ["DEP/2026/1"])]
        self.assertIsNone(self.choose(candidates, label="DEP/2026/12"))

    def test_no_candidate_gives_no_choice(self):
        self.assertIsNone(self.choose([]))


class TestRankBankLines(unittest.TestCase):
    def rank(self, lines, amount=100.0, references=("DEP/2026/00001",), **kwargs):
        return keys(rank_bank_lines(amount, references, DAY, lines, EUR, **kwargs))

    def test_equal_amount_then_reference_then_nearest_date(self):
        lines = [
            BankLine("other amount, named", 90.0, "DEP/2026/00001", DAY),
            BankLine("equal, not named, near", 100.0, "counter", days(1)),
            BankLine("equal, named, far", 100.0, "dep 2026 00001", days(-25)),
            BankLine("equal, not named, nearer", 100.0, "counter", DAY),
        ]
        self.assertEqual(
            self.rank(lines),
            [
                "equal, named, far",
                "equal, not named, nearer",
                "equal, not named, near",
                "other amount, named",
            ],
        )

    def test_line_outside_the_window_is_dropped_unless_named(self):
        lines = [
            BankLine("old, not named", 100.0, "counter", days(-31)),
            BankLine("old, named", 100.0, "DEP/2026/00001", days(-31)),
            BankLine("inside", 100.0, "counter", days(30)),
        ]
        self.assertEqual(self.rank(lines), ["old, named", "inside"])

    def test_ranks_lines_as_rank_candidates_ranks_deposits(self):
        # (amount, day offset, named?) of each pair of a deposit and a line:
        # one line against the deposits, one deposit against the lines.
        pairs = [
            (100.0, 0, False),
            (100.0, -12, True),
            (90.0, 1, True),
            (100.0, 4, False),
            (100.0, -40, False),
            (100.0, 45, True),
            (70.0, -2, False),
        ]
        reference = "DEP/2026/00001"
        candidates = [
            deposit(i, amount, [reference if named else "DEP/2026/00099"], days(n))
            for i, (amount, n, named) in enumerate(pairs)
        ]
        lines = [
            BankLine(i, amount, reference if named else "counter", days(n))
            for i, (amount, n, named) in enumerate(pairs)
        ]
        by_deposit = keys(rank_candidates(100.0, reference, DAY, candidates, EUR))
        by_line = self.rank(lines, references=(reference,))
        self.assertEqual(by_line, [1, 5, 0, 3, 2, 6])
        self.assertEqual(by_line, by_deposit)


if __name__ == "__main__":
    unittest.main()
