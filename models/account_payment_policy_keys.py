"""Receipts: policy keys (number, term, transaction) and the invoices they narrow matching to.

The import template has three policy columns: Policy Number, Policy Term ID
and Policy Transaction ID. Each one given on a receipt narrows the invoices
automatic matching may choose to those carrying it; with several, an invoice
must carry all of them. The policy number is looked for in the invoice's
reference, payment reference and source document; the term and transaction
ids in the invoice field the batch type names, else in those same fields.
A key that no open invoice carries leaves the receipt for manual matching.
"""

from collections import defaultdict

from odoo import _, fields, models
from odoo.fields import Domain

#: Where a policy key is looked for when the batch type names no invoice field.
REFERENCE_FIELDS = ("ref", "payment_reference", "invoice_origin")
#: (receipt field, batch type field naming the invoice field or None)
POLICY_KEYS = (
    ("batch_match_reference", None),
    ("batch_policy_term", "policy_term_invoice_field"),
    ("batch_policy_transaction", "policy_transaction_invoice_field"),
)


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_policy_term = fields.Char(
        string="Policy Term ID",
        copy=False,
        help="Term of the policy that produced the invoice: automatic matching "
        "only chooses invoices carrying it.",
    )
    batch_policy_transaction = fields.Char(
        string="Policy Transaction ID",
        copy=False,
        help="Policy transaction the invoice came from: automatic matching only "
        "chooses invoices carrying it.",
    )

    def _batch_policy_keys(self):
        """The policy keys of this receipt.

        :return: list of (receipt field, value, invoice fields to look in)
        """
        self.ensure_one()
        batch_type = self.batch_id.batch_type_id
        keys = []
        for field_name, type_field in POLICY_KEYS:
            value = (self[field_name] or "").strip()
            if not value:
                continue
            invoice_field = type_field and batch_type[type_field]
            keys.append(
                (
                    field_name,
                    value,
                    (invoice_field,) if invoice_field else REFERENCE_FIELDS,
                )
            )
        return keys

    def _batch_match_policy_documents(self, base_domain):
        """Open invoices carrying the receipts' policy keys: one query per set of fields.

        :return: {(invoice fields, value): moves}, moves by due date
        """
        Move = self.env["account.move"]
        wanted = defaultdict(set)
        for receipt in self:
            for _field, value, invoice_fields in receipt._batch_policy_keys():
                wanted[invoice_fields].add(value)
        found = defaultdict(lambda: Move)
        for invoice_fields, values in wanted.items():
            keys = sorted(values)
            moves = Move.search(
                Domain.AND(
                    [
                        base_domain,
                        [("payment_state", "in", ("not_paid", "partial"))],
                        Domain.OR([[(name, "in", keys)] for name in invoice_fields]),
                    ]
                ),
                order="invoice_date_due, id",
            )
            for move in moves:
                for name in invoice_fields:
                    if move[name] in values:
                        found[invoice_fields, move[name]] |= move
        return found

    def _batch_policy_candidates(self, found):
        """The invoices this receipt's policy keys allow, and why none when empty.

        :return: (moves or None when the receipt has no policy key, note)
        """
        self.ensure_one()
        keys = self._batch_policy_keys()
        if not keys:
            return None, False
        moves = None
        missing = []
        for field_name, value, invoice_fields in keys:
            carrying = found.get((invoice_fields, value)) or self.env["account.move"]
            if not carrying:
                missing.append(self._batch_policy_key_label(field_name, value))
            moves = carrying if moves is None else moves & carrying
        if missing:
            return moves, _(
                "No open invoice carries %(keys)s: match this receipt manually.",
                keys=_(" or ").join(missing),
            )
        if not moves:
            return moves, _(
                "No open invoice carries both %(keys)s: match this receipt manually.",
                keys=_(" and ").join(
                    self._batch_policy_key_label(name, value)
                    for name, value, _fields in keys
                ),
            )
        return moves, False

    def _batch_policy_key_label(self, field_name, value):
        if field_name == "batch_match_reference":
            return _("reference %(key)s", key=value)
        return f"{self._fields[field_name].get_description(self.env)['string']} {value}"
