import base64

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Rows listed on the result screen; the rejected-rows file holds them all.
SHOWN_ROWS = 200


class AccountPaymentBatchImport(models.TransientModel):
    _name = "account.payment.batch.import"
    _description = "Import Receipts into a Payment Batch"

    batch_id = fields.Many2one(
        "account.payment.batch", required=True, ondelete="cascade", readonly=True
    )
    state = fields.Selection(
        [("select", "Select"), ("done", "Done")], default="select", required=True
    )
    file = fields.Binary(string="File", attachment=False)
    filename = fields.Char()
    duplicates_anyway = fields.Boolean(
        string="Import duplicates anyway",
        help="Import rows with the same payer, reference and amount as a receipt "
        "already entered (in any batch that is not cancelled) or as an earlier row "
        "of the file. Off: such rows are skipped and listed.",
    )
    date_order = fields.Selection(
        [("DMY", "Day/Month/Year"), ("MDY", "Month/Day/Year")],
        string="Dates Written As",
        required=True,
        default=lambda self: self.env[
            "account.payment.batch"
        ]._import_default_date_order(),
        help="How dates typed as text, such as 03/04/2026, are read. Real dates "
        "and ISO dates (2026-04-03) are read the same either way.",
    )
    bank_receipt_kind = fields.Selection(
        [("standard", "Standard"), ("insurance_assignment", "Insurance Assignment")],
        string="Receipt Kind",
        required=True,
        default="standard",
        help="Bank files (CAMT.054, BAI2) only: the kind of every receipt of the "
        "file. Insurance Assignment: an insurer's payment for assigned policies; "
        "the document numbers of its remittance are read as policy numbers, and "
        "each receipt is matched to the insurer's pending assignments. A "
        "spreadsheet says each row's kind in its Receipt Kind column.",
    )
    template_file = fields.Binary(attachment=False, readonly=True)

    total_rows = fields.Integer(string="Rows Read", readonly=True)
    imported_count = fields.Integer(string="Rows Imported", readonly=True)
    pledge_count = fields.Integer(string="Pledges", readonly=True)
    rejected_count = fields.Integer(string="Rows Rejected", readonly=True)
    duplicate_count = fields.Integer(string="Duplicates Skipped", readonly=True)
    suspense_count = fields.Integer(string="Sent to Suspense", readonly=True)
    unmatched_count = fields.Integer(string="Left Unmatched", readonly=True)
    rejected_file = fields.Binary(
        string="Rejected Rows", attachment=False, readonly=True
    )
    rejected_filename = fields.Char(readonly=True)
    result_html = fields.Html(string="Details", readonly=True, sanitize=True)

    @api.model
    def _template_filename(self):
        return "receipts_import_template.xlsx"

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Import Receipts"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_download_template(self):
        """Generate the import template for the batch and download it."""
        self.ensure_one()
        self.template_file = base64.b64encode(self.batch_id._import_template())
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=template_file"
                f"&download=true&filename={self._template_filename()}"
            ),
            "target": "download",
        }

    def action_import(self):
        """Import the file into the batch and show what happened."""
        self.ensure_one()
        if not self.file and not self.filename:
            raise UserError(_("Choose the spreadsheet file to import."))
        # An empty upload keeps its name: the engine says the file is empty.
        result = self.batch_id._import_receipts(
            base64.b64decode(self.file or b""),
            self.filename or _("receipts"),
            duplicates_anyway=self.duplicates_anyway,
            date_order=self.date_order,
            bank_receipt_kind=self.bank_receipt_kind,
        )
        stem = (self.filename or "receipts").rsplit(".", 1)[0]
        self.write(
            {
                "state": "done",
                "file": False,
                "total_rows": result["total_rows"],
                "imported_count": result["imported_count"],
                "pledge_count": result["pledge_count"],
                "rejected_count": result["rejected_count"],
                "duplicate_count": result["duplicate_count"],
                "suspense_count": result["suspense_count"],
                "unmatched_count": result["unmatched_count"],
                "rejected_file": result["rejected_file"]
                and base64.b64encode(result["rejected_file"]),
                "rejected_filename": result["rejected_file"]
                and f"{stem}_rejected_rows.xlsx",
                "result_html": self._result_html(result),
            }
        )
        return self._reopen()

    def action_view_receipts(self):
        self.ensure_one()
        return self.batch_id.action_view_payments()

    @api.model
    def _result_html(self, result):
        """The rejected rows, duplicates and notes, row by row."""
        parts = []
        row_label = _("Entry") if result.get("row_label") == "Entry" else _("Row")
        sections = [
            (
                _("Rejected rows"),
                [(error.row_number, error.message) for error in result["errors"]],
            ),
            (_("Duplicates skipped"), result["duplicates"]),
            (_("Notes"), result["notes"]),
        ]
        for title, items in sections:
            if not items:
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td></tr>") % (row_number, message)
                for row_number, message in items[:SHOWN_ROWS]
            )
            more = ""
            if len(items) > SHOWN_ROWS:
                more = Markup("<p>%s</p>") % _(
                    "... and %(count)s more.", count=len(items) - SHOWN_ROWS
                )
            parts.append(
                Markup(
                    "<h5>%s</h5><table class='table table-sm'><thead><tr><th>%s</th>"
                    "<th>%s</th></tr></thead><tbody>%s</tbody></table>%s"
                )
                % (title, row_label, _("Reason"), rows, more)
            )
        if result["unknown_columns"]:
            parts.append(
                Markup("<p>%s</p>")
                % _(
                    "Columns ignored: %(columns)s",
                    columns=", ".join(result["unknown_columns"]),
                )
            )
        return Markup("").join(parts) or escape("")
