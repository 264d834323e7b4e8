from odoo import fields, models


class AccountPaymentBatchPledge(models.TransientModel):
    _name = "account.payment.batch.pledge"
    _description = "Add a Pledge to a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="batch_id.company_id")
    currency_id = fields.Many2one(related="batch_id.currency_id")
    line_id = fields.Many2one(
        "account.payment.batch.line",
        string="Batch Line",
        required=True,
        domain="[('batch_id', '=', batch_id)]",
    )
    partner_id = fields.Many2one("res.partner", string="Pledged By", required=True)
    amount = fields.Monetary(required=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    description = fields.Char()

    def action_add(self):
        self.ensure_one()
        self.batch_id._create_pledges(
            [
                {
                    "partner_id": self.partner_id.id,
                    "amount": self.amount,
                    "line_id": self.line_id.id,
                    "date": self.date,
                    "description": self.description,
                }
            ]
        )
        return {"type": "ir.actions.act_window_close"}
