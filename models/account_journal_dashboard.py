"""The Invoicing dashboard: a bank journal's open batches assigned to the user."""

from odoo import _, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _fill_bank_cash_dashboard_data(self, dashboard_data):
        res = super()._fill_bank_cash_dashboard_data(dashboard_data)
        journals = self.filtered(lambda j: j.type in ("bank", "cash"))
        if journals and self.env.user.has_group(
            "account_payment_batch.group_batch_user"
        ):
            journals._fill_dashboard_data_count(
                dashboard_data,
                "account.payment.batch",
                "batch_open_mine_count",
                [("state", "=", "open"), ("assigned_to_id", "=", self.env.uid)],
            )
        return res

    def action_open_my_batches(self):
        """The open batches of this journal assigned to the user."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_batch.action_account_payment_batch"
        )
        action.update(
            {
                "name": _("My Open Batches"),
                "domain": [("journal_id", "=", self.id)],
                "context": {
                    "search_default_assigned_to_me": 1,
                    "search_default_open": 1,
                },
            }
        )
        return action
