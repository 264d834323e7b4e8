"""Refund receipts: the payee the money goes to, when not the customer (seed 004)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_payee_id = fields.Many2one(
        "res.partner",
        string="Payee",
        check_company=True,
        help="Refunds only: a third party the refund is issued to (e.g. a premium "
        "finance company). The customer's credit is what the refund uses; "
        "empty: the customer is paid.",
    )
    batch_paid_to_id = fields.Many2one(
        "res.partner",
        string="Paid To",
        compute="_compute_batch_paid_to_id",
        help="Who receives the refund: the payee, else the customer.",
    )

    @api.depends("batch_payee_id", "partner_id")
    def _compute_batch_paid_to_id(self):
        for payment in self:
            payment.batch_paid_to_id = payment.batch_payee_id or payment.partner_id

    @api.constrains("batch_payee_id", "batch_id")
    def _check_batch_payee(self):
        for payment in self.filtered("batch_payee_id"):
            if payment.batch_kind != "refund":
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: only refunds have a payee; %(payee)s "
                        "cannot be paid from batch %(batch)s.",
                        receipt=payment._batch_label(),
                        payee=payment.batch_payee_id.display_name,
                        batch=payment.batch_id.name or "-",
                    )
                )
