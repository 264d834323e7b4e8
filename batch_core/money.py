"""Money arithmetic on plain values, rounded like an Odoo currency."""

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(value, rounding):
    """Return ``value`` as a Decimal rounded to the currency step ``rounding``.

    ``rounding`` is the currency's rounding step (0.01 for EUR, 1.0 for JPY);
    halves are rounded away from zero, as ``res.currency.round`` does.
    """
    step = Decimal(str(rounding))
    if step <= 0:
        raise ValueError(f"rounding must be positive, got {rounding!r}")
    amount = Decimal(str(value or 0))
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def is_equal(first, second, rounding):
    """True when both amounts are the same once rounded to ``rounding``."""
    return to_decimal(first, rounding) == to_decimal(second, rounding)
