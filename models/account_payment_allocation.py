from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ALLOCATION_STATES = [
    ("planned", "Planned"),
    ("posted", "Posted"),
    ("reversed", "Reversed"),
]


class AccountPaymentAllocation(models.Model):
    _name = "account.payment.allocation"
    _description = "Receipt Allocation"
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
    batch_id = fields.Many2one(related="payment_id.batch_id", store=True, index=True)
    company_id = fields.Many2one(related="payment_id.company_id", store=True)
    currency_id = fields.Many2one(related="payment_id.currency_id")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Open Item",
        index="btree_not_null",
        check_company=True,
        domain="[('account_id.reconcile', '=', True), ('reconciled', '=', False), "
        "('parent_state', '=', 'posted'), "
        "('account_id.account_type', 'in', ('asset_receivable', 'liability_payable'))]",
        help="The invoice, credit note or on-account credit this allocation "
        "settles. Empty: the amount stays on account for the partner.",
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    payment_date = fields.Date(related="payment_id.date", string="Date")
    payment_memo = fields.Char(related="payment_id.memo", string="Receipt Reference")
    payment_payer_id = fields.Many2one(related="payment_id.partner_id", string="Payer")
    assignment_id = fields.Many2one(
        "account.payment.batch.assignment",
        string="Insurance Assignment",
        compute="_compute_assignment_id",
        store=True,
        index="btree_not_null",
        help="The insurance assignment whose insurer item this allocation pays.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    amount = fields.Monetary(
        required=True,
        help="Amount settled on the open item, in the receipt's currency; always positive.",
    )
    signed_amount = fields.Monetary(
        compute="_compute_signed_amount",
        help="Positive when it pays an invoice, negative when it uses a credit.",
    )
    is_credit = fields.Boolean(compute="_compute_signed_amount")
    outstanding = fields.Monetary(
        compute="_compute_outstanding",
        help="What is still open on the item once the allocations planned in "
        "other batches are counted.",
    )
    state = fields.Selection(
        ALLOCATION_STATES, default="planned", required=True, copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        allocations = super().create(vals_list)
        allocations.payment_id._check_batch_editable({"allocation_ids"})
        return allocations

    def write(self, vals):
        self.payment_id._check_batch_editable({"allocation_ids"})
        res = super().write(vals)
        if vals.get("state") == "reversed":
            # The reversed receipt's money no longer funds its assignments.
            self.assignment_id._mark_unfunded()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_open_batch(self):
        self.payment_id._check_batch_editable({"allocation_ids"})

    @api.onchange("move_line_id")
    def _onchange_move_line_id(self):
        """Propose the item's full outstanding, up to what is left of the receipt."""
        if not self.move_line_id or self.amount:
            return
        payment = self.payment_id
        others = payment.allocation_ids - self
        used = sum(others.mapped("signed_amount"))
        left = payment.amount - (-used if payment.payment_type == "outbound" else used)
        outstanding = abs(self.outstanding)
        if self.move_line_id.balance < 0:
            # A credit adds to the receipt: take all of it.
            self.amount = outstanding
        else:
            self.amount = max(min(outstanding, left), 0.0)

    @api.depends("move_line_id")
    def _compute_partner_id(self):
        for allocation in self:
            if allocation.move_line_id:
                allocation.partner_id = allocation.move_line_id.partner_id
            elif not allocation.partner_id:
                allocation.partner_id = allocation.payment_id.partner_id

    @api.depends("move_line_id")
    def _compute_assignment_id(self):
        lines = self.move_line_id
        by_line = {}
        if lines:
            assignments = (
                self.env["account.payment.batch.assignment"]
                .sudo()
                .search([("insurer_line_id", "in", lines.ids)])
            )
            by_line = {a.insurer_line_id.id: a.id for a in assignments}
        for allocation in self:
            allocation.assignment_id = by_line.get(allocation.move_line_id.id, False)

    @api.depends("amount", "move_line_id")
    def _compute_signed_amount(self):
        for allocation in self:
            allocation.is_credit = allocation.move_line_id.balance < 0
            allocation.signed_amount = (
                -allocation.amount if allocation.is_credit else allocation.amount
            )

    @api.depends("move_line_id", "payment_id")
    def _compute_outstanding(self):
        open_items = self.move_line_id._batch_open_amounts(
            exclude_payments=self.payment_id
        )
        for allocation in self:
            line = allocation.move_line_id
            allocation.outstanding = (
                line._batch_receipt_amount(
                    open_items.get(line.id, 0.0), allocation.payment_id
                )
                if line
                else 0.0
            )

    @api.constrains("amount")
    def _check_amount_positive(self):
        for allocation in self:
            if allocation.currency_id.compare_amounts(allocation.amount, 0) <= 0:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: the amount allocated to %(document)s must be "
                        "positive, not %(amount)s.",
                        receipt=allocation.payment_id.display_name,
                        document=allocation.move_id.display_name
                        or allocation.partner_id.name,
                        amount=allocation.amount,
                    )
                )

    @api.constrains("amount", "move_line_id", "state")
    def _check_not_over_planned(self):
        """Two batches cannot both plan to pay the same money."""
        lines = self.filtered(lambda a: a.state == "planned").move_line_id
        if not lines:
            return
        planned_by_line = lines._batch_planned()
        free = lines._batch_open_amounts(planned=planned_by_line)
        for line in lines:
            sign = 1 if line.balance > 0 else -1
            if line._batch_is_over_planned(planned_by_line.get(line.id, [])):
                planned = self.search(
                    [("move_line_id", "=", line.id), ("state", "=", "planned")]
                )
                raise ValidationError(
                    _(
                        "%(document)s is over-allocated: it has %(open)s open, but receipts "
                        "%(receipts)s (batches %(batches)s) plan %(planned)s.",
                        document=line.move_id.display_name,
                        open=abs(line.amount_residual_currency),
                        receipts=", ".join(planned.payment_id.mapped("display_name")),
                        batches=", ".join(sorted(set(planned.batch_id.mapped("name")))),
                        # In the document's currency, whatever the receipts' are.
                        planned=line.currency_id.round(
                            abs(line.amount_residual_currency) - free[line.id] * sign
                        ),
                    )
                )

    @api.constrains("move_line_id", "amount", "state")
    def _check_assignment_funding(self):
        """Insurance assignments are funded by their insurer's assignment receipts.

        Only while they may still be funded: pending, no funds received yet,
        their entry in an open period.
        """
        lock_dates = {}
        for allocation in self.filtered(lambda a: a.state == "planned"):
            payment = allocation.payment_id
            assignment = allocation.assignment_id
            is_assignment_receipt = payment.batch_receipt_kind == "insurance_assignment"
            if assignment and not is_assignment_receipt:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: %(assignment)s is funded by insurance "
                        "assignment receipts only; set the receipt's kind to "
                        "Insurance Assignment.",
                        receipt=payment._batch_label(),
                        assignment=assignment.display_name,
                    )
                )
            if is_assignment_receipt and allocation.move_line_id and not assignment:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s is an insurance assignment receipt: it "
                        "pays the insurer's assignments, not %(document)s.",
                        receipt=payment._batch_label(),
                        document=allocation.move_id.display_name,
                    )
                )
            if not assignment:
                continue
            insurer = assignment.insurer_id.commercial_partner_id
            if payment.partner_id.commercial_partner_id != insurer:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s: %(assignment)s is owed by %(insurer)s, "
                        "not by the receipt's payer.",
                        receipt=payment._batch_label(),
                        assignment=assignment.display_name,
                        insurer=insurer.display_name,
                    )
                )
            problem = assignment.sudo()._get_funding_problem(lock_dates)
            if problem:
                raise ValidationError(
                    _(
                        "Receipt %(receipt)s cannot fund it: %(problem)s",
                        receipt=payment._batch_label(),
                        problem=problem,
                    )
                )
