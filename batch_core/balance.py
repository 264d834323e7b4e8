"""Control-total balancing of batch lines.

A batch line carries three sets of totals (recorded on the cover sheet,
corrected by the supervisor, entered from the receipts). A batch may close
only when, on every line, corrected equals entered for each checked total.
"""

from dataclasses import dataclass

from .i18n import _
from .money import is_equal

#: (key, label, is_amount) of every total compared on close.
CHECKED_TOTALS = (
    ("payment_count", _("payment count"), False),
    ("payment_amount", _("payment amount"), True),
    ("pledge_amount", _("pledge amount"), True),
)


@dataclass(frozen=True)
class Difference:
    """One total of one line where corrected and entered disagree."""

    line: str
    total: str
    label: str
    corrected: float
    entered: float
    is_amount: bool


def line_differences(line, corrected, entered, rounding):
    """Return the differences of one line.

    :param line: the line's name, repeated in every difference
    :param corrected: mapping total key -> corrected value
    :param entered: mapping total key -> entered value
    :param rounding: the currency's rounding step, for the amounts
    """
    differences = []
    for key, label, is_amount in CHECKED_TOTALS:
        want, got = corrected.get(key) or 0, entered.get(key) or 0
        same = is_equal(want, got, rounding) if is_amount else int(want) == int(got)
        if not same:
            differences.append(Difference(line, key, label, want, got, is_amount))
    return differences


def batch_differences(lines, rounding):
    """Return the differences of all lines, in the order given.

    :param lines: iterable of ``(name, corrected, entered)`` tuples
    """
    differences = []
    for name, corrected, entered in lines:
        differences.extend(line_differences(name, corrected, entered, rounding))
    return differences
