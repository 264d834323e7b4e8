"""Receipts of insurers: matched to, and funding, pending insurance assignments."""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.tools.misc import format_amount

from ..batch_core.allocation import OpenItem, plan_receipt

ASSIGNMENT_KIND = "insurance_assignment"


def _fold_policy(text):
    return (text or "").strip().casefold()


def _fold_policies(text):
    """The policy numbers a receipt names: one, or several separated by commas."""
    parts = (text or "").replace(";", ",").split(",")
    return {_fold_policy(part) for part in parts if part.strip()}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_assignment_ids = fields.One2many(
        "account.payment.batch.assignment",
        "batch_receipt_id",
        string="New Assignments",
        help="Assignments entered with this insurer's receipt: booked when the "
        "batch closes and funded by the receipt at once.",
    )

    @api.depends("batch_assignment_ids.amount", "batch_assignment_ids.state")
    def _compute_batch_allocation_totals(self):
        """New assignments use the receipt's money like allocations do."""
        res = super()._compute_batch_allocation_totals()
        for payment in self.filtered("batch_assignment_ids"):
            new = payment._batch_new_assignment_amount()
            payment.batch_allocated_amount += new
            payment.batch_on_account_amount = payment.currency_id.round(
                payment.batch_on_account_amount - new
            )
        return res

    def _batch_new_assignment_amount(self):
        """What the receipt's assignments not booked yet take from it."""
        self.ensure_one()
        return sum(
            self.batch_assignment_ids.filtered(lambda a: a.state == "draft").mapped(
                "amount"
            )
        )

    # -------------------------------------------------------------------------
    # MATCHING
    # -------------------------------------------------------------------------

    def _batch_auto_match(self, force=False):
        res = super()._batch_auto_match(force=force)
        self._batch_matchable(force).filtered(
            lambda p: (
                p.batch_receipt_kind == ASSIGNMENT_KIND
                and p.batch_kind == "cash_receipt"
                and p.partner_id
            )
        )._batch_match_assignments()
        return res

    def _batch_match_candidate_lines(self, by_number, by_policy):
        """Standard receipts leave insurers' assignment items to assignment receipts."""
        lines = super()._batch_match_candidate_lines(by_number, by_policy)
        if not lines:
            return lines
        assigned = (
            self.env["account.payment.batch.assignment"]
            .sudo()
            .search([("insurer_line_id", "in", lines.ids)])
            .insurer_line_id
        )
        return lines - assigned.with_env(lines.env)

    def _batch_match_assignments(self):
        """Allocate insurers' receipts to their pending assignments.

        The receipt's policy number (*Policy / Customer Reference*; several
        separated by commas) picks the assignments of those policies; without
        one, all the insurer's pending
        assignments are candidates. Then an assignment whose amount still to
        fund equals what the receipt has left comes first, then the oldest.
        Assignments other open batches already plan to fund are left to them.
        """
        if not self:
            return
        Assignment = self.env["account.payment.batch.assignment"]
        fundable, refused = Assignment._search_fundable(
            self.partner_id.commercial_partner_id, self.company_id
        )
        free = fundable.insurer_line_id._batch_open_amounts()
        by_insurer = defaultdict(list)
        for assignment in fundable:
            by_insurer[assignment.insurer_id.commercial_partner_id.id].append(
                assignment
            )
        allocation_vals = []
        for receipt in self:
            candidates = by_insurer.get(receipt.partner_id.commercial_partner_id.id, [])
            policy = _fold_policies(receipt.batch_match_reference)
            if policy:
                candidates = [
                    a for a in candidates if _fold_policy(a.policy_number) in policy
                ]
                if not candidates:
                    receipt.batch_match_note = receipt._batch_policy_note(refused)
                    continue
            lines = {a.insurer_line_id.id: a.insurer_line_id for a in candidates}
            items = [
                OpenItem(line_id, amount, line.date_maturity, line_id)
                for line_id, line in lines.items()
                if (amount := line._batch_receipt_amount(free[line_id], receipt)) > 0
            ]
            left = receipt.currency_id.round(
                receipt.amount - receipt._batch_new_assignment_amount()
            )
            plan = plan_receipt(
                max(left, 0.0), items, receipt.currency_id.rounding, exact_first=True
            )
            for sequence, (line_id, amount) in enumerate(plan.allocations):
                free[line_id] -= lines[line_id]._batch_line_amount(amount, receipt)
                allocation_vals.append(
                    {
                        "payment_id": receipt.id,
                        "move_line_id": line_id,
                        "amount": amount,
                        "sequence": sequence,
                    }
                )
            if not plan.allocations and policy:
                receipt.batch_match_note = _(
                    "The pending assignments of policy %(policy)s have nothing "
                    "left to fund.",
                    policy=receipt.batch_match_reference,
                )
        if allocation_vals:
            self.env["account.payment.allocation"].with_context(
                batch_processing=True
            ).create(allocation_vals)

    def _batch_policy_note(self, refused):
        """Why no assignment of the insurer takes this receipt's policy number.

        :param refused: {assignment: why it cannot be funded} of pending ones
        """
        self.ensure_one()
        policy = _fold_policies(self.batch_match_reference)
        insurer = self.partner_id.commercial_partner_id
        for assignment, reason in refused.items():
            if (
                assignment.insurer_id.commercial_partner_id == insurer
                and _fold_policy(assignment.policy_number) in policy
            ):
                return reason
        return _(
            "No pending insurance assignment of %(insurer)s has policy %(policy)s: "
            "enter a new assignment with the receipt or match it manually.",
            insurer=insurer.display_name,
            policy=self.batch_match_reference,
        )

    # -------------------------------------------------------------------------
    # CLOSING
    # -------------------------------------------------------------------------

    def _get_batch_post_problems(self):
        problems = super()._get_batch_post_problems()
        receipts = self.filtered(
            lambda p: p.state == "draft" and p.batch_receipt_kind == ASSIGNMENT_KIND
        )
        lock_dates = {}
        for receipt in receipts:
            label = _("Receipt %(receipt)s", receipt=receipt._batch_label())
            for allocation in receipt.allocation_ids.filtered(
                lambda a: a.state == "planned" and a.assignment_id
            ):
                problem = allocation.assignment_id.sudo()._get_funding_problem(
                    lock_dates
                )
                if problem:
                    problems.append(f"{label}: {problem}")
            new = receipt.batch_assignment_ids.filtered(lambda a: a.state == "draft")
            if not new:
                continue
            if not receipt.partner_id:
                problems.append(
                    _(
                        "%(receipt)s enters new assignments: its payer must be the "
                        "insurer.",
                        receipt=label,
                    )
                )
            if receipt.currency_id != receipt.company_id.currency_id:
                problems.append(
                    _(
                        "%(receipt)s is in %(currency)s: new assignments are entered "
                        "with receipts in the company's currency only.",
                        receipt=label,
                        currency=receipt.currency_id.name,
                    )
                )
            for assignment in new:
                problems += [
                    f"{label}: {problem}"
                    for problem in assignment._get_confirm_problems()
                ]
            if (
                receipt.currency_id.compare_amounts(
                    receipt.batch_allocated_amount, receipt.amount
                )
                > 0
            ):
                problems.append(
                    _(
                        "%(receipt)s: its allocations and new assignments take "
                        "%(allocated)s, more than its %(amount)s.",
                        receipt=label,
                        allocated=format_amount(
                            self.env,
                            receipt.batch_allocated_amount,
                            receipt.currency_id,
                        ),
                        amount=format_amount(
                            self.env, receipt.amount, receipt.currency_id
                        ),
                    )
                )
        return problems

    def _batch_post_slice(self):
        """Book the new assignments first; mark funded what the receipts paid."""
        self._batch_book_new_assignments()
        res = super()._batch_post_slice()
        self._batch_fund_assignments()
        return res

    def _batch_book_new_assignments(self):
        """Confirm the receipts' new assignments and allocate the receipts to them."""
        new = self.batch_assignment_ids.filtered(lambda a: a.state == "draft")
        if not new:
            return
        allocation_vals = []
        for assignment in new.sorted("id"):
            # Booked by the batch close: the close right covers it.
            assignment._confirm_one()
            allocation_vals.append(
                {
                    "payment_id": assignment.batch_receipt_id.id,
                    "move_line_id": assignment.insurer_line_id.id,
                    "amount": assignment.amount,
                    "sequence": 0,
                }
            )
        self.env["account.payment.allocation"].with_context(
            batch_processing=True
        ).create(allocation_vals)

    def _batch_fund_assignments(self):
        """Assignments whose insurer item these receipts paid in full: funded."""
        by_date = defaultdict(lambda: self.env["account.payment.batch.assignment"])
        for allocation in self.allocation_ids:
            if allocation.state == "posted" and allocation.assignment_id:
                by_date[allocation.payment_id.date] |= allocation.assignment_id
        for date, assignments in sorted(by_date.items()):
            assignments._mark_funded(date)
