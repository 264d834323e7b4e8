"""Insurance assignments: which receipts may fund them, and marking them funded."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date


class AccountPaymentBatchAssignment(models.Model):
    _inherit = "account.payment.batch.assignment"

    def _check_fundable(self):
        """Refuse funding these assignments by a receipt, naming the first reason."""
        for assignment in self:
            problem = assignment._get_funding_problem()
            if problem:
                raise UserError(problem)

    def _get_funding_problem(self, lock_dates=None):
        """Why a receipt cannot fund this assignment, or ``False``.

        An assignment is funded while it is pending, has received no funds yet
        and its entry is not in a period locked for the current user (the
        entry has not been exported to the accounts).

        :param lock_dates: a dict caching lock dates by (company, journal)
        """
        self.ensure_one()
        name = self.display_name
        if self.funds_received_on:
            return _(
                "%(assignment)s was already funded on %(date)s: it takes no "
                "more receipts.",
                assignment=name,
                date=format_date(self.env, self.funds_received_on),
            )
        if self.state != "pending":
            return _(
                "%(assignment)s is %(state)s: only pending assignments take receipts.",
                assignment=name,
                state=self._state_label(),
            )
        move = self.move_id
        lock_dates = {} if lock_dates is None else lock_dates
        key = (self.company_id, move.journal_id)
        if key not in lock_dates:
            lock_dates[key] = self.company_id._get_user_fiscal_lock_date(
                move.journal_id
            )
        lock = lock_dates[key]
        if move.date <= lock:
            return _(
                "%(assignment)s is dated %(date)s, in a period locked until "
                "%(lock)s: it has been exported to the accounts and takes no "
                "more receipts.",
                assignment=name,
                date=format_date(self.env, move.date),
                lock=format_date(self.env, lock),
            )
        if self.insurer_line_id.reconciled:
            return _(
                "%(assignment)s: the insurer owes nothing more on it.", assignment=name
            )
        return False

    def _mark_funded(self, date):
        """Mark funded the pending assignments whose insurer item is fully paid.

        :param date: the day the insurer's funds were received
        :return: the assignments marked funded
        """
        date = fields.Date.to_date(date)
        funded = self.filtered(
            lambda a: a.state == "pending" and a.insurer_line_id.reconciled
        )
        if not funded:
            return funded
        funded.with_context(assignment_processing=True).write(
            {"state": "funded", "funds_received_on": date}
        )
        for assignment in funded:
            assignment.message_post(
                body=_(
                    "Funded: %(insurer)s paid %(amount)s, received on %(date)s.",
                    insurer=assignment.insurer_id.display_name,
                    amount=format_amount(
                        self.env, assignment.amount, assignment.currency_id
                    ),
                    date=format_date(self.env, date),
                )
            )
        return funded

    def _mark_unfunded(self):
        """Back to pending: funded assignments whose insurer item reopened.

        A receipt that funded them was reversed (a correction or a
        cancelled batch): the insurer owes the money again.
        """
        reopened = self.filtered(
            lambda a: a.state == "funded" and not a.insurer_line_id.reconciled
        )
        if not reopened:
            return reopened
        reopened.with_context(assignment_processing=True).write(
            {"state": "pending", "funds_received_on": False}
        )
        for assignment in reopened:
            assignment.message_post(
                body=_(
                    "Pending again: a receipt from %(insurer)s was reversed, "
                    "%(amount)s is still to fund.",
                    insurer=assignment.insurer_id.display_name,
                    amount=format_amount(
                        self.env, assignment.amount_to_fund, assignment.currency_id
                    ),
                )
            )
        return reopened

    @api.model
    def _search_fundable(self, insurers, companies):
        """Pending assignments of these insurers a receipt may fund, oldest first.

        :param insurers: commercial partners
        :return: the assignments, and {assignment: why not} for those
            pending but not fundable (locked period, nothing owed)
        """
        pending = self.search(
            [
                ("state", "=", "pending"),
                ("company_id", "in", companies.ids),
                ("insurer_id.commercial_partner_id", "in", insurers.ids),
            ],
            order="date, id",
        )
        lock_dates = {}
        refused = {}
        for assignment in pending:
            problem = assignment._get_funding_problem(lock_dates)
            if problem:
                refused[assignment] = problem
        return pending.filtered(lambda a: a not in refused), refused
