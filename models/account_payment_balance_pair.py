"""Account-balance allocation rows: this on-account credit pays that invoice (seed 004).

A receipt of an account-balance allocation batch lists one row per
credit and invoice, the amount zero until the clerk enters what the
credit pays. The receipt's allocations (what its entry books against
each item) are the rows' sums per credit and per invoice, kept in step
by the rows.
"""

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

from ..batch_core.balance_pairs import over_taken, pair_totals

#: Open receivable items, for searches on the server (the wizard's credits).
OPEN_RECEIVABLE = [
    ("account_id.account_type", "=", "asset_receivable"),
    ("account_id.reconcile", "=", True),
    ("reconciled", "=", False),
    ("parent_state", "=", "posted"),
]

#: The customer's open receivable items, as client-side domains on a record
#: with ``commercial_partner_id``: invoices to pay and credits to use.
_CUSTOMER_ITEMS = (
    "[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
    "('account_id.account_type', '=', 'asset_receivable'), "
    "('account_id.reconcile', '=', True), ('reconciled', '=', False), "
    "('parent_state', '=', 'posted')"
)
INVOICES_TO_PAY = (
    _CUSTOMER_ITEMS + ", ('balance', '>', 0), ('amount_residual', '>', 0)]"
)
CREDITS_TO_USE = _CUSTOMER_ITEMS + ", ('balance', '<', 0), ('amount_residual', '<', 0)]"


