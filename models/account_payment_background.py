"""Receipts: no posting by hand while their batch is being posted in the background."""

from odoo import _, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_post(self):
        """Receipts of a batch in *Posting…* are posted by its background jobs."""
        if not self.env.context.get("batch_processing"):
            posting = self.filtered(lambda p: p.batch_id.state == "posting")
            if posting:
                raise UserError(
                    _(
                        "Receipt %(receipt)s is part of batch %(batch)s, which is "
                        "being posted in the background: it is posted with the batch.",
                        receipt=posting[0].display_name,
                        batch=posting[0].batch_id.name,
                    )
                )
        return super().action_post()
