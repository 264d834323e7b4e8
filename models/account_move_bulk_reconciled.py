"""Invoices: the payments reconciled with them, looked up from the invoice side.

Odoo finds an invoice's reconciled payments with a query that starts from
every payment of the database and walks to the invoices; its cost grows with
all payments ever made, and a batch close asks it once per slice of
receipts. During a batch close the same question is asked from the invoices'
own lines through their reconciliations, which costs what the invoices have,
whatever the size of the database. The answer is the same set of payments
(``test_bulk_posting`` compares both).
"""

from odoo import api, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.depends(
        "line_ids.matched_debit_ids",
        "line_ids.matched_credit_ids",
        "matched_payment_ids",
        "matched_payment_ids.state",
    )
    def _compute_reconciled_payment_ids(self):
        if not self.env.context.get("batch_bulk") or not self.ids:
            return super()._compute_reconciled_payment_ids()
        links = self._batch_reconciled_payment_links()
        payments = self.env["account.payment"]
        for move in self:
            move.reconciled_payment_ids = (
                payments.browse(links.get(move.id)) | move.matched_payment_ids
            )
        return None

    def _batch_reconciled_payment_links(self):
        """{invoice id: [payment ids]} of the payments reconciled with these moves.

        A payment counts when one of its receivable or payable lines is
        reconciled with any line of the move, as in Odoo's own query.
        """
        self.env["account.payment"].flush_model(fnames=["move_id"])
        self.env["account.move.line"].flush_model(fnames=["move_id", "account_id"])
        self.env["account.partial.reconcile"].flush_model(
            fnames=["debit_move_id", "credit_move_id"]
        )
        self.env["account.account"].flush_model(fnames=["account_type"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT invoice_line.move_id, ARRAY_AGG(DISTINCT payment.id)
                  FROM account_move_line invoice_line
                  JOIN account_partial_reconcile part
                    ON part.debit_move_id = invoice_line.id
                    OR part.credit_move_id = invoice_line.id
                  JOIN account_move_line line
                    ON (line.id = part.debit_move_id OR line.id = part.credit_move_id)
                   AND line.id != invoice_line.id
                  JOIN account_account account ON account.id = line.account_id
                  JOIN account_payment payment ON payment.move_id = line.move_id
                 WHERE invoice_line.move_id IN %(move_ids)s
                   AND account.account_type IN ('asset_receivable', 'liability_payable')
                 GROUP BY invoice_line.move_id
                """,
                move_ids=tuple(self.ids),
            )
        )
        return dict(rows)
