"""Receipts: what closing books (split counterpart lines, close problems, posting)."""

from collections import Counter

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..batch_core.allocation import receipt_problems
from .account_payment import ACCOUNT_KINDS, PARTNER_KINDS
from .batch_core_text import core_text

#: Receipts posted and reconciled together by a batch close (see _batch_post).
BATCH_POST_SLICE = 500


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _prepare_move_line_default_vals(
        self, write_off_line_vals=None, force_balance=None
    ):
        """Split the counterpart of a batch receipt: one line per allocation.

        Each allocation gets its own receivable line, for the allocated
        document's partner and account and exactly the allocated amount, so
        that reconciling the pair settles exactly that amount. What is not
        allocated stays in one line for the payer (on account or suspense).
        """
        vals_list = super()._prepare_move_line_default_vals(
            write_off_line_vals=write_off_line_vals, force_balance=force_balance
        )
        allocations = self.allocation_ids.filtered(lambda a: a.state == "planned")
        if not self.batch_id or not allocations or write_off_line_vals:
            return vals_list
        liquidity, counterpart = vals_list[0], vals_list[1]
        total_currency = counterpart["amount_currency"]
        total_balance = counterpart["debit"] - counterpart["credit"]
        rate = total_balance / total_currency if total_currency else 1.0
        company_currency = self.company_id.currency_id
        split = []
        used_currency = used_balance = 0.0
        for allocation in allocations:
            amount_currency = -allocation.signed_amount
            balance = company_currency.round(amount_currency * rate)
            used_currency += amount_currency
            used_balance += balance
            split.append(
                {
                    **counterpart,
                    "name": allocation.move_id.name or counterpart["name"],
                    "amount_currency": amount_currency,
                    "debit": balance if balance > 0 else 0.0,
                    "credit": -balance if balance < 0 else 0.0,
                    "partner_id": allocation.partner_id.id,
                    "account_id": (
                        allocation.move_line_id.account_id.id
                        or counterpart["account_id"]
                    ),
                    "batch_allocation_id": allocation.id,
                }
            )
        rest_currency = self.currency_id.round(total_currency - used_currency)
        rest_balance = company_currency.round(total_balance - used_balance)
        if not (
            self.currency_id.is_zero(rest_currency)
            and company_currency.is_zero(rest_balance)
        ):
            split.append(
                {
                    **counterpart,
                    "amount_currency": rest_currency,
                    "debit": rest_balance if rest_balance > 0 else 0.0,
                    "credit": -rest_balance if rest_balance < 0 else 0.0,
                }
            )
        head = [] if self.currency_id.is_zero(self.amount) else [liquidity]
        return head + split + vals_list[2:]

    def _get_batch_post_problems(self):
        """Why these draft receipts cannot be posted, one message per problem."""
        payments = self.filtered(lambda p: p.state == "draft")
        if not payments:
            return []
        payments.allocation_ids.fetch(["amount", "move_line_id", "state"])
        open_amounts = payments.allocation_ids.move_line_id._batch_open_amounts(
            exclude_payments=payments
        )
        lock_dates = {}
        problems = []
        for payment in payments:
            batch_type = payment.batch_id.batch_type_id
            label = _("Receipt %(receipt)s", receipt=payment._batch_label())
            kind = payment.batch_receipt_kind
            if kind in ACCOUNT_KINDS and not payment.batch_account_id:
                problems.append(
                    _("%(receipt)s: choose its counterpart account.", receipt=label)
                )
            if payment.batch_is_suspense and not batch_type.suspense_account_id:
                problems.append(
                    _(
                        "%(receipt)s has no payer and batch type %(type)s has no "
                        "suspense account.",
                        receipt=label,
                        type=batch_type.name,
                    )
                )
            key = (payment.company_id, payment.journal_id)
            if key not in lock_dates:
                lock_dates[key] = payment.company_id._get_user_fiscal_lock_date(
                    payment.journal_id
                )
            if payment.date <= lock_dates[key]:
                problems.append(
                    _(
                        "%(receipt)s is dated %(date)s, in a period locked until %(lock)s.",
                        receipt=label,
                        date=format_date(self.env, payment.date),
                        lock=format_date(self.env, lock_dates[key]),
                    )
                )
            sign = -1 if payment.payment_type == "outbound" else 1
            allocations = payment.allocation_ids.filtered(
                lambda a: a.state == "planned"
            )
            reasons = receipt_problems(
                payment.batch_kind,
                sign * payment.amount,
                [
                    (
                        allocation.signed_amount,
                        # What is open on the document, in the receipt's currency.
                        allocation.move_line_id._batch_receipt_amount(
                            open_amounts[allocation.move_line_id.id], payment
                        )
                        if allocation.move_line_id
                        else allocation.signed_amount,
                    )
                    for allocation in allocations
                ],
                payment.currency_id.rounding,
                must_distribute=payment.batch_is_third_party,
            )
            problems += [
                f"{label}: {core_text(self.env, reason)}" for reason in reasons
            ]
            if (
                not batch_type.allow_on_account
                and kind in PARTNER_KINDS
                and not payment.currency_id.is_zero(payment.batch_on_account_amount)
            ):
                problems.append(
                    _(
                        "%(receipt)s: %(amount)s is not allocated and batch type %(type)s "
                        "does not allow on-account remainders.",
                        receipt=label,
                        amount=payment.batch_on_account_amount,
                        type=batch_type.name,
                    )
                )
        return problems

    def _batch_post(self):
        """Post the receipts and reconcile each allocation with exactly its amount.

        Receipts go through in slices of ``BATCH_POST_SLICE``: each slice is
        posted and reconciled as one set, so that time grows linearly with
        the batch. Everything stays in the caller's transaction.
        """
        payments = self.filtered(lambda p: p.state == "draft")
        for start in range(0, len(payments), BATCH_POST_SLICE):
            # A fresh recordset: its prefetching stays within the slice.
            self.browse(
                payments[start : start + BATCH_POST_SLICE].ids
            )._batch_post_slice()

    def _batch_post_slice(self):
        self.allocation_ids.fetch(["amount", "move_line_id", "partner_id", "state"])
        payments = self._batch_bulk_env()
        payments.action_post()
        lines = payments.move_id.line_ids.filtered("batch_allocation_id")
        counterparts = lines.batch_allocation_id.move_line_id
        # Reconciling reads the allocated documents, their entries and
        # partners: read them for the whole slice at once, and let each pair
        # prefetch for all of them, not one pair at a time.
        counterparts.move_id.partner_id.fetch()
        counterparts.move_id.line_ids.tax_ids.fetch(["id"])
        prefetch = (lines | counterparts)._prefetch_ids
        allocated = Counter(line.batch_allocation_id.move_line_id.id for line in lines)
        plan, settlements = [], []
        for line in lines:
            counterpart = line.batch_allocation_id.move_line_id
            if not counterpart:
                continue
            pair = (line + counterpart).with_prefetch(prefetch)
            rate = allocated[counterpart.id] == 1 and line._batch_settlement_rate()
            if rate:
                settlements.append((pair, rate))
            else:
                plan.append(pair)
        Line = payments.env["account.move.line"]
        if plan:
            Line._reconcile_plan(plan)
        for pair, rate in settlements:
            # Register Payment's way of settling a document in another currency
            # in full: the difference of rounding goes to the exchange difference.
            Line.with_context(forced_rate_from_register_payment=rate)._reconcile_plan(
                [pair]
            )
        payments.allocation_ids.filtered(lambda a: a.state == "planned").write(
            {"state": "posted"}
        )
        # Recompute what reconciling changed (e.g. the payments' state) here,
        # in the close's context, so that it is not tracked receipt by receipt.
        payments.env.flush_all()

    def action_post(self):
        """Receipts of an unprocessed batch reach accounting with the batch."""
        if self.env.context.get("batch_processing"):
            return super().action_post()
        pending = self.filtered(lambda p: p.batch_id.state in ("draft", "open"))
        if pending:
            raise UserError(
                _(
                    "Receipt %(receipt)s is part of batch %(batch)s, which is not "
                    "closed yet: it is posted when the batch closes.",
                    receipt=pending[0].display_name,
                    batch=pending[0].batch_id.name,
                )
            )
        # Receipts of a closed batch whose type does not post on close reach
        # accounting here, with their allocations.
        in_batch = self.filtered(lambda p: p.batch_id.state == "closed")
        in_batch._batch_post()
        return super(AccountPayment, self - in_batch).action_post()
