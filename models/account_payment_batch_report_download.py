"""Batches: the download of the batch report as XLSX."""

import re

from odoo import models

#: Characters file systems refuse in a file name.
FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|]+')


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def action_download_report_xlsx(self):
        """Download the batch report of these batches, one sheet each (.xlsx)."""
        self.check_access("read")
        ids = ",".join(str(batch_id) for batch_id in self.ids)
        return {
            "type": "ir.actions.act_url",
            "url": f"/account_payment_batch/report/xlsx/{ids}",
            "target": "download",
        }

    def _report_xlsx_filename(self):
        """The downloaded file's name: the batch number, or one for several."""
        if len(self) == 1:
            name = FILENAME_FORBIDDEN.sub("-", self.name or "").strip("-. ")
            return f"{name or 'payment-batch'}.xlsx"
        return "payment-batches.xlsx"
