from odoo import api, fields, models


class AccountPaymentBatchCancel(models.TransientModel):
    _name = "account.payment.batch.cancel"
    _description = "Cancel a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade"
    )
    payment_count = fields.Integer(compute="_compute_payment_count")

    @api.depends("batch_id")
    def _compute_payment_count(self):
        for wizard in self:
            wizard.payment_count = len(wizard.batch_id.payment_ids)

    def action_confirm(self):
        self.ensure_one()
        self.batch_id.action_cancel()
        return {"type": "ir.actions.act_window_close"}
