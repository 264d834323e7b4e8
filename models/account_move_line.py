from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    batch_allocation_id = fields.Many2one(
        "account.payment.allocation",
        string="Batch Allocation",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The receipt allocation this journal item settles.",
    )

    def _batch_open_amounts(self, exclude_payments=None):
        """Open amount of each line once planned batch allocations are counted.

        :param exclude_payments: receipts whose own plans are not subtracted
        :return: {line id: signed amount still free to plan, in the line's currency}
        """
        lines = self._origin
        domain = [("move_line_id", "in", lines.ids), ("state", "=", "planned")]
        if exclude_payments and exclude_payments._origin:
            domain.append(("payment_id", "not in", exclude_payments._origin.ids))
        planned = dict(
            self.env["account.payment.allocation"]._read_group(
                domain, ["move_line_id"], ["amount:sum"]
            )
        )
        return {
            line.id: line.amount_residual_currency
            - (1 if line.balance > 0 else -1) * planned.get(line, 0.0)
            for line in self
        }
