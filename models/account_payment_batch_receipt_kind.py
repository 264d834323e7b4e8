"""Receipt kinds, and which of them a batch type accepts."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# What a new batch type of each kind accepts (seed 004: account-balance
# allocations are standard only; refunds pay customers back; card charges
# collect invoices). Cash receipts take every kind.
DEFAULT_KIND_CODES = {
    "cash_receipt": None,
    "refund": ("standard",),
    "account_balance": ("standard",),
    "card_charge": ("standard",),
}


class AccountPaymentBatchReceiptKind(models.Model):
    _name = "account.payment.batch.receipt.kind"
    _description = "Receipt Kind"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="The receipt kind as receipts and import files store it.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True)

    _code_unique = models.Constraint("UNIQUE(code)", "A receipt kind code is unique.")


class AccountPaymentBatchType(models.Model):
    _inherit = "account.payment.batch.type"

    receipt_kind_ids = fields.Many2many(
        "account.payment.batch.receipt.kind",
        "account_payment_batch_type_receipt_kind_rel",
        "batch_type_id",
        "receipt_kind_id",
        string="Valid Receipt Kinds",
        compute="_compute_receipt_kind_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="The receipt kinds batches of this type accept: entry, import and "
        "the API refuse any other.",
    )

    @api.depends("kind")
    def _compute_receipt_kind_ids(self):
        kinds = self.env["account.payment.batch.receipt.kind"].search([])
        for batch_type in self:
            codes = DEFAULT_KIND_CODES.get(batch_type.kind)
            batch_type.receipt_kind_ids = (
                kinds
                if codes is None
                else kinds.filtered(lambda k, codes=codes: k.code in codes)
            )

    def _receipt_kind_codes(self):
        self.ensure_one()
        return set(self.receipt_kind_ids.mapped("code"))

    def _receipt_kind_problem(self, code, what):
        """Why ``what`` (a receipt or row, as the user knows it) of kind ``code``
        cannot be in a batch of this type, or ``False``."""
        self.ensure_one()
        if code in self._receipt_kind_codes():
            return False
        kinds = self.env["account.payment.batch.receipt.kind"].search([])
        label = next((k.name for k in kinds if k.code == code), code)
        return _(
            "%(what)s: receipt kind %(kind)s is not valid in batch type %(type)s "
            "(valid: %(valid)s).",
            what=what,
            kind=label,
            type=self.display_name,
            valid=", ".join(self.receipt_kind_ids.mapped("name")) or _("none"),
        )

    def _check_receipt_kind(self, code, what):
        problem = self._receipt_kind_problem(code, what)
        if problem:
            raise UserError(problem)


class AccountPayment(models.Model):
    _inherit = "account.payment"

    @api.constrains("batch_receipt_kind", "batch_id")
    def _check_batch_receipt_kind_valid(self):
        # The valid kinds read once per batch type, not once per receipt.
        valid = {}
        for payment in self.filtered("batch_id"):
            batch_type = payment.batch_id.batch_type_id
            if batch_type not in valid:
                valid[batch_type] = batch_type._receipt_kind_codes()
            if payment.batch_receipt_kind not in valid[batch_type]:
                batch_type._check_receipt_kind(
                    payment.batch_receipt_kind,
                    _("Receipt %(receipt)s", receipt=payment._batch_label()),
                )
