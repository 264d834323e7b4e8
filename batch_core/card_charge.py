"""Card charge batches: who may be charged, how invoices group into charges,
and what a batch of charges adds up to.

Plain data in, plain data out: the Odoo layer reads tokens, transactions and
invoices in bulk and asks these functions for the decisions.
"""

from dataclasses import dataclass, field

from .money import to_decimal

# Why an open invoice cannot be charged; the Odoo layer gives each a label.
NO_TOKEN = "no_token"
NO_DEFAULT = "no_default"
NEVER_CHARGED = "never_charged"
PROVIDER_DISABLED = "provider_disabled"
CURRENCY = "currency"
UNDER_WAY = "under_way"
PAID = "paid"

# Grouping of a batch type: one charge per customer (and currency) for all
# of their selected invoices, or one charge per invoice.
PER_CUSTOMER = "customer"
PER_INVOICE = "invoice"

# Transaction states: final ones never change again by themselves.
FINAL_STATES = frozenset({"done", "cancel", "error"})
FAILED_STATES = frozenset({"cancel", "error"})
OPEN_STATES = frozenset({"draft", "pending", "authorized"})


@dataclass(frozen=True)
class Token:
    """A saved payment method as eligibility sees it."""

    key: object
    partner: object  # the commercial partner it belongs to
    charged: bool  # at least one successful charge with it


def choose_token(tokens, default_key=None):
    """The token to charge among a customer's active tokens of one provider.

    :param tokens: the customer's active ``Token``s of the batch's provider
    :param default_key: the customer's chosen default payment method, if any
    :return: ``(token, None)`` or ``(None, reason)``
    """
    tokens = list(tokens)
    if not tokens:
        return None, NO_TOKEN
    chosen = None
    if default_key is not None:
        chosen = next((t for t in tokens if t.key == default_key), None)
    if chosen is None:
        if len(tokens) > 1:
            return None, NO_DEFAULT
        chosen = tokens[0]
    if not chosen.charged:
        return None, NEVER_CHARGED
    return chosen, None


def invoice_reason(
    token_reason,
    provider_enabled,
    currency_supported,
    under_way=False,
):
    """Why one invoice cannot be charged, or ``None`` when it can.

    The order is what a clerk fixes first: the provider, the currency, a
    charge already running, then the customer's saved method.
    """
    if not provider_enabled:
        return PROVIDER_DISABLED
    if not currency_supported:
        return CURRENCY
    if under_way:
        return UNDER_WAY
    return token_reason


@dataclass
class Charge:
    """One transaction to send: a customer's token and the invoices it pays."""

    partner: object
    token: object
    currency: object
    invoices: list = field(default_factory=list)  # [(invoice key, amount)]
    amount: float = 0.0


def group_charges(rows, grouping, rounding):
    """Group selected invoices into charges.

    :param rows: ``(partner, token, currency, invoice key, outstanding)``
        tuples, in the order the charges should be sent
    :param grouping: ``PER_CUSTOMER`` or ``PER_INVOICE``
    :param rounding: the rounding step of the charges' currency (one batch,
        one currency); amounts are summed exactly
    :return: list of ``Charge``
    """
    if grouping not in (PER_CUSTOMER, PER_INVOICE):
        raise ValueError(f"unknown grouping {grouping!r}")
    charges = []
    by_key = {}
    for partner, token, currency, invoice, outstanding in rows:
        if to_decimal(outstanding, rounding) <= 0:
            raise ValueError(f"invoice {invoice!r}: nothing to charge ({outstanding})")
        if grouping == PER_INVOICE:
            charge = Charge(partner, token, currency)
            charges.append(charge)
        else:
            key = (partner, token, currency)
            charge = by_key.get(key)
            if charge is None:
                charge = by_key[key] = Charge(partner, token, currency)
                charges.append(charge)
        charge.invoices.append((invoice, outstanding))
    for charge in charges:
        charge.amount = float(
            sum(to_decimal(amount, rounding) for _key, amount in charge.invoices)
        )
    return charges


@dataclass(frozen=True)
class Summary:
    """How a batch's charges stand."""

    pending: int
    posted: int
    failed: int

    @property
    def is_final(self):
        return not self.pending


def summarize(states):
    """Count a batch's transactions by outcome.

    :param states: one transaction state per receipt (``None``: not sent yet)
    """
    pending = posted = failed = 0
    for state in states:
        if state == "done":
            posted += 1
        elif state in FAILED_STATES:
            failed += 1
        else:
            pending += 1
    return Summary(pending, posted, failed)


def void_refusals(states):
    """Which charges keep a whole batch from being voided.

    A batch is voided only while every charge still to settle is authorized
    (held on the card, not captured): a settled (``done``) charge must be
    refunded instead, a pending one cannot be voided yet. Failed charges
    have nothing to void.

    :param states: ``{key: transaction state}``
    :return: ``(settled keys, not authorized keys)``; both empty: void allowed
    """
    settled = [key for key, state in states.items() if state == "done"]
    waiting = [
        key
        for key, state in states.items()
        if state not in FAILED_STATES and state not in ("done", "authorized")
    ]
    return settled, waiting
