"""Receipts: possible duplicate cheques (same payer, reference and amount)."""

from odoo import api, fields, models

from ..batch_core.cells import duplicate_key


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_duplicate_ids = fields.Many2many(
        "account.payment",
        string="Possible Duplicates",
        compute="_compute_batch_duplicate_ids",
        help="Receipts of batches not cancelled with the same payer, reference and amount.",
    )

    @api.depends("batch_id", "partner_id", "memo", "amount")
    def _compute_batch_duplicate_ids(self):
        duplicates = self._batch_find_duplicates()
        for payment in self:
            payment.batch_duplicate_ids = duplicates.get(payment.id, self.browse())

    def _batch_duplicate_key(self):
        """What makes two cheques the same: payer, reference and amount.

        Folded like the spreadsheet import folds them (no case, spaces or
        punctuation), so that entry and import agree.
        """
        self.ensure_one()
        _payer, reference, amount = duplicate_key(
            {"reference": self.memo, "amount": self.amount}, self.currency_id.rounding
        )
        return (self.partner_id.id, reference, amount)

    def _batch_find_duplicates(self):
        """Other receipts of batches not cancelled that look like these, in one query.

        :return: {receipt id: duplicate receipts}
        """
        receipts = self.filtered(lambda p: p.batch_id and p.memo)
        if not receipts:
            return {}
        others = self.search(
            [
                ("batch_id", "!=", False),
                ("batch_id.state", "!=", "cancel"),
                ("memo", "!=", False),
                ("partner_id", "in", receipts.partner_id.ids or [False]),
                ("amount", "in", list({p.amount for p in receipts})),
                ("company_id", "in", receipts.company_id.ids),
            ]
        )
        by_key = {}
        for other in others:
            by_key.setdefault(other._batch_duplicate_key(), self.browse())
            by_key[other._batch_duplicate_key()] |= other
        return {
            receipt.id: by_key.get(receipt._batch_duplicate_key(), self.browse())
            - receipt._origin
            for receipt in receipts
        }
