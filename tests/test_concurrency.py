"""Two users at once: each works in a database transaction of its own.

A ``TransactionCase`` runs everything in one transaction, which cannot show
what a second user sees. These tests commit their fixtures in the main
company, give each user a cursor of its own (as two HTTP requests would
have) and remove everything they committed afterwards.
"""

import threading
import uuid
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import TransactionCase, new_test_user, tagged

from .import_common import HEADERS, csv_bytes, receipt_row

BUSY = r"by another user right now: nothing was changed"
AMOUNTS = (100.0, 200.0, 300.0)


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.cursors = []
        with self.registry.cursor() as cr:
            self.data = self._make_fixtures(api.Environment(cr, SUPERUSER_ID, {}))
        self.addCleanup(self._remove_fixtures)
        # Cleanups run last-in first-out: the users' transactions end (and
        # let go of their locks) before the fixtures are removed.
        self.addCleanup(self._close_cursors)

    # ------------------------------------------------------------------
    # fixtures, committed and removed

    def _make_fixtures(self, env):
        tag = uuid.uuid4().hex[:8]
        company = env.ref("base.main_company")
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        users = [
            new_test_user(
                env,
                login=f"apb_race_{who}_{tag}",
                groups="account_payment_batch.group_batch_close,"
                "account_payment_batch.group_batch_import",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            for who in ("anna", "ben")
        ]
        partner = env["res.partner"].create({"name": f"Race Customer {tag}"})
        batch_type = env["account.payment.batch.type"].create(
            {
                "name": f"Race {tag}",
                "kind": "cash_receipt",
                "company_id": company.id,
                "journal_id": journal.id,
                "line_type_ids": [Command.create({"name": "Cheques"})],
            }
        )
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_date": "2026-03-01",
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
                # Three invoices paid by the filled batch, three by the file.
                for amount in AMOUNTS * 2
            ]
        )
        invoices.action_post()
        invoices, file_invoices = invoices[:3], invoices[3:]
        batches = env["account.payment.batch"].create(
            [{"batch_type_id": batch_type.id, "company_id": company.id}] * 2
        )
        batches.line_ids.write(
            {"recorded_payment_count": 3, "recorded_payment_amount": sum(AMOUNTS)}
        )
        batches.action_open()
        # The first batch holds its receipts already; the second one is empty,
        # for imports.
        env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": invoice.amount_total,
                    "date": "2026-03-15",
                    "memo": f"CHQ {number}",
                    "journal_id": journal.id,
                    "batch_id": batches[0].id,
                    "batch_line_id": batches[0].line_ids.id,
                    "batch_invoice_number": invoice.name,
                }
                for number, invoice in enumerate(invoices, start=1)
            ]
        )
        file = csv_bytes(
            [HEADERS]
            + [
                receipt_row(
                    invoice.amount_total,
                    payer=partner.name,
                    reference=f"LBX {number}",
                    invoice=invoice.name,
                    day="2026-03-15",
                )
                for number, invoice in enumerate(file_invoices, start=1)
            ]
        )
        return {
            "file": file,
            "users": users,
            "partner": partner,
            "batch_type": batch_type,
            "invoices": invoices,
            "file_invoices": file_invoices,
            "filled": batches[0],
            "empty": batches[1],
        }

    def _remove_fixtures(self):
        with self.registry.cursor() as cr:
            # A lock left behind fails the clean-up instead of hanging the run.
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(
                cr, SUPERUSER_ID, {"batch_processing": True, "force_delete": True}
            )
            data = {
                key: value.with_env(env) if hasattr(value, "with_env") else value
                for key, value in self.data.items()
            }
            batches = data["filled"] | data["empty"]
            payments = (
                env["account.payment"]
                .with_context(active_test=False)
                .search([("batch_id", "in", batches.ids)])
            )
            invoices = data["invoices"] | data["file_invoices"]
            lines = (payments.move_id | invoices).line_ids
            (lines.matched_debit_ids | lines.matched_credit_ids).unlink()
            payments.filtered(lambda p: p.state != "draft").action_draft()
            payments.unlink()
            invoices.button_draft()
            invoices.unlink()
            batches.write({"state": "draft"})
            batches.unlink()
            data["batch_type"].unlink()
            data["partner"].unlink()
            users = env["res.users"].browse([user.id for user in data["users"]])
            partners = users.partner_id
            users.unlink()
            partners.unlink()

    def _close_cursors(self):
        for cr in self.cursors:
            cr.close()  # rolls back what was not committed
        self.cursors = []

    def _env(self, user):
        """A user's own transaction, as one HTTP request of theirs would be."""
        cr = self.registry.cursor()
        self.cursors.append(cr)
        return api.Environment(cr, user.id, {})

    def _committed(self):
        """What every user sees once the transactions are over."""
        return self._env(self.env.ref("base.user_root"))

    # ------------------------------------------------------------------
    # what each user does

    @staticmethod
    def _correct(env, batch):
        """Corrected totals = entered totals, so that the batch may close."""
        batch = env["account.payment.batch"].browse(batch.id)
        batch.line_ids.write(
            {
                "corrected_payment_count": batch.line_ids.entered_payment_count,
                "corrected_payment_amount": batch.line_ids.entered_payment_amount,
            }
        )
        return batch

    def _close(self, env):
        env["account.payment.batch"].browse(self.data["filled"].id).action_close()
        env.cr.commit()

    def _file(self):
        return self.data["file"]

    def _import(self, env):
        batch = env["account.payment.batch"].browse(self.data["empty"].id)
        result = batch._import_receipts(self._file(), "receipts.csv")
        env.cr.commit()
        return result

    # ------------------------------------------------------------------
    # checks

    def _assert_closed_once(self, batch, invoices_key="invoices"):
        env = self._committed()
        batch = batch.with_env(env)
        self.assertEqual(batch.state, "closed")
        payments = batch.payment_ids
        self.assertEqual(len(payments), 3)
        self.assertEqual(set(payments.mapped("state")), {"paid"}, "invoices paid")
        entries = env["account.move"].search(
            [("origin_payment_id", "in", payments.ids)]
        )
        self.assertEqual(entries, payments.move_id, "one entry per receipt")
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        invoices = self.data[invoices_key].with_env(env)
        self.assertEqual(invoices.mapped("amount_residual"), [0.0, 0.0, 0.0])
        # The ledger balances: the customer's receivable entries of these
        # invoices and receipts sum to zero, and the bank's outstanding
        # receipts hold the money exactly once.
        all_receivable = env["account.move.line"].search(
            [
                ("move_id", "in", (invoices | entries).ids),
                ("account_id.account_type", "=", "asset_receivable"),
            ]
        )
        currency = batch.currency_id
        self.assertTrue(currency.is_zero(sum(all_receivable.mapped("balance"))))
        self.assertTrue(all(all_receivable.mapped("reconciled")))
        liquidity = entries.line_ids.filtered(
            lambda line: line.account_id == payments.outstanding_account_id
        )
        self.assertEqual(
            currency.compare_amounts(sum(liquidity.mapped("balance")), sum(AMOUNTS)), 0
        )
        for entry in entries:
            self.assertTrue(currency.is_zero(sum(entry.line_ids.mapped("balance"))))

    def _race(self, *calls):
        """Start ``calls`` (user, function) at the same moment, each in its thread.

        :return: per call, "done" or the message of the UserError it raised
        """
        barrier = threading.Barrier(len(calls))
        outcomes = [None] * len(calls)

        def run(index, env, call):
            barrier.wait()
            try:
                call(env)
                outcomes[index] = "done"
            except UserError as exc:
                env.cr.rollback()
                outcomes[index] = exc.args[0]
            except Exception as exc:  # noqa: BLE001 - reported by the test
                env.cr.rollback()
                outcomes[index] = exc

        # Environments are made here: making one looks the registry up under
        # a lock that the test runner's thread holds.
        threads = [
            threading.Thread(target=run, args=(index, self._env(user), call))
            for index, (user, call) in enumerate(calls)
        ]
        # The test runner holds the registry lock while it runs the tests;
        # Odoo's after-commit hooks take it in the users' threads, so it is
        # lifted while they run, as Odoo's own HTTP tests do.
        with patch.object(Registry, "_lock", DummyRLock()):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
        return outcomes

    # ------------------------------------------------------------------
    # two closes

    def test_second_close_while_the_first_runs_is_refused(self):
        anna, ben = self.data["users"]
        env_anna, env_ben = self._env(anna), self._env(ben)
        self._correct(env_anna, self.data["filled"])
        env_anna.cr.commit()
        # Anna's close holds the batch, not committed yet.
        env_anna["account.payment.batch"].browse(self.data["filled"].id).action_close()
        with self.assertRaisesRegex(UserError, BUSY):
            self._close(env_ben)
        env_ben.cr.rollback()
        env_anna.cr.commit()
        self._assert_closed_once(self.data["filled"])
        # Ben tries again once Anna is done: the batch is closed.
        with self.assertRaisesRegex(UserError, "is Closed: it cannot be closed"):
            self._close(env_ben)
        env_ben.cr.rollback()
        self._assert_closed_once(self.data["filled"])

    def test_close_started_before_the_other_committed_is_refused(self):
        """Ben's transaction saw the batch open before Anna's close committed."""
        anna, ben = self.data["users"]
        env_anna, env_ben = self._env(anna), self._env(ben)
        self._correct(env_anna, self.data["filled"])
        env_anna.cr.commit()
        batch_ben = env_ben["account.payment.batch"].browse(self.data["filled"].id)
        self.assertEqual(batch_ben.state, "open")  # Ben's snapshot starts here
        self._close(env_anna)
        with self.assertRaisesRegex(UserError, BUSY):
            batch_ben.action_close()
        env_ben.cr.rollback()
        self._assert_closed_once(self.data["filled"])

    def test_two_closes_at_the_same_moment_one_wins(self):
        anna, ben = self.data["users"]
        env = self._env(anna)
        self._correct(env, self.data["filled"])
        env.cr.commit()
        outcomes = self._race((anna, self._close), (ben, self._close))
        self.assertEqual(outcomes.count("done"), 1, outcomes)
        refused = next(outcome for outcome in outcomes if outcome != "done")
        self.assertRegex(refused, f"{BUSY}|is Closed: it cannot be closed")
        self._assert_closed_once(self.data["filled"])

    # ------------------------------------------------------------------
    # two imports, an import and a close

    def _assert_imported_once(self):
        batch = self.data["empty"].with_env(self._committed())
        self.assertEqual(len(batch.payment_ids), 3)
        self.assertEqual(
            sorted(batch.payment_ids.mapped("memo")), ["LBX 1", "LBX 2", "LBX 3"]
        )

    def test_second_import_while_the_first_runs_is_refused(self):
        anna, ben = self.data["users"]
        env_anna, env_ben = self._env(anna), self._env(ben)
        batch = env_anna["account.payment.batch"].browse(self.data["empty"].id)
        self.assertEqual(
            batch._import_receipts(self._file(), "receipts.csv")["imported_count"], 3
        )
        with self.assertRaisesRegex(UserError, BUSY):
            self._import(env_ben)
        env_ben.cr.rollback()
        env_anna.cr.commit()
        # Ben imports the same file again once Anna is done: all duplicates.
        result = self._import(env_ben)
        self.assertEqual(result["imported_count"], 0)
        self.assertEqual(result["duplicate_count"], 3)
        self._assert_imported_once()

    def test_import_started_before_the_other_committed_is_refused(self):
        anna, ben = self.data["users"]
        env_anna, env_ben = self._env(anna), self._env(ben)
        batch_ben = env_ben["account.payment.batch"].browse(self.data["empty"].id)
        self.assertFalse(batch_ben.payment_ids)  # Ben's snapshot: no receipt yet
        self._import(env_anna)
        with self.assertRaisesRegex(UserError, BUSY):
            batch_ben._import_receipts(self._file(), "receipts.csv")
        env_ben.cr.rollback()
        self._assert_imported_once()

    def test_two_imports_at_the_same_moment_import_once(self):
        anna, ben = self.data["users"]
        outcomes = self._race((anna, self._import), (ben, self._import))
        self.assertEqual(outcomes.count("done"), 1, outcomes)
        self.assertRegex(next(o for o in outcomes if o != "done"), BUSY)
        self._assert_imported_once()

    def test_import_and_close_of_one_batch(self):
        """A close while an import runs is refused, and the other way round."""
        anna, ben = self.data["users"]
        env_anna, env_ben = self._env(anna), self._env(ben)
        batch = env_anna["account.payment.batch"].browse(self.data["empty"].id)
        batch._import_receipts(self._file(), "receipts.csv")  # not committed
        with self.assertRaisesRegex(UserError, BUSY):
            env_ben["account.payment.batch"].browse(batch.id).action_close()
        env_ben.cr.rollback()
        env_anna.cr.commit()
        self._assert_imported_once()

        # Ben closes (not committed yet); Anna imports the file again.
        env_ben = self._env(ben)
        self._correct(env_ben, batch).action_close()
        with self.assertRaisesRegex(UserError, BUSY):
            self._import(env_anna)
        env_anna.cr.rollback()
        env_ben.cr.commit()
        self._assert_closed_once(self.data["empty"], "file_invoices")
        with self.assertRaisesRegex(UserError, "no receipt can be added"):
            self._import(env_anna)
        env_anna.cr.rollback()
        self._assert_closed_once(self.data["empty"], "file_invoices")
