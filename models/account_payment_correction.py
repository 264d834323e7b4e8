"""Receipts: corrections and suspense reassignment of posted receipts."""

from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _check_batch_posted(self, action_label):
        for payment in self:
            if payment.batch_id.state != "closed" or payment.state not in (
                "in_process",
                "paid",
            ):
                raise UserError(
                    _(
                        "Receipt %(receipt)s is not a posted receipt of a closed batch: it "
                        "cannot be %(action)s.",
                        receipt=payment.display_name,
                        action=action_label,
                    )
                )

    def _batch_correct(self, reason, reenter_batch=None):
        """Reverse posted receipts of a closed batch, optionally entering them again.

        The receipt's journal entry (and its reassignment entry, if any) is
        reversed and the reversal reconciled with it, which undoes every
        allocation; the receipt is cancelled. With ``reenter_batch`` (an open
        batch) a copy of the receipt is entered there and matched again.

        :return: the receipts entered again
        """
        self.env["account.payment.batch"]._check_right(
            "account_payment_batch.group_batch_close", _("correct receipts of")
        )
        self._check_batch_posted(_("corrected"))
        if reenter_batch:
            reenter_batch._check_accepts_receipts()
        matched = self.filtered("is_matched")
        if matched:
            raise UserError(
                _(
                    "Receipt %(receipt)s is matched with a bank statement line: undo that "
                    "match before correcting it.",
                    receipt=matched[0].display_name,
                )
            )
        moves = self.move_id | self.batch_reassign_move_id
        lines = moves.line_ids
        (lines.matched_debit_ids | lines.matched_credit_ids).unlink()
        moves._reverse_moves(
            [
                {
                    "ref": self.env._(
                        "Correction of %(entry)s: %(reason)s",
                        entry=move.name,
                        reason=reason,
                    )
                }
                for move in moves
            ],
            cancel=True,
        )
        processing = self.with_context(batch_processing=True)
        processing.allocation_ids.write({"state": "reversed"})
        processing.write({"state": "canceled"})
        copies = self.env["account.payment"]
        for payment in self:
            payment.message_post(body=_("Reversed: %(reason)s", reason=reason))
            payment.batch_id.message_post(
                body=_(
                    "Receipt %(receipt)s reversed: %(reason)s",
                    receipt=payment.name,
                    reason=reason,
                )
            )
            if reenter_batch:
                copy = payment._batch_reenter(reenter_batch)
                copies |= copy
                payment.batch_id.message_post(
                    body=_(
                        "Receipt %(receipt)s entered again in batch %(batch)s.",
                        receipt=payment.name,
                        batch=reenter_batch.name,
                    )
                )
                reenter_batch.message_post(
                    body=_(
                        "Receipt of %(payer)s for %(amount)s entered again from batch "
                        "%(batch)s (correction of %(receipt)s: %(reason)s).",
                        payer=copy.partner_id.name or _("unknown payer"),
                        amount=copy.amount,
                        batch=payment.batch_id.name,
                        receipt=payment.name,
                        reason=reason,
                    )
                )
        return copies

    def _batch_reenter(self, batch):
        self.ensure_one()
        line = (
            batch.line_ids.filtered(
                lambda li: li.line_type_id == self.batch_line_id.line_type_id
            )[:1]
            or batch.line_ids[:1]
        )
        return self.create(
            {
                "payment_type": self.payment_type,
                "partner_type": self.partner_type,
                "partner_id": self.partner_id.id,
                "amount": self.amount,
                "date": self.date,
                "memo": self.memo,
                "journal_id": batch.journal_id.id,
                "payment_method_line_id": self.payment_method_line_id.id,
                "batch_id": batch.id,
                "batch_line_id": line.id,
                "batch_receipt_kind": self.batch_receipt_kind,
                "batch_account_id": self.batch_account_id.id,
                "batch_invoice_number": self.batch_invoice_number,
                "batch_match_reference": self.batch_match_reference,
                "batch_policy_term": self.batch_policy_term,
                "batch_policy_transaction": self.batch_policy_transaction,
                "batch_is_third_party": self.batch_is_third_party,
            }
        )

    def _batch_reassign(self, partner, move_line=None):
        """Move a posted suspense receipt to its payer by a correcting entry.

        The entry takes the amount out of the suspense account and puts it
        on the partner's receivable; with ``move_line`` (an open invoice
        line of that partner) it is reconciled with it at once.
        """
        self.ensure_one()
        self.env["account.payment.batch"]._check_right(
            "account_payment_batch.group_batch_close", _("reassign receipts of")
        )
        self._check_batch_posted(_("reassigned"))
        if not self.batch_is_suspense:
            raise UserError(
                _("Receipt %(receipt)s is not in suspense.", receipt=self.display_name)
            )
        suspense_lines = self.move_id.line_ids.filtered(
            lambda line: line.account_id == self.destination_account_id
        )
        receivable = partner.with_company(
            self.company_id
        ).property_account_receivable_id
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        balance = sum(suspense_lines.mapped("balance"))
        amount_currency = sum(suspense_lines.mapped("amount_currency"))
        label = _(
            "Reassignment of %(receipt)s to %(partner)s",
            receipt=self.name,
            partner=partner.name,
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": fields.Date.context_today(self),
                "ref": label,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": self.destination_account_id.id,
                            "balance": -balance,
                            "amount_currency": -amount_currency,
                            "currency_id": self.currency_id.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": label,
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "balance": balance,
                            "amount_currency": amount_currency,
                            "currency_id": self.currency_id.id,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        if self.destination_account_id.reconcile:
            (
                suspense_lines
                + move.line_ids.filtered(
                    lambda line: line.account_id == self.destination_account_id
                )
            ).reconcile()
        if move_line:
            (
                move.line_ids.filtered(lambda line: line.account_id == receivable)
                + move_line
            ).reconcile()
        self.with_context(batch_processing=True).write(
            {"batch_reassign_move_id": move.id}
        )
        message = _(
            "Suspense receipt %(receipt)s reassigned to %(partner)s by %(entry)s.",
            receipt=self.name,
            partner=partner.name,
            entry=move.name,
        )
        self.message_post(body=message)
        self.batch_id.message_post(body=message)
        return move

    # -------------------------------------------------------------------------
    # ACTIONS
    # -------------------------------------------------------------------------

    def _wizard_action(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_payment_id": self.id},
        }

    def action_open_correction_wizard(self):
        return self._wizard_action(
            "account.payment.batch.correction", _("Correct Receipt")
        )

    def action_open_reassign_wizard(self):
        return self._wizard_action(
            "account.payment.batch.reassign", _("Reassign Receipt")
        )
