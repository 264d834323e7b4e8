"""Receipts: the deposit that takes them to the bank."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Changing these on a deposited receipt would make the deposit wrong.
DEPOSITED_FIELDS = {"amount", "payment_method_line_id", "journal_id", "currency_id"}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_deposit_ids = fields.Many2many(
        "account.payment.batch.deposit",
        "account_payment_batch_deposit_payment_rel",
        "payment_id",
        "deposit_id",
        string="Deposits",
        copy=False,
        readonly=True,
    )
    batch_deposit_id = fields.Many2one(
        "account.payment.batch.deposit",
        string="Deposit",
        compute="_compute_batch_deposit_id",
        help="The deposit, not cancelled, that takes this receipt to the bank.",
    )

    @api.depends("batch_deposit_ids.state")
    def _compute_batch_deposit_id(self):
        for payment in self:
            payment.batch_deposit_id = payment.batch_deposit_ids.filtered(
                lambda d: d.state != "cancel"
            )[:1]

    def _batch_is_bankable(self):
        """Received money a deposit takes to the bank (not card slips, refunds)."""
        self.ensure_one()
        return (
            self.payment_type == "inbound"
            and self.state not in ("canceled", "rejected")
            and self.payment_method_line_id.batch_deposit_as in ("cheque", "cash")
            and self.currency_id.compare_amounts(self.amount, 0) > 0
        )

    def _batch_outstanding_lines(self):
        """The receipts' unreconciled lines on their outstanding accounts."""
        lines = self.env["account.move.line"]
        for payment in self:
            liquidity, _counterpart, _writeoff = payment._seek_for_lines()
            lines |= liquidity.filtered(lambda line: not line.reconciled)
        return lines

    def _check_not_deposited(self, field_names=None):
        if self.env.context.get("batch_processing"):
            return
        if field_names is not None and not field_names & DEPOSITED_FIELDS:
            return
        deposited = self.filtered("batch_deposit_id")
        if deposited:
            raise UserError(
                _(
                    "Receipt %(receipt)s is in deposit %(deposit)s: cancel the deposit "
                    "before changing or deleting it.",
                    receipt=deposited[0].display_name,
                    deposit=deposited[0].batch_deposit_id.name,
                )
            )

    def _batch_correct(self, reason, reenter_batch=None):
        """A deposited receipt is corrected once its deposit is cancelled."""
        self._check_not_deposited()
        return super()._batch_correct(reason, reenter_batch=reenter_batch)

    def write(self, vals):
        self._check_not_deposited(set(vals))
        return super().write(vals)

    def unlink(self):
        self._check_not_deposited()
        return super().unlink()
