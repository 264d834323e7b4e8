"""A batch receipt of 0.00 needs a payer.

A zero receipt only nets a payer's invoices against their credit notes or
on-account credit; without a payer it is an empty row (e.g. one added in the
receipts list and left as it was) that would sit in suspense until the close
refuses it. It is refused when saved, naming the batch and line, so that the
clerk discards the row or completes it.
"""

from odoo import _, api, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    @api.constrains("amount", "partner_id", "batch_id")
    def _check_batch_zero_receipt_payer(self):
        for payment in self.filtered("batch_id"):
            if payment.partner_id or not payment.currency_id.is_zero(payment.amount):
                continue
            raise ValidationError(
                _(
                    "A receipt of %(amount)s without a payer cannot be saved in batch "
                    "%(batch)s (line %(line)s): a receipt of zero only nets a payer's "
                    "invoices against their credits. Enter the amount or the payer, "
                    "or discard the empty row.",
                    amount=payment.currency_id.format(0.0),
                    batch=payment.batch_id.name,
                    line=payment.batch_line_id.display_name or "-",
                )
            )
