"""On close each receipt records its received date: the deposit's, else the batch's."""

from datetime import date

from odoo.tests import tagged

from .common import PaymentBatchCommon
from .test_report_pdf import BATCH_REPORT, pdf_text

RECEIVED = date(2026, 3, 2)
DEPOSITED = date(2026, 3, 5)


@tagged("post_install", "-at_install")
class TestReceivedDate(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depositor = cls._user("depositor", "deposit")
        manual = cls.bank_journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_method_id.code == "manual"
        )[:1]
        cls.card_method = cls.env["account.payment.method.line"].create(
            {
                "name": "Card Slips",
                "payment_method_id": manual.payment_method_id.id,
                "journal_id": cls.bank_journal.id,
                "batch_deposit_as": "none",
            }
        )

    def _batch(self):
        """An open batch received on 2 March: two cheques and a card slip."""
        batch = self._create_batch(date_received=RECEIVED)
        self._set_recorded(batch, cheques=(3, 350.0))
        batch.with_user(self.supervisor).action_open()
        cheques = self._add_receipt(batch, 100.0, memo="CHQ 1") | self._add_receipt(
            batch, 200.0, memo="CHQ 2"
        )
        card = self._add_receipt(
            batch, 50.0, memo="CARD 1", payment_method_line_id=self.card_method.id
        )
        return batch, cheques, card

    def _deposit(self, batch):
        return batch.with_user(self.depositor)._prepare_deposit(
            self.bank_journal, DEPOSITED, 300.0
        )

    def test_without_deposit_the_batch_date_received(self):
        batch, cheques, card = self._batch()
        self.assertFalse(any((cheques | card).mapped("batch_received_date")))
        self._close(batch)
        self.assertEqual((cheques | card).mapped("batch_received_date"), [RECEIVED] * 3)

    def test_deposit_before_close_gives_the_deposit_date(self):
        batch, cheques, card = self._batch()
        self._deposit(batch)
        self._close(batch)
        self.assertEqual(cheques.mapped("batch_received_date"), [DEPOSITED] * 2)
        self.assertEqual(card.batch_received_date, RECEIVED, "never deposited")

    def test_cancelled_deposit_does_not_count(self):
        batch, cheques, _card = self._batch()
        self._deposit(batch).with_user(self.depositor).action_cancel()
        self._close(batch)
        self.assertEqual(cheques.mapped("batch_received_date"), [RECEIVED] * 2)

    def test_deposit_after_close_leaves_it(self):
        batch, cheques, _card = self._batch()
        self._close(batch)
        self._deposit(batch)
        self.assertEqual(cheques.mapped("batch_received_date"), [RECEIVED] * 2)

    def test_type_that_does_not_post_records_it_too(self):
        self.batch_type.post_on_close = False
        batch, cheques, card = self._batch()
        self._close(batch)
        self.assertEqual(set((cheques | card).mapped("state")), {"draft"})
        self.assertEqual((cheques | card).mapped("batch_received_date"), [RECEIVED] * 3)

    def test_shown_in_the_report(self):
        batch, cheques, card = self._batch()
        self._deposit(batch)
        self._close(batch)
        values = batch.with_user(self.clerk)._report_values()
        received = {row["reference"]: row["received_on"] for row in values["receipts"]}
        self.assertEqual(
            received, {"CHQ 1": DEPOSITED, "CHQ 2": DEPOSITED, "CARD 1": RECEIVED}
        )
        open_batch, *_receipts = self._batch()
        values = open_batch.with_user(self.clerk)._report_values()
        self.assertEqual(
            [row["received_on"] for row in values["receipts"]], [False] * 3
        )

    def test_shown_in_the_pdf(self):
        batch, _cheques, _card = self._batch()
        self._deposit(batch)
        self._close(batch)
        report = self.env["ir.actions.report"].with_user(self.clerk)
        with self.allow_pdf_render():
            content, _kind = report.with_context(
                force_report_rendering=True
            )._render_qweb_pdf(BATCH_REPORT, batch.ids)
        text = " ".join(pdf_text(content).split())
        self.assertIn("Received On", text)
        self.assertIn("03/05/2026", text)
