"""Payment method lines: whether and how their receipts go to the bank."""

from odoo import api, fields, models

DEPOSIT_AS = [
    ("cheque", "Cheques"),
    ("cash", "Cash"),
    ("none", "Not Bankable"),
]


class AccountPaymentMethodLine(models.Model):
    _inherit = "account.payment.method.line"

    batch_deposit_as = fields.Selection(
        DEPOSIT_AS,
        string="Deposit As",
        compute="_compute_batch_deposit_as",
        store=True,
        readonly=False,
        precompute=True,
        help="Bankable receipts (cheques one by one, cash as one total) are taken "
        "to the bank in a batch's deposit; card slips and electronic payments "
        "settle through their processor and are not bankable.",
    )

    batch_import_codes = fields.Char(
        string="Import Codes",
        help="Other names or codes import files use for this method, separated "
        "by commas (e.g. CHK, CQ, Cheque); the Payment Method column matches "
        "the method's name, its code or one of these.",
    )

    def _batch_import_codes(self):
        self.ensure_one()
        codes = (self.batch_import_codes or "").replace(";", ",").split(",")
        return [code.strip() for code in codes if code.strip()]

    @api.depends("payment_method_id", "journal_id.type")
    def _compute_batch_deposit_as(self):
        for line in self:
            if line.payment_type != "inbound" or (
                line.payment_method_id.code != "manual"
                and "check" not in (line.payment_method_id.code or "")
            ):
                line.batch_deposit_as = "none"
            elif line.journal_id.type == "cash":
                line.batch_deposit_as = "cash"
            else:
                line.batch_deposit_as = line.batch_deposit_as or "cheque"
