"""Insurance assignments: the entry that moves the debt, confirm, cancel, funding."""

from markupsafe import Markup

from odoo import Command, _, api, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date

from .account_payment_batch_assignment import CONFIRM_RIGHT


class AccountPaymentBatchAssignment(models.Model):
    _inherit = "account.payment.batch.assignment"

    def _open_items(self):
        """The covered invoices' open receivable items, oldest due first."""
        self.ensure_one()
        return self.invoice_ids.line_ids.filtered(
            lambda line: (
                line.display_type == "payment_term"
                and line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))

    @api.model
    def _free_amounts(self, items):
        """What each open item owes once receipts of open batches are counted.

        Every batch's plans count, also those of batches the user cannot
        see (an Invoicing user without batch rights reads no allocation).
        """
        return items.sudo()._batch_open_amounts()

    def _get_confirm_problems(self):
        """Why this draft assignment cannot be confirmed, one message per problem."""
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        name = self.display_name
        problems = []

        def money(value):
            return format_amount(self.env, value, currency)

        if not self.invoice_ids:
            problems.append(
                _(
                    "%(assignment)s covers no invoice: add the customer's open "
                    "invoices the insurer pays.",
                    assignment=name,
                )
            )
        customer = self.partner_id.commercial_partner_id
        if self.insurer_id.commercial_partner_id == customer:
            problems.append(
                _(
                    "%(assignment)s: the insurer must be another partner than the "
                    "customer %(customer)s.",
                    assignment=name,
                    customer=customer.display_name,
                )
            )
        for invoice in self.invoice_ids:
            if invoice.commercial_partner_id != customer:
                problems.append(
                    _(
                        "%(assignment)s: invoice %(invoice)s is billed to %(partner)s, "
                        "not to the customer %(customer)s.",
                        assignment=name,
                        invoice=invoice.display_name,
                        partner=invoice.commercial_partner_id.display_name,
                        customer=customer.display_name,
                    )
                )
            if invoice.currency_id != currency:
                problems.append(
                    _(
                        "%(assignment)s: invoice %(invoice)s is in %(invoice_currency)s; "
                        "assignments cover invoices in the company's currency "
                        "(%(currency)s) only.",
                        assignment=name,
                        invoice=invoice.display_name,
                        invoice_currency=invoice.currency_id.name,
                        currency=currency.name,
                    )
                )
            if (
                invoice.move_type != "out_invoice"
                or invoice.state != "posted"
                or invoice.currency_id.is_zero(invoice.amount_residual)
            ):
                problems.append(
                    _(
                        "%(assignment)s: %(invoice)s is not a posted customer invoice "
                        "with something left to pay.",
                        assignment=name,
                        invoice=invoice.display_name,
                    )
                )
        items = self._open_items()
        owed = sum(items.mapped("amount_residual"))
        free = sum(max(value, 0.0) for value in self._free_amounts(items).values())
        if self.invoice_ids and currency.compare_amounts(self.amount, free) > 0:
            planned = currency.round(owed - free)
            if currency.is_zero(planned):
                problems.append(
                    _(
                        "%(assignment)s assigns %(amount)s, more than the %(owed)s its "
                        "invoices still owe.",
                        assignment=name,
                        amount=money(self.amount),
                        owed=money(owed),
                    )
                )
            else:
                problems.append(
                    _(
                        "%(assignment)s assigns %(amount)s, more than the %(free)s its "
                        "invoices still owe once the %(planned)s that receipts of open "
                        "batches plan to pay on them is counted.",
                        assignment=name,
                        amount=money(self.amount),
                        free=money(free),
                        planned=money(planned),
                    )
                )
        lock = company._get_user_fiscal_lock_date(self.journal_id)
        if self.date <= lock:
            problems.append(
                _(
                    "%(assignment)s is dated %(date)s, in a period locked until "
                    "%(lock)s.",
                    assignment=name,
                    date=format_date(self.env, self.date),
                    lock=format_date(self.env, lock),
                )
            )
        account = self.insurer_id.with_company(company).property_account_receivable_id
        if not account or not account.reconcile:
            problems.append(
                _(
                    "%(assignment)s: insurer %(insurer)s has no reconcilable "
                    "receivable account in %(company)s.",
                    assignment=name,
                    insurer=self.insurer_id.display_name,
                    company=company.name,
                )
            )
        return problems

    # -------------------------------------------------------------------------
    # ACCOUNTING
    # -------------------------------------------------------------------------

    def _entry_label(self):
        self.ensure_one()
        if self.policy_number:
            return _(
                "Insurance assignment %(number)s, policy %(policy)s",
                number=self.name,
                policy=self.policy_number,
            )
        return _("Insurance assignment %(number)s", number=self.name)

    def _prepare_move_vals(self, items):
        """The assignment entry: the insurer owes what the customer owed.

        :param items: the open receivable items of the covered invoices, each
            with the amount the assignment pays on it, as ``[(line, amount)]``
        :return: values of an ``account.move``; its first line is the
            insurer's, then one customer line per item, in the order given
        """
        self.ensure_one()
        label = self._entry_label()
        insurer = self.insurer_id.commercial_partner_id
        customer = self.partner_id.commercial_partner_id
        account = self.insurer_id.with_company(
            self.company_id
        ).property_account_receivable_id
        lines = [
            Command.create(
                {
                    "name": label,
                    "account_id": account.id,
                    "partner_id": insurer.id,
                    "debit": self.amount,
                    "credit": 0.0,
                    "date_maturity": self.date,
                }
            )
        ]
        lines += [
            Command.create(
                {
                    "name": _(
                        "%(label)s: %(invoice)s",
                        label=label,
                        invoice=item.move_id.name,
                    ),
                    "account_id": item.account_id.id,
                    "partner_id": customer.id,
                    "debit": 0.0,
                    "credit": amount,
                    "date_maturity": self.date,
                }
            )
            for item, amount in items
        ]
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "company_id": self.company_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": lines,
        }

    def _split_over_items(self):
        """What the assigned amount pays on each open item, oldest due first.

        Money that receipts of open batches already plan on an item is left
        to them, so that closing those batches still finds it open.
        """
        self.ensure_one()
        items = self._open_items()
        free = self._free_amounts(items)
        remaining = self.amount
        split = []
        for item in items:
            if self.currency_id.is_zero(remaining):
                break
            amount = min(max(free[item.id], 0.0), remaining)
            if not self.currency_id.is_zero(amount):
                split.append((item, amount))
                remaining = self.currency_id.round(remaining - amount)
        return split

    def action_confirm(self):
        """Book the assignment: one posted entry, the invoices paid by it."""
        self._check_right(CONFIRM_RIGHT, _("confirm"))
        self._check_state(("draft",), _("confirmed"))
        in_batch = self.filtered("batch_receipt_id")
        if in_batch:
            raise UserError(
                _(
                    "%(assignment)s was entered with a receipt of batch %(batch)s: it "
                    "is booked and funded when the batch closes.",
                    assignment=in_batch[0].display_name,
                    batch=in_batch[0].batch_id.name,
                )
            )
        problems = [
            p for assignment in self for p in assignment._get_confirm_problems()
        ]
        if problems:
            raise UserError("\n".join(problems))
        for assignment in self:
            assignment._confirm_one()
        return True

    def _confirm_one(self):
        self.ensure_one()
        # Checked again: an assignment confirmed with this one may have paid
        # the same invoices.
        problems = self._get_confirm_problems()
        if problems:
            raise UserError("\n".join(problems))
        self.with_context(assignment_processing=True).name = self._get_sequence(
            self.company_id
        ).next_by_id(sequence_date=self.date)
        split = self._split_over_items()
        move = self.env["account.move"].create(self._prepare_move_vals(split))
        move.action_post()
        insurer_line = move.line_ids.filtered(
            lambda line: (
                line.partner_id == self.insurer_id.commercial_partner_id
                and line.balance > 0
            )
        )
        # Lines are created in the order given: one customer line per item.
        customer_lines = (move.line_ids - insurer_line).sorted("id")
        self.env["account.move.line"]._reconcile_plan(
            [line | item for line, (item, _amount) in zip(customer_lines, split)]
        )
        self.with_context(assignment_processing=True).write(
            {
                "state": "pending",
                "move_id": move.id,
                "insurer_line_id": insurer_line.id,
            }
        )
        message = _(
            "Confirmed: %(amount)s moved from %(customer)s to %(insurer)s by entry",
            amount=format_amount(self.env, self.amount, self.currency_id),
            customer=self.partner_id.display_name,
            insurer=self.insurer_id.display_name,
        )
        self.message_post(body=Markup("%s %s") % (message, move._get_html_link()))

    def action_cancel(self):
        """Cancel a draft, or reverse the entry of a pending, unfunded assignment."""
        self._check_right(CONFIRM_RIGHT, _("cancel"))
        self._check_state(("draft", "pending"), _("cancelled"))
        for assignment in self.filtered(lambda a: a.state == "pending"):
            line = assignment.insurer_line_id
            if (
                assignment.funds_received_on
                or line.matched_debit_ids
                or line.matched_credit_ids
            ):
                raise UserError(
                    _(
                        "%(assignment)s has received %(funded)s of %(amount)s from "
                        "%(insurer)s: it cannot be cancelled. Undo the insurer's "
                        "payment first.",
                        assignment=assignment.display_name,
                        funded=format_amount(
                            self.env, assignment.amount_funded, assignment.currency_id
                        ),
                        amount=format_amount(
                            self.env, assignment.amount, assignment.currency_id
                        ),
                        insurer=assignment.insurer_id.display_name,
                    )
                )
        for assignment in self:
            reversal = assignment._reverse_entry()
            assignment.with_context(assignment_processing=True).state = "cancel"
            if reversal:
                assignment.message_post(
                    body=Markup("%s %s")
                    % (_("Cancelled: entry reversed by"), reversal._get_html_link())
                )
        return True

    def _reverse_entry(self):
        """Reverse the assignment entry, reconciled with it; the invoices reopen.

        The reversal is dated like the assignment, or on the first open day
        when that date has been locked since.
        """
        self.ensure_one()
        move = self.move_id
        if not move:
            return move
        lock = self.company_id._get_user_fiscal_lock_date(move.journal_id)
        date = (
            move.date
            if move.date > lock
            else move._get_accounting_date(move.date, False)
        )
        # cancel=True first undoes every reconciliation of the entry (the
        # customer lines with the invoices), then matches it with its reversal.
        return move._reverse_moves(
            [
                {
                    "date": date,
                    "ref": _("Reversal of: %(label)s", label=move.ref),
                }
            ],
            cancel=True,
        )
