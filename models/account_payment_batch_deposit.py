"""Bank deposits of batches, and their matching with bank statement lines."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..batch_core.deposit import DepositCandidate

DEPOSIT_STATES = [
    ("deposited", "Deposited"),
    ("matched", "Matched"),
    ("cancel", "Cancelled"),
]
DEPOSIT_RIGHT = "account_payment_batch.group_batch_deposit"
SEQUENCE_XMLID = "account_payment_batch.seq_account_payment_batch_deposit"


class AccountPaymentBatchDeposit(models.Model):
    _name = "account.payment.batch.deposit"
    _description = "Batch Bank Deposit"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Deposit Slip", required=True, copy=False, index=True)
    batch_id = fields.Many2one(
        "account.payment.batch",
        string="Batch",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="batch_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="batch_id.currency_id")
    journal_id = fields.Many2one(
        "account.journal",
        string="Deposited Into",
        required=True,
        check_company=True,
        domain="[('type', '=', 'bank')]",
    )
    date = fields.Date(string="Deposit Date", required=True)
    payment_ids = fields.Many2many(
        "account.payment",
        "account_payment_batch_deposit_payment_rel",
        "deposit_id",
        "payment_id",
        string="Receipts",
        copy=False,
    )
    cheque_count = fields.Integer(string="Cheques")
    cheque_amount = fields.Monetary(string="Cheque Total")
    cash_amount = fields.Monetary(string="Cash Total")
    amount = fields.Monetary(string="Deposit Amount")
    state = fields.Selection(
        DEPOSIT_STATES, default="deposited", required=True, copy=False, index=True
    )
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model
    def _next_slip_number(self, company):
        return (
            self.env["account.payment.batch"]
            ._get_company_sequence(company, SEQUENCE_XMLID)
            .next_by_id()
        )

    # -------------------------------------------------------------------------
    # CANCEL
    # -------------------------------------------------------------------------

    def action_cancel(self):
        """Cancel deposits not matched with the bank yet: nothing was booked."""
        self.batch_id._check_right(DEPOSIT_RIGHT, _("cancel deposits of"))
        for deposit in self:
            if deposit.state != "deposited":
                raise UserError(
                    _(
                        "Deposit %(deposit)s is %(state)s: only a deposit not matched "
                        "with a bank line can be cancelled.",
                        deposit=deposit.name,
                        state=dict(DEPOSIT_STATES)[deposit.state],
                    )
                )
        self.write({"state": "cancel"})
        for deposit in self:
            deposit.batch_id.message_post(
                body=_("Deposit %(deposit)s cancelled.", deposit=deposit.name)
            )
        return True

    # -------------------------------------------------------------------------
    # BANK MATCHING
    # -------------------------------------------------------------------------

    def _candidate(self):
        self.ensure_one()
        references = (self.name, self.batch_id.name)
        return DepositCandidate(self.id, self.amount, references, self.date)

    @api.model
    def _open_deposits_domain(self, st_lines):
        return [
            ("state", "=", "deposited"),
            ("journal_id", "in", st_lines.journal_id.ids),
            ("company_id", "in", st_lines.company_id.ids),
        ]

    def _check_can_match(self, st_line):
        """Refuse, with both figures, a bank line that cannot clear this deposit."""
        self.ensure_one()
        label = _("Bank line %(line)s", line=st_line.display_name)
        if self.state != "deposited":
            raise UserError(
                _(
                    "Deposit %(deposit)s is %(state)s: it cannot be matched again.",
                    deposit=self.name,
                    state=dict(DEPOSIT_STATES)[self.state],
                )
            )
        if st_line.company_id != self.company_id:
            raise UserError(
                _(
                    "%(line)s belongs to %(line_company)s, deposit %(deposit)s to "
                    "%(company)s.",
                    line=label,
                    line_company=st_line.company_id.name,
                    deposit=self.name,
                    company=self.company_id.name,
                )
            )
        if st_line.journal_id != self.journal_id:
            raise UserError(
                _(
                    "%(line)s is in journal %(journal)s; deposit %(deposit)s went into "
                    "%(deposit_journal)s.",
                    line=label,
                    journal=st_line.journal_id.name,
                    deposit=self.name,
                    deposit_journal=self.journal_id.name,
                )
            )
        if st_line.is_reconciled:
            raise UserError(_("%(line)s is already reconciled.", line=label))
        if self.currency_id.compare_amounts(st_line.amount, self.amount) != 0:
            raise UserError(
                _(
                    "%(line)s is %(line_amount)s but deposit %(deposit)s is "
                    "%(amount)s: they cannot be matched.",
                    line=label,
                    line_amount=format_amount(
                        self.env, st_line.amount, st_line.currency_id
                    ),
                    deposit=self.name,
                    amount=format_amount(self.env, self.amount, self.currency_id),
                )
            )
        unposted = self.payment_ids.filtered(
            lambda p: p.state not in ("in_process", "paid")
        )
        if unposted:
            raise UserError(
                _(
                    "Receipt %(receipt)s of deposit %(deposit)s is not posted: close "
                    "batch %(batch)s before matching its deposit with the bank.",
                    receipt=unposted[0].display_name,
                    deposit=self.name,
                    batch=self.batch_id.name,
                )
            )

    def _match_statement_line(self, st_line):
        """Clear ``st_line`` with this deposit's receipts, in one step.

        The bank line's suspense line is replaced by one line per receipt on
        the receipt's outstanding account, each reconciled with exactly that
        receipt's outstanding line: the bank account holds the statement's
        amount once, the outstanding accounts end at zero and every receipt
        is matched.
        """
        self.ensure_one()
        self.batch_id._check_right(DEPOSIT_RIGHT, _("match deposits of"))
        self._check_can_match(st_line)
        # The bank line's entry is the accountant's: the right was checked
        # above, the accounting write itself needs no more of the user.
        line = st_line.sudo()
        _liquidity, suspense, _other = line._seek_for_lines()
        receipt_lines = self.payment_ids.sudo()._batch_outstanding_lines()
        before = line.move_id.line_ids
        line.move_id.with_context(skip_readonly_check=True, force_delete=True).write(
            {
                "line_ids": [Command.delete(suspense.id) for suspense in suspense]
                + [
                    Command.create(
                        {
                            "name": receipt_line.move_id.name,
                            "account_id": receipt_line.account_id.id,
                            "partner_id": receipt_line.partner_id.id,
                            "currency_id": receipt_line.currency_id.id,
                            "amount_currency": -receipt_line.amount_residual_currency,
                            "balance": -receipt_line.amount_residual,
                        }
                    )
                    for receipt_line in receipt_lines
                ]
            }
        )
        counterparts = (line.move_id.line_ids - before).sorted("id")
        self.env["account.move.line"].sudo()._reconcile_plan(
            [
                counterpart + receipt_line
                for counterpart, receipt_line in zip(
                    counterparts, receipt_lines, strict=True
                )
            ]
        )
        self.write({"state": "matched", "statement_line_id": st_line.id})
        self.batch_id.message_post(
            body=_(
                "Deposit %(deposit)s matched with bank line %(line)s.",
                deposit=self.name,
                line=st_line.display_name,
            )
        )
        return True

    def _unmatch(self):
        """The bank line was unreconciled: the deposit waits for the bank again."""
        for deposit in self.filtered(lambda d: d.state == "matched"):
            deposit.batch_id.message_post(
                body=_(
                    "Deposit %(deposit)s unmatched from bank line %(line)s.",
                    deposit=deposit.name,
                    line=deposit.statement_line_id.display_name,
                )
            )
        self.filtered(lambda d: d.state == "matched").write(
            {"state": "deposited", "statement_line_id": False}
        )

    def action_open_match_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Match Bank Line"),
            "res_model": "account.payment.batch.deposit.match",
            "view_mode": "form",
            "target": "new",
            "context": {"default_deposit_id": self.id},
        }