class AccountPaymentBalancePair(models.Model):
    _name = "account.payment.balance.pair"
    _description = "On-Account Credit Applied to an Invoice"
    _order = "payment_id, sequence, id"
    _check_company_auto = True

    payment_id = fields.Many2one(
        "account.payment",
        string="Receipt",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="payment_id.company_id", store=True)
    currency_id = fields.Many2one(related="payment_id.currency_id")
    commercial_partner_id = fields.Many2one(
        related="payment_id.partner_id.commercial_partner_id", string="Customer"
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice Item",
        required=True,
        index=True,
        check_company=True,
        domain=INVOICES_TO_PAY,
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id", string="Invoice Number"
    )
    credit_line_id = fields.Many2one(
        "account.move.line",
        string="On-Account Credit",
        required=True,
        index=True,
        check_company=True,
        domain=CREDITS_TO_USE,
        help="The customer's earlier receipt (or credit) whose on-account "
        "balance pays the invoice.",
    )
    credit_move_id = fields.Many2one(
        related="credit_line_id.move_id", string="Receipt Number"
    )
    invoice_outstanding = fields.Monetary(
        string="Outstanding",
        compute="_compute_open_amounts",
        help="What is open on the invoice, less what other receipts plan.",
    )
    credit_balance = fields.Monetary(
        string="Receipt On Account Balance",
        compute="_compute_open_amounts",
        help="What is left of the credit, less what other receipts plan.",
    )
    amount = fields.Monetary(
        string="Allocation Amount",
        default=0.0,
        help="How much of this credit pays this invoice. Zero rows book nothing.",
    )

    _unique_pair = models.Constraint(
        "UNIQUE(payment_id, invoice_line_id, credit_line_id)",
        "A receipt lists each credit and invoice once.",
    )

    @api.depends("invoice_line_id", "credit_line_id", "payment_id")
    def _compute_open_amounts(self):
        lines = self.invoice_line_id | self.credit_line_id
        free = lines._batch_open_amounts(exclude_payments=self.payment_id)
        for pair in self:
            receipt = pair.payment_id
            pair.invoice_outstanding = (
                pair.invoice_line_id._batch_receipt_amount(
                    free[pair.invoice_line_id.id], receipt
                )
                if pair.invoice_line_id
                else 0.0
            )
            pair.credit_balance = (
                -pair.credit_line_id._batch_receipt_amount(
                    free[pair.credit_line_id.id], receipt
                )
                if pair.credit_line_id
                else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        pairs = super().create(vals_list)
        pairs.payment_id._check_batch_editable({"allocation_ids"})
        pairs.payment_id._batch_sync_balance_pairs()
        return pairs

    def write(self, vals):
        self.payment_id._check_batch_editable({"allocation_ids"})
        receipts = self.payment_id
        res = super().write(vals)
        (receipts | self.payment_id)._batch_sync_balance_pairs()
        return res

    def unlink(self):
        receipts = self.payment_id
        receipts._check_batch_editable({"allocation_ids"})
        res = super().unlink()
        receipts.exists()._batch_sync_balance_pairs()
        return res

    def _label(self, line):
        return line.move_id.display_name or line.display_name

    @api.constrains("amount", "invoice_line_id", "credit_line_id", "payment_id")
    def _check_pair(self):
        for pair in self:
            receipt = pair.payment_id
            label = receipt._batch_label()
            if receipt.batch_kind != "account_balance":
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: only receipts of account-balance "
                        "allocation batches apply on-account credits to invoices "
                        "row by row.",
                        receipt=label,
                    )
                )
            if receipt.currency_id.compare_amounts(pair.amount, 0) < 0:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: the amount %(credit)s pays on %(invoice)s "
                        "cannot be negative (%(amount)s).",
                        receipt=label,
                        credit=self._label(pair.credit_line_id),
                        invoice=self._label(pair.invoice_line_id),
                        amount=pair.amount,
                    )
                )
            customer = receipt.partner_id.commercial_partner_id
            for line, side in (
                (pair.invoice_line_id, pair.invoice_line_id.balance > 0),
                (pair.credit_line_id, pair.credit_line_id.balance < 0),
            ):
                if (
                    line.partner_id.commercial_partner_id != customer
                    or not side
                    or line.reconciled
                    or line.account_id.account_type != "asset_receivable"
                ):
                    raise ValidationError(
                        _(
                            "Receipt %(receipt)s: %(item)s is not an open item of "
                            "%(customer)s on this side (invoices to pay, credits to "
                            "use).",
                            receipt=label,
                            item=self._label(line),
                            customer=customer.display_name or _("no customer"),
                        )
                    )
        self.payment_id._batch_check_balance_pairs()


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_balance_pair_ids = fields.One2many(
        "account.payment.balance.pair",
        "payment_id",
        string="Invoice Allocations",
        help="Account-balance allocation batches: which on-account credit pays "
        "which invoice, and how much.",
    )

    def write(self, vals):
        # Another customer's credits cannot pay: a new payer starts from no rows.
        if (
            "partner_id" in vals
            and "batch_balance_pair_ids" not in vals
            and not self.env.context.get("batch_processing")
        ):
            self.filtered(
                lambda p: p.partner_id.id != vals["partner_id"]
            ).batch_balance_pair_ids.unlink()
        return super().write(vals)

    @api.onchange("partner_id")
    def _onchange_batch_balance_partner(self):
        if self.batch_balance_pair_ids and self._origin.id:
            self.batch_balance_pair_ids = [Command.clear()]

    def action_batch_add_balance_invoice(self):
        """Seed 004's Add: pick an invoice and the credits that may pay it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Invoice"),
            "res_model": "account.payment.balance.pair.add",
            "view_mode": "form",
            "target": "new",
            "context": {"default_payment_id": self.id},
        }

    def _batch_check_balance_pairs(self):
        """Refuse rows that take more from a credit or an invoice than it holds."""
        receipts = self.filtered("batch_balance_pair_ids")
        if not receipts:
            return
        pairs = receipts.batch_balance_pair_ids
        lines = pairs.invoice_line_id | pairs.credit_line_id
        free = lines._batch_open_amounts(exclude_payments=receipts)
        for receipt in receipts:
            rounding = receipt.currency_id.rounding
            credits, invoices = pair_totals(
                (
                    (pair.credit_line_id, pair.invoice_line_id, pair.amount)
                    for pair in receipt.batch_balance_pair_ids
                ),
                rounding,
            )
            held = {
                line: abs(line._batch_receipt_amount(free[line.id], receipt))
                for line in (*credits, *invoices)
            }
            for line, taken, available in over_taken(credits, held, rounding):
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s applies %(taken)s of on-account credit "
                        "%(credit)s, which holds only %(available)s.",
                        receipt=receipt._batch_label(),
                        taken=taken,
                        credit=line.move_id.display_name,
                        available=available,
                    )
                )
            for line, taken, available in over_taken(invoices, held, rounding):
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s applies %(taken)s to invoice %(invoice)s, "
                        "which has only %(available)s outstanding.",
                        receipt=receipt._batch_label(),
                        taken=taken,
                        invoice=line.move_id.display_name,
                        available=available,
                    )
                )

    def _batch_sync_balance_pairs(self):
        """Make the receipts' planned allocations the rows' sums per item."""
        receipts = self.filtered(lambda p: p.batch_kind == "account_balance")
        if not receipts:
            return
        allocations = self.env["account.payment.allocation"].with_context(
            batch_processing=True
        )
        to_unlink = allocations
        to_create = []
        for receipt in receipts:
            credits, invoices = pair_totals(
                (
                    (pair.credit_line_id.id, pair.invoice_line_id.id, pair.amount)
                    for pair in receipt.batch_balance_pair_ids
                ),
                receipt.currency_id.rounding,
            )
            wanted = {
                line_id: amount
                for line_id, amount in (*credits.items(), *invoices.items())
                if not receipt.currency_id.is_zero(amount)
            }
            for allocation in receipt.allocation_ids.filtered(
                lambda a: a.state == "planned"
            ):
                amount = wanted.pop(allocation.move_line_id.id, None)
                if amount is None:
                    to_unlink |= allocation
                elif receipt.currency_id.compare_amounts(allocation.amount, amount):
                    allocation.with_context(batch_processing=True).amount = amount
            to_create += [
                {"payment_id": receipt.id, "move_line_id": line_id, "amount": amount}
                for line_id, amount in wanted.items()
            ]
        to_unlink.unlink()
        allocations.create(to_create)
