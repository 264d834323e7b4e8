from contextlib import contextmanager

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
        cls.suspense_account = cls.env["account.account"].create(
            {
                "name": "Unidentified Receipts",
                "code": "499100",
                "account_type": "liability_current",
                "reconcile": True,
            }
        )
        cls.batch_type.suspense_account_id = cls.suspense_account
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

    @contextmanager
    def _assert_refused(self, exception, regex):
        """Expect ``exception``; roll the database back as the request would.

        Odoo rolls back the whole request when a call raises; the savepoint
        plays that part here, so that the test can check nothing was left.
        """
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def _create_batch(self, user=None, **vals):
        """A draft batch of the cash receipts type, created by ``user``."""
        user = user or self.clerk
        return (
            self.env["account.payment.batch"]
            .with_user(user)
            .create({"batch_type_id": self.batch_type.id, **vals})
        )

    def _other_company_batch(self, company_name, **vals):
        """A draft batch of a new company that the test users do not belong to."""
        other = self.setup_other_company(name=company_name)
        other_type = self.batch_type.copy(
            {
                "company_id": other["company"].id,
                "journal_id": other["default_journal_bank"].id,
                "suspense_account_id": False,
                "code": "OC",
            }
        )
        return self.env["account.payment.batch"].create(
            {"batch_type_id": other_type.id, "company_id": other["company"].id, **vals}
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
                    "partner_id": (self.partner_a if partner is None else partner).id,
                    "amount": amount,
                    "date": fields.Date.today(),
                    "journal_id": batch.journal_id.id,
                    "batch_id": batch.id,
                    "batch_line_id": (line or batch.line_ids[0]).id,
                    **vals,
                }
            )
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        move_type="out_invoice",
        ref=None,
        date="2026-01-10",
        currency=None,
    ):
        """A posted customer invoice (or credit note) of one untaxed line."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "ref": ref,
                "currency_id": (currency or cls.env.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @staticmethod
    def _receivable(move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def _allocate(self, receipt, document, amount, user=None):
        """A manual allocation of ``amount`` of ``receipt`` to ``document``."""
        return (
            self.env["account.payment.allocation"]
            .with_user(user or self.clerk)
            .create(
                {
                    "payment_id": receipt.id,
                    "move_line_id": self._receivable(document).id,
                    "amount": amount,
                }
            )
        )

    def _close(self, batch, user=None):
        """Close ``batch`` after setting its corrected totals to what was entered."""
        for line in batch.line_ids:
            line.with_user(self.supervisor).write(
                {
                    "corrected_payment_count": line.entered_payment_count,
                    "corrected_payment_amount": line.entered_payment_amount,
                    "corrected_pledge_amount": line.entered_pledge_amount,
                }
            )
        return batch.with_user(user or self.closer).action_close()

    def _open_batch(self, cheques=(2, 300.0), cash=(0, 0.0)):
        """An open batch whose cover sheet says ``cheques`` and ``cash``."""
        batch = self._create_batch()
        self._set_recorded(batch, cheques, cash)
        batch.with_user(self.supervisor).action_open()
        return batch
