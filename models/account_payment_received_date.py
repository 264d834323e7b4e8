"""Receipts: the date each was received, recorded when its batch closes."""

from collections import defaultdict

from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_received_date = fields.Date(
        string="Received On",
        copy=False,
        readonly=True,
        help="Recorded when the batch closes: the date of the deposit that took "
        "the receipt to the bank, else the batch's Date Received. A deposit "
        "prepared after the close does not change it.",
    )

    def _batch_set_received_date(self):
        """Record the received date of these receipts of closing batches.

        The deposit date where the receipt was deposited (a deposit not
        cancelled), else its batch's Date Received. Receipts cancelled or
        rejected (a failed card charge) were never received and get none.
        One write per distinct date, not one per receipt.
        """
        receipts = self.filtered(
            lambda p: p.batch_id and p.state not in ("canceled", "rejected")
        )
        by_date = defaultdict(list)
        for receipt in receipts:
            date = receipt.batch_deposit_id.date or receipt.batch_id.date_received
            by_date[date].append(receipt.id)
        receipts = receipts.with_context(batch_processing=True, tracking_disable=True)
        for date, ids in by_date.items():
            receipts.browse(ids).write({"batch_received_date": date})
