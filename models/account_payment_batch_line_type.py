from odoo import fields, models


class AccountPaymentBatchLineType(models.Model):
    _name = "account.payment.batch.line.type"
    _description = "Payment Batch Line Type"
    _order = "batch_type_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    batch_type_id = fields.Many2one(
        "account.payment.batch.type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="batch_type_id.company_id", store=True)
    payment_method_line_ids = fields.Many2many(
        "account.payment.method.line",
        string="Allowed Payment Methods",
        check_company=True,
        domain="[('journal_id.type', 'in', ('bank', 'cash'))]",
        help="Leave empty to allow the payment methods of the batch type.",
    )
    campaign_id = fields.Many2one(
        "utm.campaign",
        help="When set, receipts on this line belong to this campaign.",
    )
