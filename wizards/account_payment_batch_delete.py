from odoo import _, api, fields, models


class AccountPaymentBatchDelete(models.TransientModel):
    """Confirm the deletion of a batch, naming what goes with it."""

    _name = "account.payment.batch.delete"
    _description = "Delete a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade"
    )
    message = fields.Text(compute="_compute_message")

    @api.depends("batch_id")
    def _compute_message(self):
        for wizard in self:
            receipts, allocations, pledges = wizard.batch_id._delete_counts()
            wizard.message = _(
                "Delete batch %(batch)s with its %(receipts)s, %(allocations)s and "
                "%(pledges)s? This cannot be undone.",
                batch=wizard.batch_id.name,
                receipts=_("1 receipt")
                if receipts == 1
                else _("%(count)s receipts", count=receipts),
                allocations=_("1 allocation")
                if allocations == 1
                else _("%(count)s allocations", count=allocations),
                pledges=_("1 pledge")
                if pledges == 1
                else _("%(count)s pledges", count=pledges),
            )

    def action_confirm(self):
        """Delete the batch (checked there), then show the batches."""
        self.ensure_one()
        self.batch_id.unlink()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_batch.action_account_payment_batch"
        )
        # The form of the deleted batch is gone: start the breadcrumbs afresh.
        action["target"] = "main"
        return action
