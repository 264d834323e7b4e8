from odoo import fields, models


class AccountPaymentBatchReassign(models.TransientModel):
    _name = "account.payment.batch.reassign"
    _description = "Reassign a Suspense Receipt"

    payment_id = fields.Many2one("account.payment", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="payment_id.company_id")
    partner_id = fields.Many2one("res.partner", string="Payer", required=True)
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice to Pay",
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id), "
        "('account_id.account_type', '=', 'asset_receivable'), ('reconciled', '=', False), "
        "('parent_state', '=', 'posted'), ('balance', '>', 0)]",
        help="Leave empty to keep the money on account for the payer.",
    )

    def action_reassign(self):
        self.ensure_one()
        self.payment_id._batch_reassign(self.partner_id, self.move_line_id)
        return {"type": "ir.actions.act_window_close"}
