from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountPaymentBatchAddReceipt(models.TransientModel):
    """From a customer's form: choose the open batch a new receipt goes into."""

    _name = "account.payment.batch.add.receipt"
    _description = "Add a Customer's Receipt to a Batch"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    batch_id = fields.Many2one(
        "account.payment.batch",
        string="Batch",
        required=True,
        domain="[('state', '=', 'open'), ('kind', '=', 'cash_receipt')]",
        default=lambda self: self._default_batch(),
        help="An open cash receipt batch; the latest one you are assigned to is "
        "proposed.",
    )

    @api.model
    def _default_batch(self):
        Batch = self.env["account.payment.batch"]
        domain = [("state", "=", "open"), ("kind", "=", "cash_receipt")]
        return Batch.search(
            [*domain, ("assigned_to_id", "=", self.env.uid)], order="id desc", limit=1
        ) or Batch.search(domain, order="id desc", limit=1)

    def action_continue(self):
        """Open a new receipt of the customer in the batch, in a dialog."""
        self.ensure_one()
        batch = self.batch_id
        if batch.state != "open" or batch.kind != "cash_receipt":
            raise UserError(
                _(
                    "Batch %(batch)s is not an open cash receipt batch: a customer's "
                    "receipt is added to one.",
                    batch=batch.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("New Receipt in %(batch)s", batch=batch.name),
            "res_model": "account.payment",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_payment_type": "inbound",
                "default_partner_type": "customer",
                "default_partner_id": self.partner_id.id,
                "default_batch_id": batch.id,
                "default_journal_id": batch.journal_id.id,
                "default_batch_line_id": batch.line_ids.sorted("sequence")[:1].id,
                "default_company_id": batch.company_id.id,
            },
        }
