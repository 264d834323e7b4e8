from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.account_payment_balance_pair import (
    CREDITS_TO_USE,
    INVOICES_TO_PAY,
    OPEN_RECEIVABLE,
)


class AccountPaymentBalancePairAdd(models.TransientModel):
    """Seed 004: add an invoice and tick the on-account receipts that pay it.

    One row per ticked credit is added to the receipt, its amount zero:
    the clerk enters what each credit pays.
    """

    _name = "account.payment.balance.pair.add"
    _description = "Add an Invoice Paid From On-Account Credit"

    payment_id = fields.Many2one("account.payment", string="Receipt", required=True)
    commercial_partner_id = fields.Many2one(
        related="payment_id.partner_id.commercial_partner_id", string="Customer"
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice",
        required=True,
        domain=INVOICES_TO_PAY,
        help="Only invoices with something outstanding can be paid.",
    )
    credit_line_ids = fields.Many2many(
        "account.move.line",
        string="On-Account Receipts",
        domain=CREDITS_TO_USE,
        default=lambda self: self._default_credit_lines(),
        help="The customer's receipts with usable on-account funds; all of them "
        "are ticked to start with.",
    )

    @api.model
    def _default_credit_lines(self):
        receipt = self.env["account.payment"].browse(
            self.env.context.get("default_payment_id")
        )
        customer = receipt.partner_id.commercial_partner_id
        if not customer:
            return self.env["account.move.line"]
        lines = self.env["account.move.line"].search(
            [
                *OPEN_RECEIVABLE,
                ("partner_id.commercial_partner_id", "=", customer.id),
                ("company_id", "=", receipt.company_id.id),
                ("balance", "<", 0),
                ("amount_residual", "<", 0),
            ],
            order="date, id",
        )
        free = lines._batch_open_amounts(exclude_payments=receipt)
        return lines.filtered(lambda line: free[line.id] < 0)

    def action_add(self):
        self.ensure_one()
        receipt = self.payment_id
        if not self.credit_line_ids:
            raise UserError(
                _(
                    "Receipt %(receipt)s: tick at least one on-account receipt to pay "
                    "invoice %(invoice)s.",
                    receipt=receipt._batch_label(),
                    invoice=self.invoice_line_id.move_id.display_name,
                )
            )
        listed = {
            (pair.credit_line_id, pair.invoice_line_id)
            for pair in receipt.batch_balance_pair_ids
        }
        receipt.batch_balance_pair_ids = [
            Command.create(
                {"invoice_line_id": self.invoice_line_id.id, "credit_line_id": line.id}
            )
            for line in self.credit_line_ids
            if (line, self.invoice_line_id) not in listed
        ]
        return {"type": "ir.actions.act_window_close"}
