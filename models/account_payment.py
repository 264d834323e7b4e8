from odoo import _, api, fields, models
from odoo.exceptions import UserError

RECEIPT_KINDS = [
    ("standard", "Standard"),
    ("miscellaneous", "Miscellaneous"),
    ("insurer_refund", "Insurer Refund"),
    ("pledge", "Pledge"),
]

# Changing any of these on a receipt of a batch that is not open is refused:
# they decide what the receipt is and where its money goes.
BATCH_LOCKED_FIELDS = {
    "amount",
    "partner_id",
    "date",
    "journal_id",
    "currency_id",
    "payment_type",
    "partner_type",
    "payment_method_line_id",
    "destination_account_id",
    "memo",
    "payment_reference",
    "partner_bank_id",
    "batch_id",
    "batch_line_id",
    "batch_receipt_kind",
}
# States that undo a posted receipt; corrections go through a reversal instead.
BATCH_LOCKED_STATES = {"draft", "canceled", "rejected"}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_id = fields.Many2one(
        "account.payment.batch",
        string="Batch",
        index="btree_not_null",
        check_company=True,
        copy=False,
        ondelete="restrict",
        help="The payment batch this receipt was added through.",
    )
    batch_line_id = fields.Many2one(
        "account.payment.batch.line",
        string="Batch Line",
        index="btree_not_null",
        check_company=True,
        copy=False,
        domain="[('batch_id', '=', batch_id)]",
    )
    batch_state = fields.Selection(related="batch_id.state", string="Batch Status")
    batch_receipt_kind = fields.Selection(
        RECEIPT_KINDS,
        string="Receipt Kind",
        default="standard",
        help="Standard receipts pay invoices; miscellaneous ones go to a chosen "
        "account; insurer refunds are money back from an insurer; pledges are "
        "promises counted in the pledge totals.",
    )

    @api.constrains("batch_id", "batch_line_id")
    def _check_batch_line(self):
        for payment in self:
            if payment.batch_line_id and payment.batch_line_id.batch_id != payment.batch_id:
                raise UserError(
                    _(
                        "Receipt %(receipt)s: line %(line)s belongs to batch %(line_batch)s, "
                        "not to %(batch)s.",
                        receipt=payment.display_name,
                        line=payment.batch_line_id.display_name,
                        line_batch=payment.batch_line_id.batch_id.name,
                        batch=payment.batch_id.name or "-",
                    )
                )

    def _check_batch_editable(self, field_names=None, state=None):
        """Refuse changes to receipts of batches that are not open.

        :param field_names: the fields about to change, ``None`` for deletion
        :param state: the new ``state`` being written, if any
        """
        if self.env.context.get("batch_processing"):
            return
        if field_names is not None:
            touches_locked = bool(field_names & BATCH_LOCKED_FIELDS) or (
                "state" in field_names and state in BATCH_LOCKED_STATES
            )
            if not touches_locked:
                return
        for payment in self.filtered("batch_id"):
            if payment.batch_id.state != "open":
                raise UserError(
                    _(
                        "Receipt %(receipt)s belongs to batch %(batch)s, which is "
                        "%(state)s: it can only be changed while the batch is open.",
                        receipt=payment.display_name,
                        batch=payment.batch_id.name,
                        state=payment.batch_id._state_label(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("batch_processing"):
            self.env["account.payment.batch"].browse(
                {vals["batch_id"] for vals in vals_list if vals.get("batch_id")}
            )._check_accepts_receipts()
        return super().create(vals_list)

    def write(self, vals):
        self._check_batch_editable(set(vals), vals.get("state"))
        if vals.get("batch_id") and not self.env.context.get("batch_processing"):
            self.env["account.payment.batch"].browse(vals["batch_id"])._check_accepts_receipts()
        return super().write(vals)

    def unlink(self):
        # Checked before super(): account.payment resets and deletes the
        # journal entry before the ORM would run an ondelete check.
        self._check_batch_editable()
        return super().unlink()

    def action_post(self):
        """Receipts of an unprocessed batch reach accounting with the batch."""
        if not self.env.context.get("batch_processing"):
            pending = self.filtered(lambda p: p.batch_id.state in ("draft", "open"))
            if pending:
                raise UserError(
                    _(
                        "Receipt %(receipt)s is part of batch %(batch)s, which is not "
                        "closed yet: it is posted when the batch closes.",
                        receipt=pending[0].display_name,
                        batch=pending[0].batch_id.name,
                    )
                )
        return super().action_post()

    def action_open_batch(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.batch",
            "res_id": self.batch_id.id,
            "view_mode": "form",
        }
