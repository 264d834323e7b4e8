"""Account-balance allocation receipts: the customer's credit, applied and left (seed 004)."""

from odoo import api, fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_on_account_balance = fields.Monetary(
        string="On Account Balance",
        compute="_compute_batch_on_account_balance",
        help="Account-balance allocation batches: the customer's on-account credit "
        "available now (unreconciled credits on its receivable, less what other "
        "open batches plan to use).",
    )
    batch_applied_amount = fields.Monetary(
        string="Applied Amount",
        compute="_compute_batch_on_account_balance",
        help="What this receipt applies to invoices.",
    )
    batch_remaining_balance = fields.Monetary(
        string="Remaining On Account Balance",
        compute="_compute_batch_on_account_balance",
        help="The on-account balance once this receipt's applied amount is used.",
    )

    @api.depends(
        "partner_id",
        "batch_kind",
        "allocation_ids.amount",
        "allocation_ids.move_line_id",
    )
    def _compute_batch_on_account_balance(self):
        receipts = self.filtered(
            lambda p: p.batch_kind == "account_balance" and p.partner_id
        )
        (self - receipts).update(
            {
                "batch_on_account_balance": 0.0,
                "batch_applied_amount": 0.0,
                "batch_remaining_balance": 0.0,
            }
        )
        if not receipts:
            return
        credits = self.env["account.move.line"].search(
            [
                *receipts._batch_open_items_domain(
                    receipts.partner_id.commercial_partner_id
                ),
                ("balance", "<", 0),
            ]
        )
        # Every batch's plans are subtracted; each receipt adds its own back.
        free = credits._batch_open_amounts()
        by_partner = {}
        for line in credits:
            by_partner.setdefault(line.partner_id.commercial_partner_id.id, []).append(
                line
            )
        for receipt in receipts:
            lines = by_partner.get(receipt.partner_id.commercial_partner_id.id, [])
            own = sum(
                allocation.amount
                for allocation in receipt.allocation_ids
                if allocation.is_credit and allocation.state == "planned"
            )
            balance = own - sum(
                line._batch_receipt_amount(free[line.id], receipt) for line in lines
            )
            applied = sum(
                allocation.amount
                for allocation in receipt.allocation_ids
                if not allocation.is_credit and allocation.move_line_id
            )
            receipt.batch_on_account_balance = receipt.currency_id.round(balance)
            receipt.batch_applied_amount = receipt.currency_id.round(applied)
            receipt.batch_remaining_balance = receipt.currency_id.round(
                balance - applied
            )
