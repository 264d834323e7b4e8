"""Bank statement lines: matching them with batch deposits, by hand or on arrival."""

import logging

from odoo import _, api, models
from odoo.exceptions import UserError

from ..batch_core.deposit import automatic_choice

_logger = logging.getLogger(__name__)


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    @api.model_create_multi
    def create(self, vals_list):
        st_lines = super().create(vals_list)
        st_lines._batch_auto_match()
        return st_lines

    def _batch_auto_match(self):
        """Match each new line with the one deposit that surely is it.

        Only when exactly one open deposit has the line's amount and its slip
        or batch number in the line's label; anything else is left for a
        person, and a match that cannot be made leaves the line as it came.
        """
        st_lines = self.filtered(lambda line: not line.is_reconciled)
        if not st_lines:
            return
        deposits = (
            self.env["account.payment.batch.deposit"]
            .sudo()
            .search(
                self.env["account.payment.batch.deposit"]._open_deposits_domain(
                    st_lines
                )
            )
        )
        if not deposits:
            return
        for st_line in st_lines:
            fitting = deposits.filtered(
                lambda d, line=st_line: (
                    d.journal_id == line.journal_id and d.company_id == line.company_id
                )
            )
            choice = automatic_choice(
                st_line.amount,
                st_line.payment_ref,
                [deposit._candidate() for deposit in fitting],
                st_line.currency_id.rounding,
            )
            if not choice:
                continue
            deposit = deposits.browse(choice.key)
            try:
                with self.env.cr.savepoint():
                    deposit._match_statement_line(st_line)
            except UserError as exc:
                _logger.info(
                    "Bank line %s left unmatched with deposit %s: %s",
                    st_line.id,
                    deposit.name,
                    exc,
                )
                continue
            deposits -= deposit

    def _batch_deposits(self):
        return (
            self.env["account.payment.batch.deposit"]
            .sudo()
            .search([("statement_line_id", "in", self.ids)])
        )

    def action_undo_reconciliation(self):
        deposits = self._batch_deposits()
        res = super().action_undo_reconciliation()
        deposits._unmatch()
        return res

    def unlink(self):
        self._batch_deposits()._unmatch()
        return super().unlink()

    def action_open_batch_match_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Match Payment Batch"),
            "res_model": "account.payment.batch.deposit.match",
            "view_mode": "form",
            "target": "new",
            "context": {"default_statement_line_id": self.id},
        }
