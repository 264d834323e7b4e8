"""Batch types: the email address that turns a mailed file into a batch."""

from ast import literal_eval

from odoo import api, fields, models


class AccountPaymentBatchType(models.Model):
    _name = "account.payment.batch.type"
    # The alias mixin first, so that its create and write see the alias values
    # before the type's own; mail.thread for the followers an alias restricted
    # to followers checks, and the type's chatter.
    _inherit = ["mail.alias.mixin", "mail.thread", "account.payment.batch.type"]

    alias_id = fields.Many2one(
        help="Email address of this batch type: an email sent to it with a "
        "receipts spreadsheet or bank file attached creates an automated batch "
        "of this type and imports the file into it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Money-bearing mail is refused from strangers unless a manager says
        # otherwise: only the type's followers may send by default.
        for vals in vals_list:
            vals.setdefault("alias_contact", "followers")
        return super().create(vals_list)

    def copy_data(self, default=None):
        # An alias name is unique: the copy starts without an address.
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            if not (default or {}).get("alias_name"):
                vals.pop("alias_name", None)
        return vals_list

    def _alias_get_creation_values(self):
        """The alias creates batches of this type (``message_new`` of batches)."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("account.payment.batch")
        if self.id:
            defaults = literal_eval(self.alias_defaults or "{}")
            defaults["batch_type_id"] = self.id
            values["alias_defaults"] = repr(defaults)
        return values
