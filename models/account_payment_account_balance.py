"""Account-balance allocation receipts: the customer's credit, applied and left (seed 004)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    @api.constrains("currency_id", "journal_id")
    def _check_account_balance_currency(self):
        for batch in self.filtered(lambda b: b.kind != "account_balance"):
            bank_currency = batch.journal_id.currency_id or batch.company_id.currency_id
            if batch.currency_id != bank_currency:
                raise ValidationError(
                    _(
                        "Batch %(batch)s takes the currency of its journal %(journal)s "
                        "(%(bank)s), not %(currency)s: only account-balance allocation "
                        "batches choose theirs.",
                        batch=batch.name,
                        journal=batch.journal_id.display_name,
                        bank=bank_currency.name,
                        currency=batch.currency_id.name,
                    )
                )

    def write(self, vals):
        if "currency_id" in vals:
            for batch in self.filtered("payment_ids"):
                if batch.currency_id.id != vals["currency_id"]:
                    raise ValidationError(
                        _(
                            "Batch %(batch)s already holds receipts in %(currency)s: "
                            "its currency cannot change.",
                            batch=batch.name,
                            currency=batch.currency_id.name,
                        )
                    )
        return super().write(vals)


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_method_label = fields.Char(
        string="Receipt Method",
        compute="_compute_batch_method_label",
        help="The payment method; On Account Balance in account-balance "
        "allocation batches, which move no money.",
    )

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

    @api.depends("journal_id", "batch_id.currency_id")
    def _compute_currency_id(self):
        res = super()._compute_currency_id()
        for payment in self:
            if payment.batch_kind == "account_balance" and payment.batch_id.currency_id:
                payment.currency_id = payment.batch_id.currency_id
        return res

    @api.depends("payment_method_line_id", "batch_kind")
    def _compute_batch_method_label(self):
        for payment in self:
            payment.batch_method_label = (
                _("On Account Balance")
                if payment.batch_kind == "account_balance"
                else payment.payment_method_line_id.name or ""
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
