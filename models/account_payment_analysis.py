"""Receipts: what the batch analysis groups them by."""

from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_type_id = fields.Many2one(
        related="batch_id.batch_type_id",
        string="Batch Type",
        store=True,
        index="btree_not_null",
    )
