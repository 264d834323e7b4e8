"""Account-balance allocation: which on-account credit pays which invoice (seed 004).

A receipt of an account-balance allocation batch brings no money: it
applies the customer's on-account credits (earlier receipts) to its open
invoices. The clerk enters one row per credit and invoice with the amount
that credit pays on that invoice. What the rows take from each credit and
from each invoice must stay within what each holds; the sums per item are
what the receipt's entry books against them.
"""

from .money import to_decimal


def pair_totals(pairs, rounding):
    """What the rows take from each credit and from each invoice.

    :param pairs: iterable of ``(credit key, invoice key, amount)``, amounts
        positive or zero
    :return: ``(credit totals, invoice totals)``, dicts of key to float,
        in the order the keys first appear
    """
    credits, invoices = {}, {}
    zero = to_decimal(0, rounding)
    for credit, invoice, amount in pairs:
        value = to_decimal(amount, rounding)
        credits[credit] = credits.get(credit, zero) + value
        invoices[invoice] = invoices.get(invoice, zero) + value
    return (
        {key: float(value) for key, value in credits.items()},
        {key: float(value) for key, value in invoices.items()},
    )


def over_taken(totals, available, rounding):
    """The items the rows take more from than they hold.

    :param totals: key to amount taken (what :func:`pair_totals` returns)
    :param available: key to amount the item holds, positive
    :return: list of ``(key, taken, available)`` in the order of ``totals``
    """
    result = []
    for key, taken in totals.items():
        held = to_decimal(max(available.get(key, 0.0), 0.0), rounding)
        if to_decimal(taken, rounding) > held:
            result.append((key, taken, float(held)))
    return result
