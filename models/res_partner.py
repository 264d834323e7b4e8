"""Customers: the saved payment method card charge batches use."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    batch_charge_token_id = fields.Many2one(
        "payment.token",
        string="Default Payment Method",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The saved payment method card charge batches charge for this "
        "customer's invoices. Needed only when the customer has several saved "
        "methods with the batch's provider; it must have been charged "
        "successfully at least once.",
    )
