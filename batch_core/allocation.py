"""Allocation arithmetic: which open items a receipt pays, and how much.

Amounts are plain numbers in the batch currency; ``rounding`` is the
currency's rounding step. An open item is a debit (an invoice: positive
outstanding) or a credit (a credit note or on-account credit: negative
outstanding). Allocating a credit *adds* money to the receipt.
"""

from dataclasses import dataclass, field
from datetime import date

from .i18n import _
from .money import to_decimal


@dataclass(frozen=True)
class OpenItem:
    """An open receivable item as the matcher sees it."""

    key: object  # the caller's id for the item (e.g. a move line id)
    outstanding: float  # signed: > 0 invoice, < 0 credit
    date: object = None  # due or invoice date; oldest first
    sequence: int = 0  # tie-breaker, e.g. the line id


@dataclass
class Plan:
    """The outcome of planning one receipt."""

    allocations: list = field(default_factory=list)  # [(key, signed amount)]
    remainder: float = 0.0  # what stays on account (or in suspense)


def available(outstanding, planned_elsewhere, rounding):
    """What is left to plan on an item once other open batches are counted.

    ``outstanding`` and ``planned_elsewhere`` are signed alike; the result
    never changes sign (an item cannot be over-planned).
    """
    out = to_decimal(outstanding, rounding)
    planned = to_decimal(planned_elsewhere, rounding)
    left = out - planned
    if (out >= 0 and left < 0) or (out < 0 and left > 0):
        left = out * 0
    return float(left)


def plan_receipt(amount, items, rounding, exact_first=True):
    """Allocate ``amount`` over ``items``.

    Credits are applied first (they increase what the receipt can pay),
    then an invoice whose outstanding equals the amount exactly, then the
    other invoices oldest first, each with its full outstanding up to what
    is left. What is left at the end is the remainder.

    :param amount: the receipt amount (>= 0)
    :param items: OpenItem list; their ``outstanding`` is what is available
    :return: Plan
    """
    left = to_decimal(amount, rounding)
    zero = left * 0
    plan = Plan()
    credits = [item for item in items if item.outstanding < 0]
    debits = sorted(
        (item for item in items if item.outstanding > 0),
        # Items without a date (None, or False from the ORM) come last.
        key=lambda item: (not item.date, item.date or date.min, item.sequence),
    )
    for item in credits:
        value = to_decimal(item.outstanding, rounding)
        plan.allocations.append((item.key, float(value)))
        left -= value
    if exact_first:
        exact = next(
            (item for item in debits if to_decimal(item.outstanding, rounding) == left),
            None,
        )
        if exact is not None:
            debits.remove(exact)
            debits.insert(0, exact)
    for item in debits:
        if left <= zero:
            break
        value = min(to_decimal(item.outstanding, rounding), left)
        plan.allocations.append((item.key, float(value)))
        left -= value
    plan.remainder = float(left)
    return plan


def plan_zero_receipt(items, rounding):
    """Settle credits against invoices with a receipt of 0.00.

    As much as both sides hold: the credits (oldest first) and the invoices
    (oldest first) each up to the smaller of the two totals, so that the
    allocations net to zero.

    :param items: OpenItem list, credits with a negative outstanding
    :return: Plan with a remainder of 0
    """
    zero = to_decimal(0, rounding)

    def oldest_first(selected):
        return sorted(
            selected,
            key=lambda item: (not item.date, item.date or date.min, item.sequence),
        )

    credits = oldest_first(item for item in items if item.outstanding < 0)
    debits = oldest_first(item for item in items if item.outstanding > 0)
    total = min(
        sum((-to_decimal(item.outstanding, rounding) for item in credits), zero),
        sum((to_decimal(item.outstanding, rounding) for item in debits), zero),
    )
    plan = Plan()
    for side, sign in ((credits, -1), (debits, 1)):
        left = total
        for item in side:
            if left <= zero:
                break
            value = min(abs(to_decimal(item.outstanding, rounding)), left)
            plan.allocations.append((item.key, float(sign * value)))
            left -= value
    plan.remainder = 0.0
    return plan


def net_allocated(amounts, rounding):
    """Sum of signed allocation amounts, rounded."""
    total = to_decimal(0, rounding)
    for value in amounts:
        total += to_decimal(value, rounding)
    return float(total)


def _account_balance_problems(allocations, rounding):
    """An account-balance receipt applies credit to invoices, as much on each side."""
    zero = to_decimal(0, rounding)
    credit = sum((to_decimal(v, rounding) for v, _o in allocations if v < 0), zero)
    debit = sum((to_decimal(v, rounding) for v, _o in allocations if v > 0), zero)
    if debit == zero:
        return [_("applies no on-account credit to an invoice")]
    if debit != -credit:
        return [
            _(
                "allocates %(debit)s to invoices but uses only %(credit)s of "
                "on-account credit",
                debit=f"{float(debit):.2f}",
                credit=f"{float(-credit):.2f}",
            )
        ]
    return []


def receipt_problems(kind, amount, allocations, rounding, must_distribute=False):
    """Why a receipt cannot be posted as planned, as short translatable phrases.

    :param kind: the batch kind: cash_receipt, refund, account_balance
    :param amount: the receipt amount, signed (refunds are negative)
    :param allocations: list of ``(signed allocation, signed outstanding)``
    :param must_distribute: a third-party receipt must be fully distributed
    """
    problems = []
    amount_d = to_decimal(amount, rounding)
    zero = amount_d * 0
    net = zero
    for value, outstanding in allocations:
        value_d = to_decimal(value, rounding)
        out_d = to_decimal(outstanding, rounding)
        if value_d == zero:
            problems.append(_("an allocation of zero"))
        elif (value_d > zero) != (out_d > zero) or abs(value_d) > abs(out_d):
            problems.append(
                _(
                    "allocates %(amount)s to an item with only %(outstanding)s "
                    "outstanding",
                    amount=f"{float(abs(value_d)):.2f}",
                    outstanding=f"{float(abs(out_d)):.2f}",
                )
            )
        net += value_d
    if kind == "cash_receipt":
        if amount_d < zero:
            problems.append(_("a cash receipt cannot be negative"))
        elif amount_d == zero and not allocations:
            problems.append(
                _(
                    "a receipt of 0.00 must allocate invoices and credits of the "
                    "same total, and allocates nothing"
                )
            )
        elif amount_d == zero and net != zero:
            problems.append(
                _(
                    "a receipt of 0.00 must net to zero, its allocations net %(net)s",
                    net=f"{float(net):.2f}",
                )
            )
        elif net > amount_d:
            problems.append(
                _(
                    "allocates %(net)s, more than its amount %(amount)s",
                    net=f"{float(net):.2f}",
                    amount=f"{float(amount_d):.2f}",
                )
            )
    elif kind == "refund":
        if amount_d >= zero:
            problems.append(_("a refund must be negative"))
        if any(to_decimal(value, rounding) > zero for value, _out in allocations):
            problems.append(
                _("a refund can only pay credit notes or on-account credit")
            )
        elif net < amount_d:
            problems.append(
                _(
                    "allocates %(net)s, more than its amount %(amount)s",
                    net=f"{float(-net):.2f}",
                    amount=f"{float(-amount_d):.2f}",
                )
            )
    elif kind == "account_balance":
        problems += _account_balance_problems(allocations, rounding)
    if must_distribute and net != amount_d and not problems:
        problems.append(
            _(
                "distributes %(net)s of a third-party payment of %(amount)s",
                net=f"{float(net):.2f}",
                amount=f"{float(amount_d):.2f}",
            )
        )
    return problems
