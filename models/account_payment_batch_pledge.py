"""Batches: pledges, promises entered as draft customer invoices of the batch."""

from odoo import Command, _, models
from odoo.exceptions import UserError


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _create_pledges(self, pledge_vals_list):
        """Enter pledges: each becomes a draft customer invoice of the batch.

        :param pledge_vals_list: dicts with ``partner_id``, ``amount``,
            ``line_id`` and optionally ``description``, ``date`` and
            ``payment_method_line_id`` (how the pledged money is expected)
        """
        self.ensure_one()
        self._check_editable()
        if self.state != "open":
            raise UserError(
                _(
                    "Batch %(batch)s is not open: pledges are entered in open batches.",
                    batch=self.name,
                )
            )
        self.batch_type_id._check_receipt_kind(
            "pledge", _("Pledges of batch %(batch)s", batch=self.name)
        )
        income_account = self.batch_type_id.pledge_account_id
        invoice_vals_list = []
        for vals in pledge_vals_list:
            if self.currency_id.compare_amounts(vals["amount"], 0) <= 0:
                raise UserError(
                    _(
                        "A pledge must be a positive amount; %(amount)s was given.",
                        amount=vals["amount"],
                    )
                )
            line_vals = {
                "name": vals.get("description") or _("Pledge"),
                "quantity": 1,
                "price_unit": vals["amount"],
                "tax_ids": [Command.clear()],
            }
            if income_account:
                line_vals["account_id"] = income_account.id
            invoice_vals = {
                "move_type": "out_invoice",
                "partner_id": vals["partner_id"],
                "invoice_date": vals.get("date") or self.date_received,
                "currency_id": self.currency_id.id,
                "company_id": self.company_id.id,
                "batch_id": self.id,
                "batch_line_id": vals["line_id"],
                "invoice_line_ids": [Command.create(line_vals)],
            }
            if vals.get("payment_method_line_id"):
                invoice_vals["preferred_payment_method_line_id"] = vals[
                    "payment_method_line_id"
                ]
            invoice_vals_list.append(invoice_vals)
        return self.env["account.move"].create(invoice_vals_list)

    def action_open_pledge_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Pledge"),
            "res_model": "account.payment.batch.pledge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_batch_id": self.id,
                "default_line_id": self.line_ids[:1].id,
            },
        }
