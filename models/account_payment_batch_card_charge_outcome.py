"""Batches: card charges — sending them, the batch closing itself, void,
capture, retry and what Submit tells the clerk."""

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..batch_core import card_charge as core
from .account_payment_batch_card_charge import CHARGE_GROUP

# Charges sent within the request; a batch with more is sent in the background.
FOREGROUND_CHARGES = 20


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    # -------------------------------------------------------------------------
    # SEND
    # -------------------------------------------------------------------------

    def _card_charge_start(self):
        """Send the batch's charges now, or in the background when there are many.

        :return: True when they were sent in the background
        """
        self.ensure_one()
        waiting = self._card_charge_waiting()
        if len(waiting) > FOREGROUND_CHARGES:
            self.env.ref(
                "account_payment_batch.ir_cron_card_charge_send"
            ).sudo()._trigger()
            self.message_post(
                body=_(
                    "%(count)s charges queued; they are sent in the background and "
                    "each result shows on its receipt.",
                    count=len(waiting),
                )
            )
            return True
        self._card_charge_send()
        return False

    def _card_charge_waiting(self):
        """Transactions of these batches not sent to the provider yet."""
        return self.payment_ids.payment_transaction_id.filtered(
            lambda tx: tx.state == "draft"
        )

    def _card_charge_send(self):
        """Send every transaction not sent yet, one by one.

        Outside tests, what was created is committed before the first card is
        charged and after each charge (``ir.cron._commit_progress``, which
        also reports progress when a scheduled action sends them), so that a
        crash can never forget a charge the provider made. One failing charge
        never stops the others.
        """
        auto_commit = not modules.module.current_test
        waiting = self._card_charge_waiting()
        progress = self.env["ir.cron"]
        if auto_commit:
            progress._commit_progress(remaining=len(waiting))
        for tx in waiting:
            tx._batch_charge_send()
            if auto_commit:
                progress._commit_progress(1)

    @api.model
    def _cron_card_charge_send(self):
        """Send the charges of card charge batches queued for the background."""
        batches = self.search(
            [
                ("state", "=", "open"),
                ("batch_type_id.kind", "=", "card_charge"),
                ("payment_ids.payment_transaction_id.state", "=", "draft"),
            ]
        )
        for batch in batches:
            batch._card_charge_send()

    # -------------------------------------------------------------------------
    # END OF A BATCH
    # -------------------------------------------------------------------------

    def _card_charge_close_if_final(self):
        """Close card charge batches whose charges all have a final state."""
        for batch in self.filtered(
            lambda b: b.state == "open" and b.kind == "card_charge"
        ):
            receipts = batch.payment_ids.filtered("payment_transaction_id")
            summary = core.summarize(receipts.mapped("batch_charge_state"))
            if not receipts or not summary.is_final:
                continue
            unposted = receipts.filtered(
                lambda r: r.batch_charge_state == "done" and r.state == "draft"
            )
            if unposted:
                continue  # settled but not booked: the batch waits for the accountant
            batch.payment_ids._batch_set_received_date()
            batch.with_context(batch_processing=True).write(
                {
                    "state": "closed",
                    "closed_by_id": self.env.user.id,
                    "closed_at": fields.Datetime.now(),
                }
            )
            batch.message_post(
                body=_(
                    "Every charge has a final state: %(posted)s posted, %(failed)s "
                    "failed. The batch is closed.",
                    posted=summary.posted,
                    failed=summary.failed,
                )
            )

    def _get_close_problems(self):
        problems = super()._get_close_problems()
        for batch in self.filtered(lambda b: b.kind == "card_charge"):
            for receipt in batch.payment_ids:
                if receipt.batch_charge_state not in core.FINAL_STATES:
                    problems.append(
                        _(
                            "%(batch)s: the charge of %(receipt)s is still %(state)s; "
                            "a card charge batch closes itself when every charge has a "
                            "final state.",
                            batch=batch.name,
                            receipt=receipt._batch_charge_label(),
                            state=receipt.batch_charge_state or _("not sent"),
                        )
                    )
        return problems

    def action_card_charge_void(self):
        """Void every charge of the batch (none settled yet) and cancel it."""
        self.ensure_one()
        self._check_right(CHARGE_GROUP, _("void card charges of"))
        self._check_state(("open",), _("voided"))
        self._lock_for_processing()
        receipts = self.payment_ids.filtered("payment_transaction_id")
        settled, waiting = core.void_refusals(
            {receipt: receipt.batch_charge_state for receipt in receipts}
        )
        if settled or waiting:
            parts = []
            if settled:
                parts.append(
                    _(
                        "already settled (refund them one by one instead): %(receipts)s",
                        receipts=", ".join(r._batch_charge_label() for r in settled),
                    )
                )
            if waiting:
                parts.append(
                    _(
                        "not authorized yet, so nothing can be voided: %(receipts)s",
                        receipts=", ".join(r._batch_charge_label() for r in waiting),
                    )
                )
            raise UserError(
                _(
                    "Batch %(batch)s cannot be voided; charges %(parts)s.",
                    batch=self.name,
                    parts="; ".join(parts),
                )
            )
        authorized = receipts.filtered(lambda r: r.batch_charge_state == "authorized")
        authorized._batch_charge_void()
        failed = authorized.filtered(lambda r: r.batch_charge_state != "cancel")
        if failed:
            self.message_post(
                body=_(
                    "The provider did not void: %(receipts)s. The batch stays open.",
                    receipts=", ".join(r._batch_charge_label() for r in failed),
                )
            )
            return False
        self.with_context(batch_processing=True).write({"state": "cancel"})
        self.message_post(
            body=_(
                "Voided: %(count)s authorized charges released; the batch is cancelled.",
                count=len(authorized),
            )
        )
        return True

    def action_card_charge_capture(self):
        """Capture the authorized charges of the batch (providers with manual capture)."""
        self.ensure_one()
        self._check_right(CHARGE_GROUP, _("capture card charges of"))
        self._check_state(("open",), _("captured"))
        self._lock_for_processing()
        authorized = self.payment_ids.filtered(
            lambda r: r.batch_charge_state == "authorized"
        )
        if not authorized:
            raise UserError(
                _(
                    "Batch %(batch)s has no authorized charge to capture.",
                    batch=self.name,
                )
            )
        authorized._batch_charge_capture()
        return True

    def action_card_charge_retry(self):
        """Charge again, in a new batch, the failed charges' invoices still open."""
        self.ensure_one()
        self._check_right(CHARGE_GROUP, _("retry card charges of"))
        failed = self.payment_ids.filtered(
            lambda r: r.batch_charge_state in core.FAILED_STATES
        )
        if not failed:
            raise UserError(
                _("Batch %(batch)s has no failed charge to retry.", batch=self.name)
            )
        retried = self.search([("charge_retry_of_id", "=", self.id)])
        invoices = (
            failed.allocation_ids.move_id
            - retried.payment_ids.filtered(
                lambda r: r.batch_charge_state not in core.FAILED_STATES
            ).allocation_ids.move_id
        )
        if not invoices:
            raise UserError(
                _(
                    "The failed charges of batch %(batch)s were already charged again "
                    "in %(retries)s.",
                    batch=self.name,
                    retries=", ".join(retried.mapped("name")),
                )
            )
        batch = self._card_charge_submit(
            self.batch_type_id,
            self.charge_method_line_id,
            invoices,
            payment_number=self.reference,
            retry_of=self,
        )
        background = batch._card_charge_start()
        return batch._card_charge_result_action(background)

    def _card_charge_result_action(self, background):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.batch",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        summary = (
            _(
                "%(count)s charges are being sent in the background.",
                count=self.payment_count,
            )
            if background
            else _(
                "%(posted)s posted, %(failed)s failed, %(pending)s pending.",
                posted=self.charge_posted_count,
                failed=self.charge_failed_count,
                pending=self.charge_pending_count,
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _(
                    "Batch %(batch)s submitted: %(amount)s",
                    batch=self.name,
                    amount=format_amount(
                        self.env, self.amount_entered, self.currency_id
                    ),
                ),
                "message": summary,
                "type": "warning" if self.charge_failed_count else "success",
                "sticky": bool(self.charge_failed_count),
                "next": action,
            },
        }
