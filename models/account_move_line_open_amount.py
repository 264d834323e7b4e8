"""Open items offered to a receipt's allocation say how much is still free.

The allocation list of a receipt asks Odoo for its open items with the
context key ``batch_open_amount`` (the receipt's id, or "new" for a receipt
not saved yet: not True, which the cache would take for the id 1): each item's name then ends with its open amount net of what
the planned allocations of other receipts already take, in the item's
currency, e.g. "INV/2026/00042 (300.00 open)". Without the key, names are
Odoo's.
"""

from odoo import _, api, models
from odoo.tools.misc import format_amount


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.depends_context("batch_open_amount")
    def _compute_display_name(self):
        super()._compute_display_name()
        receipt_id = self.env.context.get("batch_open_amount")
        if not receipt_id:
            return
        lines = self.filtered(lambda line: line._origin and line.account_id.reconcile)
        receipt = self.env["account.payment"]
        if isinstance(receipt_id, int) and not isinstance(receipt_id, bool):
            receipt = receipt.browse(receipt_id)  # its own plans count as free
        open_amounts = lines._batch_open_amounts(exclude_payments=receipt)
        for line in lines:
            line.display_name = _(
                "%(item)s (%(amount)s open)",
                item=line.display_name,
                amount=format_amount(
                    self.env, abs(open_amounts[line.id]), line.currency_id
                ),
            )
