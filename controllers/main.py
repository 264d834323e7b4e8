"""Download of the batch report as an .xlsx workbook."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PaymentBatchReportController(http.Controller):
    @http.route(
        "/account_payment_batch/report/xlsx/<string:ids>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def download_batch_report_xlsx(self, ids):
        """The batch report of the batches ``ids`` (comma-separated) as .xlsx.

        The batches are read as the logged-in user, so access rights and
        record rules apply: a batch they may not read (e.g. another
        company's) is refused with 403, an unknown id gives 404.
        """
        parts = ids.split(",")
        if not all(part.strip().isdigit() for part in parts):
            raise NotFound()
        batch_ids = list(dict.fromkeys(int(part) for part in parts))
        batches = request.env["account.payment.batch"].browse(batch_ids)
        if len(batches.exists()) != len(batches):
            raise NotFound()
        batches.check_access("read")
        content = batches._report_xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                (
                    "Content-Disposition",
                    content_disposition(batches._report_xlsx_filename()),
                ),
            ],
        )
