from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.company_check_grouped import GROUPED_FROM, grouped_check_passes
from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestCompanyCheckGrouped(PaymentBatchCommon):
    """Company checks of many receipts at once refuse what Odoo's check refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company(name="Other Receipts Company")
        cls.batch = cls._open_batch_for_class(GROUPED_FROM + 5)

    @classmethod
    def _open_batch_for_class(cls, count):
        batch = cls.env["account.payment.batch"].create(
            {"batch_type_id": cls.batch_type.id}
        )
        batch.line_ids[0].write(
            {
                "recorded_payment_count": count,
                "recorded_payment_amount": 10.0 * count,
            }
        )
        batch.action_open()
        cls.env["account.payment"].with_user(cls.clerk).create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": cls.partner_a.id,
                    "amount": 10.0,
                    "date": fields.Date.today(),
                    "journal_id": batch.journal_id.id,
                    "batch_id": batch.id,
                    "batch_line_id": batch.line_ids[0].id,
                }
                for _n in range(count)
            ]
        )
        return batch

    def _foreign_account(self, receipt):
        """Point one receipt's counterpart account at another company's account."""
        self.env.cr.execute(
            "UPDATE account_payment SET destination_account_id = %s WHERE id = %s",
            [self.other["default_account_receivable"].id, receipt.id],
        )
        receipt.invalidate_recordset(["destination_account_id"])

    def test_consistent_receipts_pass(self):
        receipts = self.batch.payment_ids
        self.assertGreaterEqual(len(receipts), GROUPED_FROM)
        self.assertTrue(grouped_check_passes(receipts, None))
        receipts._check_company()

    def test_one_foreign_link_among_many_is_refused_with_odoos_message(self):
        receipts = self.batch.payment_ids
        self._foreign_account(receipts[-1])
        self.assertFalse(grouped_check_passes(receipts, None))
        with self.assertRaisesRegex(
            UserError, r"(?s)company inconsistencies.*destination_account_id"
        ):
            receipts._check_company()
        # Below the grouping size Odoo's own check says the same.
        with self.assertRaises(UserError):
            receipts[-3:]._check_company()
