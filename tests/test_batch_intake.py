"""Automated batches: a mail to a batch type's address, and the create_from_file call."""

import base64
import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .import_common import HEADERS, ImportCommon, csv_bytes, receipt_row, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENDER = "importer@clerks.example.com"
ADDRESS = "receipts@batches.example.com"
INTAKE_LOGGER = (
    "odoo.addons.account_payment_batch.models.account_payment_batch_intake_mail"
)


@tagged("post_install", "-at_install")
class TestBatchIntake(ImportCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intake_domain = cls.env["mail.alias.domain"].create(
            {"name": "batches.example.com"}
        )
        cls.batch_type.write(
            {
                "alias_name": "receipts",
                "alias_domain_id": cls.intake_domain.id,
                "alias_contact": "partners",
            }
        )
        cls.importer.partner_id.email = SENDER
        cls.invoice_jane = cls._invoice(cls.payer_jane, 100.0)
        cls.invoice_acme = cls._invoice(cls.payer_acme, 250.0)

    # ------------------------------------------------------------------
    # helpers

    def _mail(self, files=(), sender=SENDER, to=ADDRESS, subject="Lockbox 15 March"):
        """A real MIME message; ``files``: (name, bytes, mimetype) triples."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate()
        message["Message-ID"] = make_msgid(domain="clerks.example.com")
        message.set_content("Today's receipts are attached.")
        for filename, content, mimetype in files:
            maintype, subtype = mimetype.split("/")
            if maintype == "text":
                message.add_attachment(
                    content.decode(), subtype=subtype, filename=filename
                )
            else:
                message.add_attachment(
                    content, maintype=maintype, subtype=subtype, filename=filename
                )
        return message.as_bytes()

    def _process(self, raw):
        """Feed ``raw`` through Odoo's mail gateway, as the mail fetcher does."""
        with self.mock_mail_gateway():
            return self.env["mail.thread"].sudo().message_process(None, raw)

    def _batch_count(self):
        return self.env["account.payment.batch"].sudo().search_count([])

    def _bounces(self, email_to):
        return self._new_mails.filtered(lambda mail: mail.email_to == email_to)

    def _matched_file(self):
        return xlsx(
            [
                receipt_row(100.0, "Jane Importer", "CHQ-1", self.invoice_jane.name),
                receipt_row(250.0, "Acme Mutual", "CHQ-2", self.invoice_acme.name),
            ]
        )

    # ------------------------------------------------------------------
    # by mail

    def test_alias_creates_batches_of_its_type(self):
        alias = self.batch_type.alias_id
        self.assertEqual(alias.alias_model_id.model, "account.payment.batch")
        self.assertEqual(alias.alias_full_name, ADDRESS)
        self.assertIn(f"'batch_type_id': {self.batch_type.id}", alias.alias_defaults)
        copy = self.batch_type.copy({"code": "CR2"})
        self.assertFalse(copy.alias_name, "an address belongs to one type")
        new_type = self.env["account.payment.batch.type"].create(
            {"name": "Lockbox", "code": "LB", "alias_name": "lockbox"}
        )
        self.assertEqual(new_type.alias_contact, "followers", "strangers refused")

    def test_mail_with_a_receipts_file_creates_an_automated_batch(self):
        raw = self._mail([("receipts.xlsx", self._matched_file(), XLSX)])
        batch = self.env["account.payment.batch"].browse(self._process(raw))

        self.assertTrue(batch.is_automated)
        self.assertEqual(batch.batch_type_id, self.batch_type)
        self.assertEqual(batch.company_id, self.batch_type.company_id)
        self.assertEqual(batch.state, "draft")
        self.assertEqual(batch.received_from_id, self.importer.partner_id)
        self.assertEqual(batch.create_uid, self.importer, "the sender's user")
        self.assertEqual(batch.description, "Lockbox 15 March")
        self.assertEqual(len(batch.payment_ids), 2)
        for invoice in (self.invoice_jane, self.invoice_acme):
            receipt = batch.payment_ids.filtered(
                lambda p, invoice=invoice: p.batch_invoice_number == invoice.name
            )
            self.assertEqual(receipt.allocation_ids.move_id, invoice, "auto-matched")
        mail = batch.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(mail), 1, "the mail itself is kept in the chatter")
        self.assertEqual(mail.author_id, self.importer.partner_id)
        self.assertEqual(mail.subject, "Lockbox 15 March")
        self.assertEqual(mail.attachment_ids.mapped("name"), ["receipts.xlsx"])
        bodies = " ".join(batch.message_ids.mapped("body"))
        self.assertIn("2 rows imported", bodies)
        self.assertIn("Automated batch: created from the email", bodies)
        self.assertFalse(self._bounces(SENDER), "nothing sent back")

    def test_csv_sent_as_text_is_imported_and_other_attachments_listed(self):
        rows = [receipt_row(100.0, "Jane Importer", "CHQ-9", self.invoice_jane.name)]
        content = csv_bytes([HEADERS, *rows])
        raw = self._mail(
            [
                ("receipts.csv", content, "text/csv"),
                ("scan.pdf", PDF, "application/pdf"),
            ]
        )
        batch = self.env["account.payment.batch"].browse(self._process(raw))
        self.assertTrue(batch.is_automated)
        self.assertEqual(batch.payment_ids.amount, 100.0)
        self.assertEqual(batch.payment_ids.allocation_ids.move_id, self.invoice_jane)
        summary = batch.message_ids.filtered(
            lambda m: "Attachments not imported" in m.body
        )
        self.assertIn("scan.pdf", summary.body)

    def test_rejected_rows_are_attached_to_the_batch(self):
        content = xlsx(
            [
                receipt_row(100.0, "Jane Importer", "CHQ-1", self.invoice_jane.name),
                receipt_row("12,5x", "Acme Mutual", "CHQ-2"),
            ]
        )
        batch = self.env["account.payment.batch"].browse(
            self._process(self._mail([("receipts.xlsx", content, XLSX)]))
        )
        self.assertEqual(len(batch.payment_ids), 1)
        summary = batch.message_ids.filtered(lambda m: "rejected rows" in m.body)
        self.assertEqual(
            summary.attachment_ids.mapped("name"), ["receipts_rejected_rows.xlsx"]
        )

    def test_mail_without_a_file_creates_nothing_and_is_answered(self):
        before = self._batch_count()
        with self.assertLogs(INTAKE_LOGGER, logging.INFO) as logs:
            result = self._process(self._mail())
        self.assertFalse(result)
        self.assertEqual(self._batch_count(), before)
        self.assertIn("no file attached", logs.output[0])
        bounce = self._bounces(SENDER)
        self.assertEqual(len(bounce), 1)
        self.assertIn("no payment batch was created", bounce.body_html)
        self.assertIn("no file attached", bounce.body_html)

    def test_mail_with_an_unreadable_file_creates_nothing_and_is_answered(self):
        before = self._batch_count()
        with self.assertLogs(INTAKE_LOGGER, logging.INFO) as logs:
            result = self._process(self._mail([("scan.pdf", PDF, "application/pdf")]))
        self.assertFalse(result)
        self.assertEqual(self._batch_count(), before)
        self.assertIn("scan.pdf", logs.output[0])
        bounce = self._bounces(SENDER)
        self.assertIn("No attached file could be imported", bounce.body_html)
        self.assertIn("scan.pdf", bounce.body_html)

    def test_mail_to_a_type_that_takes_no_imports_creates_nothing(self):
        self.batch_type.kind = "card_charge"
        before = self._batch_count()
        raw = self._mail([("receipts.xlsx", self._matched_file(), XLSX)])
        self.assertFalse(self._process(raw))
        self.assertEqual(self._batch_count(), before)
        self.assertIn("cash receipt and refund", self._bounces(SENDER).body_html)

    def test_unknown_sender_is_refused_by_an_alias_for_partners(self):
        before = self._batch_count()
        stranger = "stranger@elsewhere.example.com"
        raw = self._mail(
            [("receipts.xlsx", self._matched_file(), XLSX)], sender=stranger
        )
        self.assertFalse(self._process(raw))
        self.assertEqual(self._batch_count(), before)
        self.assertEqual(len(self._bounces(stranger)), 1, "Odoo's alias bounce")

    def test_alias_for_followers_takes_mail_from_followers_only(self):
        self.batch_type.alias_contact = "followers"
        before = self._batch_count()
        raw = self._mail([("receipts.xlsx", self._matched_file(), XLSX)])
        self.assertFalse(self._process(raw), "the importer does not follow the type")
        self.assertEqual(self._batch_count(), before)
        self.assertEqual(len(self._bounces(SENDER)), 1)

        self.batch_type.message_subscribe(self.importer.partner_id.ids)
        raw = self._mail([("receipts.xlsx", self._matched_file(), XLSX)])
        batch = self.env["account.payment.batch"].browse(self._process(raw))
        self.assertTrue(batch.is_automated)

    def test_batch_belongs_to_the_company_of_the_type(self):
        other = self.setup_other_company(name="Intake Other Co")
        other_type = self.batch_type.copy(
            {
                "company_id": other["company"].id,
                "journal_id": other["default_journal_bank"].id,
                "suspense_account_id": False,
                "code": "OC",
                "alias_name": "receipts-other",
                "alias_domain_id": self.intake_domain.id,
            }
        )
        raw = self._mail(
            [("receipts.xlsx", self._matched_file(), XLSX)],
            to="receipts-other@batches.example.com",
        )
        batch = self.env["account.payment.batch"].browse(self._process(raw))
        self.assertEqual(batch.batch_type_id, other_type)
        self.assertEqual(batch.company_id, other["company"])
        self.assertEqual(batch.journal_id, other["default_journal_bank"])
        self.assertEqual(batch.payment_ids.company_id, other["company"])
        self.assertFalse(
            batch.payment_ids.allocation_ids,
            "invoices of another company are not matched",
        )

    # ------------------------------------------------------------------
    # by the server call

    def test_create_from_file_makes_an_automated_batch(self):
        content = xlsx(
            [
                receipt_row(100.0, "Jane Importer", "CHQ-1", self.invoice_jane.name),
                receipt_row("12,5x", "Acme Mutual", "CHQ-2"),
            ]
        )
        result = (
            self.env["account.payment.batch"]
            .with_user(self.importer)
            .create_from_file(
                self.batch_type.id,
                base64.b64encode(content).decode(),
                "lockbox.xlsx",
                values={"reference": "LOCKBOX-15"},
            )
        )
        batch = self.env["account.payment.batch"].browse(result["batch_id"])
        self.assertTrue(batch.is_automated)
        self.assertEqual(batch.name, result["name"])
        self.assertEqual(batch.reference, "LOCKBOX-15")
        self.assertEqual(batch.create_uid, self.importer)
        self.assertEqual(
            (result["total_rows"], result["imported_count"], result["rejected_count"]),
            (2, 1, 1),
        )
        self.assertEqual(result["unmatched_count"], 0)
        self.assertEqual(batch.payment_ids.allocation_ids.move_id, self.invoice_jane)
        self.assertEqual(len(result["errors"]), 1)
        self.assertRegex(result["errors"][0], r"^Row 3: .*12,5x")
        self.assertTrue(base64.b64decode(result["rejected_file"]))
        self.assertIn("server call", " ".join(batch.message_ids.mapped("body")))

    def test_create_from_file_needs_the_import_right(self):
        before = self._batch_count()
        content = base64.b64encode(self._matched_file())
        with self.assertRaisesRegex(AccessError, "Import Receipts"):
            self.env["account.payment.batch"].with_user(self.clerk).create_from_file(
                self.batch_type.id, content, "receipts.xlsx"
            )
        self.assertEqual(self._batch_count(), before)

    def test_create_from_file_leaves_no_batch_when_the_file_is_refused(self):
        before = self._batch_count()
        payments = self.env["account.payment"].search_count([])
        with self.assertRaises(UserError):
            self.env["account.payment.batch"].with_user(self.importer).create_from_file(
                self.batch_type.id, base64.b64encode(PDF), "scan.pdf"
            )
        self.assertEqual(self._batch_count(), before)
        self.assertEqual(self.env["account.payment"].search_count([]), payments)

    def test_create_from_file_refuses_fields_it_does_not_take(self):
        content = base64.b64encode(self._matched_file())
        with self._assert_refused(UserError, "cannot be given: state"):
            self.env["account.payment.batch"].with_user(self.importer).create_from_file(
                self.batch_type.id, content, "receipts.xlsx", values={"state": "open"}
            )

    # ------------------------------------------------------------------
    # by hand

    def test_hand_made_batch_cannot_be_marked_automated(self):
        with self._assert_refused(UserError, "marked Automated only"):
            self._create_batch(is_automated=True)
        with self._assert_refused(UserError, "marked Automated only"):
            self.batch.with_user(self.manager).write({"is_automated": True})
        self.assertFalse(self.batch.is_automated)

    def test_automated_mark_cannot_be_removed_by_hand(self):
        result = (
            self.env["account.payment.batch"]
            .with_user(self.importer)
            .create_from_file(
                self.batch_type.id,
                base64.b64encode(self._matched_file()),
                "receipts.xlsx",
            )
        )
        batch = self.env["account.payment.batch"].browse(result["batch_id"])
        with self._assert_refused(UserError, "marked Automated only"):
            batch.with_user(self.manager).is_automated = False
        self.assertTrue(batch.is_automated)
