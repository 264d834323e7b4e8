from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

GROUP = "account_payment_batch.group_batch_%s"


class PaymentBatchCommon(AccountTestInvoicingCommon):
    """Batch types, users with only the rights a scenario needs, and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.batch_type = cls.env["account.payment.batch.type"].create(
            {
                "name": "Cash Receipts",
                "code": "CR",
                "kind": "cash_receipt",
                "journal_id": cls.bank_journal.id,
                "line_type_ids": [
                    Command.create({"name": "Cheques", "sequence": 1}),
                    Command.create({"name": "Cash", "sequence": 2}),
                ],
            }
        )
        cls.line_type_cheques, cls.line_type_cash = cls.batch_type.line_type_ids
        company = cls.env.company
        cls.clerk = cls._user("clerk", "user")
        cls.opener = cls._user("opener", "open")
        cls.other_opener = cls._user("other_opener", "open")
        cls.closer = cls._user("closer", "close")
        cls.canceller = cls._user("canceller", "cancel")
        cls.supervisor = cls._user("supervisor", "open,close,cancel")
        cls.manager = cls._user("batch_manager", "manager")
        cls.accountant = new_test_user(
            cls.env,
            login="accountant",
            groups="account.group_account_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _user(cls, login, rights):
        groups = ",".join(GROUP % right for right in rights.split(","))
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    def _create_batch(self, user=None, **vals):
        """A draft batch of the cash receipts type, created by ``user``."""
        user = user or self.clerk
        return (
            self.env["account.payment.batch"]
            .with_user(user)
            .create({"batch_type_id": self.batch_type.id, **vals})
        )

    def _set_recorded(self, batch, cheques=(0, 0.0), cash=(0, 0.0)):
        """Type the cover-sheet totals: (count, amount) per line."""
        for line, (count, amount) in zip(batch.line_ids, (cheques, cash)):
            line.write(
                {"recorded_payment_count": count, "recorded_payment_amount": amount}
            )

    def _add_receipt(self, batch, amount, line=None, partner=None, user=None, **vals):
        """A draft receipt entered into ``batch`` by ``user`` (the clerk)."""
        user = user or self.clerk
        return (
            self.env["account.payment"]
            .with_user(user)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": (partner or self.partner_a).id,
                    "amount": amount,
                    "date": fields.Date.today(),
                    "journal_id": batch.journal_id.id,
                    "batch_id": batch.id,
                    "batch_line_id": (line or batch.line_ids[0]).id,
                    **vals,
                }
            )
        )

    def _open_batch(self, cheques=(2, 300.0), cash=(0, 0.0)):
        """An open batch whose cover sheet says ``cheques`` and ``cash``."""
        batch = self._create_batch()
        self._set_recorded(batch, cheques, cash)
        batch.with_user(self.supervisor).action_open()
        return batch
