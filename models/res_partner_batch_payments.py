"""Customers: their shares of third-party cheques, and receipts started from them."""

from odoo import _, api, fields, models

SHARE_DOMAIN = [
    ("payment_id.batch_is_third_party", "=", True),
    ("state", "!=", "reversed"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    batch_share_count = fields.Integer(
        string="Distributed Payments",
        compute="_compute_batch_share_count",
        groups="account_payment_batch.group_batch_user,account.group_account_readonly",
    )

    @api.depends_context("company")
    def _compute_batch_share_count(self):
        counts = dict(
            self.env["account.payment.allocation"]._read_group(
                [
                    *SHARE_DOMAIN,
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        self.commercial_partner_id.ids,
                    ),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.batch_share_count = sum(
                count
                for share_partner, count in counts.items()
                if share_partner.commercial_partner_id == partner.commercial_partner_id
            )

    def action_view_batch_shares(self):
        """The customer's shares of third-party payments, one row per share."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_batch.action_account_payment_batch_shares"
        )
        action["domain"] = [
            *SHARE_DOMAIN,
            ("partner_id", "child_of", self.commercial_partner_id.id),
        ]
        action["display_name"] = _(
            "Distributed Payments of %(customer)s", customer=self.display_name
        )
        return action

    def action_add_to_batch(self):
        """Start a receipt of this customer in an open batch the user chooses."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add to Batch"),
            "res_model": "account.payment.batch.add.receipt",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
