"""A batch's progress towards its expected total, for the kanban card."""

from odoo import api, fields, models


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    entered_progress = fields.Float(
        string="Entered",
        compute="_compute_entered_progress",
        help="The amount entered as a share of the amount expected (corrected "
        "totals), in percent.",
    )

    @api.depends("amount_entered", "amount_corrected")
    def _compute_entered_progress(self):
        for batch in self:
            expected = batch.amount_corrected
            if batch.currency_id.is_zero(expected):
                batch.entered_progress = 0.0
            else:
                batch.entered_progress = round(
                    100.0 * batch.amount_entered / expected, 1
                )
