"""A batch's smart buttons: its allocations, journal entries and bank lines."""

from odoo import _, api, fields, models


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    allocation_count = fields.Integer(
        compute="_compute_link_counts", string="Allocations"
    )
    entry_count = fields.Integer(
        compute="_compute_link_counts",
        string="Journal Entries",
        help="The posted entries of the batch's receipts and pledges.",
    )
    bank_line_count = fields.Integer(
        compute="_compute_link_counts",
        string="Matched Bank Lines",
        help="Bank statement lines matched with the batch's deposits.",
    )

    @api.depends("payment_ids.move_id", "pledge_ids.state", "deposit_ids.state")
    def _compute_link_counts(self):
        allocations = dict(
            self.env["account.payment.allocation"]._read_group(
                [("batch_id", "in", self.ids), ("state", "!=", "reversed")],
                ["batch_id"],
                ["__count"],
            )
        )
        entries = self._link_entries()
        bank_lines = dict(
            self.env["account.payment.batch.deposit"]._read_group(
                [
                    ("batch_id", "in", self.ids),
                    ("state", "=", "matched"),
                    ("statement_line_id", "!=", False),
                ],
                ["batch_id"],
                ["statement_line_id:count_distinct"],
            )
        )
        for batch in self:
            batch.allocation_count = allocations.get(batch._origin, 0)
            batch.entry_count = len(entries.get(batch._origin.id, ()))
            batch.bank_line_count = bank_lines.get(batch._origin, 0)

    def _link_entries(self):
        """The posted entries of each batch's receipts and pledges, in one query.

        :return: {batch id: set of move ids}
        """
        moves = self.env["account.move"].search(
            [
                "|",
                ("origin_payment_id.batch_id", "in", self.ids),
                ("batch_id", "in", self.ids),
                ("state", "=", "posted"),
            ]
        )
        result = {}
        for move in moves:
            batch = move.origin_payment_id.batch_id or move.batch_id
            result.setdefault(batch.id, set()).add(move.id)
        return result

    def action_view_allocations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Allocations of %(batch)s", batch=self.name),
            "res_model": "account.payment.allocation",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "account_payment_batch.account_payment_batch_allocation_view_list"
                    ).id,
                    "list",
                )
            ],
            "domain": [("batch_id", "=", self.id), ("state", "!=", "reversed")],
            "context": {"group_by": "payment_id", "create": False},
        }

    def action_view_entries(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Journal Entries of %(batch)s", batch=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", sorted(self._link_entries().get(self.id, ())))],
            "context": {"create": False},
        }

    def action_view_bank_lines(self):
        self.ensure_one()
        lines = self.deposit_ids.filtered(
            lambda d: d.state == "matched"
        ).statement_line_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Bank Lines of %(batch)s", batch=self.name),
            "res_model": "account.bank.statement.line",
            "view_mode": "list,form",
            "domain": [("id", "in", lines.ids)],
            "context": {"create": False},
        }
