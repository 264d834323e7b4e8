"""Batches: deleting a batch that never posted, with everything entered in it."""

from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

CANCEL_RIGHT = "account_payment_batch.group_batch_cancel"


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _check_deletable(self):
        """Refuse to delete a batch that posted anything, or without the right.

        Draft and open batches can be deleted as long as none of their
        receipts or pledges is posted and no deposit of them is pending at
        the bank. An empty draft needs no more than access to batches (a
        batch created by mistake); anything else needs the Cancel Batches
        right, since it deletes receipts as a cancel does.
        """
        for batch in self:
            if batch.state not in ("draft", "open"):
                raise UserError(
                    _(
                        "Batch %(batch)s is %(state)s: only draft and open batches "
                        "can be deleted; archive it instead.",
                        batch=batch.name,
                        state=batch._state_label(),
                    )
                )
            posted = (
                batch.payment_ids.filtered(lambda p: p.state != "draft")[:1]
                or batch.pledge_ids.filtered(lambda m: m.state != "draft")[:1]
            )
            if posted:
                raise UserError(
                    _(
                        "%(record)s of batch %(batch)s is posted: a batch with "
                        "anything posted cannot be deleted; close it and archive it "
                        "instead.",
                        record=posted.display_name,
                        batch=batch.name,
                    )
                )
            deposits = batch.deposit_ids.filtered(lambda d: d.state != "cancel")
            if deposits:
                raise UserError(
                    _(
                        "Batch %(batch)s went to the bank with deposit %(deposit)s: "
                        "cancel the deposit before deleting the batch.",
                        batch=batch.name,
                        deposit=deposits[0].name,
                    )
                )
        if self.filtered(lambda b: b.state != "draft" or b.payment_ids or b.pledge_ids):
            self._check_right(CANCEL_RIGHT, _("delete open or non-empty"))

    def _delete_counts(self):
        """(receipts, allocations, pledges) that deleting this batch deletes too."""
        self.ensure_one()
        return (
            len(self.payment_ids),
            len(self.payment_ids.allocation_ids),
            len(self.pledge_ids),
        )

    def unlink(self):
        """Delete draft or open batches with their receipts, allocations and pledges.

        Refused whole, nothing deleted, when one of them cannot be deleted
        (see ``_check_deletable``). Deposits cancelled before leave no trace
        at the bank and go with the batch.
        """
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            return super().unlink()
        self._check_deletable()
        batches = self.with_context(batch_processing=True)
        receipts = batches.payment_ids
        receipts.allocation_ids.unlink()
        receipts.unlink()
        batches.pledge_ids.unlink()
        # Depositors may not delete deposits; a cancelled one only records
        # a slip that never reached the bank.
        batches.sudo().deposit_ids.unlink()
        return super().unlink()

    def action_open_delete_wizard(self):
        """The Delete button: name what goes with the batch, ask to confirm.

        Refused at once when the batch cannot be deleted; the dialog's
        Confirm deletes through ``unlink``, which checks again.
        """
        self.ensure_one()
        self._check_deletable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Delete Batch"),
            "res_model": "account.payment.batch.delete",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }
