"""Unbanked receipts: money received that no deposit or bank line has cleared."""

from odoo import _, api, fields, models
from odoo.tools import SQL

UNBANKED_KINDS = [
    ("batch", "Batch"),
    ("payment", "Single Payment"),
]


class AccountPaymentBatchUnbanked(models.Model):
    """One row per batch with bankable receipts not in a deposit, and one per
    bankable payment entered outside any batch and not matched with the bank.

    A batch is one row with the total of those receipts, never its receipts
    one by one: a third-party cheque distributed over many customers is
    counted once, as the bank will see it.
    """

    _name = "account.payment.batch.unbanked"
    _description = "Unbanked Receipts"
    _auto = False
    _order = "date, id"

    kind = fields.Selection(UNBANKED_KINDS, readonly=True)
    name = fields.Char(string="Number", readonly=True)
    date = fields.Date(readonly=True)
    journal_id = fields.Many2one("account.journal", string="Journal", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    batch_id = fields.Many2one("account.payment.batch", string="Batch", readonly=True)
    payment_id = fields.Many2one("account.payment", string="Payment", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Received From",
        readonly=True,
        help="The payer of a single payment; who handed in a batch.",
    )
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    amount = fields.Monetary(string="Unbanked Amount", readonly=True)

    # Flushed before the view is read, so that it sees pending writes.
    _depends = {
        "account.payment": [
            "amount",
            "batch_deposit_ids",
            "batch_id",
            "company_id",
            "currency_id",
            "date",
            "is_matched",
            "journal_id",
            "name",
            "partner_id",
            "payment_method_line_id",
            "payment_type",
            "state",
        ],
        "account.payment.batch": [
            "company_id",
            "currency_id",
            "date_received",
            "journal_id",
            "name",
            "received_from_id",
            "state",
        ],
        "account.payment.batch.deposit": ["payment_ids", "state"],
        "account.payment.method.line": ["batch_deposit_as"],
    }

    @property
    def _table_query(self):
        # Row ids stay stable and distinct: even for batches, odd for payments.
        return SQL(
            """
            SELECT batch.id * 2 AS id,
                   'batch' AS kind,
                   batch.name,
                   batch.date_received AS date,
                   batch.journal_id,
                   batch.company_id,
                   batch.currency_id,
                   batch.id AS batch_id,
                   NULL::integer AS payment_id,
                   batch.received_from_id AS partner_id,
                   COUNT(receipt.id) AS receipt_count,
                   SUM(receipt.amount) AS amount
              FROM account_payment_batch batch
              JOIN account_payment receipt ON receipt.batch_id = batch.id
              JOIN account_payment_method_line method
                ON method.id = receipt.payment_method_line_id
             WHERE batch.state != 'cancel'
               AND %(bankable)s
               AND NOT EXISTS (%(deposited)s)
          GROUP BY batch.id
            UNION ALL
            SELECT receipt.id * 2 + 1 AS id,
                   'payment' AS kind,
                   receipt.name,
                   receipt.date,
                   receipt.journal_id,
                   receipt.company_id,
                   receipt.currency_id,
                   NULL::integer AS batch_id,
                   receipt.id AS payment_id,
                   receipt.partner_id,
                   1 AS receipt_count,
                   receipt.amount
              FROM account_payment receipt
              JOIN account_payment_method_line method
                ON method.id = receipt.payment_method_line_id
             WHERE receipt.batch_id IS NULL
               AND receipt.state IN ('in_process', 'paid')
               AND receipt.is_matched IS NOT TRUE
               AND %(bankable)s
            """,
            bankable=self._bankable_condition(),
            deposited=self._deposited_query(),
        )

    @api.model
    def _bankable_condition(self):
        """The SQL twin of ``account.payment._batch_is_bankable``, on the
        payment ``receipt`` and its payment method line ``method``."""
        return SQL(
            """
            (receipt.payment_type = 'inbound'
             AND receipt.state NOT IN ('canceled', 'rejected')
             AND method.batch_deposit_as IN ('cheque', 'cash')
             AND receipt.amount > 0)
            """
        )

    @api.model
    def _deposited_query(self):
        """Whether ``receipt`` is carried by a deposit that is not cancelled."""
        return SQL(
            """
            SELECT 1
              FROM account_payment_batch_deposit_payment_rel rel
              JOIN account_payment_batch_deposit deposit ON deposit.id = rel.deposit_id
             WHERE rel.payment_id = receipt.id
               AND deposit.state != 'cancel'
            """
        )

    def action_open_document(self):
        """Open the batch or the payment the row stands for."""
        self.ensure_one()
        record = self.batch_id or self.payment_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Batch") if self.batch_id else _("Payment"),
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
