"""The receipt import's columns: labels, kinds, and how a header names a column."""

import unicodedata
from dataclasses import dataclass

from .i18n import _


@dataclass(frozen=True)
class Column:
    """One expected column of the import file."""

    key: str
    label: str  # English, translatable (batch_core.i18n)
    required: bool
    kind: str  # "date", "amount" or "text"
    aliases: tuple = ()


#: The expected columns, in the template's order. Headers may come in any order.
COLUMNS = (
    Column("date", _("Receipt Date"), True, "date", ("Date", "Payment Date")),
    # Optional: an empty cell takes the first method the row's batch line allows.
    Column("payment_method", _("Payment Method"), False, "text", ("Method",)),
    Column(
        "reference",
        _("Receipt Reference"),
        False,
        "text",
        ("Reference", "Ref", "Receipt Ref"),
    ),
    Column("amount", _("Receipt Amount"), True, "amount", ("Amount", "Payment Amount")),
    Column("description", _("Description"), False, "text", ("Memo",)),
    Column(
        "payer",
        _("Payer / Bill To Party Name"),
        False,
        "text",
        ("Payer", "Payer Name", "Bill To Party Name", "Bill To"),
    ),
    Column(
        "misc_account", _("Miscellaneous Account"), False, "text", ("Misc Account",)
    ),
    Column("insurer_account", _("Insurer Account"), False, "text", ("Insurer",)),
    Column(
        "invoice_number", _("Invoice Number"), False, "text", ("Invoice", "Invoice No")
    ),
    Column(
        "policy_reference",
        _("Policy / Customer Reference"),
        False,
        "text",
        ("Policy", "Policy Reference", "Policy Number", "Customer Reference"),
    ),
    Column(
        "policy_term", _("Policy Term ID"), False, "text", ("Term ID", "Policy Term")
    ),
    Column(
        "policy_transaction",
        _("Policy Transaction ID"),
        False,
        "text",
        ("Transaction ID", "Policy Transaction"),
    ),
    Column("receipt_kind", _("Receipt Kind"), False, "text", ("Kind", "Receipt Type")),
    Column("batch_line", _("Batch Line"), False, "text", ("Line",)),
)

#: Receipt Kind column: what a clerk may write, folded, to the receipt kind.
IMPORT_KINDS = {
    "": "standard",
    "standard": "standard",
    "miscellaneous": "miscellaneous",
    "misc": "miscellaneous",
    "insurerrefund": "insurer_refund",
    "insurer": "insurer_refund",
    "insuranceassignment": "insurance_assignment",
    "assignment": "insurance_assignment",
    "pledge": "pledge",
}
IMPORT_KIND_LABELS = (
    "Standard",
    "Miscellaneous",
    "Insurer Refund",
    "Insurance Assignment",
    "Pledge",
)
#: Optional columns whose empty cell takes a default, not nothing: one left
#: empty by a merged cell is refused, or the rows below the merge would get
#: the default instead of the value typed in the merge.
MERGE_CHECKED = frozenset({"payment_method"})


# ---------------------------------------------------------------------------
# Headers


def normalize_header(text):
    """Return ``text`` folded for matching: no case, accents, spaces or punctuation."""
    folded = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return "".join(char for char in folded if char.isalnum())


def _header_index():
    index = {}
    for column in COLUMNS:
        for name in (column.label, column.key, *column.aliases):
            key = normalize_header(name)
            if index.setdefault(key, column) is not column:
                raise ValueError(f"header {name!r} matches two columns")
    return index


_HEADER_INDEX = _header_index()


def header_index(names):
    """``{folded header: Column}`` for more header texts, ``names`` being
    ``{text: column key}`` (e.g. the labels in the user's language)."""
    by_key = {column.key: column for column in COLUMNS}
    return {normalize_header(text): by_key[key] for text, key in (names or {}).items()}


def column_for_header(header, more=None):
    """Return the :class:`Column` a header names, or None when it is unknown.

    :param more: what :func:`header_index` made of more header texts, read
        after the English labels and aliases
    """
    folded = normalize_header(header)
    return _HEADER_INDEX.get(folded) or (more or {}).get(folded)


def column_letter(index):
    """Return the spreadsheet letter of the 0-based column ``index`` (0 -> A)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
