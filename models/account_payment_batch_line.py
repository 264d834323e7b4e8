from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..batch_core.balance import CHECKED_TOTALS

TOTAL_SETS = ("recorded", "corrected", "entered")


class AccountPaymentBatchLine(models.Model):
    _name = "account.payment.batch.line"
    _description = "Payment Batch Line"
    _order = "batch_id, sequence, id"
    _check_company_auto = True

    batch_id = fields.Many2one(
        "account.payment.batch",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    line_type_id = fields.Many2one(
        "account.payment.batch.line.type",
        string="Line Type",
        required=True,
        check_company=True,
        domain="[('batch_type_id', '=', parent.batch_type_id)]",
    )
    company_id = fields.Many2one(related="batch_id.company_id", store=True)
    currency_id = fields.Many2one(related="batch_id.currency_id")
    state = fields.Selection(related="batch_id.state")
    payment_ids = fields.One2many("account.payment", "batch_line_id", string="Receipts")
    pledge_ids = fields.One2many("account.move", "batch_line_id", string="Pledges")

    recorded_payment_count = fields.Integer(string="Recorded Count")
    recorded_payment_amount = fields.Monetary(string="Recorded Amount")
    recorded_pledge_amount = fields.Monetary(string="Recorded Pledges")
    corrected_payment_count = fields.Integer(string="Corrected Count")
    corrected_payment_amount = fields.Monetary(string="Corrected Amount")
    corrected_pledge_amount = fields.Monetary(string="Corrected Pledges")
    entered_payment_count = fields.Integer(
        string="Entered Count", compute="_compute_entered"
    )
    entered_payment_amount = fields.Monetary(
        string="Entered Amount", compute="_compute_entered"
    )
    entered_pledge_amount = fields.Monetary(
        string="Entered Pledges", compute="_compute_entered"
    )
    difference_payment_count = fields.Integer(
        string="Count Difference", compute="_compute_differences"
    )
    difference_payment_amount = fields.Monetary(
        string="Amount Difference", compute="_compute_differences"
    )
    difference_pledge_amount = fields.Monetary(
        string="Pledge Difference", compute="_compute_differences"
    )
    is_balanced = fields.Boolean(compute="_compute_differences")

    _line_type_uniq = models.Constraint(
        "UNIQUE (batch_id, line_type_id)",
        "A batch has one line per line type.",
    )

    @api.depends(
        "payment_ids.amount",
        "payment_ids.payment_type",
        "pledge_ids.amount_total",
        # The batch form being edited: receipts typed there, not saved yet.
        "batch_id.payment_ids.amount",
        "batch_id.payment_ids.batch_line_id",
    )
    def _compute_entered(self):
        # Two grouped queries for all saved lines instead of one per line.
        origins = self._origin
        payments = self.env["account.payment"]._read_group(
            [("batch_line_id", "in", origins.ids)],
            ["batch_line_id", "payment_type"],
            ["__count", "amount:sum"],
        )
        pledges = dict(
            self.env["account.move"]._read_group(
                [("batch_line_id", "in", origins.ids), ("state", "!=", "cancel")],
                ["batch_line_id"],
                ["amount_total:sum"],
            )
        )
        totals = {}
        for line, payment_type, count, amount in payments:
            values = totals.setdefault(line.id, {"count": 0, "amount": 0.0})
            values["count"] += count
            values["amount"] += -amount if payment_type == "outbound" else amount
        for line in self:
            values = (
                line._entered_in_form()
                if line.id != line._origin.id
                else totals.get(line.id, {})
            )
            line.entered_payment_count = values.get("count", 0)
            line.entered_payment_amount = values.get("amount", 0.0)
            line.entered_pledge_amount = pledges.get(line._origin, 0.0)

    def _entered_in_form(self):
        """Count and amount of this line's receipts in a form being edited
        (an onchange): read from the batch's receipts in memory, typed ones
        included, instead of the database."""
        self.ensure_one()
        receipts = self.batch_id.payment_ids.filtered(
            lambda receipt: (
                receipt.batch_line_id == self
                or (self._origin and receipt.batch_line_id._origin == self._origin)
            )
        )
        return {
            "count": len(receipts),
            "amount": sum(
                -receipt.amount
                if receipt.payment_type == "outbound"
                else receipt.amount
                for receipt in receipts
            ),
        }

    @api.depends(
        "corrected_payment_count",
        "corrected_payment_amount",
        "corrected_pledge_amount",
        "entered_payment_count",
        "entered_payment_amount",
        "entered_pledge_amount",
    )
    def _compute_differences(self):
        for line in self:
            currency = line.currency_id or line.company_id.currency_id
            line.difference_payment_count = (
                line.corrected_payment_count - line.entered_payment_count
            )
            line.difference_payment_amount = currency.round(
                line.corrected_payment_amount - line.entered_payment_amount
            )
            line.difference_pledge_amount = currency.round(
                line.corrected_pledge_amount - line.entered_pledge_amount
            )
            line.is_balanced = (
                not line.difference_payment_count
                and currency.is_zero(line.difference_payment_amount)
                and currency.is_zero(line.difference_pledge_amount)
            )

    @api.depends("line_type_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.line_type_id.name or ""

    def _totals(self, total_set):
        """The ``total_set`` totals of this line as a plain dict."""
        self.ensure_one()
        return {
            key: self[f"{total_set}_{key}"] for key, _label, _amount in CHECKED_TOTALS
        }

    def _reset_corrected_totals(self):
        """Copy the recorded totals into the corrected ones."""
        for line in self:
            line.with_context(batch_processing=True).write(
                {
                    f"corrected_{key}": value
                    for key, value in line._totals("recorded").items()
                }
            )

    # -------------------------------------------------------------------------
    # LOCKING
    # -------------------------------------------------------------------------

    def _check_line_changes(self, batches, field_names):
        """Recorded totals are typed in draft, corrected ones while open."""
        if self.env.context.get("batch_processing"):
            return
        batches._check_editable()
        for batch in batches:
            if batch.state == "open" and any(
                name.startswith("recorded_") for name in field_names
            ):
                raise UserError(
                    _(
                        "Batch %(batch)s is open: its recorded totals are fixed; "
                        "change the corrected totals instead.",
                        batch=batch.name,
                    )
                )
            if batch.state == "draft" and any(
                name.startswith("corrected_") for name in field_names
            ):
                raise UserError(
                    _(
                        "Batch %(batch)s is still a draft: corrected totals are set "
                        "when it is opened.",
                        batch=batch.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        batches = self.env["account.payment.batch"].browse(
            [vals["batch_id"] for vals in vals_list if vals.get("batch_id")]
        )
        self._check_line_changes(batches, set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._check_line_changes(self.batch_id, set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty_lines(self):
        self._check_line_changes(self.batch_id, set())
        if self.env.context.get("batch_processing"):
            return
        for line in self:
            if line.payment_ids or line.pledge_ids:
                raise UserError(
                    _(
                        "Line %(line)s of batch %(batch)s holds receipts or pledges: "
                        "move them to another line first.",
                        line=line.display_name,
                        batch=line.batch_id.name,
                    )
                )
