"""Receipts: the campaign of their batch line (seed 003, line types' campaign)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_campaign_id = fields.Many2one(
        "utm.campaign",
        string="Campaign",
        compute="_compute_batch_campaign_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The campaign the money was raised for: the batch line type's, else "
        "the batch's.",
    )

    @api.depends("batch_line_id.line_type_id.campaign_id", "batch_id.campaign_id")
    def _compute_batch_campaign_id(self):
        for payment in self:
            line_campaign = payment.batch_line_id.line_type_id.campaign_id
            if line_campaign:
                payment.batch_campaign_id = line_campaign
            elif not payment.batch_campaign_id:
                payment.batch_campaign_id = payment.batch_id.campaign_id

    @api.constrains("batch_campaign_id", "batch_line_id")
    def _check_batch_campaign(self):
        for payment in self.filtered("batch_line_id"):
            line_campaign = payment.batch_line_id.line_type_id.campaign_id
            if line_campaign and payment.batch_campaign_id != line_campaign:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: campaign %(campaign)s differs from "
                        "%(line_campaign)s, the campaign of its line %(line)s.",
                        receipt=payment._batch_label(),
                        campaign=payment.batch_campaign_id.name or _("(none)"),
                        line_campaign=line_campaign.name,
                        line=payment.batch_line_id.display_name,
                    )
                )
