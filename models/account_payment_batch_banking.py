"""Batches: what goes to the bank: bankable totals, deposits, deposit state."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..batch_core.deposit import bankable_totals
from .account_payment_batch_deposit import DEPOSIT_RIGHT

DEPOSIT_STATES = [
    ("not_deposited", "Not Deposited"),
    ("deposited", "Deposited"),
    ("matched", "Matched"),
]


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    deposit_ids = fields.One2many(
        "account.payment.batch.deposit", "batch_id", string="Deposits", copy=False
    )
    deposit_count = fields.Integer(compute="_compute_deposit_totals")
    deposit_state = fields.Selection(
        DEPOSIT_STATES,
        string="Deposit Status",
        compute="_compute_deposit_state",
        store=True,
        help="Not deposited; deposited (the bank has not cleared it yet); matched "
        "(every deposit matched with a bank statement line).",
    )
    bank_line_ids = fields.Many2many(
        "account.bank.statement.line",
        compute="_compute_deposit_totals",
        string="Bank Lines",
        help="The bank statement lines that cleared the batch's deposits.",
    )
    deposited_amount = fields.Monetary(
        compute="_compute_deposit_totals", string="Deposited"
    )
    bankable_cheque_count = fields.Integer(
        compute="_compute_bankable_totals", string="Cheques"
    )
    bankable_cheque_amount = fields.Monetary(
        compute="_compute_bankable_totals", string="Cheque Total"
    )
    bankable_cash_amount = fields.Monetary(
        compute="_compute_bankable_totals", string="Cash Total"
    )
    bankable_amount = fields.Monetary(
        compute="_compute_bankable_totals",
        string="Bankable",
        help="What the batch takes to the bank: its cheques and cash, not card "
        "slips or electronic payments.",
    )

    @api.depends("deposit_ids.state", "deposit_ids.amount")
    def _compute_deposit_totals(self):
        for batch in self:
            deposits = batch.deposit_ids.filtered(lambda d: d.state != "cancel")
            batch.deposit_count = len(deposits)
            batch.bank_line_ids = deposits.statement_line_id
            batch.deposited_amount = sum(deposits.mapped("amount"))

    @api.depends("deposit_ids.state")
    def _compute_deposit_state(self):
        for batch in self:
            deposits = batch.deposit_ids.filtered(lambda d: d.state != "cancel")
            if not deposits:
                batch.deposit_state = "not_deposited"
            elif all(d.state == "matched" for d in deposits):
                batch.deposit_state = "matched"
            else:
                batch.deposit_state = "deposited"

    @api.depends(
        "payment_ids.amount",
        "payment_ids.state",
        "payment_ids.payment_method_line_id.batch_deposit_as",
    )
    def _compute_bankable_totals(self):
        for batch in self:
            totals = batch._bankable_totals(batch._bankable_receipts())
            batch.bankable_cheque_count = totals.cheque_count
            batch.bankable_cheque_amount = float(totals.cheque_amount)
            batch.bankable_cash_amount = float(totals.cash_amount)
            batch.bankable_amount = float(totals.amount)

    def _bankable_receipts(self):
        return self.payment_ids.filtered(lambda p: p._batch_is_bankable())

    def _bankable_totals(self, receipts):
        self.ensure_one()
        return bankable_totals(
            (
                (p.amount, p.payment_method_line_id.batch_deposit_as == "cash")
                for p in receipts
            ),
            self.currency_id.rounding,
        )

    def _get_deposit_problems(self):
        """The deposits must carry the bankable total, when there are any."""
        self.ensure_one()
        deposits = self.deposit_ids.filtered(lambda d: d.state != "cancel")
        if not deposits and not self.batch_type_id.require_deposit:
            return []
        bankable = float(self._bankable_totals(self._bankable_receipts()).amount)
        deposited = sum(deposits.mapped("amount"))
        if self.currency_id.compare_amounts(bankable, deposited) == 0:
            return []
        return [
            _(
                "%(batch)s: bankable total %(bankable)s, deposited %(deposited)s.",
                batch=self.name,
                bankable=format_amount(self.env, bankable, self.currency_id),
                deposited=format_amount(self.env, deposited, self.currency_id),
            )
        ]

    def _get_close_problems(self):
        problems = super()._get_close_problems()
        for batch in self:
            problems += batch._get_deposit_problems()
        return problems

    # -------------------------------------------------------------------------
    # PREPARE DEPOSIT
    # -------------------------------------------------------------------------

    def _deposit_receipts(self):
        """Bankable receipts not carried by a deposit yet."""
        self.ensure_one()
        return self._bankable_receipts().filtered(lambda p: not p.batch_deposit_id)

    def _prepare_deposit(self, journal, date, amount, name=None):
        """Record the bank deposit of the bankable receipts not deposited yet.

        :param amount: the amount counted on the slip; it must equal the
            bankable total of the receipts deposited
        :return: the deposit
        """
        self.ensure_one()
        self._check_right(DEPOSIT_RIGHT, _("prepare deposits of"))
        self._check_state(("open", "closed"), _("deposited"))
        if journal.type != "bank":
            raise UserError(
                _(
                    "Journal %(journal)s is not a bank journal: deposits go into a "
                    "bank journal.",
                    journal=journal.name,
                )
            )
        if journal.company_id != self.company_id:
            raise UserError(
                _(
                    "Journal %(journal)s belongs to %(company)s, batch %(batch)s to "
                    "%(batch_company)s.",
                    journal=journal.name,
                    company=journal.company_id.name,
                    batch=self.name,
                    batch_company=self.company_id.name,
                )
            )
        self._lock_for_processing()
        receipts = self._deposit_receipts()
        if not receipts:
            raise UserError(
                _(
                    "Batch %(batch)s has no bankable receipt left to deposit: its "
                    "cheques and cash are already in deposit %(deposits)s.",
                    batch=self.name,
                    deposits=", ".join(
                        self.deposit_ids.filtered(lambda d: d.state != "cancel").mapped(
                            "name"
                        )
                    )
                    or "-",
                )
            )
        totals = self._bankable_totals(receipts)
        if self.currency_id.compare_amounts(amount, float(totals.amount)) != 0:
            raise UserError(
                _(
                    "The deposit amount %(amount)s differs from the bankable total "
                    "%(bankable)s of batch %(batch)s.",
                    amount=format_amount(self.env, amount, self.currency_id),
                    bankable=format_amount(
                        self.env, float(totals.amount), self.currency_id
                    ),
                    batch=self.name,
                )
            )
        deposits = self.env["account.payment.batch.deposit"]
        deposit = deposits.create(
            {
                "name": name or deposits._next_slip_number(self.company_id),
                "batch_id": self.id,
                "journal_id": journal.id,
                "date": date,
                "payment_ids": [fields.Command.set(receipts.ids)],
                "cheque_count": totals.cheque_count,
                "cheque_amount": float(totals.cheque_amount),
                "cash_amount": float(totals.cash_amount),
                "amount": float(totals.amount),
            }
        )
        self.message_post(
            body=_(
                "Deposit %(deposit)s into %(journal)s: %(count)s cheques, cash "
                "%(cash)s, total %(amount)s.",
                deposit=deposit.name,
                journal=journal.name,
                count=totals.cheque_count,
                cash=format_amount(
                    self.env, float(totals.cash_amount), self.currency_id
                ),
                amount=format_amount(self.env, float(totals.amount), self.currency_id),
            )
        )
        return deposit

    # -------------------------------------------------------------------------
    # ACTIONS
    # -------------------------------------------------------------------------

    def action_open_deposit_wizard(self):
        self.ensure_one()
        self._check_right(DEPOSIT_RIGHT, _("prepare deposits of"))
        self._check_state(("open", "closed"), _("deposited"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Prepare Deposit"),
            "res_model": "account.payment.batch.deposit.prepare",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def action_open_match_wizard(self):
        self.ensure_one()
        deposit = self.deposit_ids.filtered(lambda d: d.state == "deposited")[:1]
        if not deposit:
            raise UserError(
                _(
                    "Batch %(batch)s has no deposit waiting for the bank.",
                    batch=self.name,
                )
            )
        return deposit.action_open_match_wizard()

    def action_view_deposits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Deposits of %(batch)s", batch=self.name),
            "res_model": "account.payment.batch.deposit",
            "view_mode": "list,form",
            "domain": [("batch_id", "=", self.id)],
        }
