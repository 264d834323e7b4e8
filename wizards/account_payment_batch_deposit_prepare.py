from odoo import api, fields, models


class AccountPaymentBatchDepositPrepare(models.TransientModel):
    _name = "account.payment.batch.deposit.prepare"
    _description = "Prepare the Bank Deposit of a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="batch_id.company_id")
    currency_id = fields.Many2one(related="batch_id.currency_id")
    date = fields.Date(
        string="Deposit Date", required=True, default=fields.Date.context_today
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Deposit Into",
        required=True,
        check_company=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        help="The bank account the money is taken to; it may differ from the "
        "journal the receipts were entered in (e.g. undeposited funds).",
    )
    name = fields.Char(
        string="Deposit Slip No.",
        help="Leave empty to number the slip from the deposit slip sequence.",
    )
    payment_ids = fields.Many2many(
        "account.payment", compute="_compute_totals", string="Receipts Deposited"
    )
    cheque_count = fields.Integer(compute="_compute_totals", string="Cheques")
    cheque_amount = fields.Monetary(compute="_compute_totals", string="Cheque Total")
    cash_amount = fields.Monetary(compute="_compute_totals", string="Cash Total")
    bankable_amount = fields.Monetary(
        compute="_compute_totals", string="Bankable Total"
    )
    amount = fields.Monetary(
        string="Deposit Amount",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="The total on the deposit slip; it must equal the bankable total.",
    )

    @api.depends("batch_id")
    def _compute_journal_id(self):
        for wizard in self:
            journal = wizard.batch_id.journal_id
            wizard.journal_id = journal if journal.type == "bank" else False

    @api.depends("batch_id")
    def _compute_totals(self):
        for wizard in self:
            receipts = wizard.batch_id._deposit_receipts()
            totals = wizard.batch_id._bankable_totals(receipts)
            wizard.payment_ids = receipts
            wizard.cheque_count = totals.cheque_count
            wizard.cheque_amount = float(totals.cheque_amount)
            wizard.cash_amount = float(totals.cash_amount)
            wizard.bankable_amount = float(totals.amount)

    @api.depends("bankable_amount")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.bankable_amount

    def action_confirm(self):
        self.ensure_one()
        deposit = self.batch_id._prepare_deposit(
            self.journal_id, self.date, self.amount, name=self.name or None
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.batch.deposit",
            "res_id": deposit.id,
            "view_mode": "form",
        }
