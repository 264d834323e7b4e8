"""Batches: open, assign and cancel, and the dialogs that lead there."""

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def action_open(self):
        """Draft -> open: corrected totals start from the recorded ones."""
        self._check_right("account_payment_batch.group_batch_open", _("open"))
        self._check_state(("draft",), _("opened"))
        self._open()
        return True

    def _open(self):
        """Open draft batches for the current user; rights are checked by callers."""
        self.line_ids._reset_corrected_totals()
        self.with_context(batch_processing=True).write(
            {
                "state": "open",
                "opened_by_id": self.env.user.id,
                "opened_at": fields.Datetime.now(),
                "assigned_to_id": self.env.user.id,
            }
        )

    def action_assign(self, user):
        """Hand an open batch to ``user``; corrected totals go back to recorded."""
        self._check_state(("open",), _("assigned"))
        is_manager = self.env.su or self.env.user.has_group(
            "account_payment_batch.group_batch_manager"
        )
        for batch in self:
            if not is_manager and batch.opened_by_id != self.env.user:
                raise AccessError(
                    _(
                        "Only %(opener)s, who opened batch %(batch)s, or a batch manager "
                        "may assign it.",
                        opener=batch.opened_by_id.name,
                        batch=batch.name,
                    )
                )
        if not user.has_group("account_payment_batch.group_batch_user"):
            raise UserError(
                _("%(user)s has no access to payment batches.", user=user.name)
            )
        self.line_ids._reset_corrected_totals()
        self.with_context(batch_processing=True).write({"assigned_to_id": user.id})
        for batch in self:
            batch.message_post(
                body=_(
                    "Assigned to %(user)s; corrected totals reset to the recorded ones.",
                    user=user.name,
                )
            )
        return True

    def action_open_assign_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assign Batch"),
            "res_model": "account.payment.batch.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def action_cancel(self):
        """Draft/open -> cancel: delete the unposted receipts. Irreversible."""
        self._check_right("account_payment_batch.group_batch_cancel", _("cancel"))
        self._check_state(("draft", "open"), _("cancelled"))
        payments = self.payment_ids
        posted = payments.filtered(lambda p: p.state != "draft")
        if posted:
            raise UserError(
                _(
                    "Receipt %(receipt)s of batch %(batch)s is already posted: reverse it "
                    "before cancelling the batch.",
                    receipt=posted[0].display_name,
                    batch=posted[0].batch_id.name,
                )
            )
        for batch in self:
            batch.message_post(
                body=_(
                    "Cancelled; %(count)s receipts and %(pledges)s pledges deleted.",
                    count=len(batch.payment_ids),
                    pledges=len(batch.pledge_ids),
                )
            )
        payments.with_context(batch_processing=True).unlink()
        self.pledge_ids.filtered(lambda m: m.state == "draft").unlink()
        self.with_context(batch_processing=True).write({"state": "cancel"})
        return True

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel Batch"),
            "res_model": "account.payment.batch.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }
