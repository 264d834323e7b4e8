from odoo import fields, models


class AccountPaymentBatchCorrection(models.TransientModel):
    _name = "account.payment.batch.correction"
    _description = "Correct a Posted Batch Receipt"

    payment_id = fields.Many2one("account.payment", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="payment_id.company_id")
    reason = fields.Char(required=True)
    reenter_batch_id = fields.Many2one(
        "account.payment.batch",
        string="Enter Again In",
        domain="[('state', '=', 'open'), ('company_id', '=', company_id)]",
        help="An open batch the receipt is entered in again, to be corrected there.",
    )

    def action_correct(self):
        self.ensure_one()
        copies = self.payment_id._batch_correct(self.reason, self.reenter_batch_id)
        if copies:
            return copies.action_open_batch_receipt()
        return {"type": "ir.actions.act_window_close"}
