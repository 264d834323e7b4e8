"""Closing large batches in the background, on OCA queue_job.

``TestBackgroundPost`` runs only on a database where queue_job is installed
(``--test-tags apb_queue``, run "queue" of tools/run-tests.sh): it runs the
jobs the way queue_job's runner does, one transaction step at a time, inside
the test's transaction. ``TestBackgroundPostWithoutQueue`` runs in the
standard run, where queue_job is not installed.
"""

from contextlib import nullcontext
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PaymentBatchCommon


class BackgroundPostCommon(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch_type.write(
            {"background_post_threshold": 4, "background_chunk_size": 2}
        )

    def _large_batch(self, count=5):
        """An open batch of ``count`` receipts, each paying one invoice in full."""
        amounts = [100.0 + index for index in range(count)]
        invoices = self.env["account.move"].browse(
            [self._invoice(self.partner_a, amount).id for amount in amounts]
        )
        batch = self._open_batch(cheques=(count, sum(amounts)))
        receipts = self.env["account.payment"].browse(
            [self._add_receipt(batch, amount).id for amount in amounts]
        )
        self.assertEqual(
            receipts.allocation_ids.move_line_id.move_id,
            invoices,
            "each receipt is matched with the invoice of its amount",
        )
        return batch, receipts, invoices

    def _closer_notices(self, batch):
        """The batch's messages addressed to the user who closed it."""
        return batch.message_ids.filtered(
            lambda m: self.closer.partner_id in m.partner_ids
        )

    def _moves_of(self, receipts):
        """How many journal entries each receipt has, by receipt."""
        counts = dict(
            self.env["account.move"]._read_group(
                [("origin_payment_id", "in", receipts.ids)],
                ["origin_payment_id"],
                ["__count"],
            )
        )
        return [counts.get(receipt, 0) for receipt in receipts]


@tagged("-standard", "apb_queue", "post_install", "-at_install")
class TestBackgroundPost(BackgroundPostCommon):
    """Needs queue_job installed: ``--test-tags apb_queue/account_payment_batch``."""

    def _run_jobs(self, batch, limit=None):
        """Run the batch's pending jobs as queue_job's runner does.

        Each job runs through the runner's own code (``RunJobController``):
        in a savepoint that a failure rolls back, then marked done or failed,
        the failure hook called and the jobs waiting on it enqueued. The
        runner would do the failure part in a second transaction; here it
        stays in the test's one. Returns the exceptions of the failed jobs.
        """
        # queue_job is installed in this run only: imported here, not at the top.
        from odoo.addons.queue_job.controllers.main import (  # noqa: PLC0415
            RunJobController,
        )
        from odoo.addons.queue_job.job import Job  # noqa: PLC0415

        failures = []
        ran = 0
        while limit is None or ran < limit:
            pending = batch._get_posting_jobs().filtered(lambda j: j.state == "pending")
            if not pending:
                break
            job = Job.load(self.env, pending[0].uuid)
            job.set_enqueued()
            job.set_started()
            job.store()
            ran += 1
            with (
                patch.object(Job, "in_temporary_env", lambda job: nullcontext()),
                mute_logger("odoo.addons.queue_job.controllers.main"),
            ):
                try:
                    RunJobController._runjob(self.env, job)
                except Exception as error:  # noqa: BLE001 - the runner's own catch-all
                    failures.append(error)
        self.env.invalidate_all()
        return failures

    def _fail_once_for(self, receipt):
        """Make the chunk holding ``receipt`` fail once, after posting its receipts.

        Its receipts are posted in the job's transaction before the error, so
        that the test sees the rollback undo them.
        """
        payment_class = type(self.env["account.payment"])
        original = payment_class._batch_post
        failed = []

        def batch_post(payments):
            original(payments)
            if receipt in payments and not failed:
                failed.append(receipt)
                raise UserError(
                    payments.env._("The bank journal is locked for an audit.")
                )

        return patch.object(payment_class, "_batch_post", batch_post)

    def test_close_enqueues_one_job_per_chunk_and_a_last_one(self):
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        self.assertEqual(batch.state, "posting")
        self.assertEqual(set(receipts.mapped("state")), {"draft"})
        self.assertFalse(batch.closed_by_id)
        jobs = batch._get_posting_jobs()
        chunks = jobs.filtered(lambda j: j.method_name == "_post_chunk")
        self.assertEqual(len(chunks), 3, "5 receipts by 2")
        self.assertEqual(batch.posting_chunk_count, 3)
        self.assertEqual(batch.posting_chunk_done, 0)
        self.assertEqual(
            sorted(len(job.args[0]) for job in chunks),
            [1, 2, 2],
        )
        self.assertEqual(set(chunks.mapped("state")), {"pending"})
        finish = jobs - chunks
        self.assertEqual(finish.method_name, "_finish_background_post")
        self.assertEqual(finish.state, "wait_dependencies")
        self.assertEqual(set(jobs.mapped("user_id")), {self.closer})
        self.assertEqual(set(jobs.mapped("channel")), {"root.account_payment_batch"})
        self.assertEqual(
            sorted(jobs.mapped("identity_key")),
            sorted(
                f"account.payment.batch,{batch.id}:post:{part}"
                for part in ("1", "2", "3", "close")
            ),
        )

    def test_jobs_post_every_receipt_and_close_the_batch(self):
        batch, receipts, invoices = self._large_batch(5)
        self._close(batch)
        self.assertEqual(self._run_jobs(batch), [])
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertTrue(batch.closed_at)
        self.assertEqual(batch.posting_chunk_done, 3)
        self.assertEqual(set(receipts.mapped("state")), {"paid"})
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        self.assertEqual(self._moves_of(receipts), [1] * 5)
        self.assertEqual(
            set(receipts.allocation_ids.mapped("state")), {"posted"}, "allocations"
        )
        self.assertEqual(
            set(receipts.mapped("batch_received_date")),
            {batch.date_received},
            "the last job records each receipt's Received On, as a close does",
        )
        notice = self._closer_notices(batch)
        self.assertEqual(len(notice), 1, "the closer is told that the batch closed")
        self.assertIn("is closed", notice.body)

    def test_progress_counts_the_chunks_done(self):
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        self._run_jobs(batch, limit=2)
        batch.invalidate_recordset()
        self.assertEqual(batch.state, "posting")
        self.assertEqual(batch.posting_chunk_done, 2)
        self.assertEqual(batch.posting_chunk_count, 3)
        done = batch._get_posting_jobs().filtered(lambda j: j.state == "done")
        self.assertEqual(
            receipts.mapped("state").count("paid"),
            sum(len(job.args[0]) for job in done),
        )
        self.assertFalse(batch.posting_failed)
        self.assertEqual(self._run_jobs(batch), [])
        self.assertEqual(batch.state, "closed")

    def test_failed_chunk_shows_the_error_and_posts_nothing_of_its_receipts(self):
        batch, receipts, invoices = self._large_batch(5)
        self._close(batch)
        chunks = batch._get_posting_jobs().filtered(
            lambda j: j.method_name == "_post_chunk"
        )
        bad = receipts.browse(chunks[1].args[0])
        with self._fail_once_for(bad[0]):
            failures = self._run_jobs(batch)
        self.assertEqual(len(failures), 1)
        self.assertEqual(batch.state, "posting", "never closed with a chunk missing")
        self.assertFalse(batch.closed_by_id)
        self.assertTrue(batch.posting_failed)
        self.assertIn("The bank journal is locked for an audit.", batch.posting_error)
        self.assertEqual(batch.posting_chunk_done, 2)
        self.assertEqual(set(bad.mapped("state")), {"draft"}, "rolled back whole")
        self.assertEqual(self._moves_of(bad), [0] * len(bad))
        self.assertEqual(
            set((receipts - bad).mapped("state")), {"paid"}, "other chunks posted"
        )
        finish = batch._get_posting_jobs().filtered(
            lambda j: j.method_name == "_finish_background_post"
        )
        self.assertEqual(finish.state, "wait_dependencies")
        self.assertEqual(
            set(invoices.filtered(lambda i: i.payment_state != "paid").mapped("id")),
            set(bad.allocation_ids.move_line_id.move_id.ids),
        )
        notice = self._closer_notices(batch)
        self.assertEqual(len(notice), 1, "the closer is told that posting stopped")
        self.assertIn("The bank journal is locked for an audit.", notice.body)

    def test_retry_closes_the_batch_and_posts_each_receipt_once(self):
        batch, receipts, invoices = self._large_batch(5)
        self._close(batch)
        chunks = batch._get_posting_jobs().filtered(
            lambda j: j.method_name == "_post_chunk"
        )
        # The chunk fails after its first receipt's journal entry exists in
        # its transaction: the retry starts again from the database.
        bad = receipts.browse(chunks[1].args[0])
        with self._fail_once_for(bad[0]):
            self._run_jobs(batch)
            self.assertTrue(batch.posting_failed)
            batch.with_user(self.closer).action_retry_background_post()
            batch.invalidate_recordset()
            self.assertFalse(batch.posting_failed)
            self.assertEqual(self._run_jobs(batch), [])
        self.assertEqual(batch.state, "closed")
        self.assertEqual(set(receipts.mapped("state")), {"paid"})
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        self.assertEqual(self._moves_of(receipts), [1] * 5, "no receipt posted twice")

    def test_chunk_checks_its_receipts_again_before_posting(self):
        """A lock date set after the close fails the jobs instead of redating."""
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        self.env.company.fiscalyear_lock_date = receipts[0].date
        failures = self._run_jobs(batch)
        self.assertEqual(len(failures), 3, "every chunk")
        self.assertTrue(batch.posting_failed)
        self.assertIn("in a period locked", batch.posting_error)
        self.assertEqual(set(receipts.mapped("state")), {"draft"})
        notices = self._closer_notices(batch)
        self.assertEqual(len(notices), 1, "told once, not once per failed job")
        self.env.company.fiscalyear_lock_date = False
        batch.with_user(self.closer).action_retry_background_post()
        self.assertEqual(self._run_jobs(batch), [])
        self.assertEqual(batch.state, "closed")
        self.assertEqual(set(receipts.move_id.mapped("date")), {receipts[0].date})

    def test_chunk_run_again_posts_nothing_twice(self):
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        chunk = batch._get_posting_jobs().filtered(
            lambda j: j.method_name == "_post_chunk"
        )[0]
        chunk_receipts = receipts.browse(chunk.args[0])
        batch.with_user(self.closer)._post_chunk(chunk_receipts.ids)
        moves = chunk_receipts.move_id
        batch.with_user(self.closer)._post_chunk(chunk_receipts.ids)
        self.assertEqual(chunk_receipts.move_id, moves)
        self.assertEqual(self._moves_of(chunk_receipts), [1] * len(chunk_receipts))
        self.assertEqual(self._run_jobs(batch), [], "the job itself then posts none")
        self.assertEqual(self._moves_of(receipts), [1] * 5)
        self.assertEqual(batch.state, "closed")

    def test_retry_needs_the_close_right_and_a_failed_job(self):
        batch, _receipts, _invoices = self._large_batch(5)
        self._close(batch)
        with self._assert_refused(UserError, "No posting job of .* failed"):
            batch.with_user(self.closer).action_retry_background_post()
        with self._assert_refused(AccessError, "not allowed to close"):
            batch.with_user(self.clerk).action_retry_background_post()

    def test_batch_being_posted_is_locked(self):
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        with self._assert_refused(UserError, "locked"):
            batch.with_user(self.clerk).reference = "changed"
        with self._assert_refused(UserError, "being posted in the background"):
            receipts[0].with_user(self.accountant).action_post()
        with self._assert_refused(UserError, "only be changed while the batch is open"):
            receipts[0].with_user(self.clerk).amount = 1.0
        with self._assert_refused(UserError, "cannot be closed"):
            batch.with_user(self.closer).action_close()
        with self._assert_refused(UserError, "cannot be cancelled"):
            batch.with_user(self.supervisor).action_cancel()

    def test_clerk_sees_the_progress_and_the_error(self):
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        with self._fail_once_for(receipts[0]):
            self._run_jobs(batch)
        as_clerk = batch.with_user(self.clerk)
        self.assertTrue(as_clerk.posting_failed)
        self.assertIn("locked for an audit", as_clerk.posting_error)
        self.assertEqual(as_clerk.posting_chunk_done, 2)

    def test_pledges_are_posted_by_the_last_job(self):
        batch, _receipts, _invoices = self._large_batch(5)
        pledge = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_b.id,
                "batch_id": batch.id,
                "batch_line_id": batch.line_ids[0].id,
                "invoice_line_ids": [
                    Command.create({"name": "Pledge", "price_unit": 40.0})
                ],
            }
        )
        self._close(batch)
        self.assertEqual(pledge.state, "draft")
        self._run_jobs(batch)
        self.assertEqual(batch.state, "closed")
        self.assertEqual(pledge.state, "posted")

    def test_small_batch_closes_in_the_request(self):
        batch, receipts, _invoices = self._large_batch(4)
        self._close(batch)
        self.assertEqual(batch.state, "closed", "4 receipts: not above the threshold")
        self.assertFalse(batch.posting_graph_uuid)
        self.assertEqual(set(receipts.mapped("state")), {"paid"})

    def test_no_threshold_closes_in_the_request(self):
        self.batch_type.background_post_threshold = 0
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        self.assertEqual(set(receipts.mapped("state")), {"paid"})

    def test_jobs_run_at_once_without_delay(self):
        """queue_job's ``queue_job__no_delay`` runs the jobs in the request."""
        batch, receipts, _invoices = self._large_batch(5)
        self._close(batch.with_context(queue_job__no_delay=True))
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertEqual(self._moves_of(receipts), [1] * 5)


@tagged("post_install", "-at_install")
class TestBackgroundPostWithoutQueue(BackgroundPostCommon):
    """The standard run: queue_job is not installed."""

    def test_large_batch_closes_in_the_request_without_queue_job(self):
        self.assertNotIn("queue.job", self.env, "this run has no queue_job")
        batch, receipts, invoices = self._large_batch(5)
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        self.assertEqual(batch.closed_by_id, self.closer)
        self.assertFalse(batch.posting_graph_uuid)
        self.assertEqual(set(receipts.mapped("state")), {"paid"})
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})

    def test_retry_refused_without_queue_job(self):
        batch, _receipts, _invoices = self._large_batch(5)
        with self._assert_refused(UserError, "cannot be posted again"):
            batch.with_user(self.closer).action_retry_background_post()
