from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount


class AccountPaymentBatchClose(models.TransientModel):
    """Confirm the close of a batch, naming what it will post."""

    _name = "account.payment.batch.close"
    _description = "Confirm the Close of a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, readonly=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="batch_id.currency_id")
    # What the batch held when the dialog opened: Confirm refuses if it changed.
    receipt_count = fields.Integer(readonly=True)
    receipt_amount = fields.Monetary(readonly=True)
    pledge_count = fields.Integer(readonly=True)
    pledge_amount = fields.Monetary(readonly=True)
    message = fields.Text(compute="_compute_message")
    details = fields.Text(compute="_compute_message")

    @api.depends("receipt_count", "receipt_amount", "pledge_count", "pledge_amount")
    def _compute_message(self):
        for wizard in self:
            wizard.message = wizard._question()
            wizard.details = "\n".join(wizard._details())

    def _question(self):
        """The question the dialog asks, e.g. "Post 3 receipts for $ 1,234.00?"."""
        self.ensure_one()
        if self.receipt_count == 1:
            receipts = _("1 receipt")
        else:
            receipts = _("%(count)s receipts", count=self.receipt_count)
        if self.pledge_count == 1:
            pledges = _("1 pledge")
        else:
            pledges = _("%(count)s pledges", count=self.pledge_count)
        values = {
            "receipts": receipts,
            "amount": format_amount(self.env, self.receipt_amount, self.currency_id),
            "pledges": pledges,
            "pledge_amount": format_amount(
                self.env, self.pledge_amount, self.currency_id
            ),
        }
        posts = self.batch_id.batch_type_id.post_on_close
        if posts and self.pledge_count:
            return _(
                "Post %(receipts)s for %(amount)s and %(pledges)s for "
                "%(pledge_amount)s?",
                **values,
            )
        if posts:
            return _("Post %(receipts)s for %(amount)s?", **values)
        if self.pledge_count:
            return _(
                "Post %(pledges)s for %(pledge_amount)s and lock %(receipts)s for "
                "%(amount)s without posting them?",
                **values,
            )
        return _("Lock %(receipts)s for %(amount)s without posting them?", **values)

    def _details(self):
        """Sentences under the question: what else the close does."""
        self.ensure_one()
        batch = self.batch_id
        details = [
            _(
                "Batch %(batch)s is then closed and locked: its receipts can only be "
                "corrected by reversal.",
                batch=batch.name,
            )
        ]
        if not batch.batch_type_id.post_on_close:
            details.append(
                _(
                    "Its type does not post on close: an accountant posts the "
                    "receipts later."
                )
            )
        if batch._get_background_post_batches():
            details.append(
                _(
                    "The receipts are posted in the background: the batch shows "
                    "Posting… until all are posted."
                )
            )
        return details

    def action_confirm(self):
        """Close the batch, if it still holds what the dialog named."""
        self.ensure_one()
        batch = self.batch_id
        # Taken before comparing, so that no receipt slips in between.
        batch._lock_for_processing()
        now = batch._close_summary()
        currency = batch.currency_id
        if (
            now["receipt_count"] != self.receipt_count
            or now["pledge_count"] != self.pledge_count
            or currency.compare_amounts(now["receipt_amount"], self.receipt_amount)
            or currency.compare_amounts(now["pledge_amount"], self.pledge_amount)
        ):
            raise UserError(
                _(
                    "Batch %(batch)s changed since you were asked: it now holds "
                    "%(count)s receipts for %(amount)s and %(pledges)s pledges for "
                    "%(pledge_amount)s. Nothing was posted; click Close again.",
                    batch=batch.name,
                    count=now["receipt_count"],
                    amount=format_amount(self.env, now["receipt_amount"], currency),
                    pledges=now["pledge_count"],
                    pledge_amount=format_amount(
                        self.env, now["pledge_amount"], currency
                    ),
                )
            )
        action = batch.action_close()
        if isinstance(action, dict):
            return action
        return {"type": "ir.actions.act_window_close"}
