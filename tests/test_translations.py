import base64
import io
import re
import tempfile
from pathlib import Path

import polib
from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import (
    PYTHON_TRANSLATION_COMMENT,
    CodeTranslations,
    code_translations,
    trans_export,
)

from .import_common import DAY, HEADERS, ImportCommon, csv_bytes, receipt_row

POT = Path(__file__).resolve().parent.parent / "i18n" / "account_payment_batch.pot"
MSGID = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def msgids(text):
    """The set of message ids of a .po/.pot text, continuation lines joined."""
    return {
        first + "".join(line[1:-1] for line in rest.splitlines())
        for first, rest in MSGID.findall(text)
    } - {""}


@tagged("post_install", "-at_install")
class TestTranslationTemplate(TransactionCase):
    def test_the_template_is_up_to_date(self):
        buffer = io.BytesIO()
        trans_export(None, ["account_payment_batch"], buffer, "po", self.env)
        exported = msgids(buffer.getvalue().decode())
        committed = msgids(POT.read_text(encoding="utf-8"))
        self.assertGreater(len(exported), 500)
        missing, stale = exported - committed, committed - exported
        self.assertFalse(
            missing or stale,
            f"i18n/account_payment_batch.pot is stale: run make pot "
            f"({len(missing)} strings missing, e.g. {sorted(missing)[:3]}; "
            f"{len(stale)} no longer used, e.g. {sorted(stale)[:3]})",
        )


@tagged("post_install", "-at_install")
class TestFakeLanguage(ImportCommon):
    """A made-up language whose every translation is the English text with
    "xx " in front, loaded from the addon's own template: what the import
    shows a clerk comes out in it, built from parts or not."""

    LANG = "xx_XX"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].create(
            {
                "name": "Pseudo-English",
                "code": cls.LANG,
                "iso_code": "xx",
                "url_code": "xx",
                "active": True,
            }
        )
        # The .po a translator would send: every message of the template.
        catalog = polib.pofile(str(POT))
        for entry in catalog:
            entry.msgstr = "xx " + entry.msgid
        with tempfile.TemporaryDirectory() as folder:
            po = Path(folder) / f"{cls.LANG}.po"
            catalog.save(str(po))
            with po.open("rb") as fileobj:
                python = CodeTranslations._read_code_translations_file(
                    fileobj,
                    lambda row: (
                        row.get("value")
                        and PYTHON_TRANSLATION_COMMENT in row["comments"]
                    ),
                )
        key = ("account_payment_batch", cls.LANG)
        code_translations.python_translations[key] = python
        cls.addClassCleanup(code_translations.python_translations.pop, key, None)

    def _clerk_wizard(self, lang, **vals):
        return self._wizard(**vals).with_context(lang=lang)

    def test_import_template_in_the_clerks_language(self):
        wizard = self._clerk_wizard(self.LANG)
        wizard.action_download_template()
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        receipts, example = workbook.worksheets[:2]
        self.assertEqual(receipts.title, "xx Receipts")
        self.assertEqual(example.title, "xx Example")
        headers = [cell.value for cell in receipts[1]]
        self.assertEqual(headers[0], "xx Receipt Date *")
        self.assertIn("xx Payer / Bill To Party Name", headers)
        self.assertEqual(
            example["A4"].value,
            'xx Only the first sheet ("xx Receipts") is imported: this sheet is an '
            "example. Columns marked * are required.",
        )
        # In English, the same template reads as before.
        wizard = self._clerk_wizard("en_US")
        wizard.action_download_template()
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        self.assertEqual(workbook.worksheets[0]["A1"].value, "Receipt Date *")

        # The translated template, filled in, imports in that language.
        receipts.append(
            [
                DAY,
                "Manual",
                "CHQ-77",
                150.0,
                None,
                "Jane Importer",
                *([None] * (len(headers) - 6)),
            ]
        )
        buffer = io.BytesIO()
        workbook_xx = receipts.parent
        workbook_xx.save(buffer)
        wizard = self._clerk_wizard(
            self.LANG,
            file=base64.b64encode(buffer.getvalue()),
            filename="receipts.xlsx",
        )
        wizard.action_import()
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 0))
        receipt = self.batch.payment_ids
        self.assertEqual(
            (receipt.amount, receipt.memo, receipt.partner_id),
            (150.0, "CHQ-77", self.payer_jane),
        )

    def test_error_messages_in_the_clerks_language(self):
        content = csv_bytes([["Description"], ["March premium"]])
        before = self._snapshot()
        with self.assertRaises(UserError) as caught:
            self._clerk_wizard(
                self.LANG, file=base64.b64encode(content), filename="r.csv"
            ).action_import()
        message = caught.exception.args[0]
        # The message and the parts it is built from are translated.
        self.assertTrue(
            message.startswith(
                "xx None of the required columns (xx Receipt Date, xx Receipt Amount) "
                'is in the header row (row 1 of xx "r.csv").'
            ),
            message,
        )
        self.assertEqual(self._snapshot(), before)
        # A rejected row's reason, shown on the result and in the rejected file.
        content = csv_bytes([list(HEADERS), receipt_row("abc", payer="Jane Importer")])
        wizard = self._clerk_wizard(
            self.LANG, file=base64.b64encode(content), filename="r.csv"
        )
        wizard.action_import()
        self.assertEqual(wizard.rejected_count, 1)
        self.assertIn('xx D2: "abc" is not an amount', wizard.result_html)
        rejected = load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file)))
        sheet = rejected.worksheets[0]
        self.assertEqual(sheet.title, "xx Rejected rows")
        self.assertEqual(sheet.cell(1, sheet.max_column).value, "xx Error")
        self.assertEqual(
            sheet.cell(2, sheet.max_column).value, 'xx D2: "abc" is not an amount'
        )
        # The same file in English.
        with self.assertRaisesRegex(UserError, r"^None of the required columns"):
            self._clerk_wizard(
                "en_US",
                file=base64.b64encode(csv_bytes([["Description"], ["x"]])),
                filename="r.csv",
            ).action_import()

    def test_report_labels_in_the_readers_language(self):
        batch = self.batch.with_user(self.importer).with_context(lang=self.LANG)
        workbook = load_workbook(io.BytesIO(batch._report_xlsx()))
        texts = {
            cell.value
            for row in workbook.worksheets[0].iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        }
        self.assertIn("xx Control totals", texts)
        self.assertIn("xx Receipts", texts)
        self.assertNotIn("Control totals", texts)
