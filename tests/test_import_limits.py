from odoo.tests import tagged

from .import_common import ImportCommon, receipt_row, xlsx


@tagged("post_install", "-at_install")
class TestImportLimits(ImportCommon):
    """The import's row and sheet-size limits are system parameters."""

    def test_row_limit_names_its_parameter_and_nothing_is_written(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "account_payment_batch.import_max_rows", "2"
        )
        rows = [
            receipt_row(10.0 + n, payer="Jane Importer", reference=f"C{n}")
            for n in range(3)
        ]
        self._assert_fatal(
            xlsx(rows),
            r"holds more than 2 data rows; the limit is 2 rows per import\. Split "
            r"the file\. The limit is the system parameter "
            r"account_payment_batch\.import_max_rows\.",
        )
        # Two rows are within it.
        wizard = self._import(xlsx(rows[:2]))
        self.assertEqual(wizard.imported_count, 2)

    def test_sheet_size_limit_names_its_parameter(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "account_payment_batch.import_max_sheet_mb", "0.001"
        )
        rows = [
            receipt_row(10.0, payer="Jane Importer", reference=f"C{n}")
            for n in range(40)
        ]
        self._assert_fatal(
            xlsx(rows),
            r"of sheet data once uncompressed; the limit is .*\. The limit is the "
            r"system parameter account_payment_batch\.import_max_sheet_mb\.",
        )
