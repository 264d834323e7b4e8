"""Receipt import: the per-row rules that turn one parsed row into a receipt or a pledge."""

from decimal import Decimal

from odoo import _, models
from odoo.tools import float_round

from ..batch_core.cells import fold_name
from ..batch_core.spreadsheet import (
    COLUMNS,
    IMPORT_KIND_LABELS,
    IMPORT_KINDS,
    RowError,
    normalize_header,
)
from .batch_core_text import core_text

COLUMN_LABELS = {column.key: column.label for column in COLUMNS}
#: Columns that only matching to invoices uses.
MATCHING_KEYS = (
    "invoice_number",
    "policy_reference",
    "policy_term",
    "policy_transaction",
)
#: What an insurance assignment receipt is matched by: the policy number only.
ASSIGNMENT_KEYS = ("policy_reference",)


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _import_prepare_row(self, row, context):
        """Check one parsed row and prepare its receipt (or pledge) values.

        :return: (dict with ``vals``, ``key``, ``pledge``, ``reference``,
            ``note``; or None, [RowError])
        """
        values = row.values
        kind, messages = self._import_kind(values)
        if kind and kind not in context["receipt_kinds"]:
            messages.append(
                _(
                    "Receipt Kind %(kind)s is not valid in batch type %(type)s: use "
                    "%(valid)s",
                    kind=context["kind_names"].get(kind, kind),
                    type=self.batch_type_id.display_name,
                    valid=", ".join(self.batch_type_id.receipt_kind_ids.mapped("name")),
                )
            )
        messages += self._import_unused_cells(kind, values)
        messages += self._import_check_amount(kind, values["amount"], context)
        partner = context["partners"].get(fold_name(values["payer"]))
        note = None
        if isinstance(partner, str):
            note, partner = partner, None
        # A bank entry of an unknown payer: the customer of the invoices it names.
        invoice_payer = context.get("invoice_payers", {}).get(row.row_number)
        if not partner and invoice_payer:
            note, partner = None, invoice_payer
        partner = partner or self.env["res.partner"]
        if not values["amount"] and kind != "pledge" and not partner:
            messages.append(
                _(
                    "Receipt Amount 0.00 without a known payer: a receipt of zero only "
                    "nets a payer's invoices against their credits"
                )
            )
        method, line = self._import_method_and_line(values, context, messages)
        account = self._import_account(kind, values, context, messages)
        if kind == "pledge":
            messages += self._import_check_pledge(partner, values["payer"])
        elif kind == "insurance_assignment" and self.kind != "cash_receipt":
            messages.append(
                _("insurance assignment receipts belong in cash receipt batches")
            )
        if messages:
            return None, [
                RowError(row.row_number, None, message, row.raw) for message in messages
            ]

        signed = float(values["amount"])
        if kind == "pledge":
            vals = {
                "partner_id": partner.id,
                "amount": float_round(signed, precision_rounding=context["rounding"]),
                "line_id": line.id,
                "description": values["description"],
                "date": values["date"],
                "payment_method_line_id": method.id,
            }
        else:
            vals = {
                "payment_type": "outbound" if self.kind == "refund" else "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": abs(signed),
                "date": values["date"],
                "memo": values["reference"],
                "journal_id": self.journal_id.id,
                "payment_method_line_id": method.id,
                "batch_id": self.id,
                "batch_line_id": line.id,
                "batch_receipt_kind": kind,
                "batch_account_id": account.id,
                "batch_invoice_number": values["invoice_number"],
                "batch_match_reference": values["policy_reference"],
                "batch_policy_term": values["policy_term"],
                "batch_policy_transaction": values["policy_transaction"],
                "batch_payer_name": values["payer"],
                "batch_description": values["description"],
            }
        key = self._import_key(
            kind,
            partner,
            values["payer"],
            values["reference"],
            signed,
            context["rounding"],
        )
        return {
            "vals": vals,
            "key": key,
            "pledge": kind == "pledge",
            "reference": values["reference"],
            "note": note,
        }, []

    def _import_kind(self, values):
        """The kind of a row: its Receipt Kind cell, else the account column it fills.

        :return: (kind or None, [message])
        """
        misc, insurer = values["misc_account"], values["insurer_account"]
        if misc and insurer:
            return None, [
                _(
                    'Miscellaneous Account "%(misc)s" and Insurer Account "%(insurer)s" '
                    "are both filled: a receipt is either miscellaneous or an insurer "
                    "refund, fill only one of them",
                    misc=misc,
                    insurer=insurer,
                )
            ]
        implied = "miscellaneous" if misc else "insurer_refund" if insurer else None
        written = values["receipt_kind"]
        if not written:
            return implied or "standard", []
        kind = IMPORT_KINDS.get(normalize_header(written))
        if kind is None:
            return None, [
                _(
                    'Receipt Kind "%(kind)s" is unknown: use %(kinds)s',
                    kind=written,
                    kinds=", ".join(IMPORT_KIND_LABELS),
                )
            ]
        if implied and kind != implied:
            column, account = (
                (_("Miscellaneous Account"), misc)
                if misc
                else (_("Insurer Account"), insurer)
            )
            return None, [
                _(
                    'Receipt Kind "%(kind)s" contradicts %(column)s "%(account)s", '
                    "which is filled for %(implied)s receipts only: correct one of "
                    "the two cells",
                    kind=written,
                    column=column,
                    account=account,
                    implied=_("miscellaneous")
                    if implied == "miscellaneous"
                    else _("insurer refund"),
                )
            ]
        return kind, []

    def _import_unused_cells(self, kind, values):
        """Cells a row of this kind would not use: refused, never dropped."""
        if kind not in (
            "miscellaneous",
            "insurer_refund",
            "pledge",
            "insurance_assignment",
        ):
            return []
        kept = ()
        if kind == "pledge":
            reason = _("a pledge becomes an invoice of its own")
        elif kind == "insurance_assignment":
            kept = ASSIGNMENT_KEYS
            reason = _(
                "an insurance assignment receipt is matched to the insurer's pending "
                "assignments by policy number, not to invoices"
            )
        else:
            reason = _(
                "this receipt kind is booked to an account, not matched to invoices"
            )
        messages = []
        for key in MATCHING_KEYS:
            if values[key] and key not in kept:
                messages.append(
                    _(
                        '%(column)s "%(value)s": %(reason)s; leave the cell empty or '
                        "import the row as a standard receipt",
                        column=core_text(self.env, COLUMN_LABELS[key]),
                        value=values[key],
                        reason=reason,
                    )
                )
        return messages

    def _import_check_amount(self, kind, amount, context):
        """Receipts are positive (a standard one may be zero), refunds negative,
        pledges positive."""
        messages = []
        if kind == "pledge":
            if amount <= 0:
                messages.append(_("a pledge must be a positive amount"))
        elif self.kind == "refund":
            if amount >= 0:
                messages.append(
                    _(
                        "Receipt Amount %(amount)s: refunds are entered as negative "
                        "amounts",
                        amount=amount,
                    )
                )
        elif amount < 0:
            messages.append(
                _(
                    "Receipt Amount %(amount)s: a receipt must be a positive amount",
                    amount=amount,
                )
            )
        elif amount == 0 and kind != "standard":
            messages.append(
                _(
                    "Receipt Amount %(amount)s: only a standard receipt may be 0.00 "
                    "(its invoices and credits net to zero)",
                    amount=amount,
                )
            )
        digits = context["digits"]
        if amount != amount.quantize(Decimal(1).scaleb(-digits)):
            messages.append(
                _(
                    "Receipt Amount %(amount)s has more than %(digits)s decimals",
                    amount=amount,
                    digits=digits,
                )
            )
        return messages

    def _import_method_and_line(self, values, context, messages):
        """The payment method and batch line a row names.

        An empty Batch Line cell takes the batch's first line. An empty (or
        absent) Payment Method cell takes the first method the row's line
        allows (:meth:`_import_default_method`); a method the line does not
        allow is refused.
        """
        line_text = fold_name(values["batch_line"])
        line = context["lines"].get(line_text) if line_text else context["default_line"]
        if line_text and not line:
            messages.append(
                _(
                    'Batch Line "%(line)s" is not a line of this batch: use one of '
                    "%(lines)s",
                    line=values["batch_line"],
                    lines=", ".join(self.line_ids.line_type_id.mapped("name")),
                )
            )
        method_text = fold_name(values["payment_method"])
        if not method_text:
            return self._import_default_method(line, context), line
        available = self._import_payment_methods()
        line_methods = self._import_line_methods(line)
        method = context["methods"].get(method_text)
        if not method:
            messages.append(
                _(
                    'Payment Method "%(method)s" is not a payment method of journal '
                    "%(journal)s: use one of %(methods)s (or a code of theirs)",
                    method=values["payment_method"],
                    journal=self.journal_id.name,
                    methods=", ".join(available.mapped("name")),
                )
            )
        elif line_methods and method not in line_methods:
            messages.append(
                _(
                    'Payment Method "%(method)s" is not allowed on batch line '
                    "%(line)s: use one of %(methods)s",
                    method=values["payment_method"],
                    line=line.display_name,
                    methods=", ".join(line_methods.mapped("name")),
                )
            )
        return method, line

    def _import_line_methods(self, line):
        """The import methods a batch line's type restricts it to (empty: any)."""
        if not line:
            return self.env["account.payment.method.line"]
        return (
            line.line_type_id.payment_method_line_ids & self._import_payment_methods()
        )

    def _import_default_method(self, line, context):
        """The method of a row without one: the first its batch line allows (its
        line type's, else the batch type's, else the journal's)."""
        return self._import_line_methods(line)[:1] or context["default_method"]

    def _import_account(self, kind, values, context, messages):
        """The counterpart account of a miscellaneous receipt or insurer refund."""
        account = self.env["account.account"]
        if kind not in ("miscellaneous", "insurer_refund"):
            return account
        if kind == "miscellaneous":
            text, label = values["misc_account"], _("Miscellaneous Account")
        else:
            text, label = values["insurer_account"], _("Insurer Account")
        account = context["accounts"].get(fold_name(text)) or account
        if not text:
            messages.append(
                _("%(column)s is required for this receipt kind", column=label)
            )
        elif not account:
            messages.append(
                _(
                    '%(column)s "%(account)s": no account has this code or name '
                    "in %(company)s",
                    column=label,
                    account=text,
                    company=self.company_id.name,
                )
            )
        return account

    def _import_check_pledge(self, partner, payer_text):
        messages = []
        if self.state != "open":
            messages.append(
                _(
                    "pledges are imported into open batches only: open the batch "
                    "and import this row again"
                )
            )
        elif self.kind != "cash_receipt":
            messages.append(_("pledges belong in cash receipt batches"))
        if not partner:
            messages.append(
                _(
                    'pledge of an unknown payer "%(payer)s": a pledge needs a known '
                    "customer",
                    payer=payer_text or "",
                )
            )
        return messages
