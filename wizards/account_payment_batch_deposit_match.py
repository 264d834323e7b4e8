from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..batch_core.deposit import BankLine, rank_bank_lines, rank_candidates


class AccountPaymentBatchDepositMatch(models.TransientModel):
    _name = "account.payment.batch.deposit.match"
    _description = "Match a Batch Deposit with a Bank Statement Line"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Line",
        ondelete="cascade",
        domain="[('id', 'in', candidate_line_ids)]",
    )
    deposit_id = fields.Many2one(
        "account.payment.batch.deposit",
        string="Deposit",
        ondelete="cascade",
        domain="[('id', 'in', candidate_deposit_ids)]",
    )
    currency_id = fields.Many2one(related="deposit_id.currency_id")
    candidate_deposit_ids = fields.Many2many(
        "account.payment.batch.deposit",
        compute="_compute_candidates",
        string="Deposits That Fit",
    )
    candidate_line_ids = fields.Many2many(
        "account.bank.statement.line",
        compute="_compute_candidates",
        string="Bank Lines That Fit",
    )

    @api.model
    def _fitting_deposits(self, st_line):
        """Open deposits that fit ``st_line``, the best first."""
        Deposit = self.env["account.payment.batch.deposit"]
        open_deposits = Deposit.search(Deposit._open_deposits_domain(st_line))
        ranked = rank_candidates(
            st_line.amount,
            st_line.payment_ref,
            st_line.date,
            [deposit._candidate() for deposit in open_deposits],
            st_line.currency_id.rounding,
        )
        return Deposit.browse([candidate.key for candidate in ranked])

    @api.model
    def _fitting_lines(self, deposit):
        """Unreconciled bank lines that fit ``deposit``, the best first."""
        Line = self.env["account.bank.statement.line"]
        open_lines = Line.search(
            [
                ("journal_id", "=", deposit.journal_id.id),
                ("company_id", "=", deposit.company_id.id),
                ("is_reconciled", "=", False),
            ]
        )
        ranked = rank_bank_lines(
            deposit.amount,
            deposit._candidate().references,
            deposit.date,
            [
                BankLine(line.id, line.amount, line.payment_ref, line.date)
                for line in open_lines
            ],
            deposit.currency_id.rounding,
        )
        return Line.browse([line.key for line in ranked])

    @api.depends("statement_line_id", "deposit_id")
    def _compute_candidates(self):
        for wizard in self:
            st_line, deposit = wizard.statement_line_id, wizard.deposit_id
            wizard.candidate_deposit_ids = (
                self._fitting_deposits(st_line) if st_line else False
            )
            wizard.candidate_line_ids = (
                self._fitting_lines(deposit) if deposit and not st_line else False
            )

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        # Propose the best fit of the side that was not given.
        Deposit = self.env["account.payment.batch.deposit"]
        Line = self.env["account.bank.statement.line"]
        if vals.get("statement_line_id") and not vals.get("deposit_id"):
            fitting = self._fitting_deposits(Line.browse(vals["statement_line_id"]))
            vals["deposit_id"] = fitting[:1].id
        elif vals.get("deposit_id") and not vals.get("statement_line_id"):
            fitting = self._fitting_lines(Deposit.browse(vals["deposit_id"]))
            vals["statement_line_id"] = fitting[:1].id
        return vals

    def action_match(self):
        self.ensure_one()
        if not self.deposit_id or not self.statement_line_id:
            raise UserError(_("Choose both a deposit and a bank line to match."))
        self.deposit_id._match_statement_line(self.statement_line_id)
        return {"type": "ir.actions.act_window_close"}
