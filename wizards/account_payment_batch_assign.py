from odoo import fields, models


class AccountPaymentBatchAssign(models.TransientModel):
    _name = "account.payment.batch.assign"
    _description = "Assign a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assign To",
        required=True,
        domain=lambda self: [
            (
                "all_group_ids",
                "in",
                self.env.ref("account_payment_batch.group_batch_user").ids,
            ),
            ("share", "=", False),
        ],
    )

    def action_assign(self):
        self.ensure_one()
        self.batch_id.action_assign(self.user_id)
        return {"type": "ir.actions.act_window_close"}
