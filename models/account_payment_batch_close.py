"""Batches: what keeps a batch from closing, the dry run, and the close itself."""

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..batch_core.balance import batch_differences
from .batch_core_text import core_text


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _get_close_problems(self):
        """Messages of everything that keeps these batches from closing.

        All problems are collected at once, so that one dry run tells the
        clerk everything to fix.
        """
        problems = []
        for batch in self:
            problems += batch._get_balance_problems()
        problems += self.payment_ids._get_batch_post_problems()
        return problems

    def _get_balance_problems(self):
        self.ensure_one()
        if not self.batch_type_id.require_balanced:
            return []
        differences = batch_differences(
            (
                (line.display_name, line._totals("corrected"), line._totals("entered"))
                for line in self.line_ids
            ),
            self.currency_id.rounding,
        )
        problems = []
        for diff in differences:
            if diff.is_amount:
                corrected = format_amount(self.env, diff.corrected, self.currency_id)
                entered = format_amount(self.env, diff.entered, self.currency_id)
            else:
                corrected, entered = diff.corrected, diff.entered
            problems.append(
                _(
                    "%(batch)s, line %(line)s: %(total)s corrected %(corrected)s, "
                    "entered %(entered)s",
                    batch=self.name,
                    line=diff.line,
                    total=core_text(self.env, diff.label),
                    corrected=corrected,
                    entered=entered,
                )
            )
        return problems

    def action_check_close(self):
        """Dry run of the close: list every problem without writing anything."""
        problems = self._get_close_problems()
        if problems:
            params = {
                "title": _("1 problem keeps this batch from closing")
                if len(problems) == 1
                else _(
                    "%(count)s problems keep this batch from closing",
                    count=len(problems),
                ),
                "message": "\n".join(problems),
                "type": "warning",
                "sticky": True,
            }
        else:
            params = {
                "title": _("Ready to close"),
                "message": _("The batch balances and every receipt can be posted."),
                "type": "success",
                "sticky": False,
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }

    def action_open_close_confirm(self):
        """The Close button: ask to confirm what the close will post.

        Refused at once, with the same messages as the close, when the user
        may not close the batch or something keeps it from closing: there is
        nothing to confirm then. The dialog's Confirm calls ``action_close``,
        which checks everything again.
        """
        self.ensure_one()
        self._check_right("account_payment_batch.group_batch_close", _("close"))
        self._check_state(("open",), _("closed"))
        self._raise_close_problems()
        wizard = self.env["account.payment.batch.close"].create(
            {"batch_id": self.id, **self._close_summary()}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Close Batch %(batch)s", batch=self.name),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _close_summary(self):
        """What closing this batch posts: its draft receipts and pledges.

        :return: dict of ``receipt_count``, ``receipt_amount`` (receipts'
            amounts, as entered), ``pledge_count`` and ``pledge_amount``
        """
        self.ensure_one()
        receipts = self.payment_ids.filtered(lambda p: p.state == "draft")
        pledges = self.pledge_ids.filtered(lambda m: m.state == "draft")
        return {
            "receipt_count": len(receipts),
            "receipt_amount": self.currency_id.round(sum(receipts.mapped("amount"))),
            "pledge_count": len(pledges),
            "pledge_amount": self.currency_id.round(
                sum(pledges.mapped("amount_total"))
            ),
        }

    def action_close(self):
        """Open -> closed: refuse unless balanced, then post and lock.

        Batches above their type's background threshold go to *Posting…*
        instead and are posted by background jobs once every check passed
        here (see ``account_payment_batch_background.py``).
        """
        self._check_right("account_payment_batch.group_batch_close", _("close"))
        self._check_state(("open",), _("closed"))
        self._lock_for_processing()
        self._check_state(("open",), _("closed"))
        self._raise_close_problems()
        background = self._get_background_post_batches()
        if background:
            background._post_in_background()
            if background == self:
                return background._background_post_started_action()
        batches = self - background
        batches.with_context(batch_processing=True)._post_receipts()
        return batches._mark_closed()

    def _raise_close_problems(self):
        """Refuse with the list of everything that keeps these batches from closing."""
        problems = self._get_close_problems()
        if problems:
            raise UserError(
                _(
                    "The batch cannot be closed:\n%(problems)s",
                    problems="\n".join(problems),
                )
            )

    def _mark_closed(self):
        """Stamp closer and time, record receipts' received dates, lock, warn of suspense."""
        self.payment_ids._batch_set_received_date()
        self.with_context(batch_processing=True).write(
            {
                "state": "closed",
                "closed_by_id": self.env.user.id,
                "closed_at": fields.Datetime.now(),
            }
        )
        self._log_posted_receipts()
        suspense = self.payment_ids.filtered("batch_is_suspense")
        if not suspense:
            return True
        message = _(
            "Receipt allocation exists on a suspense account: %(receipts)s. "
            "Reassign them once the payer is known.",
            receipts=", ".join(
                f"{p.name} ({format_amount(self.env, p.amount, p.currency_id)})"
                for p in suspense
            ),
        )
        for batch in self:
            batch.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Closed with receipts in suspense"),
                "message": message,
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _log_posted_receipts(self):
        """One chatter line per batch for its posted receipts.

        A batch close does not log on each receipt, entry and invoice (see
        ``account_payment_bulk_entries``): the batch says what was posted.
        """
        for batch in self:
            entries = batch.payment_ids.move_id.filtered(lambda m: m.state == "posted")
            if not entries:
                continue
            names = sorted(entries.mapped("name"))
            batch.message_post(
                body=_(
                    "%(count)s receipts posted and reconciled: journal entries "
                    "%(first)s to %(last)s.",
                    count=len(entries),
                    first=names[0],
                    last=names[-1],
                )
            )

    def _post_receipts(self):
        """Post what the batches hold, all or nothing.

        Pledges' invoices are posted; receipts are posted with their journal
        entries split per allocation and reconciled, when the type posts on
        close. Any error propagates and rolls the whole close back.
        """
        self.pledge_ids.filtered(lambda m: m.state == "draft").action_post()
        self.filtered("batch_type_id.post_on_close").payment_ids._batch_post()
