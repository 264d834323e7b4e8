"""Bank deposits of batches: bankable totals and matching with bank lines.

Plain values in, plain values out: the models hand over receipts and
deposits as tuples and get totals or choices back.
"""

import re
from dataclasses import dataclass
from datetime import date

from .money import to_decimal

#: Days between a deposit and its bank line within which they may match.
MATCH_WINDOW_DAYS = 30


@dataclass(frozen=True)
class BankableTotals:
    """What a deposit of some receipts takes to the bank."""

    cheque_count: int
    cheque_amount: object  # Decimal
    cash_amount: object  # Decimal

    @property
    def amount(self):
        return self.cheque_amount + self.cash_amount

    @property
    def count(self):
        return self.cheque_count


def bankable_totals(receipts, rounding):
    """Totals of the receipts a deposit carries.

    :param receipts: iterable of ``(amount, is_cash)``: cash goes into the
        cash total, anything else is a cheque (counted one by one)
    :param rounding: the currency's rounding step
    """
    cheque_count = 0
    cheque_amount = to_decimal(0, rounding)
    cash_amount = to_decimal(0, rounding)
    for amount, is_cash in receipts:
        value = to_decimal(amount, rounding)
        if is_cash:
            cash_amount += value
        else:
            cheque_count += 1
            cheque_amount += value
    return BankableTotals(cheque_count, cheque_amount, cash_amount)


@dataclass(frozen=True)
class DepositCandidate:
    """A deposit a bank line may clear."""

    key: object
    amount: float
    references: tuple  # slip number, batch number, ...
    day: date


def _folded(text):
    return re.sub(r"[^0-9a-z]", "", (text or "").casefold())


def _reference_pattern(reference):
    """A regular expression finding ``reference`` in a casefolded label.

    Anything but ASCII letters and digits may stand between the reference's
    characters; a reference starting (ending) with a digit must not follow
    (be followed by) another digit, so that "DEP/2026/1" is not found in
    "DEP/2026/12". None for a reference without letters or digits.
    """
    folded = _folded(reference)
    if not folded:
        return None
    before = "(?<![0-9])" if folded[0].isdigit() else ""
    after = "(?![0-9])" if folded[-1].isdigit() else ""
    return before + "[^0-9a-z]*".join(folded) + after


def reference_in_label(references, label):
    """True when one of ``references`` is written in ``label``.

    Spaces, case and punctuation are ignored ("BATCH/2026/00012" is found in
    "dep batch 2026 00012"), so that a bank's rewriting of the label does not
    hide it; but a number is not found inside a longer one ("BATCH/2026/0001"
    is not in "BATCH/2026/00012").
    """
    text = (label or "").casefold()
    patterns = (_reference_pattern(reference) for reference in references)
    return any(pattern and re.search(pattern, text) is not None for pattern in patterns)


def _rank(amount, day, items, rounding, window_days):
    """Order ``(item, its amount, its day, number found?)`` the best first.

    An item fits when its date is within ``window_days`` or the number is
    found. Equal amounts come first, then a number found, then the nearest
    dates.
    """
    target = to_decimal(amount, rounding)
    ranked = []
    for item, item_amount, item_day, found in items:
        distance = abs((item_day - day).days) if item_day and day else 0
        if distance > window_days and not found:
            continue
        same_amount = to_decimal(item_amount, rounding) == target
        ranked.append(((not same_amount, not found, distance), item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _key, item in ranked]


def rank_candidates(
    amount, label, day, candidates, rounding, window_days=MATCH_WINDOW_DAYS
):
    """The deposits that fit a bank line, the best first.

    A deposit fits when its date is within ``window_days`` of the line's or
    its number is in the line's label. Equal amounts come first, then those
    whose number is in the label, then the nearest dates.

    :return: the fitting candidates, in that order
    """
    items = (
        (c, c.amount, c.day, reference_in_label(c.references, label))
        for c in candidates
    )
    return _rank(amount, day, items, rounding, window_days)


def automatic_choice(amount, label, candidates, rounding):
    """The one deposit a bank line clears without asking anybody, or None.

    Only when exactly one deposit has the line's amount and its number in the
    line's label; anything ambiguous is left for a person.
    """
    line_amount = to_decimal(amount, rounding)
    sure = [
        candidate
        for candidate in candidates
        if to_decimal(candidate.amount, rounding) == line_amount
        and reference_in_label(candidate.references, label)
    ]
    return sure[0] if len(sure) == 1 else None


@dataclass(frozen=True)
class BankLine:
    """A bank statement line a deposit may be cleared by."""

    key: object
    amount: float
    label: str
    day: date


def rank_bank_lines(
    amount, references, day, lines, rounding, window_days=MATCH_WINDOW_DAYS
):
    """The bank lines that fit a deposit, the best first (as rank_candidates)."""
    items = (
        (line, line.amount, line.day, reference_in_label(references, line.label))
        for line in lines
    )
    return _rank(amount, day, items, rounding, window_days)
