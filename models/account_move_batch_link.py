"""Invoices: the batch each of their payments was added through."""

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _compute_payments_widget_reconciled_info(self):
        """Tell the payments widget which batch each payment came through."""
        res = super()._compute_payments_widget_reconciled_info()
        widgets = {
            move: move.invoice_payments_widget
            for move in self
            if move.invoice_payments_widget
        }
        payment_ids = {
            line["account_payment_id"]
            for widget in widgets.values()
            for line in widget["content"]
            if line.get("account_payment_id")
        }
        if not payment_ids:
            return res
        payments = self.env["account.payment"].sudo().browse(payment_ids)
        # Only batches the user may open are named: the link must work.
        readable = payments.batch_id.sudo(False)._filtered_access("read")
        batch_of = {
            payment.id: payment.batch_id
            for payment in payments
            if payment.batch_id in readable
        }
        for move, widget in widgets.items():
            content = []
            for line in widget["content"]:
                batch = batch_of.get(line.get("account_payment_id"))
                if batch:
                    line = {**line, "batch_id": batch.id, "batch_name": batch.name}
                content.append(line)
            move.invoice_payments_widget = {**widget, "content": content}
        return res
