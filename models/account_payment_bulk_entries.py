"""Receipts: the journal entries of a whole batch, created in one go.

Odoo creates a payment's entry and then writes the entry onto the payment
one payment at a time; each such write recomputes the payment's dependants
and logs its tracking on its own. For a batch of thousands of receipts that
per-receipt work is most of the close, so the batch close creates every
entry in one ``create`` and links them all in one statement, then lets the
ORM recompute what depends on the link, for the whole set at once.
"""

from odoo import api, models
from odoo.tools import SQL

#: Context of a batch close: no per-receipt chatter, the batch logs the close.
BULK_CONTEXT = {
    "batch_processing": True,
    "batch_bulk": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _batch_bulk_env(self):
        """These receipts in the context of a batch close.

        When the database has no analytic distribution model, no receivable
        or liquidity line can get a distribution from one, so the per-line
        lookup is skipped (see ``account.analytic.distribution.model``).
        """
        context = dict(BULK_CONTEXT)
        models_exist = (
            self.env["account.analytic.distribution.model"]
            .sudo()
            .with_context(active_test=False)
            .search_count([], limit=1)
        )
        if not models_exist:
            context["batch_no_distribution_model"] = True
        return self.with_context(**context)

    def _generate_journal_entry(
        self, write_off_line_vals=None, force_balance=None, line_ids=None
    ):
        if (
            not self.env.context.get("batch_bulk")
            or write_off_line_vals
            or force_balance
            or line_ids
            or len(self) < 2
        ):
            return super()._generate_journal_entry(
                write_off_line_vals=write_off_line_vals,
                force_balance=force_balance,
                line_ids=line_ids,
            )
        need_move = self.filtered(lambda p: not p.move_id and p.outstanding_account_id)
        if not need_move:
            return None
        need_move._batch_prefetch_for_entries()
        moves = self.env["account.move"].create(
            [payment._generate_move_vals() for payment in need_move]
        )
        need_move._batch_link_moves(moves)
        return None

    def _batch_prefetch_for_entries(self):
        """Read at once what preparing and creating the entries reads one by one.

        Each receipt's allocations, allocated documents and payer are read
        while its own entry is prepared, and the payer's fiscal position per
        company while the entry is created; reading them here for all the
        receipts turns thousands of one-row queries into a few.
        """
        allocations = self.allocation_ids
        allocations.move_id.fetch(["name"])
        allocations.move_line_id.fetch(["account_id"])
        partners = self.partner_id | allocations.partner_id
        partners.fetch()
        for company in self.company_id:
            partners.with_company(company).fetch(["property_account_position_id"])

    def _batch_link_moves(self, moves):
        """Set ``move_id`` of each payment in one statement.

        The ORM then recomputes what depends on it for all the payments
        together. The state is left to the ``write`` that called
        ``_generate_journal_entry``: it sets it for all of them at once once
        the entries are posted, so the payments' numbers are the entries'.
        """
        self.flush_recordset()
        now = self.env.cr.now()
        rows = SQL(", ").join(
            SQL("(%s, %s)", payment.id, move.id)
            for payment, move in zip(self, moves, strict=True)
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_payment AS payment
                   SET move_id = link.move_id,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM (VALUES %(rows)s) AS link(payment_id, move_id)
                 WHERE payment.id = link.payment_id
                """,
                uid=self.env.uid,
                now=now,
                rows=rows,
            )
        )
        self.invalidate_recordset(["move_id", "write_uid", "write_date"])
        self.modified(["move_id"])


class AccountAnalyticDistributionModel(models.Model):
    _inherit = "account.analytic.distribution.model"

    @api.model
    def _get_applicable_models(self, vals):
        # Set by a batch close that found no distribution model at all.
        if self.env.context.get("batch_no_distribution_model"):
            return self.browse()
        return super()._get_applicable_models(vals)
