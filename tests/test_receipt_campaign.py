from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestReceiptCampaign(PaymentBatchCommon):
    """A line type's campaign is written on the receipts of that line (seed 003)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Campaign = cls.env["utm.campaign"]
        cls.spring = Campaign.create({"name": "Spring Appeal"})
        cls.gala = Campaign.create({"name": "Gala Dinner"})
        cls.line_type_cheques.campaign_id = cls.spring

    def test_receipts_of_a_campaign_line_carry_its_campaign(self):
        batch = self._open_batch(cheques=(1, 50.0), cash=(1, 20.0))
        cheque = self._add_receipt(batch, 50.0, line=batch.line_ids[0])
        cash = self._add_receipt(batch, 20.0, line=batch.line_ids[1])
        self.assertEqual(cheque.batch_campaign_id, self.spring)
        self.assertFalse(cash.batch_campaign_id)
        # The batch's campaign for lines without one.
        batch.with_user(self.clerk).campaign_id = self.gala
        other = self._add_receipt(batch, 20.0, line=batch.line_ids[1])
        self.assertEqual(other.batch_campaign_id, self.gala)
        # Moving a receipt to the campaign line takes the line's campaign.
        other.with_user(self.clerk).batch_line_id = batch.line_ids[0]
        self.assertEqual(other.batch_campaign_id, self.spring)

    def test_another_campaign_than_the_lines_is_refused(self):
        batch = self._open_batch(cheques=(1, 50.0))
        with self._assert_refused(
            ValidationError,
            r"Receipt partner_a / 50.0: campaign Gala Dinner differs from Spring "
            r"Appeal, the campaign of its line",
        ):
            self._add_receipt(batch, 50.0, batch_campaign_id=self.gala.id)
        self.assertFalse(batch.payment_ids)
        receipt = self._add_receipt(batch, 50.0)
        with self._assert_refused(ValidationError, "differs from Spring Appeal"):
            receipt.with_user(self.clerk).batch_campaign_id = self.gala
        self.assertEqual(receipt.batch_campaign_id, self.spring)

    def test_the_report_names_the_campaign(self):
        batch = self._open_batch(cheques=(1, 50.0))
        self._add_receipt(batch, 50.0)
        receipt = batch.with_user(self.clerk)._report_values()["receipts"][0]
        self.assertEqual(receipt["kind"], "Standard, campaign Spring Appeal")
