"""Automated batches: the mark, and the server call that creates one from a file.

Batches created without a clerk are marked *Automated*, and only those:
``create_from_file`` here (for scripts over XML-RPC or JSON-RPC) and an
email to a batch type's alias (``account_payment_batch_intake_mail``). Both
create a draft batch of the type's company and import the file through the
import engine (``_import_receipts``), which auto-matches the receipts.
"""

import base64
import binascii

from odoo import _, api, models
from odoo.exceptions import UserError

IMPORT_GROUP = "account_payment_batch.group_batch_import"
#: Batch fields a caller of ``create_from_file`` (or an alias's defaults) may set.
INTAKE_FIELDS = (
    "journal_id",
    "date_received",
    "received_from_id",
    "reference",
    "confirmation_number",
    "description",
    "campaign_id",
    "year",
)


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    # -------------------------------------------------------------------------
    # THE AUTOMATED MARK
    # -------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("is_automated") for vals in vals_list):
            raise UserError(self._intake_mark_refused())
        return super().create(vals_list)

    def write(self, vals):
        if (
            "is_automated" in vals
            and not self.env.su
            and any(batch.is_automated != bool(vals["is_automated"]) for batch in self)
        ):
            raise UserError(self._intake_mark_refused())
        return super().write(vals)

    @api.model
    def _intake_mark_refused(self):
        return _(
            "A batch is marked Automated only when a file creates it, through an "
            "email to its batch type or the create_from_file server call; the mark "
            "cannot be set or removed by hand."
        )

    # -------------------------------------------------------------------------
    # SERVER CALL
    # -------------------------------------------------------------------------

    @api.model
    def create_from_file(
        self,
        batch_type_id,
        file_content,
        filename,
        values=None,
        duplicates_anyway=False,
        date_order=None,
        bank_receipt_kind="standard",
    ):
        """Create an automated draft batch of a type and import a file into it.

        For scripts (XML-RPC, JSON-RPC). The caller needs the Import Receipts
        right, as for the Import button. The batch belongs to the type's
        company. The file is read like the Import dialog reads it (a
        spreadsheet or a CAMT.054 or BAI2 bank file, by content), its
        receipts are auto-matched; rejected rows and duplicates are reported,
        not raised. A file refused as a whole raises UserError and leaves no
        batch.

        :param int batch_type_id: the batch type (a cash receipt or refund type)
        :param file_content: the file, base64-encoded (str or bytes)
        :param str filename: the file's name, for messages
        :param dict values: other batch fields, among ``INTAKE_FIELDS``
            (journal_id, date_received, received_from_id, reference,
            confirmation_number, description, campaign_id, year)
        :param bool duplicates_anyway: import rows that look like receipts
            already entered instead of skipping them
        :param str date_order: "DMY" or "MDY" for dates written as text
            (default: from the caller's language)
        :param str bank_receipt_kind: "standard" or "insurance_assignment",
            the kind of every receipt of a bank file
        :return: dict with ``batch_id``, ``name``, ``total_rows``,
            ``imported_count``, ``pledge_count``, ``rejected_count``,
            ``duplicate_count``, ``suspense_count``, ``unmatched_count``,
            ``errors``, ``duplicates`` and ``notes`` (lists of texts such as
            "Row 3: D3: "12,5x" is not an amount") and ``rejected_file`` (the
            rejected rows as a base64 .xlsx, or False)
        :raises AccessError: without the Import Receipts right, or for a
            batch type of a company the caller does not work in
        :raises UserError: unknown type or field, a file refused as a whole
        """
        self._check_right(IMPORT_GROUP, _("import receipts into"))
        batch_type = self.env["account.payment.batch.type"].browse(batch_type_id)
        if not batch_type.exists():
            raise UserError(
                _("There is no batch type with id %(id)s.", id=batch_type_id)
            )
        batch_type.check_access("read")
        values = dict(values or {})
        unknown = sorted(set(values) - set(INTAKE_FIELDS))
        if unknown:
            raise UserError(
                _(
                    "These batch fields cannot be given: %(fields)s. Allowed: "
                    "%(allowed)s.",
                    fields=", ".join(unknown),
                    allowed=", ".join(INTAKE_FIELDS),
                )
            )
        try:
            content = base64.b64decode(file_content or b"", validate=True)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise UserError(
                _("The file of %(file)s is not base64-encoded.", file=filename)
            ) from exc
        if not (values.get("journal_id") or batch_type.journal_id):
            raise UserError(
                _(
                    "Batch type %(type)s has no default journal: give journal_id.",
                    type=batch_type.display_name,
                )
            )
        company = batch_type.company_id
        try:
            with self.env.cr.savepoint():
                batch = self.with_company(company).create(
                    {**values, "batch_type_id": batch_type.id, "company_id": company.id}
                )
                # Refused to users in create and write: only these ways in mark it.
                batch.sudo().is_automated = True
                batch.message_post(
                    body=_(
                        "Automated batch: created from %(file)s by a server call "
                        "of %(user)s.",
                        file=filename,
                        user=self.env.user.name,
                    )
                )
                result = batch._import_receipts(
                    content,
                    filename,
                    duplicates_anyway=duplicates_anyway,
                    date_order=date_order or self._import_default_date_order(),
                    bank_receipt_kind=bank_receipt_kind,
                )
        except Exception:
            # The savepoint took the batch back; so must the cache.
            self.env.invalidate_all()
            raise
        return batch._intake_result(result)

    def _intake_result(self, result):
        """What ``create_from_file`` returns: plain values any RPC client reads."""
        self.ensure_one()
        label = _("Entry") if result["row_label"] == "Entry" else _("Row")

        def texts(items):
            return [
                self.env._(
                    "%(label)s %(row)s: %(message)s", label=label, row=row, message=msg
                )
                for row, msg in items
            ]

        counts = (
            "total_rows",
            "imported_count",
            "pledge_count",
            "rejected_count",
            "duplicate_count",
            "suspense_count",
            "unmatched_count",
        )
        return {
            "batch_id": self.id,
            "name": self.name,
            **{key: result[key] for key in counts},
            "errors": texts((e.row_number, e.message) for e in result["errors"]),
            "duplicates": texts(result["duplicates"]),
            "notes": texts(result["notes"]),
            "rejected_file": result["rejected_file"]
            and base64.b64encode(result["rejected_file"]).decode(),
        }
