"""How far a receipt is matched, as the clerk's badge says it."""

from .money import to_decimal

#: The badges, in the order a clerk cares about them.
MATCH_STATUSES = (
    ("suspense", "Suspense"),
    ("unmatched", "Unmatched"),
    ("on_account", "On Account"),
    ("partial", "Partial"),
    ("matched", "Matched"),
)


def match_status(receipt, rounding):
    """The badge of one receipt.

    :param receipt: a mapping with ``suspense`` (no known payer),
        ``to_account`` (booked to a counterpart account, matched by nature),
        ``note`` (why auto-match found nothing), ``on_account`` (what is
        left unallocated, signed as the receipt), ``allocations`` (how many)
        and ``leaves_open`` (whether an allocated item stays partly open)
    :return: a key of :data:`MATCH_STATUSES`
    """
    if receipt["suspense"]:
        return "suspense"
    if receipt["to_account"]:
        return "matched"
    left = abs(to_decimal(receipt["on_account"], rounding))
    if not receipt["allocations"]:
        return "unmatched" if receipt["note"] or not left else "on_account"
    if left:
        return "on_account"
    return "partial" if receipt["leaves_open"] else "matched"
