from odoo import _, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    batch_id = fields.Many2one(
        "account.payment.batch",
        string="Pledge Batch",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
        help="The payment batch this pledge was entered in.",
    )
    batch_line_id = fields.Many2one(
        "account.payment.batch.line",
        string="Pledge Batch Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )

    def action_post(self):
        """Pledges of an unprocessed batch are posted when the batch closes."""
        if not self.env.context.get("batch_processing"):
            pending = self.filtered(
                lambda m: m.batch_id.state in ("draft", "open", "posting")
            )
            if pending:
                raise UserError(
                    _(
                        "Pledge %(pledge)s is part of batch %(batch)s, which is not closed "
                        "yet: it is posted when the batch closes.",
                        pledge=pending[0].display_name,
                        batch=pending[0].batch_id.name,
                    )
                )
        return super().action_post()
